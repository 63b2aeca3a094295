/**
 * The CHECKs alab derives from a column on SQLite (src/sql/checks.ts), read back from what they
 * say when no expected column tells (pull): `c in ('a', 'b')` on text is an enum, `c in (0, 1)`
 * on integer a boolean, `c is null or json_valid(c)` (or the older `json_valid(c)`) on text json, `length(c) <= n` on varchar(n) a string(n),
 * and `c >= n`, `length(c) >= n`, `cast(c as numeric) >= n` a min (`<=` a max). A check of that
 * name saying anything else is not read back (it stays a table check). Pure.
 */
import { columnCheckName } from "../model/names";
import type { CatalogTable } from "./catalog";
import type { DerivedCheck } from "./rules";
import { exprTokens, signedNumber, tokenKey } from "./sqlite-expr";
import type { Token } from "./sqlite-lex";
import { comparableType } from "./sqlite-types";

const WHATS = ["enum", "bool", "json", "length", "min", "max"] as const;
type What = (typeof WHATS)[number];

const keys = (tokens: readonly Token[]): string[] => tokens.map(tokenKey);

/** `c in (v, …)`: the values' tokens, or undefined. */
function inList(tokens: readonly Token[], column: string): Token[] | undefined {
  const k = keys(tokens);
  if (k[0] !== `n:${column.toLowerCase()}` || k[1] !== "k:in" || k[2] !== "p:(" || k[k.length - 1] !== "p:)") return undefined;
  const inner = tokens.slice(3, -1);
  const values = inner.filter((_, i) => i % 2 === 0);
  if (inner.length % 2 !== 1 || inner.some((t, i) => i % 2 === 1 && tokenKey(t) !== "p:,")) return undefined;
  return values;
}

/** The subject of a bound: the column, length(column) or cast(column as numeric), and what it takes. */
function subject(tokens: readonly Token[], column: string): { readonly of: "value" | "length" | "decimal"; readonly rest: readonly Token[] } | undefined {
  const k = keys(tokens);
  const c = `n:${column.toLowerCase()}`;
  if (k[0] === c) return { of: "value", rest: tokens.slice(1) };
  if (k[0] === "n:length" && k[1] === "p:(" && k[2] === c && k[3] === "p:)") return { of: "length", rest: tokens.slice(4) };
  if (k[0] === "k:cast" && k[1] === "p:(" && k[2] === c && k[3] === "k:as" && k[4] === "n:numeric" && k[5] === "p:)") return { of: "decimal", rest: tokens.slice(6) };
  return undefined;
}

function read(what: What, column: string, type: string, expr: string): DerivedCheck | undefined {
  const tokens = exprTokens(expr);
  if (tokens === undefined) return undefined;
  switch (what) {
    case "enum": {
      const values = inList(tokens, column);
      if (type !== "text" || values === undefined || values.some((v) => v.t !== "str")) return undefined;
      return { column, what, values: values.map((v) => v.v) };
    }
    case "bool": {
      const values = inList(tokens, column);
      return type === "integer" && values !== undefined && values.map(tokenKey).join(",") === "d:0,d:1" ? { column, what } : undefined;
    }
    case "json": {
      // `c is null or json_valid(c)` since NULL must pass on SQLite before 3.45; `json_valid(c)` in databases made before that.
      const c = `n:${column.toLowerCase()}`;
      const written = keys(tokens).join(" ");
      const forms = [`n:json_valid p:( ${c} p:)`, `${c} k:is k:null k:or n:json_valid p:( ${c} p:)`];
      return type === "text" && forms.includes(written) ? { column, what } : undefined;
    }
    case "length": {
      const s = subject(tokens, column);
      const n = s?.of === "length" && s.rest[0]?.t === "op" && s.rest[0].v === "<=" ? signedNumber(s.rest.slice(1)) : undefined;
      return n !== undefined && type === `varchar(${n})` ? { column, what, value: n } : undefined;
    }
    case "min":
    case "max": {
      const s = subject(tokens, column);
      const op = what === "min" ? ">=" : "<=";
      const n = s !== undefined && s.rest[0]?.t === "op" && s.rest[0].v === op ? signedNumber(s.rest.slice(1)) : undefined;
      if (s === undefined || n === undefined) return undefined;
      const fits = s.of === "value" ? type === "integer" || type === "real" : s.of === "length" ? type === "text" || /^varchar\(\d+\)$/.test(type) : type === "text";
      return fits ? { column, what, value: n } : undefined;
    }
  }
}

export function sqliteDerivedCheck(name: string, expr: string, table: CatalogTable): DerivedCheck | undefined {
  for (const col of table.columns) {
    for (const what of WHATS) {
      if (columnCheckName(table.name, col.name, what) === name) return read(what, col.name, comparableType(col.type), expr);
    }
  }
  return undefined;
}
