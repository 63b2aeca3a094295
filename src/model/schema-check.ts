/**
 * A fast yes/no check that JSON is exactly a valid Schema shape, for the common case of a snapshot
 * that is fine. valibot (./schema-valibot.ts) builds a copy of every object and records issues as
 * it goes: 110–190 ms for a 500-table snapshot on a cold start, the largest part of `alab drift`'s
 * own work. This check only answers "valid"; anything it does not accept goes to valibot, which
 * decides and words the error. So it must never accept what valibot refuses: it mirrors
 * SchemaSchema rule by rule, and refuses (sends to valibot) whatever it is unsure of — keys
 * valibot's records skip (`__proto__`, `constructor`, `prototype`), unknown keys, any other shape.
 * Pure.
 */
import { IDENTIFIER } from "./names";

type Obj = { readonly [k: string]: unknown };

const TABLE_REF = /^([a-z_][a-z0-9_]*\.)?[a-z_][a-z0-9_]*$/;
const SKIPPED_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);
const ACTIONS: ReadonlySet<unknown> = new Set(["CASCADE", "RESTRICT", "SET NULL", "SET DEFAULT", "NO ACTION"]);
const BARE_KINDS: ReadonlySet<unknown> = new Set(["uuid", "text", "integer", "bigint", "serial", "float", "boolean", "date", "time", "datetime", "json", "base64", "binary"]);

const isObj = (x: unknown): x is Obj => typeof x === "object" && x !== null && !Array.isArray(x);
const identifier = (x: unknown): boolean => typeof x === "string" && x.length <= 63 && IDENTIFIER.test(x);
const tableRef = (x: unknown): boolean => typeof x === "string" && TABLE_REF.test(x);
const positiveInt = (x: unknown): boolean => typeof x === "number" && Number.isInteger(x) && x >= 1;
const nonNegativeInt = (x: unknown): boolean => typeof x === "number" && Number.isInteger(x) && x >= 0;
const finite = (x: unknown): boolean => typeof x === "number" && Number.isFinite(x);
const optional = (o: Obj, key: string, ok: (x: unknown) => boolean): boolean => !(key in o) || ok(o[key]);

/** Own keys all in `allowed` (a strict object), none of them skipped by valibot. */
function onlyKeys(o: Obj, allowed: ReadonlySet<string>): boolean {
  for (const k in o) if (!allowed.has(k)) return false;
  return Object.getPrototypeOf(o) === Object.prototype;
}

function literal(x: unknown, depth: number): boolean {
  if (depth > 64) return false; // valibot decides (and the stack is its problem, not ours)
  if (x === null || typeof x === "string" || typeof x === "boolean") return true;
  if (typeof x === "number") return Number.isFinite(x);
  if (Array.isArray(x)) return x.every((v) => literal(v, depth + 1));
  if (!isObj(x) || Object.getPrototypeOf(x) !== Object.prototype) return false;
  for (const k in x) if (SKIPPED_KEYS.has(k) || !literal(x[k], depth + 1)) return false;
  return true;
}

const KIND_ONLY = new Set(["kind"]);
const STRING_KEYS = new Set(["kind", "length"]);
const DECIMAL_KEYS = new Set(["kind", "precision", "scale"]);
const ENUM_KEYS = new Set(["kind", "values"]);

function columnType(t: unknown): boolean {
  if (!isObj(t)) return false;
  const kind = t.kind;
  if (BARE_KINDS.has(kind)) return onlyKeys(t, KIND_ONLY);
  switch (kind) {
    case "string":
      return onlyKeys(t, STRING_KEYS) && positiveInt(t.length);
    case "decimal":
      return onlyKeys(t, DECIMAL_KEYS) && optional(t, "precision", positiveInt) && optional(t, "scale", nonNegativeInt);
    case "enum":
      return onlyKeys(t, ENUM_KEYS) && Array.isArray(t.values) && t.values.length >= 1 && t.values.every((v) => typeof v === "string");
    default:
      return false;
  }
}

const LITERAL_DEFAULT_KEYS = new Set(["kind", "value"]);
const EXPR_DEFAULT_KEYS = new Set(["kind", "expr"]);

function columnDefault(d: unknown): boolean {
  if (!isObj(d)) return false;
  if (d.kind === "literal") return onlyKeys(d, LITERAL_DEFAULT_KEYS) && "value" in d && literal(d.value, 0);
  if (d.kind === "expr") return onlyKeys(d, EXPR_DEFAULT_KEYS) && (d.expr === "now" || d.expr === "uuid");
  return false;
}

const COLUMN_KEYS = new Set(["name", "type", "nullable", "unique", "default", "backfill", "min", "max", "pattern", "docs", "deprecated"]);

function column(c: unknown): boolean {
  return (
    isObj(c) &&
    onlyKeys(c, COLUMN_KEYS) &&
    identifier(c.name) &&
    columnType(c.type) &&
    typeof c.nullable === "boolean" &&
    typeof c.unique === "boolean" &&
    optional(c, "default", columnDefault) &&
    optional(c, "backfill", (x) => literal(x, 0)) &&
    optional(c, "min", finite) &&
    optional(c, "max", finite) &&
    optional(c, "pattern", (x) => typeof x === "string") &&
    optional(c, "docs", (x) => typeof x === "string") &&
    optional(c, "deprecated", (x) => typeof x === "string")
  );
}

const columns = (x: unknown): boolean => Array.isArray(x) && x.length >= 1 && x.every(identifier);
const FK_KEYS = new Set(["name", "columns", "refTable", "refColumns", "onDelete", "onUpdate"]);
const INDEX_KEYS = new Set(["name", "columns", "unique"]);
const CHECK_KEYS = new Set(["name", "expr"]);
const TABLE_KEYS = new Set(["ref", "sqlName", "columns", "primaryKey", "indexes", "foreignKeys", "checks", "docs"]);

const every = (x: unknown, ok: (v: unknown) => boolean): boolean => Array.isArray(x) && x.every(ok);

function table(t: unknown): boolean {
  return (
    isObj(t) &&
    onlyKeys(t, TABLE_KEYS) &&
    tableRef(t.ref) &&
    identifier(t.sqlName) &&
    every(t.columns, column) &&
    every(t.primaryKey, identifier) &&
    every(t.indexes, (i) => isObj(i) && onlyKeys(i, INDEX_KEYS) && identifier(i.name) && columns(i.columns) && typeof i.unique === "boolean") &&
    every(
      t.foreignKeys,
      (f) => isObj(f) && onlyKeys(f, FK_KEYS) && identifier(f.name) && columns(f.columns) && tableRef(f.refTable) && columns(f.refColumns) && ACTIONS.has(f.onDelete) && ACTIONS.has(f.onUpdate),
    ) &&
    every(t.checks, (c) => isObj(c) && onlyKeys(c, CHECK_KEYS) && identifier(c.name) && typeof c.expr === "string" && c.expr.length >= 1) &&
    optional(t, "docs", (x) => typeof x === "string")
  );
}

const SCHEMA_KEYS = new Set(["tables"]);

/** True only when valibot's SchemaSchema would accept `json` and output the same values. */
export function isSchemaShape(json: unknown): boolean {
  if (!isObj(json) || !onlyKeys(json, SCHEMA_KEYS) || !isObj(json.tables) || Object.getPrototypeOf(json.tables) !== Object.prototype) return false;
  for (const ref in json.tables) {
    if (SKIPPED_KEYS.has(ref) || !tableRef(ref) || !table(json.tables[ref])) return false;
  }
  return true;
}
