/**
 * A PostgreSQL expression as a tree, by PostgreSQL's own precedence table, so that parentheses
 * that change nothing vanish and those that change the meaning stay in the tree's shape. It reads
 * what the server prints (pg_get_expr) and what people write, for the forms checks and defaults
 * use; for anything else it throws ParseError, and callers compare the text instead (which can
 * only make two expressions differ, never wrongly equal).
 */
import { type Expr, ParseError, PREC } from "./postgres-expr";
import { LexError, type Token, tokenize } from "./postgres-lex";
import { type Cursor, parseCase, parseSqlFunction, parseType } from "./postgres-parse-forms";
import { canonicalType } from "./postgres-types";

const CMP = new Set(["<", ">", "=", "<=", ">=", "<>", "!="]);
const ADD = new Set(["+", "-"]);
const MUL = new Set(["*", "/", "%"]);
/** SQL keyword functions that take no parentheses (an optional precision for the time ones). */
const KEYWORD_FNS = new Set(["current_date", "current_time", "current_timestamp", "localtime", "localtimestamp", "current_user", "session_user", "user", "current_role", "current_catalog", "current_schema"]);
/** Words that end an expression rather than name a column. */
const STOP = new Set(["and", "or", "not", "is", "in", "like", "ilike", "similar", "between", "isnull", "notnull", "then", "when", "else", "end", "from", "for", "as", "collate", "at", "escape", "symmetric"]);

function binaryPrec(tok: Token | undefined, after: Token | undefined): number {
  if (tok === undefined) return 0;
  if (tok.t === "ident" && !tok.quoted) {
    switch (tok.v) {
      case "or":
        return PREC.or;
      case "and":
        return PREC.and;
      case "is":
      case "isnull":
      case "notnull":
        return PREC.is;
      case "in":
      case "like":
      case "ilike":
      case "similar":
      case "between":
        return PREC.like;
      case "not":
        return after?.t === "ident" && ["in", "like", "ilike", "similar", "between"].includes(after.v) ? PREC.like : 0;
      case "collate":
        return PREC.collate;
      case "at":
        return PREC.collate;
      default:
        return 0;
    }
  }
  if (tok.t === "punct") return tok.v === "::" ? PREC.cast : tok.v === "[" ? PREC.index : 0;
  if (tok.t !== "op") return 0;
  if (CMP.has(tok.v)) return PREC.cmp;
  if (ADD.has(tok.v)) return PREC.add;
  if (MUL.has(tok.v)) return PREC.mul;
  if (tok.v === "^") return PREC.exp;
  return PREC.other;
}

class Parser implements Cursor {
  private i = 0;
  constructor(private readonly toks: readonly Token[]) {}

  peek(n = 0): Token | undefined {
    return this.toks[this.i + n];
  }
  isWord(v: string, n = 0): boolean {
    const t = this.peek(n);
    return t?.t === "ident" && !t.quoted && t.v === v;
  }
  isPunct(v: string, n = 0): boolean {
    const t = this.peek(n);
    return t?.t === "punct" && t.v === v;
  }
  next(): Token {
    const t = this.toks[this.i++];
    if (t === undefined) throw new ParseError("unexpected end");
    return t;
  }
  word(v: string): void {
    if (!this.isWord(v)) throw new ParseError(`expected ${v}`);
    this.i++;
  }
  punct(v: string): void {
    if (!this.isPunct(v)) throw new ParseError(`expected ${v}`);
    this.i++;
  }
  skip(): void {
    this.i++;
  }
  done(): boolean {
    return this.i >= this.toks.length;
  }

  expr(min = 0): Expr {
    let left = this.prefix();
    for (;;) {
      const prec = binaryPrec(this.peek(), this.peek(1));
      if (prec === 0 || prec <= min) {
        // Comparisons do not chain; everything else here is left-associative.
        return left;
      }
      left = this.infix(left, prec);
    }
  }

  prefix(): Expr {
    if (this.isWord("not")) {
      this.i++;
      return { k: "not", e: this.expr(PREC.not - 1) };
    }
    const t = this.peek();
    if (t?.t === "op" && (t.v === "-" || t.v === "+")) {
      this.i++;
      return { k: "op", op: t.v, r: this.expr(PREC.unary) };
    }
    if (t?.t === "op") {
      this.i++;
      return { k: "op", op: t.v, r: this.expr(PREC.other) };
    }
    return this.primary();
  }

  infix(left: Expr, prec: number): Expr {
    const t = this.next();
    if (t.t === "punct" && t.v === "::") return { k: "cast", e: left, type: parseType(this) };
    if (t.t === "punct" && t.v === "[") {
      const i = this.expr();
      this.punct("]");
      return { k: "index", e: left, i };
    }
    if (t.t === "op") {
      const op = t.v === "!=" ? "<>" : t.v;
      if ((this.isWord("any") || this.isWord("some") || this.isWord("all")) && this.isPunct("(", 1)) {
        const all = this.isWord("all");
        this.i += 2;
        const r = this.expr();
        this.punct(")");
        return { k: "any", op, l: left, r, all };
      }
      return { k: "op", op, l: left, r: this.expr(prec) };
    }
    // Keywords.
    switch (t.v) {
      case "or":
      case "and": {
        const right = this.expr(prec);
        const args = [...(left.k === t.v ? left.args : [left]), ...(right.k === t.v ? right.args : [right])];
        return { k: t.v, args };
      }
      case "isnull":
        return { k: "is", e: left, what: "null", not: false };
      case "notnull":
        return { k: "is", e: left, what: "null", not: true };
      case "is": {
        const not = this.isWord("not");
        if (not) this.i++;
        if (this.isWord("distinct")) {
          this.i++;
          this.word("from");
          return { k: "distinct", l: left, r: this.expr(PREC.is), not };
        }
        const w = this.next();
        if (w.t !== "ident" || !["null", "true", "false", "unknown"].includes(w.v)) throw new ParseError("unsupported IS form");
        return { k: "is", e: left, what: w.v as "null" | "true" | "false" | "unknown", not };
      }
      case "collate": {
        const c = this.next();
        if (c.t !== "ident") throw new ParseError("expected a collation");
        return { k: "collate", e: left, collation: c.v };
      }
      case "at": {
        this.word("time");
        this.word("zone");
        return { k: "fn", name: "timezone", args: [this.expr(PREC.collate), left] };
      }
      default:
        return this.negatable(left, t.v === "not", t.v === "not" ? this.next().v : t.v);
    }
  }

  /** IN, LIKE, ILIKE, SIMILAR TO, BETWEEN, each maybe after NOT. */
  negatable(left: Expr, not: boolean, word: string): Expr {
    switch (word) {
      case "in": {
        this.punct("(");
        const list = this.list(")");
        return { k: "in", e: left, list, not };
      }
      case "like":
      case "ilike": {
        const r = this.expr(PREC.like);
        if (this.isWord("escape")) throw new ParseError("LIKE … ESCAPE");
        return { k: "op", op: `${not ? "!" : ""}~~${word === "ilike" ? "*" : ""}`, l: left, r };
      }
      case "between": {
        if (this.isWord("symmetric") || this.isWord("asymmetric")) throw new ParseError("BETWEEN SYMMETRIC");
        const lo = this.expr(PREC.like);
        this.word("and");
        const hi = this.expr(PREC.like);
        return not
          ? { k: "or", args: [{ k: "op", op: "<", l: left, r: lo }, { k: "op", op: ">", l: left, r: hi }] }
          : { k: "and", args: [{ k: "op", op: ">=", l: left, r: lo }, { k: "op", op: "<=", l: left, r: hi }] };
      }
      default:
        throw new ParseError(`unsupported ${word}`);
    }
  }

  list(close: string): Expr[] {
    const items: Expr[] = [];
    if (this.isPunct(close)) {
      this.i++;
      return items;
    }
    for (;;) {
      items.push(this.expr());
      if (this.isPunct(",")) this.i++;
      else break;
    }
    this.punct(close);
    return items;
  }

  primary(): Expr {
    const t = this.next();
    switch (t.t) {
      case "num":
        return { k: "num", v: t.v };
      case "str":
        return { k: "str", v: t.v };
      case "punct": {
        if (t.v !== "(") throw new ParseError(`unexpected ${t.v}`);
        const e = this.expr();
        if (this.isPunct(",")) throw new ParseError("row constructor");
        this.punct(")");
        return e;
      }
      case "op":
        throw new ParseError(`unexpected ${t.v}`);
      case "ident":
        return t.quoted ? this.named(t.v, true) : this.keyword(t.v);
      default:
        throw new ParseError("unexpected token");
    }
  }

  keyword(w: string): Expr {
    switch (w) {
      case "true":
      case "false":
        return { k: "bool", v: w === "true" };
      case "null":
        return { k: "null" };
      case "case":
        return parseCase(this);
      case "cast": {
        this.punct("(");
        const e = this.expr();
        this.word("as");
        const type = parseType(this);
        this.punct(")");
        return { k: "cast", e, type };
      }
      case "array": {
        this.punct("[");
        return { k: "array", items: this.list("]") };
      }
      default:
        break;
    }
    if (KEYWORD_FNS.has(w)) {
      if (this.isPunct("(") && w !== "current_schema") {
        this.i++;
        const p = this.next();
        this.punct(")");
        if (p.t !== "num") throw new ParseError("precision");
        return { k: "fn", name: w, args: [{ k: "num", v: p.v }], kw: true };
      }
      if (w === "current_schema" && this.isPunct("(")) {
        this.punct("(");
        this.punct(")");
      }
      return { k: "fn", name: w, args: [], kw: true };
    }
    if (this.isPunct("(") && ["extract", "substring", "position", "trim", "overlay"].includes(w)) return parseSqlFunction(this, w);
    if (STOP.has(w)) throw new ParseError(`unexpected ${w}`);
    // A typed literal: `date '2020-01-01'`, `interval '1 day'`.
    if (this.peek()?.t === "str" && ["date", "time", "timestamp", "timestamptz", "interval", "numeric", "integer", "int", "bigint", "text", "boolean", "uuid", "jsonb", "json"].includes(w)) {
      const s = this.next() as Extract<Token, { t: "str" }>;
      return { k: "cast", e: { k: "str", v: s.v }, type: canonicalType(w) };
    }
    return this.named(w, false);
  }

  /** A column (maybe qualified) or a function call. */
  named(first: string, _quoted: boolean): Expr {
    const parts = [first];
    while (this.isPunct(".") && this.peek(1)?.t === "ident") {
      this.i++;
      parts.push((this.next() as Extract<Token, { t: "ident" }>).v);
    }
    if (!this.isPunct("(")) return { k: "col", name: parts[parts.length - 1] as string };
    this.i++;
    const name = (parts[0] === "pg_catalog" ? parts.slice(1) : parts).join(".");
    if (this.peek()?.t === "op" && (this.peek() as Token).v === "*" && this.isPunct(")", 1)) {
      this.i += 2;
      return { k: "fn", name, args: [], star: true };
    }
    if (this.isWord("distinct") || this.isWord("variadic")) throw new ParseError("aggregate or variadic call");
    return { k: "fn", name, args: this.list(")") };
  }
}

/** The tree of an expression; throws ParseError for text it cannot read. */
export function parseExpression(text: string): Expr {
  let toks: Token[];
  try {
    toks = tokenize(text);
  } catch (e) {
    if (e instanceof LexError) throw new ParseError(e.message);
    throw e;
  }
  const p = new Parser(toks);
  const e = p.expr();
  if (!p.done()) throw new ParseError("text after the expression");
  return e;
}
