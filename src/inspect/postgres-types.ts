/**
 * PostgreSQL type names: one spelling for each type (the one `format_type` prints), and the model
 * type of a live column, found by inverting TYPE_MAP (src/sql/typemap.ts). What the map does not
 * hold is Unrepresentable, with the reason.
 */
import type { ColumnType } from "../model/types";
import { sqlType, TYPE_MAP } from "../sql/typemap";
import type { CatalogColumn } from "./catalog";
import type { Unrepresentable } from "./rules";
import { rawTypeProblem } from "../sql/raw-type";

/** Aliases PostgreSQL accepts, by the name format_type prints. */
const ALIASES: Readonly<Record<string, string>> = {
  int: "integer",
  int4: "integer",
  int8: "bigint",
  int2: "smallint",
  float8: "double precision",
  float: "double precision",
  float4: "real",
  decimal: "numeric",
  dec: "numeric",
  bool: "boolean",
  varchar: "character varying",
  "char varying": "character varying",
  char: "character",
  bpchar: "character",
  timestamptz: "timestamp with time zone",
  timestamp: "timestamp without time zone",
  timetz: "time with time zone",
  time: "time without time zone",
  varbit: "bit varying",
};

/**
 * One spelling of a type name, as format_type prints it: `varchar(10)` → `character varying(10)`,
 * `numeric(10)` → `numeric(10,0)`, `timestamptz` → `timestamp with time zone`, `time(3)` →
 * `time(3) without time zone`, `int[]` → `integer[]`. Names it does not know stay as they are.
 */
export function canonicalType(text: string): string {
  let known = SPELLINGS.get(text);
  if (known === undefined) {
    known = spell(text);
    if (SPELLINGS.size >= MEMO_LIMIT) SPELLINGS.clear();
    SPELLINGS.set(text, known);
  }
  return known;
}

/** Type names repeat (500 tables, a dozen types): each is spelled once. */
const SPELLINGS = new Map<string, string>();
const MEMO_LIMIT = 10_000;

function spell(text: string): string {
  const m = /^\s*(.*?)\s*((?:\[\d*\]\s*)*)$/.exec(text) as RegExpExecArray;
  const dims = (m[2] ?? "").replace(/\s+/g, "").replace(/\[\d+\]/g, "[]");
  let base = (m[1] ?? "").replace(/\s+/g, " ").replace(/\s*\(\s*/g, "(").replace(/\s*,\s*/g, ",").replace(/\s*\)/g, ")");
  if (!base.includes('"')) base = base.toLowerCase();
  base = base.replace(/^pg_catalog\./, "");
  // The precision of time and timestamp goes between the name and its zone.
  const zoned = /^(time|timestamp)(\(\d+\))?( with time zone| without time zone)?$/.exec(base);
  if (zoned !== null) return `${zoned[1]}${zoned[2] ?? ""}${zoned[3] ?? " without time zone"}${dims}`;
  const zonedAlias = /^(timetz|timestamptz)(\(\d+\))?$/.exec(base);
  if (zonedAlias !== null) return `${zonedAlias[1] === "timetz" ? "time" : "timestamp"}${zonedAlias[2] ?? ""} with time zone${dims}`;
  const args = /^([^(]*)(\(.*\))?$/.exec(base) as RegExpExecArray;
  const name = ALIASES[args[1] ?? ""] ?? args[1] ?? "";
  let params = args[2] ?? "";
  if (name === "numeric" && /^\(\d+\)$/.test(params)) params = `${params.slice(0, -1)},0)`;
  if (name === "character" && params === "" && args[1] !== "bpchar") params = "(1)";
  return `${name}${params}${dims}`;
}

function unrepresentable(why: string): Unrepresentable {
  return { unrepresentable: why };
}

/** Model kinds whose PostgreSQL spelling is one fixed type name, by that name (TYPE_MAP inverted). */
const FIXED: ReadonlyMap<string, ColumnType> = (() => {
  const out = new Map<string, ColumnType>();
  for (const kind of Object.keys(TYPE_MAP)) {
    // serials are integers + identity and binary is bytea like base64: found below, not by name.
    // timestamp needs its zone and precision: matched below.
    if (kind === "serial" || kind === "bigserial" || kind === "binary" || kind === "timestamp") continue;
    let sql: string;
    try {
      sql = sqlType({ kind } as ColumnType, "postgres");
    } catch {
      continue; // a kind with parameters (string length, enum values): matched below
    }
    if (!out.has(canonicalType(sql))) out.set(canonicalType(sql), { kind } as ColumnType);
  }
  return out;
})();

/** Why the model has no place for a type PostgreSQL has (what alab writes instead, where that helps). */
const WHY: ReadonlyArray<readonly [RegExp, string]> = [
  [/\[\]$/, "an array type"],
  [/^character varying$/, "character varying without a length (alab's strings have one)"],
  [/^json$/, "json (alab writes jsonb)"],
  [/^time(\(\d+\))? with time zone$/, "time with time zone (alab's time is without)"],
  [/^time\(\d+\) without time zone$/, "time with a precision (alab writes it without)"],
  [/^real$/, "a type alab does not write (it writes double precision)"],
];

function typeWhy(type: string): string {
  const known = WHY.find(([re]) => re.test(type));
  return `type ${type}: ${known?.[1] ?? "not a type alab writes"}`;
}

/** How alab spells `type` on PostgreSQL, canonical; undefined when it cannot exist there (unsigned). */
function spelledAs(type: ColumnType): string | undefined {
  try {
    return canonicalType(sqlType(type, "postgres"));
  } catch {
    return undefined;
  }
}

/** The model type of a live column; `hint` wins wherever the database cannot tell them apart. */
export function columnType(col: CatalogColumn, hint?: ColumnType): ColumnType | Unrepresentable {
  const type = canonicalType(col.type);
  if (col.generated !== undefined) return unrepresentable(`a generated column (GENERATED ALWAYS AS (${col.generated.expr})${col.generated.stored ? " STORED" : ""})`);
  if (col.collation !== undefined) return unrepresentable(`collation ${JSON.stringify(col.collation)} (alab writes the database's default)`);
  const identity = col.identity;
  if (identity !== undefined && identity !== "always" && identity !== "by-default" && identity !== "sequence") return unrepresentable(`${type} with ${identity}`);
  if (identity !== undefined) {
    const always = identity === "always" ? { identity: "always" as const } : {};
    if (type === "integer") return { kind: "serial", ...always };
    if (type === "bigint") return { kind: "bigserial", ...always };
    return unrepresentable(`${type} with a sequence or identity (alab's serials are integer and bigint)`);
  }
  if (hint !== undefined && hint.kind !== "serial" && hint.kind !== "bigserial" && spelledAs(hint) === type) return hint;
  const fixed = FIXED.get(type);
  if (fixed !== undefined) return fixed.kind === "base64" ? { kind: hint?.kind === "binary" ? "binary" : "base64" } : fixed;
  const varchar = /^character varying\((\d+)\)$/.exec(type);
  if (varchar !== null) return { kind: "string", length: Number(varchar[1]) };
  const char = /^character\((\d+)\)$/.exec(type);
  if (char !== null) return { kind: "char", length: Number(char[1]) };
  const stamp = /^timestamp(?:\((\d)\))? (with|without) time zone$/.exec(type);
  if (stamp !== null) return { kind: "timestamp", timezone: stamp[2] === "with", ...(stamp[1] === undefined ? {} : { precision: Number(stamp[1]) }) };
  const numeric = /^numeric(?:\((\d+),(\d+)\))?$/.exec(type);
  if (numeric !== null) return numeric[1] === undefined ? { kind: "decimal" } : { kind: "decimal", precision: Number(numeric[1]), scale: Number(numeric[2]) };
  // Any other plain type name is kept as written (citext, inet, integer[]): alab sends it back verbatim.
  return rawTypeProblem(type) === undefined ? { kind: "sql_type", sql: type } : unrepresentable(typeWhy(type));
}
