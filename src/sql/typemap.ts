/**
 * Logical column types and defaults → SQL per dialect (the table in docs/dialects.md).
 * Kysely writes type names verbatim, so the decision lives here and nowhere else.
 */
import { AlabError, unreachable } from "../errors";
import type { Column, ColumnType, SqlByDialect } from "../model/types";
import type { Dialect } from "./dialect";
import { quoteLiteral } from "./escape";
import { assertSafeExpression } from "./expression";
import { assertRawType } from "./raw-type";

/** Enums are varchar + a named CHECK; the width fits every value alab accepts. */
export const ENUM_WIDTH = 255;

function badType(message: string): AlabError {
  return new AlabError({
    code: "E_SQL_BAD_TYPE",
    message,
    hint: "string lengths and decimal precision/scale are positive whole numbers (scale ≤ precision); enum values are 1–255 characters",
  });
}

function whole(n: number | undefined, what: string, min: number): number {
  if (n === undefined || !Number.isInteger(n) || n < min) throw badType(`${what} must be a whole number ≥ ${min}, got ${String(n)}`);
  return n;
}

function decimalArgs(t: { precision?: number; scale?: number }): [number, number] | [number] | [] {
  if (t.precision === undefined) {
    if (t.scale !== undefined) throw badType("decimal scale given without precision");
    return [];
  }
  const p = whole(t.precision, "decimal precision", 1);
  if (t.scale === undefined) return [p];
  const s = whole(t.scale, "decimal scale", 0);
  if (s > p) throw badType(`decimal scale ${s} is larger than its precision ${p}`);
  return [p, s];
}

function checkEnum(values: readonly string[]): void {
  if (values.length === 0) throw badType("an enum needs at least one value");
  for (const v of values) {
    if (typeof v !== "string" || v.length === 0 || v.length > ENUM_WIDTH) throw badType(`enum value ${JSON.stringify(v)} must be 1–${ENUM_WIDTH} characters`);
  }
}

type Of<K extends ColumnType["kind"]> = Extract<ColumnType, { kind: K }>;
/** A type's SQL spelling: fixed, or computed from its parameters (length, precision, values). */
type Spelling<K extends ColumnType["kind"]> = string | ((t: Of<K>) => string);

function unsupported(what: string, dialect: Dialect, hint: string): AlabError {
  return new AlabError({ code: "E_SQL_UNSUPPORTED_TYPE", message: `${what} cannot exist on ${dialect}`, hint });
}

type Whole = Of<"smallint" | "integer" | "bigint" | "serial" | "bigserial">;
/** MySQL spells unsigned after the name; PostgreSQL and SQLite have no unsigned integers. */
const intName = (name: string, dialect: Dialect) => (t: Whole): string => {
  if (t.unsigned !== true) return name;
  if (dialect === "mysql") return `${name} unsigned`;
  throw unsupported(`an unsigned ${t.kind} column`, dialect, "unsigned integers exist on MySQL/MariaDB only: drop `.unsigned()` (add `.min(0)` for a CHECK that keeps values non-negative)");
};

const varchar = (t: Of<"string">): string => `varchar(${whole(t.length, "string length", 1)})`;
const char = (t: Of<"char">): string => `char(${whole(t.length, "char length", 1)})`;

/** Fractional-second digits: 0–6 on every dialect that has them. */
function precisionOf(t: Of<"timestamp">): string {
  if (t.precision === undefined) return "";
  if (!Number.isInteger(t.precision) || t.precision < 0 || t.precision > 6) throw badType(`timestamp precision must be a whole number from 0 to 6, got ${String(t.precision)}`);
  return `(${t.precision})`;
}
const enumAs = (sql: string) => (t: Of<"enum">): string => {
  checkEnum(t.values);
  return sql;
};

/**
 * Logical type → SQL per dialect, as docs/dialects.md lists it. Read as a table on purpose:
 * introspection inverts it (a live `varchar(n)` is `string`), and tests check both directions.
 */
export const TYPE_MAP: { readonly [K in ColumnType["kind"]]: Readonly<Record<Dialect, Spelling<K>>> } = {
  uuid: { postgres: "uuid", mysql: "char(36)", sqlite: "text" },
  string: { postgres: varchar, mysql: varchar, sqlite: varchar },
  char: { postgres: char, mysql: char, sqlite: char },
  text: { postgres: "text", mysql: "longtext", sqlite: "text" },
  smallint: { postgres: intName("smallint", "postgres"), mysql: intName("smallint", "mysql"), sqlite: intName("integer", "sqlite") },
  integer: { postgres: intName("integer", "postgres"), mysql: intName("int", "mysql"), sqlite: intName("integer", "sqlite") },
  serial: { postgres: intName("integer", "postgres"), mysql: intName("int", "mysql"), sqlite: intName("integer", "sqlite") },
  bigint: { postgres: intName("bigint", "postgres"), mysql: intName("bigint", "mysql"), sqlite: intName("integer", "sqlite") },
  bigserial: { postgres: intName("bigint", "postgres"), mysql: intName("bigint", "mysql"), sqlite: intName("integer", "sqlite") },
  float: { postgres: "double precision", mysql: "double", sqlite: "real" },
  decimal: {
    postgres: (t) => {
      const args = decimalArgs(t);
      return args.length === 0 ? "numeric" : `numeric(${args.join(", ")})`;
    },
    // MySQL's bare `decimal` is decimal(10,0), which would drop every fraction.
    mysql: (t) => {
      const args = decimalArgs(t);
      return args.length === 0 ? "decimal(65, 30)" : `decimal(${args[0]}, ${args[1] ?? 0})`;
    },
    // NUMERIC affinity would round through a double; the arguments are still checked.
    sqlite: (t) => {
      decimalArgs(t);
      return "text";
    },
  },
  boolean: { postgres: "boolean", mysql: "tinyint(1)", sqlite: "integer" },
  date: { postgres: "date", mysql: "date", sqlite: "text" },
  time: { postgres: "time", mysql: "time(6)", sqlite: "text" },
  datetime: { postgres: "timestamptz", mysql: "datetime(6)", sqlite: "text" },
  // MySQL's timestamp is stored in UTC and read in the session's zone: its "with time zone".
  timestamp: {
    postgres: (t) => `${t.timezone ? "timestamptz" : "timestamp"}${precisionOf(t)}`,
    mysql: (t) => `${t.timezone ? "timestamp" : "datetime"}${precisionOf(t)}`,
    sqlite: (t) => {
      precisionOf(t);
      return "text";
    },
  },
  json: { postgres: "jsonb", mysql: "json", sqlite: "text" },
  base64: { postgres: "bytea", mysql: "longblob", sqlite: "blob" },
  binary: { postgres: "bytea", mysql: "longblob", sqlite: "blob" },
  native_enum: {
    postgres: (t) => {
      checkEnum(t.values);
      return assertRawType(t.name, "a native enum column");
    },
    mysql: (t) => {
      checkEnum(t.values);
      return `enum(${t.values.map((v) => quoteLiteral(v, "mysql")).join(", ")})`;
    },
    sqlite: (t) => {
      checkEnum(t.values);
      return "text";
    },
  },
  sql_type: { postgres: (t) => assertRawType(t.sql, "a sql_type column"), mysql: (t) => assertRawType(t.sql, "a sql_type column"), sqlite: (t) => assertRawType(t.sql, "a sql_type column") },
  enum: { postgres: enumAs(`varchar(${ENUM_WIDTH})`), mysql: enumAs(`varchar(${ENUM_WIDTH})`), sqlite: enumAs("text") },
};

export function sqlType(type: ColumnType, dialect: Dialect): string {
  // TypeScript cannot correlate `type.kind` with the row it picks; the table's own type does.
  const spelling = TYPE_MAP[type.kind][dialect] as string | ((t: ColumnType) => string);
  return typeof spelling === "string" ? spelling : spelling(type);
}

/** MySQL cannot index (or key, or reference) these without a prefix length. */
export function mysqlUnindexable(type: ColumnType): boolean {
  return type.kind === "text" || type.kind === "json" || type.kind === "base64" || type.kind === "binary";
}

function badDefault(table: string, col: Column, why: string): AlabError {
  return new AlabError({
    code: "E_SQL_BAD_DEFAULT",
    message: `default of ${table}.${col.name}: ${why}`,
    hint: "`now` fits datetime/date/time columns, `uuid` fits uuid/string/text columns; object and array defaults fit json columns",
  });
}

const SQLITE_UUID_V4 =
  "(lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || " +
  "substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))))";

function nowDefault(table: string, col: Column, dialect: Dialect): string {
  switch (col.type.kind) {
    case "datetime":
      return dialect === "postgres" ? "now()" : dialect === "mysql" ? "current_timestamp(6)" : "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))";
    case "timestamp": {
      // MySQL wants the default's precision to be the column's.
      const p = col.type.precision ?? 0;
      if (dialect === "mysql") return p === 0 ? "current_timestamp" : `current_timestamp(${p})`;
      return dialect === "postgres" ? "now()" : "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))";
    }
    case "date":
      return dialect === "postgres" ? "current_date" : dialect === "mysql" ? "(curdate())" : "(date('now'))";
    case "time":
      return dialect === "postgres" ? "localtime" : dialect === "mysql" ? "(curtime(6))" : "(strftime('%H:%M:%f', 'now'))";
    default:
      throw badDefault(table, col, `\`now\` does not fit a ${col.type.kind} column`);
  }
}

function uuidDefault(table: string, col: Column, dialect: Dialect): string {
  const kind = col.type.kind;
  if (kind !== "uuid" && kind !== "string" && kind !== "text" && kind !== "char") throw badDefault(table, col, `\`uuid\` does not fit a ${kind} column`);
  if ((col.type.kind === "string" || col.type.kind === "char") && col.type.length < 36) throw badDefault(table, col, "a uuid needs 36 characters");
  switch (dialect) {
    case "postgres":
      return kind === "uuid" ? "gen_random_uuid()" : "(gen_random_uuid()::text)";
    case "mysql":
      return "(uuid())";
    case "sqlite":
      return SQLITE_UUID_V4;
    default:
      return unreachable(dialect, "dialect");
  }
}

/** The SQL after DEFAULT, or undefined when the column has none. */
export function defaultSql(table: string, col: Column, dialect: Dialect): string | undefined {
  const d = col.default;
  if (d === undefined) return undefined;
  if (d.kind === "expr") return d.expr === "now" ? nowDefault(table, col, dialect) : uuidDefault(table, col, dialect);
  if (d.kind === "sql") return `(${sqlFor(d.sql, dialect, `the default of ${table}.${col.name}`)})`;
  return literalFor(table, col, d.value, dialect, "default");
}

/** The text `sql({...})` gives for `dialect`; a database it has none for is an error naming it. */
export function sqlFor(sql: SqlByDialect, dialect: Dialect, what: string): string {
  const text = sql[dialect];
  if (text !== undefined) return assertSafeExpression(text, what);
  const given = Object.keys(sql).join(", ");
  throw new AlabError({
    code: "E_SQL_NO_DIALECT_SQL",
    message: `${what} is sql({ ${given} }), which has no SQL for ${dialect}`,
    hint: `add \`${dialect}: "..."\` to the sql({...}) call: alab runs only the SQL written for the database at hand`,
  });
}

const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|([+-])(\d{2}):(\d{2}))?$/;

/**
 * An ISO-8601 date-time as MySQL reads a datetime literal: `YYYY-MM-DD HH:MM:SS[.ffffff]` in UTC
 * (alab's sessions run at +00:00). MySQL refuses the `T…Z` form and MariaDB any offset, so an
 * offset is folded into the time. Text that is not such a date-time is returned as it is.
 */
export function mysqlDatetime(text: string): string {
  const m = ISO_DATETIME.exec(text);
  if (m === null) return text;
  const [, y, mo, d, h, mi, sec, frac, zone, sign, oh, om] = m;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec ?? 0));
  if (zone !== undefined && zone !== "Z") ms -= (sign === "-" ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60_000;
  const t = new Date(ms);
  const two = (n: number) => String(n).padStart(2, "0");
  const date = `${String(t.getUTCFullYear()).padStart(4, "0")}-${two(t.getUTCMonth() + 1)}-${two(t.getUTCDate())}`;
  return `${date} ${two(t.getUTCHours())}:${two(t.getUTCMinutes())}:${two(t.getUTCSeconds())}${frac === undefined ? "" : `.${frac}`}`;
}

/**
 * A value written into this column (a default or a backfill) as SQL. MySQL takes literals on
 * TEXT/BLOB/JSON columns only as expression defaults, hence the parentheses there.
 */
export function literalFor(table: string, col: Column, value: Column["backfill"], dialect: Dialect, use: "default" | "backfill"): string {
  if (value === undefined || value === null) return "null";
  let text: string;
  if (col.type.kind === "json") {
    text = quoteLiteral(JSON.stringify(value), dialect);
  } else if (typeof value === "object") {
    throw badDefault(table, col, `an object or array ${use} fits only a json column`);
  } else if (dialect === "mysql" && (col.type.kind === "datetime" || col.type.kind === "timestamp") && typeof value === "string") {
    text = quoteLiteral(mysqlDatetime(value), dialect);
  } else {
    text = quoteLiteral(value, dialect);
  }
  return use === "default" && dialect === "mysql" && mysqlUnindexable(col.type) ? `(${text})` : text;
}

/** SQLite's ALTER TABLE ADD COLUMN accepts only constant defaults. */
export function hasConstantDefault(col: Column): boolean {
  return col.default === undefined || col.default.kind === "literal";
}
