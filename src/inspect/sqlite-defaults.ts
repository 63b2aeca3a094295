/**
 * A live SQLite default read back into the model. SQLite keeps a default's text as written
 * (without the parentheses around an expression), so a default that is, token for token, what
 * alab writes for the expected column is that column's default; otherwise the text is read:
 * a literal is its value, alab's `now` and `uuid` expressions are `now` and `uuid`, and anything
 * else is Unrepresentable. Pure.
 */
import { isAlabError } from "../errors";
import type { Column, ColumnDefault, ColumnType, Literal } from "../model/types";
import { defaultSql } from "../sql/typemap";
import type { CatalogColumn } from "./catalog";
import type { Unrepresentable } from "./rules";
import { comparableExpr, exprTokens, signedNumber } from "./sqlite-expr";

const unrep = (unrepresentable: string): Unrepresentable => ({ unrepresentable });

/** What alab writes as the default of `col` (with the live column's model type), comparable; undefined when nothing. */
function written(col: Column): string | undefined {
  try {
    const sql = defaultSql("t", col, "sqlite");
    return sql === undefined ? undefined : comparableExpr(sql);
  } catch (e) {
    // What alab refuses to write for the column cannot be what the database holds.
    if (isAlabError(e)) return undefined;
    throw e;
  }
}

function literal(value: Literal): ColumnDefault {
  return { kind: "literal", value };
}

/** The expression alab writes for `now` / `uuid` on a column of this type, comparable. */
function portable(expr: "now" | "uuid", type: ColumnType): string | undefined {
  return written({ name: "c", type, nullable: true, unique: false, default: { kind: "expr", expr } });
}

export function sqliteColumnDefault(col: CatalogColumn, type: ColumnType, hint?: Column): ColumnDefault | undefined | Unrepresentable {
  const text = col.default;
  if (text === undefined) return undefined;
  const live = comparableExpr(text);
  if (hint?.default !== undefined && written({ ...hint, type }) === live) return hint.default;
  const tokens = exprTokens(text) ?? [];
  const only = tokens.length === 1 ? tokens[0] : undefined;
  if (only?.t === "ident" && !only.quoted && only.v.toLowerCase() === "null") {
    return hint?.default?.kind === "literal" && hint.default.value === null ? hint.default : undefined;
  }
  if (only?.t === "ident" && !only.quoted && /^(true|false)$/i.test(only.v)) {
    const b = only.v.toLowerCase() === "true";
    return literal(type.kind === "boolean" ? b : b ? 1 : 0);
  }
  if (only?.t === "str") {
    if (type.kind !== "json") return literal(only.v);
    try {
      return literal(JSON.parse(only.v) as Literal);
    } catch {
      return literal(only.v);
    }
  }
  const n = signedNumber(tokens);
  if (n !== undefined) {
    if (type.kind === "boolean" && (n === 0 || n === 1)) return literal(n === 1);
    return literal(n);
  }
  for (const expr of ["now", "uuid"] as const) {
    if (portable(expr, type) === live) return { kind: "expr", expr };
  }
  const a = /^[aeiou]/.test(type.kind) ? "an" : "a";
  return unrep(`default ${text}: not a value, and not how alab writes now or uuid on ${a} ${type.kind} column`);
}
