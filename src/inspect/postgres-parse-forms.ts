/**
 * The parts of PostgreSQL's expression grammar that are not operators: type names (after `::`, in
 * CAST, before a typed literal), CASE, and the SQL-standard call forms (EXTRACT, SUBSTRING,
 * POSITION, TRIM) read as the functions they call. Used by the parser (./postgres-parse.ts).
 */
import { type Expr, ParseError, PREC } from "./postgres-expr";
import type { Token } from "./postgres-lex";
import { canonicalType } from "./postgres-types";

/** What these forms need of the parser. */
export interface Cursor {
  peek(n?: number): Token | undefined;
  isWord(v: string, n?: number): boolean;
  isPunct(v: string, n?: number): boolean;
  next(): Token;
  skip(): void;
  word(v: string): void;
  punct(v: string): void;
  expr(min?: number): Expr;
  list(close: string): Expr[];
}

/** A type name after `::`, in CAST, or before a typed literal. */
export function parseType(p: Cursor): string {
  const first = p.next();
  if (first.t !== "ident") throw new ParseError("expected a type");
  let name = first.quoted ? `"${first.v}"` : first.v;
  if (p.isPunct(".") && p.peek(1)?.t === "ident") {
    p.skip();
    const second = p.next() as Extract<Token, { t: "ident" }>;
    name = `${name}.${second.quoted ? `"${second.v}"` : second.v}`;
  }
  if (!first.quoted && first.v === "double" && p.isWord("precision")) {
    p.skip();
    name = "double precision";
  }
  if (!first.quoted && ["character", "char", "bit"].includes(first.v) && p.isWord("varying")) {
    p.skip();
    name += " varying";
  }
  let params = "";
  if (p.isPunct("(")) {
    p.skip();
    const nums: string[] = [];
    for (;;) {
      const n = p.next();
      if (n.t !== "num") throw new ParseError("type modifiers other than numbers");
      nums.push(n.v);
      if (p.isPunct(",")) p.skip();
      else break;
    }
    p.punct(")");
    params = `(${nums.join(",")})`;
  }
  let zone = "";
  if (!first.quoted && (first.v === "time" || first.v === "timestamp") && (p.isWord("with") || p.isWord("without"))) {
    zone = ` ${p.next().v} time zone`;
    p.word("time");
    p.word("zone");
  }
  let dims = "";
  while (p.isPunct("[")) {
    p.skip();
    if (p.peek()?.t === "num") p.skip();
    p.punct("]");
    dims += "[]";
  }
  return canonicalType(`${name}${params}${zone}${dims}`);
}

export function parseCase(p: Cursor): Expr {
  const arg = p.isWord("when") ? undefined : p.expr();
  const whens: [Expr, Expr][] = [];
  while (p.isWord("when")) {
    p.skip();
    const w = p.expr();
    p.word("then");
    whens.push([w, p.expr()]);
  }
  let otherwise: Expr | undefined;
  if (p.isWord("else")) {
    p.skip();
    otherwise = p.expr();
  }
  p.word("end");
  if (whens.length === 0) throw new ParseError("CASE without WHEN");
  return { k: "case", ...(arg === undefined ? {} : { arg }), whens, ...(otherwise === undefined ? {} : { else: otherwise }) };
}

/** The SQL-standard call forms, as the functions they call. */
export function parseSqlFunction(p: Cursor, w: string): Expr {
  p.punct("(");
  let out: Expr;
  if (w === "extract") {
    const field = p.next();
    if (field.t !== "ident" && field.t !== "str") throw new ParseError("EXTRACT field");
    p.word("from");
    out = { k: "fn", name: "extract", args: [{ k: "str", v: field.v.toLowerCase() }, p.expr()] };
  } else if (w === "position") {
    const needle = p.expr(PREC.like);
    p.word("in");
    out = { k: "fn", name: "position", args: [p.expr(), needle] };
  } else if (w === "substring") {
    const args = [p.expr()];
    if (p.isPunct(",")) {
      p.skip();
      args.push(...p.list(")"));
      return { k: "fn", name: "substring", args };
    }
    if (p.isWord("from")) {
      p.skip();
      args.push(p.expr());
    }
    if (p.isWord("for")) {
      p.skip();
      if (args.length === 1) args.push({ k: "num", v: "1" });
      args.push(p.expr());
    }
    out = { k: "fn", name: "substring", args };
  } else if (w === "trim") {
    let side = "btrim";
    if (p.isWord("both") || p.isWord("leading") || p.isWord("trailing")) side = { both: "btrim", leading: "ltrim", trailing: "rtrim" }[p.next().v] as string;
    let chars: Expr | undefined;
    if (!p.isWord("from")) chars = p.expr();
    if (p.isWord("from")) {
      p.skip();
      const target = p.expr();
      out = { k: "fn", name: side, args: chars === undefined ? [target] : [target, chars] };
    } else {
      if (chars === undefined) throw new ParseError("TRIM");
      out = { k: "fn", name: side, args: [chars] };
    }
  } else {
    throw new ParseError(`unsupported ${w}`);
  }
  p.punct(")");
  return out;
}
