/**
 * The one place where values and names become SQL text. DDL never carries bound parameters
 * (PostgreSQL and SQLite reject them there), so every default, CHECK value and backfill goes
 * through `quoteLiteral`; every name goes through `quoteIdent`, which refuses anything outside
 * `^[a-z_][a-z0-9_]*$` (a dot would make Kysely read `schema.table`).
 */
import { AlabError } from "../errors";
import type { Literal } from "../model/types";
import type { Dialect } from "./dialect";

const IDENT = /^[a-z_][a-z0-9_]*$/;
/** PostgreSQL silently truncates longer names; MySQL refuses above 64. */
export const MAX_IDENT = 63;

export function assertSqlIdentifier(name: string, what = "name"): string {
  if (typeof name !== "string" || !IDENT.test(name) || name.length > MAX_IDENT) {
    const why = typeof name === "string" && name.includes(".") ? " (dots are not allowed: use the SQL name, e.g. blog_post)" : "";
    throw new AlabError({
      code: "E_SQL_BAD_IDENTIFIER",
      message: `${what} \`${String(name)}\` is not a valid SQL identifier${why}`,
      hint: `identifiers are lower-case letters, digits and underscores, not starting with a digit, at most ${MAX_IDENT} characters (^[a-z_][a-z0-9_]*$)`,
    });
  }
  return name;
}

export function quoteIdent(name: string, dialect: Dialect): string {
  assertSqlIdentifier(name);
  return dialect === "mysql" ? `\`${name}\`` : `"${name}"`;
}

function badLiteral(message: string): AlabError {
  return new AlabError({
    code: "E_SQL_BAD_LITERAL",
    message,
    hint: "defaults, backfills and enum values must be finite numbers, booleans, null, JSON values or text without NUL characters",
  });
}

function quoteString(text: string, dialect: Dialect): string {
  if (text.includes("\u0000")) throw badLiteral(`text value ${JSON.stringify(text)} contains a NUL character, which no dialect can store in text`);
  if (!text.isWellFormed()) throw badLiteral(`text value ${JSON.stringify(text)} contains a lone UTF-16 surrogate and cannot be encoded`);
  const doubled = text.replaceAll("'", "''");
  switch (dialect) {
    case "postgres":
      // E'' reads backslashes the same whatever standard_conforming_strings says.
      return text.includes("\\") ? `E'${doubled.replaceAll("\\", "\\\\")}'` : `'${doubled}'`;
    case "mysql":
      // Backslash is an escape in MySQL string literals unless NO_BACKSLASH_ESCAPES is set (the driver does not set it).
      return `'${doubled.replaceAll("\\", "\\\\")}'`;
    case "sqlite":
      return `'${doubled}'`;
    default:
      throw badLiteral(`unknown dialect ${String(dialect)}`);
  }
}

function quoteNumber(value: number): string {
  if (!Number.isFinite(value)) throw badLiteral(`number ${value} has no SQL literal`);
  return Object.is(value, -0) ? "0" : String(value);
}

/**
 * A literal as SQL text. Arrays and objects are JSON text (for json columns); booleans are
 * `true`/`false` except on SQLite, which stores them as 1/0.
 */
export function quoteLiteral(value: Literal, dialect: Dialect): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return quoteString(value, dialect);
    case "number":
      return quoteNumber(value);
    case "boolean":
      if (dialect === "sqlite") return value ? "1" : "0";
      return value ? "true" : "false";
    case "object":
      return quoteString(JSON.stringify(value), dialect);
    default:
      throw badLiteral(`value of type ${typeof value} has no SQL literal`);
  }
}
