/**
 * Recognizes *literal DSL files*: files that are nothing but DSL calls on literal values, the form
 * `alab new` writes and most schema files have. Such a file can be read without running it
 * (literal-record.ts builds the same recording the sandbox would), which is ~30× cheaper than a
 * QuickJS context per file. The grammar is deliberately narrow; anything outside it, or anything
 * where the sandbox's locations might differ, is `null` and the file goes to QuickJS as always:
 *
 *   file     := import* "export" "default" chain ";"? EOF
 *   import   := "import" "{" name ("," name)* ","? "}" "from" "'alab'" ";"?
 *   chain    := root ("(" args ")")? ("." name "(" args ")")*      (at least one call)
 *   value    := string | "-"? number | true | false | null | [values] | {props} | function | chain
 *   props    := key ":" value | name "(" params ")" "{" body "}"
 *   function := "(" params ")" "=>" ("{" body "}" | chain) | name "=>" … | "function" "(" params ")" "{" body "}"
 *   body     := (chain (";" | before "}"))*
 *
 * Whitespace only (no comments) may stand between `.` and a method name and between a root and
 * its `(`: the sandbox maps a call's position onto the name across whitespace alone.
 *
 * Within budgets (budgets.ts): nesting, arguments per call and tokens, so that parsing never
 * recurses deeply on the host's stack nor holds more than QuickJS may; past them, `null`.
 */
import type { Budgets } from "./budgets";
import { scanLiteral, stringLiteral } from "./literal-scan";
import type { Token } from "./tokens";

export type LiteralExpr =
  | { readonly k: "value"; readonly value: string | number | boolean | null }
  | { readonly k: "array"; readonly items: readonly LiteralExpr[] }
  | { readonly k: "object"; readonly entries: readonly (readonly [string, LiteralExpr])[] }
  | LiteralFn
  | LiteralChain;

export interface LiteralFn {
  readonly k: "fn";
  readonly params: readonly string[];
  /** Statements of a block body, or null for an expression body (`body`). */
  readonly statements: readonly LiteralChain[] | null;
  readonly body?: LiteralChain;
  /** The function's text as Function.prototype.toString gives it: [start, end). */
  readonly start: number;
  readonly end: number;
}

export interface LiteralCall {
  readonly name: string;
  /** Where the call's location lands: the method (or root) name. */
  readonly at: number;
  /** Where QuickJS reports the call (`.` of a method, `(` of a root call): fnLoc's search start. */
  readonly raw: number;
  readonly args: readonly LiteralExpr[];
}

export interface LiteralChain {
  readonly k: "chain";
  readonly root: string;
  /** `root(...)`: a call of the root itself, before any method. */
  readonly rootCall: LiteralCall | null;
  readonly methods: readonly LiteralCall[];
}

export interface LiteralFile {
  readonly imports: readonly string[];
  readonly exported: LiteralChain;
}

class NotLiteral extends Error {}

const NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const NUMBER = /^(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;
/** Words a strict-mode module may not bind as a parameter. */
const RESERVED = new Set(
  ("break case catch class const continue debugger default delete do else enum export extends false finally for function if import in " +
    "instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface " +
    "package private protected public await arguments eval undefined async").split(" "),
);

function stop(): never {
  throw new NotLiteral();
}

class Parser {
  private i = 0;
  private depth = 0;
  constructor(
    private readonly src: string,
    private readonly toks: readonly Token[],
    private readonly budgets: Budgets,
  ) {}

  /** One level deeper (arguments, array, object, function body), within the depth budget. */
  private enter(): void {
    if (++this.depth > this.budgets.literalDepth) stop();
  }

  private peek(ahead = 0): Token | undefined {
    return this.toks[this.i + ahead];
  }
  private is(text: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t !== undefined && (t.kind === "punct" || t.kind === "name") && t.text === text;
  }
  private next(): Token {
    return this.toks[this.i++] ?? stop();
  }
  private expect(text: string): Token {
    return this.is(text) ? this.next() : stop();
  }
  private name(): Token {
    const t = this.next();
    return t.kind === "name" && NAME.test(t.text) ? t : stop();
  }
  private end(t: Token): number {
    return t.start + t.text.length;
  }
  /** Only whitespace between two tokens (no comments): the sandbox's name mapping skips just that. */
  private adjacent(a: Token, b: Token): boolean {
    return /^[ \t\n]*$/.test(this.src.slice(this.end(a), b.start));
  }

  file(): LiteralFile {
    const imports: string[] = [];
    while (this.is("import")) {
      this.next();
      this.expect("{");
      while (!this.is("}")) {
        imports.push(this.name().text);
        if (!this.is("}")) this.expect(",");
      }
      this.next();
      this.expect("from");
      const from = this.next();
      if (from.kind !== "string" || stringLiteral(from.text) !== "alab") stop();
      if (this.is(";")) this.next();
    }
    this.expect("export");
    this.expect("default");
    const exported = this.chain(this.name());
    if (this.is(";")) this.next();
    if (this.i !== this.toks.length) stop();
    return { imports, exported };
  }

  private args(): LiteralExpr[] {
    this.enter();
    this.expect("(");
    const out: LiteralExpr[] = [];
    while (!this.is(")")) {
      // Arguments take QuickJS stack (measured: ~16 000 overflow 128 KiB), nested calls add up.
      if (out.length === this.budgets.literalArgs) stop();
      out.push(this.value());
      if (!this.is(")")) this.expect(",");
    }
    this.next();
    this.depth--;
    return out;
  }

  /** A chain from its root name token (already consumed). */
  private chain(root: Token): LiteralChain {
    let rootCall: LiteralCall | null = null;
    const open = this.peek();
    if (this.is("(") && open !== undefined) {
      if (!this.adjacent(root, open)) stop();
      rootCall = { name: root.text, at: root.start, raw: open.start, args: this.args() };
    }
    const methods: LiteralCall[] = [];
    while (this.is(".")) {
      const dot = this.next();
      const name = this.name();
      if (!this.adjacent(dot, name) || name.text === "then") stop();
      methods.push({ name: name.text, at: name.start, raw: dot.start, args: this.args() });
    }
    if (rootCall === null && methods.length === 0) stop();
    return { k: "chain", root: root.text, rootCall, methods };
  }

  private value(): LiteralExpr {
    const t = this.peek() ?? stop();
    if (t.kind === "string") return this.next(), { k: "value", value: stringLiteral(t.text) ?? stop() };
    if (t.kind === "number") return this.next(), { k: "value", value: this.number(t.text, 1) };
    if (t.kind === "punct") {
      if (t.text === "-" && this.peek(1)?.kind === "number") return this.next(), { k: "value", value: this.number(this.next().text, -1) };
      if (t.text === "[") return this.array();
      if (t.text === "{") return this.object();
      if (t.text === "(") return this.arrow(t, this.params());
      return stop();
    }
    if (t.kind !== "name") return stop();
    if (t.text === "true" || t.text === "false") return this.next(), { k: "value", value: t.text === "true" };
    if (t.text === "null") return this.next(), { k: "value", value: null };
    if (t.text === "function") return this.functionExpr();
    const first = this.name();
    if (this.is("=>")) {
      if (RESERVED.has(first.text)) stop();
      return this.arrow(first, [first.text]);
    }
    return this.chain(first);
  }

  private number(text: string, sign: 1 | -1): number {
    if (!NUMBER.test(text)) stop();
    const n = Number(text);
    // QuickJS refuses Infinity (E_SANDBOX_VALUE): that is its decision to make.
    if (!Number.isFinite(n)) stop();
    // JSON carries the sandbox's values across, and JSON has no -0.
    return sign * n + 0;
  }

  private array(): LiteralExpr {
    this.enter();
    this.expect("[");
    const items: LiteralExpr[] = [];
    while (!this.is("]")) {
      items.push(this.value());
      if (!this.is("]")) this.expect(",");
    }
    this.next();
    this.depth--;
    return { k: "array", items };
  }

  private object(): LiteralExpr {
    this.enter();
    this.expect("{");
    const entries: [string, LiteralExpr][] = [];
    const seen = new Set<string>();
    while (!this.is("}")) {
      const keyTok = this.next();
      const key = keyTok.kind === "string" ? (stringLiteral(keyTok.text) ?? stop()) : keyTok.kind === "name" && NAME.test(keyTok.text) ? keyTok.text : stop();
      // `__proto__:` sets the prototype; integer keys reorder; `$alab` is refused by the sandbox.
      if (key === "__proto__" || key === "$alab" || /^[0-9]+$/.test(key) || seen.has(key)) stop();
      seen.add(key);
      if (this.is(":")) {
        this.next();
        entries.push([key, this.value()]);
      } else if (this.is("(") && keyTok.kind === "name") {
        const params = this.params();
        entries.push([key, this.block(keyTok.start, params)]);
      } else stop();
      if (!this.is("}")) this.expect(",");
    }
    this.next();
    this.depth--;
    return { k: "object", entries };
  }

  /** `(a, b)`: plain, distinct, non-reserved names. */
  private params(): string[] {
    this.expect("(");
    const names: string[] = [];
    while (!this.is(")")) {
      const n = this.name().text;
      if (RESERVED.has(n) || names.includes(n)) stop();
      names.push(n);
      if (!this.is(")")) {
        this.expect(",");
        if (this.is(")")) stop();
      }
    }
    this.next();
    if (names.length > 16) stop();
    return names;
  }

  private arrow(first: Token, params: string[]): LiteralFn {
    const arrow = this.expect("=>");
    const before = this.toks[this.i - 2] ?? stop();
    // A line break before `=>` is a syntax error.
    if (this.src.slice(this.end(before), arrow.start).includes("\n")) stop();
    if (this.is("{")) return this.block(first.start, params);
    this.enter();
    const body = this.chain(this.name());
    this.depth--;
    return { k: "fn", params, statements: null, body, start: first.start, end: this.end(this.toks[this.i - 1] ?? stop()) };
  }

  private functionExpr(): LiteralFn {
    const fn = this.next();
    if (!this.is("(")) stop(); // a named function expression binds its own name; a generator has `*`
    return this.block(fn.start, this.params());
  }

  /** `{ statement; ... }` from the current `{`. */
  private block(start: number, params: string[]): LiteralFn {
    this.enter();
    this.expect("{");
    const statements: LiteralChain[] = [];
    while (!this.is("}")) {
      statements.push(this.chain(this.name()));
      if (!this.is("}")) this.expect(";");
    }
    const close = this.next();
    this.depth--;
    return { k: "fn", params, statements, start, end: this.end(close) };
  }
}

/**
 * The file's structure, or null when it is not a literal DSL file (then it must run in QuickJS).
 * Line breaks other than `\n`, and a byte-order mark, are refused: QuickJS and the host would
 * count lines differently. So are NUL characters (the prelude's copy of the text ends at the first
 * one) and lone surrogates.
 */
export function parseLiteralFile(source: string, budgets: Budgets): LiteralFile | null {
  if (source.length > budgets.sourceChars) return null;
  // A lone surrogate has no UTF-8, in which the host copies the text into QuickJS.
  if (/[\0\r\u2028\u2029\ufeff]/.test(source) || source.startsWith("#!") || !source.isWellFormed()) return null;
  const toks = scanLiteral(source, budgets.literalTokens);
  if (toks === null) return null;
  try {
    return new Parser(source, toks, budgets).file();
  } catch (e) {
    if (e instanceof NotLiteral) return null;
    throw e;
  }
}
