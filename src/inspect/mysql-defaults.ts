/**
 * A live MySQL/MariaDB default read back into the model. The introspector hands over the default
 * as SQL text (src/db/mysql/introspect.ts: MariaDB's print as is, MySQL's unquoted literals
 * quoted again), so both servers arrive here alike: `'x'`, `5`, `-0.50`, `current_timestamp(6)`,
 * `curdate()`, `uuid()`, `_utf8mb4'x'` (a MySQL 8 expression default), `(1 + 2)`.
 *
 * Only what alab writes maps to a model default: literals, `now` (current_timestamp(6) on
 * datetime, curdate() on date, curtime(6) on time) and `uuid` (uuid()). The server keeps a
 * literal in its own form (`true` → 1, '2024-01-02' on datetime(6) → '2024-01-02
 * 00:00:00.000000', 1.5e-7 → 0.00000015, a json text verbatim); a live literal that means the
 * hint's value is the hint. Pure.
 */
import { type Column, type ColumnDefault, type ColumnType, INTEGER_KINDS, type Literal } from "../model/types";
import type { CatalogColumn } from "./catalog";
import { canon, print } from "./mysql-canon";
import type { Node } from "./mysql-ast";
import { parseExpression } from "./mysql-expr";
import { mysqlDatetime } from "../sql/typemap";
import type { Unrepresentable } from "./rules";

const unrep = (unrepresentable: string): Unrepresentable => ({ unrepresentable });

const NUMERIC: ReadonlySet<ColumnType["kind"]> = new Set([...INTEGER_KINDS, "float", "decimal"]);

/** `now` as alab spells it per type (src/sql/typemap.ts nowDefault), in canonical call form. */
const NOW: Partial<Record<ColumnType["kind"], { name: string; args: string }>> = {
  datetime: { name: "current_timestamp", args: "6" },
  date: { name: "curdate", args: "" },
  time: { name: "curtime", args: "6" },
};

function nowOf(type: ColumnType): { name: string; args: string } | undefined {
  if (type.kind !== "timestamp") return NOW[type.kind];
  return { name: "current_timestamp", args: type.precision === undefined || type.precision === 0 ? "" : String(type.precision) };
}
const TIME_FUNCTIONS = new Set(["current_timestamp", "curdate", "curtime", "utc_timestamp", "utc_date", "utc_time", "sysdate"]);

/** A number as JavaScript holds it exactly, else its text (a decimal beyond a double's digits). */
function numberLiteral(text: string): Literal {
  const n = Number(text);
  if (!Number.isFinite(n)) return text;
  if (/^-?\d+$/.test(text)) return Number.isSafeInteger(n) ? n : text;
  return n;
}

/** Date/time text as MySQL stores it, for comparing: `T` → space, trailing fraction zeros gone, seconds present. */
function temporalKey(text: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})?(?:[ T]?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d*))?)?)?$/.exec(text.trim());
  if (m === null || (m[1] === undefined && m[2] === undefined)) return text;
  const time = m[2] === undefined ? "" : `${m[2].padStart(2, "0")}:${m[3]}:${m[4] ?? "00"}${(m[5] ?? "").replace(/0+$/, "") === "" ? "" : `.${(m[5] ?? "").replace(/0+$/, "")}`}`;
  return [m[1], time].filter((p) => p !== undefined && p !== "").join(" ");
}

function jsonEqual(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (typeof a === "object" && a !== null && typeof b === "object" && b !== null) {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

type Read = { readonly value: Literal } | Unrepresentable;

/** Whether a hinted number (or numeric text) is the number the server printed. */
function sameNumber(hint: Literal | undefined, text: string): boolean {
  return (typeof hint === "number" || (typeof hint === "string" && hint.trim() !== "")) && text.trim() !== "" && Number(hint) === Number(text);
}

/** The literal a string default holds for this type. */
function fromString(value: string, type: ColumnType, hint: Literal | undefined): Read {
  switch (type.kind) {
    case "json": {
      let parsed: Literal;
      try {
        parsed = JSON.parse(value) as Literal;
      } catch {
        return unrep(`default '${value}' on a json column is not JSON`);
      }
      return { value: hint !== undefined && jsonEqual(hint, parsed) ? hint : parsed };
    }
    case "date":
    case "time":
      return { value: typeof hint === "string" && temporalKey(hint) === temporalKey(value) ? hint : value };
    case "datetime":
    case "timestamp":
      // alab writes a datetime literal in UTC without `T`, `Z` or offset (mysqlDatetime).
      return { value: typeof hint === "string" && temporalKey(mysqlDatetime(hint)) === temporalKey(value) ? hint : value };
    case "boolean":
      return unrep(`default '${value}' on a boolean column`);
    default:
      return { value: NUMERIC.has(type.kind) && sameNumber(hint, value) ? hint! : value };
  }
}

function fromNumber(text: string, type: ColumnType, hint: Literal | undefined): Read {
  if (type.kind === "boolean" && (text === "0" || text === "1")) return { value: text === "1" };
  return { value: sameNumber(hint, text) ? hint! : numberLiteral(text) };
}

function literal(node: Node, type: ColumnType, hint: Literal | undefined): Read | undefined {
  switch (node.t) {
    case "str":
      return fromString(node.value, type, hint);
    case "num":
      return fromNumber(node.text, type, hint);
    default:
      return undefined;
  }
}

/** Whether the server's print of a default means the `sql({ mysql })` text it was written from. */
function sameExpressionText(live: string, written: string): boolean {
  const a = parseExpression(live);
  const b = parseExpression(written);
  return a !== undefined && b !== undefined && print(canon(a)) === print(canon(b));
}

export function mysqlColumnDefault(col: CatalogColumn, type: ColumnType, hint?: Column): ColumnDefault | undefined | Unrepresentable {
  const hinted = hint?.default;
  if (col.onUpdate !== undefined) {
    return unrep(`${col.default === undefined ? "" : `default ${col.default} `}on update ${col.onUpdate}: alab writes no on-update defaults`);
  }
  if (hinted?.kind === "sql" && hinted.sql.mysql !== undefined && col.default !== undefined && sameExpressionText(col.default, hinted.sql.mysql)) return hinted;
  const parsed = col.default === undefined ? { t: "null" as const } : parseExpression(col.default);
  if (parsed === undefined) return unrep(`default ${col.default}: an expression alab does not write`);
  const node = canon(parsed);
  if (node.t === "null") {
    // No default and DEFAULT NULL read the same; the hint says which was written.
    return hinted?.kind === "literal" && hinted.value === null && col.nullable ? hinted : undefined;
  }
  if (node.t === "call" && node.args.length <= 1 && TIME_FUNCTIONS.has(node.name)) {
    const now = nowOf(type);
    const args = node.args.map((a) => (a.t === "num" ? a.text : "?")).join("").replace(/^0$/, "");
    if (now !== undefined && now.name === node.name && now.args === args) return { kind: "expr", expr: "now" };
    const spelled = now === undefined ? "" : ` (alab's now on a ${type.kind} column is ${now.name}(${now.args}))`;
    return unrep(`default ${col.default}${spelled}`);
  }
  if (node.t === "call" && node.name === "uuid" && node.args.length === 0) {
    return ["uuid", "string", "char", "text"].includes(type.kind) ? { kind: "expr", expr: "uuid" } : unrep(`default uuid() on ${/^[aeiou]/.test(type.kind) ? "an" : "a"} ${type.kind} column`);
  }
  const read = literal(node, type, hinted?.kind === "literal" ? hinted.value : undefined);
  if (read === undefined) return unrep(`default ${col.default}: an expression alab does not write`);
  return "unrepresentable" in read ? read : { kind: "literal", value: read.value };
}
