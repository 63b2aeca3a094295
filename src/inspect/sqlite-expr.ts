/**
 * SQLite expressions compared as SQLite stores them. SQLite keeps CHECK, default and index text
 * as it was written, so a live expression differs from alab's only in what ALTER TABLE rewrote
 * (RENAME COLUMN quotes the names it renames) or in spelling that does not change the meaning:
 * spacing and comments, keyword and name case, quotes around a name, parentheses around the whole
 * expression, `==` for `=` and `!=` for `<>`. Everything else must match token for token: where
 * the reader is unsure it reports a difference, never a false "same". Pure.
 */
import { closing, LexError, type Token, tokenize } from "./sqlite-lex";

/** Words that are SQL in an expression, not names. */
const KEYWORDS: ReadonlySet<string> = new Set([
  "and", "or", "not", "in", "is", "null", "like", "glob", "regexp", "match", "between", "escape", "case", "when", "then", "else", "end",
  "cast", "as", "exists", "collate", "distinct", "true", "false", "current_date", "current_time", "current_timestamp", "isnull", "notnull", "raise", "select", "from", "where",
]);

const OPS: Readonly<Record<string, string>> = { "==": "=", "!=": "<>" };

/** The tokens, without parentheses around the whole expression; undefined when the text does not lex. */
export function exprTokens(text: string): Token[] | undefined {
  let tokens: Token[];
  try {
    tokens = tokenize(text);
  } catch (e) {
    if (e instanceof LexError) return undefined;
    throw e;
  }
  while (tokens.length > 1 && tokens[0]!.t === "punct" && tokens[0]!.v === "(" && closing(tokens, 0) === tokens.length - 1) tokens = tokens.slice(1, -1);
  return tokens;
}

/** One token as compared: names without quotes or case, keywords in lower case, operators in one spelling. */
export function tokenKey(t: Token): string {
  switch (t.t) {
    case "ident":
      return !t.quoted && KEYWORDS.has(t.v.toLowerCase()) ? `k:${t.v.toLowerCase()}` : `n:${t.v.toLowerCase()}`;
    case "str":
      return `s:${t.v}`;
    case "blob":
      return `x:${t.v.toLowerCase()}`;
    case "num":
      return `d:${t.v.toLowerCase()}`;
    case "op":
      return `o:${OPS[t.v] ?? t.v}`;
    case "punct":
      return `p:${t.v}`;
  }
}

/** Expressions repeat (alab's uuid and now defaults on every table): each text is read once. */
const COMPARABLE = new Map<string, string>();
const MEMO_LIMIT = 10_000;

/** What is compared of an expression: its token keys, or for text that does not lex, its trimmed text. */
export function comparableExpr(text: string): string {
  const known = COMPARABLE.get(text);
  if (known !== undefined) return known;
  const tokens = exprTokens(text);
  const out = tokens === undefined ? `\u0000${text.trim().replace(/\s+/g, " ")}` : tokens.map(tokenKey).join(" ");
  if (COMPARABLE.size >= MEMO_LIMIT) COMPARABLE.clear();
  COMPARABLE.set(text, out);
  return out;
}

/** The expression as written, without parentheses around the whole of it. */
export function canonicalExpr(text: string): string {
  const tokens = exprTokens(text);
  if (tokens === undefined || tokens.length === 0) return text.trim();
  return text.slice(tokens[0]!.start, tokens[tokens.length - 1]!.end);
}

/** A number token, with a sign before it; undefined when `tokens` is not one. */
export function signedNumber(tokens: readonly Token[]): number | undefined {
  let sign = 1;
  let rest = tokens;
  if (rest[0]?.t === "op" && (rest[0].v === "-" || rest[0].v === "+")) {
    sign = rest[0].v === "-" ? -1 : 1;
    rest = rest.slice(1);
  }
  const n = rest.length === 1 && rest[0]!.t === "num" ? Number(rest[0]!.v) : Number.NaN;
  return Number.isFinite(n) ? sign * n : undefined;
}
