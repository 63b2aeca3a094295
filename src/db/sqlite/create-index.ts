/**
 * The stored CREATE INDEX text read where the pragmas are silent: an expression part's text and a
 * partial index's WHERE, as written. Pure; a text it cannot follow is a DdlError.
 */
import { closing, isWord, splitCommas } from "../../inspect/sqlite-lex";
import { DdlError, lex } from "./create-table";

export interface ParsedIndex {
  /** Each key part's text as written, without COLLATE and ASC/DESC. */
  readonly parts: readonly string[];
  readonly where?: string;
}

/** The key parts and WHERE clause of a stored `CREATE INDEX` statement. */
export function parseCreateIndex(sql: string): ParsedIndex {
  const tokens = lex(sql);
  const on = tokens.findIndex((t) => isWord(t, "on"));
  const open = tokens.findIndex((t, i) => i > on && t.t === "punct" && t.v === "(");
  const close = on < 0 || open < 0 ? -1 : closing(tokens, open);
  if (close < 0) throw new DdlError("no key list");
  const parts = splitCommas(tokens, open + 1, close).map(([a, b]) => {
    let end = b;
    if (isWord(tokens[end - 1], "asc") || isWord(tokens[end - 1], "desc")) end--;
    if (end - 2 > a && isWord(tokens[end - 2], "collate")) end -= 2;
    if (end <= a) throw new DdlError("empty key part");
    return sql.slice(tokens[a]!.start, tokens[end - 1]!.end);
  });
  const where = isWord(tokens[close + 1], "where") && close + 2 < tokens.length ? sql.slice(tokens[close + 2]!.start, tokens[tokens.length - 1]!.end) : undefined;
  return { parts, ...(where === undefined ? {} : { where }) };
}
