/**
 * MySQL/MariaDB expression text as tokens, for reading back what the server prints (CHECK
 * clauses, defaults, generation expressions). Strings are decoded (backslash escapes, doubled
 * quotes, a charset introducer or `N` prefix dropped: `_utf8mb4'x'` is the string x), quoted names
 * are unquoted, comments are skipped. Pure.
 */

export type Token =
  /** An unquoted word: keyword, function or column name (`lower` for comparisons). */
  | { readonly k: "word"; readonly text: string; readonly lower: string }
  /** A `quoted` name, unquoted. */
  | { readonly k: "name"; readonly text: string }
  | { readonly k: "str"; readonly value: string }
  | { readonly k: "num"; readonly text: string }
  /** A hexadecimal or bit literal, canonical: `0x1f`, `b'101'`. */
  | { readonly k: "bits"; readonly text: string }
  | { readonly k: "op"; readonly text: string };

export class LexError extends Error {}

const OPS = ["<=>", "->>", "<=", ">=", "<>", "!=", "<<", ">>", "&&", "||", ":=", "->", "=", "<", ">", "!", "~", "+", "-", "*", "/", "%", "^", "&", "|", "(", ")", ",", ".", "@"];
const WORD_START = /[A-Za-z_$\u0080-\uffff]/;
const WORD = /[A-Za-z0-9_$\u0080-\uffff]/;
const DIGIT = /[0-9]/;

const ESCAPES: Readonly<Record<string, string>> = { "0": "\u0000", b: "\b", n: "\n", r: "\r", t: "\t", Z: "\u001a", "%": "\\%", _: "\\_" };

/** A quoted run starting at `i` (the quote): its decoded text and the index past it. */
function quoted(text: string, i: number, decode: boolean): { value: string; end: number } {
  const q = text[i]!;
  let out = "";
  let j = i + 1;
  while (j < text.length) {
    const ch = text[j]!;
    if (decode && ch === "\\" && j + 1 < text.length) {
      const next = text[j + 1]!;
      out += ESCAPES[next] ?? next;
      j += 2;
    } else if (ch === q) {
      if (text[j + 1] === q) {
        out += q;
        j += 2;
      } else return { value: out, end: j + 1 };
    } else {
      out += ch;
      j++;
    }
  }
  throw new LexError(`unterminated ${q === "`" ? "name" : "string"}`);
}

function skipSpaceAndComments(text: string, i: number): number {
  let j = i;
  for (;;) {
    while (j < text.length && /\s/.test(text[j]!)) j++;
    if (text.startsWith("/*", j)) {
      const end = text.indexOf("*/", j + 2);
      if (end < 0) throw new LexError("unterminated comment");
      j = end + 2;
    } else if (text[j] === "#" || (text.startsWith("--", j) && /[\s]|$/.test(text[j + 2] ?? ""))) {
      const nl = text.indexOf("\n", j);
      j = nl < 0 ? text.length : nl;
    } else return j;
  }
}

function number(text: string, i: number): { token: Token; end: number } {
  const hex = /^0x[0-9a-fA-F]+/.exec(text.slice(i));
  if (hex) return { token: { k: "bits", text: hex[0].toLowerCase() }, end: i + hex[0].length };
  const bin = /^0b[01]+/.exec(text.slice(i));
  if (bin) return { token: { k: "bits", text: `b'${bin[0].slice(2)}'` }, end: i + bin[0].length };
  const m = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(text.slice(i))!;
  let t = m[0].toLowerCase();
  if (t.startsWith(".")) t = `0${t}`;
  if (t.endsWith(".")) t = t.slice(0, -1);
  return { token: { k: "num", text: t.replace("e+", "e") }, end: i + m[0].length };
}

/** A word, or the literal it prefixes: `_charset'…'`, `N'…'`, `X'…'`, `B'…'`. */
function word(text: string, i: number): { token: Token; end: number } {
  let j = i;
  while (j < text.length && WORD.test(text[j]!)) j++;
  const w = text.slice(i, j);
  const lower = w.toLowerCase();
  if (text[j] === "'" && (lower === "x" || lower === "b")) {
    const s = quoted(text, j, false);
    if (lower === "x" && /^([0-9a-fA-F]{2})*$/.test(s.value)) return { token: { k: "bits", text: `0x${s.value.toLowerCase()}` }, end: s.end };
    if (lower === "b" && /^[01]*$/.test(s.value)) return { token: { k: "bits", text: `b'${s.value}'` }, end: s.end };
    throw new LexError(`bad ${lower}'…' literal`);
  }
  if (lower === "n" && text[j] === "'") {
    const s = quoted(text, j, true);
    return { token: { k: "str", value: s.value }, end: s.end };
  }
  if (lower.startsWith("_") && lower.length > 1) {
    const k = skipSpaceAndComments(text, j);
    if (text[k] === "'" || text[k] === '"') {
      const s = quoted(text, k, true);
      return { token: { k: "str", value: s.value }, end: s.end };
    }
  }
  return { token: { k: "word", text: w, lower }, end: j };
}

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = skipSpaceAndComments(text, 0);
  while (i < text.length) {
    const ch = text[i]!;
    let r: { token: Token; end: number };
    if (ch === "'" || ch === '"') {
      const s = quoted(text, i, true);
      r = { token: { k: "str", value: s.value }, end: s.end };
    } else if (ch === "`") {
      const s = quoted(text, i, false);
      r = { token: { k: "name", text: s.value }, end: s.end };
    } else if (DIGIT.test(ch) || (ch === "." && DIGIT.test(text[i + 1] ?? ""))) {
      r = number(text, i);
    } else if (WORD_START.test(ch)) {
      r = word(text, i);
    } else {
      const op = OPS.find((o) => text.startsWith(o, i));
      if (op === undefined) throw new LexError(`unexpected character ${JSON.stringify(ch)}`);
      r = { token: { k: "op", text: op }, end: i + op.length };
    }
    out.push(r.token);
    i = skipSpaceAndComments(text, r.end);
  }
  return out;
}
