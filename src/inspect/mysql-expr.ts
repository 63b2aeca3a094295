/**
 * MySQL/MariaDB expressions parsed with the server's operator precedence, so that what the server
 * re-prints (MySQL 8 wraps every operation in parentheses, MariaDB drops redundant ones) reads
 * back as the same tree as what alab or the user wrote. Only the grammar CHECK clauses and
 * defaults use; anything else fails to parse (`undefined`), and the caller falls back to
 * comparing tokens. Pure.
 */
import { LEVEL, type Node } from "./mysql-ast";
import { LexError, type Token, tokenize } from "./mysql-lex";


const INFIX: Readonly<Record<string, { op: string; level: number }>> = {
  "|": { op: "|", level: LEVEL.bitor },
  "&": { op: "&", level: LEVEL.bitand },
  "<<": { op: "<<", level: LEVEL.shift },
  ">>": { op: ">>", level: LEVEL.shift },
  "+": { op: "+", level: LEVEL.add },
  "-": { op: "-", level: LEVEL.add },
  "*": { op: "*", level: LEVEL.mul },
  "/": { op: "/", level: LEVEL.mul },
  "%": { op: "%", level: LEVEL.mul },
  mod: { op: "%", level: LEVEL.mul },
  div: { op: "div", level: LEVEL.mul },
  "^": { op: "^", level: LEVEL.bitxor },
  "=": { op: "=", level: LEVEL.cmp },
  "<=>": { op: "<=>", level: LEVEL.cmp },
  ">=": { op: ">=", level: LEVEL.cmp },
  ">": { op: ">", level: LEVEL.cmp },
  "<=": { op: "<=", level: LEVEL.cmp },
  "<": { op: "<", level: LEVEL.cmp },
  "<>": { op: "<>", level: LEVEL.cmp },
  "!=": { op: "<>", level: LEVEL.cmp },
  regexp: { op: "regexp", level: LEVEL.cmp },
  rlike: { op: "regexp", level: LEVEL.cmp },
  xor: { op: "xor", level: LEVEL.xor },
};

/** Functions written without parentheses. */
const NILADIC = new Set(["current_timestamp", "current_date", "current_time", "localtime", "localtimestamp", "current_user", "utc_timestamp", "utc_date", "utc_time"]);

class ParseError extends Error {}

class Parser {
  private i = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.i + offset];
  }

  private isWord(w: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t?.k === "word" && t.lower === w;
  }

  private isOp(o: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t?.k === "op" && t.text === o;
  }

  private expectOp(o: string): void {
    if (!this.isOp(o)) throw new ParseError(`expected ${o}`);
    this.i++;
  }

  private expectWord(w: string): void {
    if (!this.isWord(w)) throw new ParseError(`expected ${w}`);
    this.i++;
  }

  done(): boolean {
    return this.i === this.tokens.length;
  }

  expr(min: number): Node {
    let left = this.prefix();
    for (;;) {
      const next = this.infix(left, min);
      if (next === undefined) return left;
      left = next;
    }
  }

  private infix(left: Node, min: number): Node | undefined {
    const t = this.peek();
    if (t === undefined) return undefined;
    const key = t.k === "op" ? t.text : t.k === "word" ? t.lower : undefined;
    if (key === undefined) return undefined;
    if ((key === "or" || key === "||") && LEVEL.or >= min) return this.logic(left, "or", LEVEL.or);
    if ((key === "and" || key === "&&") && LEVEL.and >= min) return this.logic(left, "and", LEVEL.and);
    if (key === "collate" && LEVEL.collate >= min) {
      this.i++;
      const c = this.peek();
      if (c === undefined || (c.k !== "word" && c.k !== "name" && c.k !== "str")) throw new ParseError("collation name");
      this.i++;
      return { t: "collate", arg: left, collation: (c.k === "str" ? c.value : c.text).toLowerCase() };
    }
    if ((key === "->" || key === "->>") && LEVEL.collate >= min) {
      this.i++;
      const path = this.peek();
      if (path?.k !== "str") throw new ParseError("json path");
      this.i++;
      const extract: Node = { t: "call", name: "json_extract", args: [left, { t: "str", value: path.value }] };
      return key === "->" ? extract : { t: "call", name: "json_unquote", args: [extract] };
    }
    if (LEVEL.cmp >= min) {
      const negated = key === "not" && ["in", "between", "like", "regexp", "rlike"].some((w) => this.isWord(w, 1));
      const word = negated ? (this.peek(1) as Extract<Token, { k: "word" }>).lower : key;
      if (word === "is") return this.is(left);
      if (word === "in" || word === "like" || ((word === "regexp" || word === "rlike") && negated)) {
        this.i += negated ? 2 : 1;
        if (word === "in") return { t: "in", not: negated, arg: left, list: this.parenList() };
        if (word === "like") {
          const pattern = this.expr(LEVEL.cmp + 1);
          if (!this.isWord("escape")) return { t: "like", not: negated, arg: left, pattern };
          this.i++;
          return { t: "like", not: negated, arg: left, pattern, escape: this.expr(LEVEL.cmp + 1) };
        }
        return { t: "not", arg: { t: "bin", op: "regexp", left, right: this.expr(LEVEL.cmp + 1) } };
      }
      if (word === "between" && LEVEL.between >= min) {
        this.i += negated ? 2 : 1;
        const lo = this.expr(LEVEL.cmp + 1);
        this.expectWord("and");
        return { t: "between", not: negated, arg: left, lo, hi: this.expr(LEVEL.cmp + 1) };
      }
    }
    const bin = INFIX[key];
    if (bin === undefined || bin.level < min || (t.k === "word" && !["mod", "div", "regexp", "rlike", "xor"].includes(key))) return undefined;
    this.i++;
    return { t: "bin", op: bin.op, left, right: this.expr(bin.level + 1) };
  }

  private logic(left: Node, op: "and" | "or", level: number): Node {
    this.i++;
    const right = this.expr(level + 1);
    return { t: "logic", op, args: [left, right] };
  }

  private is(left: Node): Node {
    this.i++;
    let not = false;
    if (this.isWord("not")) {
      not = true;
      this.i++;
    }
    const w = this.peek();
    if (w?.k !== "word" || !["null", "true", "false", "unknown"].includes(w.lower)) throw new ParseError("is what");
    this.i++;
    return { t: "is", not, arg: left, what: w.lower === "unknown" ? "null" : (w.lower as "null" | "true" | "false") };
  }

  private parenList(): Node[] {
    this.expectOp("(");
    const items: Node[] = [];
    if (!this.isOp(")")) {
      items.push(this.expr(0));
      while (this.isOp(",")) {
        this.i++;
        items.push(this.expr(0));
      }
    }
    this.expectOp(")");
    return items;
  }

  private prefix(): Node {
    const t = this.peek();
    if (t === undefined) throw new ParseError("unexpected end");
    this.i++;
    switch (t.k) {
      case "num":
        return { t: "num", text: t.text };
      case "bits":
        return { t: "bits", text: t.text };
      case "str": {
        let value = t.value;
        for (let n = this.peek(); n?.k === "str"; n = this.peek()) {
          value += n.value; // adjacent literals concatenate
          this.i++;
        }
        return { t: "str", value };
      }
      case "name":
        return this.qualified(t.text);
      case "op":
        return this.prefixOp(t.text);
      case "word":
        return this.prefixWord(t);
    }
  }

  private prefixOp(op: string): Node {
    switch (op) {
      case "(": {
        this.i--;
        const items = this.parenList();
        if (items.length === 0) throw new ParseError("empty parentheses");
        return items.length === 1 ? items[0]! : { t: "row", items };
      }
      case "-":
      case "~":
        return { t: "unary", op, arg: this.expr(LEVEL.unary) };
      case "+":
        return this.expr(LEVEL.unary);
      case "!":
        return { t: "not", arg: this.expr(LEVEL.bang) };
      default:
        throw new ParseError(`unexpected ${op}`);
    }
  }

  private prefixWord(t: Extract<Token, { k: "word" }>): Node {
    switch (t.lower) {
      case "null":
        return { t: "null" };
      case "true":
        return { t: "num", text: "1" };
      case "false":
        return { t: "num", text: "0" };
      case "not":
        return { t: "not", arg: this.expr(LEVEL.not + 1) };
      case "binary":
        return { t: "unary", op: "binary", arg: this.expr(LEVEL.collate) };
      case "case":
        return this.caseExpr();
      case "interval": {
        const arg = this.expr(LEVEL.add + 1);
        const unit = this.peek();
        if (unit?.k !== "word") throw new ParseError("interval unit");
        this.i++;
        return { t: "interval", arg, unit: unit.lower };
      }
      default:
        break;
    }
    if (this.isOp("(")) return this.call(t.lower);
    if (NILADIC.has(t.lower)) return { t: "call", name: t.lower, args: [] };
    if (["and", "or", "xor", "is", "in", "like", "between", "when", "then", "else", "end", "escape", "div", "mod", "regexp", "rlike", "collate", "as", "using"].includes(t.lower)) {
      throw new ParseError(`unexpected ${t.lower}`);
    }
    return this.qualified(t.text);
  }

  private qualified(first: string): Node {
    let name = first.toLowerCase();
    while (this.isOp(".")) {
      this.i++;
      const part = this.peek();
      if (part?.k !== "word" && part?.k !== "name") throw new ParseError("qualified name");
      this.i++;
      name += `.${part.text.toLowerCase()}`;
    }
    return { t: "col", name };
  }

  private call(name: string): Node {
    if (name === "cast" || name === "convert") {
      this.expectOp("(");
      const arg = this.expr(0);
      let type: string;
      if (name === "cast") {
        this.expectWord("as");
        type = this.typeWords();
      } else if (this.isWord("using")) {
        this.i++;
        type = `char charset ${this.typeWords()}`;
      } else {
        this.expectOp(",");
        type = this.typeWords();
      }
      this.expectOp(")");
      return { t: "cast", arg, type };
    }
    return { t: "call", name, args: this.parenList() };
  }

  /** The words of a type up to the closing parenthesis (`char charset utf8mb4`, `decimal(10,2)`). */
  private typeWords(): string {
    const out: string[] = [];
    let depth = 0;
    for (let t = this.peek(); t !== undefined; t = this.peek()) {
      if (t.k === "op" && t.text === ")" && depth === 0) break;
      if (t.k === "op" && t.text === "(") depth++;
      if (t.k === "op" && t.text === ")") depth--;
      out.push(t.k === "word" ? t.lower : t.k === "op" || t.k === "num" ? t.text : t.k === "name" ? t.text.toLowerCase() : "?");
      this.i++;
    }
    if (out.length === 0) throw new ParseError("type");
    return out.join(" ").replace("character set", "charset").replaceAll(" ( ", "(").replaceAll(" , ", ",").replaceAll(" )", ")");
  }

  private caseExpr(): Node {
    const arg = this.isWord("when") ? undefined : this.expr(0);
    const whens: (readonly [Node, Node])[] = [];
    while (this.isWord("when")) {
      this.i++;
      const cond = this.expr(0);
      this.expectWord("then");
      whens.push([cond, this.expr(0)]);
    }
    if (whens.length === 0) throw new ParseError("case without when");
    let otherwise: Node | undefined;
    if (this.isWord("else")) {
      this.i++;
      otherwise = this.expr(0);
    }
    this.expectWord("end");
    return { t: "case", ...(arg === undefined ? {} : { arg }), whens, ...(otherwise === undefined ? {} : { else: otherwise }) };
  }
}

/** The expression as a tree, or undefined when the text is outside the grammar read here. */
export function parseExpression(text: string): Node | undefined {
  try {
    const p = new Parser(tokenize(text));
    const node = p.expr(0);
    return p.done() ? node : undefined;
  } catch (e) {
    if (e instanceof ParseError || e instanceof LexError) return undefined;
    throw e;
  }
}
