/**
 * How PostgreSQL rewrites what alab sends: the DialectRules of the normalizer (./rules.ts).
 * Types by inverting TYPE_MAP (./postgres-types.ts), defaults as the server prints them
 * (./postgres-defaults.ts), expressions compared in one canonical form (./postgres-canon.ts).
 * PostgreSQL makes no index by itself that alab does not ask for (a primary key's and a unique
 * constraint's indexes are read as what they back), so no index is implicit.
 */
import { columnCheckName } from "../model/names";
import type { CatalogTable } from "./catalog";
import { canon, type ColumnTypes, numberText, parseNumber } from "./postgres-canon";
import { print } from "./postgres-print";
import { columnDefault } from "./postgres-defaults";
import { type Expr, ParseError } from "./postgres-expr";
import { parseExpression } from "./postgres-parse";
import { LexError, tokenize } from "./postgres-lex";
import { canonicalType, columnType } from "./postgres-types";
import type { DerivedCheck, DialectRules } from "./rules";

function columnTypes(table: CatalogTable | undefined): ColumnTypes | undefined {
  return table === undefined ? undefined : new Map(table.columns.map((c) => [c.name, canonicalType(c.type)]));
}

function tree(text: string, table: CatalogTable | undefined): Expr | undefined {
  try {
    return canon(parseExpression(text), columnTypes(table));
  } catch (e) {
    if (e instanceof ParseError) return undefined;
    throw e;
  }
}

/**
 * What is compared: the canonical print, or for text the parser does not read, its tokens (so
 * spacing and keyword case do not count, and nothing else is assumed equal).
 */
function comparable(text: string, table: CatalogTable | undefined): string {
  const t = tree(text, table);
  if (t !== undefined) return print(t);
  try {
    return `\u0000${tokenize(text)
      .map((k) => JSON.stringify(k))
      .join(" ")}`;
  } catch (e) {
    if (e instanceof LexError) return `\u0000${text.trim().replace(/\s+/g, " ")}`;
    throw e;
  }
}

const TEXTUAL = /^(text|character varying(\(\d+\))?)$/;
const NUMERIC = /^(smallint|integer|bigint|real|double precision|numeric(\(\d+,\d+\))?)$/;

/** A derived check of column `col`, if `name` is the name alab gives it. */
function named(table: CatalogTable, name: string, col: string, what: "enum" | "min" | "max" | "pattern"): boolean {
  return table.columns.some((c) => c.name === col) && columnCheckName(table.name, col, what) === name;
}

function derivedCheck(name: string, expr: string, table: CatalogTable): DerivedCheck | undefined {
  const e = tree(expr, table);
  if (e === undefined) return undefined;
  const typeOf = (col: string): string => canonicalType(table.columns.find((c) => c.name === col)?.type ?? "");
  if (e.k === "in" && !e.not && e.e.k === "col" && e.list.every((v) => v.k === "str")) {
    const values = e.list.map((v) => (v as Extract<Expr, { k: "str" }>).v);
    return named(table, name, e.e.name, "enum") && TEXTUAL.test(typeOf(e.e.name)) ? { column: e.e.name, what: "enum", values } : undefined;
  }
  if (e.k !== "op" || e.l === undefined) return undefined;
  // An enum of one value: PostgreSQL stores `x IN ('a')` as `x = 'a'`.
  if (e.op === "=" && e.l.k === "col" && e.r.k === "str") {
    return named(table, name, e.l.name, "enum") && TEXTUAL.test(typeOf(e.l.name)) ? { column: e.l.name, what: "enum", values: [e.r.v] } : undefined;
  }
  if (e.op === "~" && e.l.k === "col" && e.r.k === "str") {
    return named(table, name, e.l.name, "pattern") && TEXTUAL.test(typeOf(e.l.name)) ? { column: e.l.name, what: "pattern", value: e.r.v } : undefined;
  }
  const what = e.op === ">=" ? "min" : e.op === "<=" ? "max" : undefined;
  const n = e.r.k === "num" ? parseNumber(e.r.v.replace(/:n$/, "")) : undefined;
  if (what === undefined || n === undefined) return undefined;
  const value = Number(numberText(n));
  const l = e.l;
  if (l.k === "col" && NUMERIC.test(typeOf(l.name))) return named(table, name, l.name, what) ? { column: l.name, what, value } : undefined;
  const arg = l.k === "fn" && l.name === "char_length" && l.args.length === 1 ? l.args[0] : undefined;
  if (arg?.k === "col" && TEXTUAL.test(typeOf(arg.name))) return named(table, name, arg.name, what) ? { column: arg.name, what, value } : undefined;
  return undefined;
}

export const postgresRules: DialectRules = {
  dialect: "postgres",
  columnType,
  columnDefault,
  sameExpression: (live, written, table) => comparable(live, table) === comparable(written, table),
  canonicalExpression: (live, table) => {
    const t = tree(live, table);
    return t === undefined ? live.trim() : print(t);
  },
  derivedCheck,
  implicitIndex: () => false,
};
