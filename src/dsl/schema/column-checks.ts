/**
 * Checks that need a column's type and all its modifiers at once: whether `.min/.max/.pattern`
 * apply and make sense, and whether a `.default()`/`.backfill()` value fits.
 */
import type { SourceLocation } from "../../errors";
import type { ColumnType, Literal } from "../../model/types";
import type { Call, Value } from "../../sandbox/protocol";
import { showValue, toLiteral } from "./args";
import { fail, locate } from "./fail";
import type { Given, Modifiers } from "./modifiers";
import { boundsProblem, typeProblem } from "./values";

const NOW = /^(now|now\(\)|current_timestamp)$/i;
const BY_VALUE = new Set<ColumnType["kind"]>(["smallint", "integer", "bigint", "float", "decimal"]);
const BY_LENGTH = new Set<ColumnType["kind"]>(["string", "char", "text"]);

function at(file: string, call: Call): SourceLocation {
  return locate(file, call);
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? "an" : "a";
}

function notApplicable(file: string, call: Call, type: ColumnType, why: string): never {
  return fail(
    "E_SCHEMA_MODIFIER_NOT_APPLICABLE",
    `\`.${call.name}()\` does not apply to ${article(type.kind)} ${type.kind} column`,
    why,
    at(file, call),
  );
}

function checkLengthBound(file: string, type: ColumnType, given: Given<number>): void {
  const shown = `\`.${given.call.name}(${given.value})\``;
  if (!Number.isInteger(given.value) || given.value < 0) {
    fail(
      "E_SCHEMA_BAD_RANGE",
      `${shown} on a string bounds its length: it must be a whole number of at least 0`,
      "write e.g. `.min(3)`",
      at(file, given.call),
    );
  }
  if ((type.kind === "string" || type.kind === "char") && given.value > type.length) {
    fail(
      "E_SCHEMA_BAD_RANGE",
      `${shown} exceeds the column length ${type.length}`,
      `use a length of at most ${type.length}, or a longer \`col.string(n)\``,
      at(file, given.call),
    );
  }
}

function checkPattern(file: string, type: ColumnType, given: Given<string>): void {
  if (!BY_LENGTH.has(type.kind)) notApplicable(file, given.call, type, "`.pattern()` constrains string and text columns");
  let problem = given.value === "" ? "it is empty" : undefined;
  try {
    new RegExp(given.value);
  } catch (e) {
    problem = e instanceof Error ? e.message : String(e);
  }
  if (problem !== undefined) {
    fail(
      "E_SCHEMA_BAD_PATTERN",
      `\`.pattern(${JSON.stringify(given.value)})\` is not a valid regular expression: ${problem}`,
      'write a regular expression as a string, e.g. `.pattern("^[a-z0-9-]+$")`',
      at(file, given.call),
    );
  }
}

/** `.min/.max/.pattern` against the column type and each other. */
export function checkBounds(file: string, type: ColumnType, mods: Modifiers): void {
  for (const given of [mods.min, mods.max]) {
    if (given === undefined) continue;
    if (BY_LENGTH.has(type.kind)) checkLengthBound(file, type, given);
    else if (!BY_VALUE.has(type.kind)) notApplicable(file, given.call, type, "`.min()`/`.max()` bound numbers (the value) and strings (the length)");
  }
  if (mods.min !== undefined && mods.max !== undefined && mods.min.value > mods.max.value) {
    fail(
      "E_SCHEMA_BAD_RANGE",
      `\`.min(${mods.min.value})\` is greater than \`.max(${mods.max.value})\``,
      "make the minimum at most the maximum",
      at(file, mods.max.call),
    );
  }
  if (mods.pattern !== undefined) checkPattern(file, type, mods.pattern);
}

function describeType(type: ColumnType): string {
  switch (type.kind) {
    case "string":
      return `string(${type.length})`;
    case "decimal":
      return `decimal(${type.precision ?? ""},${type.scale ?? ""})`;
    case "enum":
      return `one of ${type.values.map((v) => JSON.stringify(v)).join(", ")}`;
    default:
      return type.kind;
  }
}

export type CheckedValue = { readonly kind: "now" } | { readonly kind: "value"; readonly value: Literal };

/**
 * The literal a `.default()` or `.backfill()` gives, checked against the column (type, size,
 * enum values, bounds, nullability), or "now" for a datetime default of the current time.
 */
export function checkedValue(
  file: string,
  which: "default" | "backfill",
  given: Given<Value>,
  type: ColumnType,
  mods: Modifiers,
  nullable: boolean,
): CheckedValue {
  const code = which === "default" ? "E_SCHEMA_BAD_DEFAULT" : "E_SCHEMA_BAD_BACKFILL";
  const where = at(file, given.call);
  const literal = toLiteral(given.value);
  if (!literal.ok) {
    fail(code, `\`.${which}()\` needs a plain value, got ${literal.bad}`, "pass a string, number, boolean, array or object literal", where);
  }
  const v = literal.value;
  if (v === null) {
    if (which === "backfill") {
      fail(
        code,
        "`.backfill(null)` would leave existing rows NULL",
        "backfill with a real value, or drop `.backfill()`",
        where,
      );
    }
    if (!nullable) fail(code, "a NOT NULL column cannot default to null", "add `.optional()`, or remove `.default(null)`", where);
    return { kind: "value", value: null };
  }
  if ((type.kind === "datetime" || type.kind === "timestamp") && typeof v === "string" && NOW.test(v)) {
    if (which === "backfill") {
      fail(
        code,
        `\`.backfill(${JSON.stringify(v)})\` needs a fixed value`,
        'backfill with an ISO-8601 date-time such as "2024-01-01T00:00:00Z"',
        where,
      );
    }
    return { kind: "now" };
  }
  const bounds = { min: mods.min?.value, max: mods.max?.value, pattern: mods.pattern?.value };
  const problem = typeProblem(type, v) ?? boundsProblem(type, bounds, v);
  if (problem !== undefined) {
    fail(
      code,
      `\`.${which}(${showValue(given.value)})\` does not fit the column: ${problem}`,
      `give a value of the column's type (${describeType(type)})`,
      where,
    );
  }
  return { kind: "value", value: v };
}
