/**
 * SQLite text as tokens, for reading the CREATE TABLE / CREATE INDEX text SQLite stores (it keeps
 * what was sent, word for word) and the expressions in it. Where quotes and comments begin and end
 * is the one SQL lexer's (src/sql/lexer.ts); this file gives the runs their values and splits code
 * into words, numbers and operators, each with its place in the text so that a caller can cut an
 * expression out exactly as written. Text it cannot read (an unclosed quote) is a LexError.
 */
import { segments } from "../sql/lexer";

export type Token =
  /** A bare word or a quoted name ("x", `x`, [x]); `v` is the name without its quotes. */
  | { readonly t: "ident"; readonly v: string; readonly quoted: boolean; readonly start: number; readonly end: number }
  | { readonly t: "str"; readonly v: string; readonly start: number; readonly end: number }
  /** X'…' */
  | { readonly t: "blob"; readonly v: string; readonly start: number; readonly end: number }
  | { readonly t: "num"; readonly v: string; readonly start: number; readonly end: number }
  | { readonly t: "op"; readonly v: string; readonly start: number; readonly end: number }
  /** ( ) , . ; */
  | { readonly t: "punct"; readonly v: string; readonly start: number; readonly end: number };

export class LexError extends Error {}

// By character code, not by regular expression: this runs for every character of every CREATE text.
const isWordStart = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 0x80;
const isWordPart = (c: number): boolean => isWordStart(c) || (c >= 48 && c <= 57) || c === 36;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);
const NUMBER = /(?:0[xX][0-9A-Fa-f]+|(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)/y;
/** Longest first: SQLite's operators. */
const OPERATORS = ["||", "<<", ">>", "<=", ">=", "==", "!=", "<>", "->>", "->", "<", ">", "=", "+", "-", "*", "/", "%", "&", "|", "~"].sort((a, b) => b.length - a.length);

function code(text: string, from: number, to: number, out: Token[]): void {
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    const ch = text[i]!;
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (isWordStart(c)) {
      let j = i + 1;
      while (j < to && isWordPart(text.charCodeAt(j))) j++;
      out.push({ t: "ident", v: text.slice(i, j), quoted: false, start: i, end: j });
      i = j;
      continue;
    }
    NUMBER.lastIndex = i;
    const num = isDigit(c) || c === 46 ? NUMBER.exec(text) : null;
    if (num !== null && i + num[0].length <= to) {
      out.push({ t: "num", v: num[0], start: i, end: i + num[0].length });
      i += num[0].length;
      continue;
    }
    if ("(),.;".includes(ch)) {
      out.push({ t: "punct", v: ch, start: i, end: i + 1 });
      i++;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i) && i + o.length <= to);
    if (op === undefined) throw new LexError(`unexpected character ${JSON.stringify(ch)}`);
    out.push({ t: "op", v: op, start: i, end: i + op.length });
    i += op.length;
  }
}

/** The tokens of `text` (comments dropped). */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const s of segments(text, "sqlite")) {
    if (s.kind === "comment") continue;
    if (!s.closed) throw new LexError("unclosed quote or comment");
    const body = text.slice(s.start + 1, s.end - 1);
    switch (s.kind) {
      case "code":
        code(text, s.start, s.end, out);
        break;
      case "string": {
        const prev = out[out.length - 1];
        // X'…': the X is the word just before the quote, touching it.
        if (prev?.t === "ident" && !prev.quoted && prev.end === s.start && /^x$/i.test(prev.v)) {
          out[out.length - 1] = { t: "blob", v: body, start: prev.start, end: s.end };
        } else out.push({ t: "str", v: body.replaceAll("''", "'"), start: s.start, end: s.end });
        break;
      }
      case "name": {
        const quote = text[s.start]!;
        const v = quote === "[" ? body : body.replaceAll(quote + quote, quote);
        out.push({ t: "ident", v, quoted: true, start: s.start, end: s.end });
        break;
      }
      default:
        throw new LexError(`unexpected ${s.kind} run`);
    }
  }
  return out;
}

/** SQLite names compare without regard to ASCII case. */
export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** A bare word that is this keyword (any case). */
export function isWord(tok: Token | undefined, word: string): boolean {
  return tok !== undefined && tok.t === "ident" && !tok.quoted && tok.v.toLowerCase() === word;
}

/** Index of the `)` matching the `(` at `open`; -1 when it is not closed. */
export function closing(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.t !== "punct") continue;
    if (t.v === "(") depth++;
    else if (t.v === ")" && --depth === 0) return i;
  }
  return -1;
}

/** Token runs between top-level commas of tokens[from, to). */
export function splitCommas(tokens: readonly Token[], from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  let depth = 0;
  let start = from;
  for (let i = from; i < to; i++) {
    const t = tokens[i]!;
    if (t.t !== "punct") continue;
    if (t.v === "(") depth++;
    else if (t.v === ")") depth--;
    else if (t.v === "," && depth === 0) {
      out.push([start, i]);
      start = i + 1;
    }
  }
  out.push([start, to]);
  return out;
}
