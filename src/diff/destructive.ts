/**
 * Which changes lose data. Dropping a table or a column always does; changing a column's type does
 * unless every old value fits the new type (string(50) -> string(100), integer -> bigint, adding
 * enum values). A reviewer sees each such line marked `// DESTRUCTIVE` in the generated file.
 */
import type { Column, ColumnType } from "../model/types";
import { typeText as describe } from "./describe";

const TEXTUAL = new Set(["text"]);

const RANK: Readonly<Record<string, number>> = { smallint: 1, integer: 2, serial: 2, bigint: 3, bigserial: 3 };

/** Every value of integer type `a` fits `b`: wider and as signed, or unsigned into a wider signed type. */
function integerWidening(a: ColumnType, b: ColumnType): boolean {
  const ra = RANK[a.kind];
  const rb = RANK[b.kind];
  if (ra === undefined || rb === undefined) return false;
  const ua = "unsigned" in a && a.unsigned === true;
  const ub = "unsigned" in b && b.unsigned === true;
  if (ua === ub) return rb >= ra;
  return ua && !ub && rb > ra;
}

/** undefined when every value of `a` is a value of `b`; otherwise why not. */
function typeNarrowing(a: ColumnType, b: ColumnType): string | undefined {
  const why = `narrows ${describe(a)} to ${describe(b)}`;
  if (a.kind === b.kind) {
    switch (a.kind) {
      case "string":
      case "char":
        return b.kind === a.kind && b.length < a.length ? why : undefined;
      case "timestamp":
        // Fewer fractional digits round values; the zone changes how a value reads.
        return b.kind === "timestamp" && (b.timezone !== a.timezone || (b.precision ?? 6) < (a.precision ?? 6)) ? why : undefined;
      case "decimal": {
        if (b.kind !== "decimal") return undefined;
        if (b.precision === undefined) return undefined;
        if (a.precision === undefined) return why;
        const aInt = a.precision - (a.scale ?? 0);
        const bInt = b.precision - (b.scale ?? 0);
        return bInt < aInt || (b.scale ?? 0) < (a.scale ?? 0) ? why : undefined;
      }
      case "enum":
      case "native_enum": {
        if (b.kind !== "enum" && b.kind !== "native_enum") return undefined;
        const lost = a.values.filter((v) => !b.values.includes(v));
        return lost.length > 0 ? `removes enum value${lost.length > 1 ? "s" : ""} ${lost.map((v) => JSON.stringify(v)).join(", ")}` : undefined;
      }
      case "smallint":
      case "integer":
      case "bigint":
      case "serial":
      case "bigserial":
        return integerWidening(a, b) ? undefined : why;
      default:
        return undefined;
    }
  }
  if (TEXTUAL.has(b.kind) && ["string", "char", "enum", "uuid"].includes(a.kind)) return undefined;
  if (b.kind === "string" && a.kind === "char" && b.length >= a.length) return undefined;
  if (b.kind === "string") {
    if (a.kind === "uuid" && b.length >= 36) return undefined;
    if (a.kind === "enum" && a.values.every((v) => [...v].length <= b.length)) return undefined;
  }
  if (integerWidening(a, b)) return undefined;
  if ((a.kind === "integer" || a.kind === "smallint") && b.kind === "float") return undefined;
  if (a.kind === "integer" && b.kind === "decimal" && (b.precision === undefined || b.precision - (b.scale ?? 0) >= 10)) return undefined;
  if (a.kind === "date" && b.kind === "datetime") return undefined;
  if ((a.kind === "base64" || a.kind === "binary") && (b.kind === "base64" || b.kind === "binary")) return undefined;
  return `changes type ${describe(a)} to ${describe(b)}`;
}

/** Why altering column `a` into `b` can lose data, or undefined. */
export function columnNarrowing(a: Column, b: Column): string | undefined {
  return typeNarrowing(a.type, b.type);
}
