/**
 * The column vocabulary of `col.*`: base types, semantic types (AstrolaDB's names and sizes), and
 * relations. A semantic type is shorthand for a concrete type, size, uniqueness and default; the
 * validation hints AstrolaDB attaches for API exports (formats, regexes, ranges) are not turned
 * into database constraints, so the generated SQL matches AstrolaDB's (docs/schema.md).
 */
import type { ColumnType, Literal } from "../../model/types";

/** Types written `col.<name>()` with no arguments. */
export const SIMPLE_TYPES = {
  uuid: { kind: "uuid" },
  text: { kind: "text" },
  smallint: { kind: "smallint" },
  integer: { kind: "integer" },
  bigint: { kind: "bigint" },
  float: { kind: "float" },
  boolean: { kind: "boolean" },
  date: { kind: "date" },
  time: { kind: "time" },
  datetime: { kind: "datetime" },
  json: { kind: "json" },
  base64: { kind: "base64" },
} as const satisfies Record<string, ColumnType>;

/** Types that take arguments, with the usage shown in hints. */
export const PARAMETRIC_TYPES = {
  id: "col.id()",
  serial: "col.serial()",
  bigserial: "col.bigserial()",
  string: "col.string(length)",
  char: "col.char(length)",
  sql_type: 'col.sql_type("citext")',
  native_enum: 'col.native_enum("mood", ["happy", "sad"])',
  timestamp: "col.timestamp(precision?)",
  timestamptz: "col.timestamptz(precision?)",
  decimal: "col.decimal(precision, scale)",
  enum: 'col.enum(["a", "b"])',
} as const;

export interface Semantic {
  readonly type: ColumnType;
  readonly unique?: true;
  readonly default?: Literal;
}

const str = (length: number): ColumnType => ({ kind: "string", length });
const dec = (precision: number, scale: number): ColumnType => ({ kind: "decimal", precision, scale });
const TEXT: ColumnType = { kind: "text" };
const INTEGER: ColumnType = { kind: "integer" };

export const SEMANTIC_TYPES: { readonly [name: string]: Semantic } = {
  // identity and authentication
  email: { type: str(255) },
  username: { type: str(50) },
  password_hash: { type: str(255) },
  phone: { type: str(50) },
  token: { type: str(64) },
  // text content
  name: { type: str(100) },
  title: { type: str(200) },
  slug: { type: str(255), unique: true },
  summary: { type: str(500) },
  code: { type: str(20) },
  body: { type: TEXT },
  markdown: { type: TEXT },
  html: { type: TEXT },
  // numbers and money
  money: { type: dec(19, 4) },
  percentage: { type: dec(5, 2) },
  rating: { type: dec(2, 1) },
  counter: { type: INTEGER, default: 0 },
  quantity: { type: INTEGER },
  duration: { type: INTEGER },
  // network
  url: { type: str(2048) },
  ip: { type: str(45) },
  ipv4: { type: str(15) },
  ipv6: { type: str(45) },
  user_agent: { type: str(500) },
  // internationalization
  country: { type: str(2) },
  currency: { type: str(3) },
  locale: { type: str(10) },
  timezone: { type: str(50) },
  // display
  color: { type: str(7) },
  // flags: `col.flag(true)` changes the default
  flag: { type: { kind: "boolean" }, default: false },
};

export const RELATIONS = {
  belongs_to: 'col.belongs_to("ns.table")',
  one_to_one: 'col.one_to_one("ns.table")',
  belongs_to_any: 'col.belongs_to_any(["ns.a", "ns.b"], { as: "name" })',
} as const;

export function isOwn<T extends object>(record: T, key: string): key is Extract<keyof T, string> {
  return Object.prototype.hasOwnProperty.call(record, key);
}

/** Every name `col.` accepts, for "did you mean" suggestions. */
export const COLUMN_CONSTRUCTORS: readonly string[] = [
  ...Object.keys(SIMPLE_TYPES),
  ...Object.keys(PARAMETRIC_TYPES),
  ...Object.keys(SEMANTIC_TYPES),
  ...Object.keys(RELATIONS),
].sort();

/** The widest VARCHAR every dialect accepts in characters (MySQL's utf8mb4 row limit). */
export const MAX_STRING_LENGTH = 16383;
/** MySQL's CHAR limit (PostgreSQL and SQLite allow more). */
export const MAX_CHAR_LENGTH = 255;
/** MySQL's DECIMAL limits; PostgreSQL allows more, SQLite stores decimals as text. */
export const MAX_DECIMAL_PRECISION = 65;
export const MAX_DECIMAL_SCALE = 30;
/** belongs_to_any `<as>_type` column: AstrolaDB's size. */
export const POLYMORPHIC_TYPE_LENGTH = 100;
