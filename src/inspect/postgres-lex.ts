/**
 * PostgreSQL expression text as tokens, for reading back what the server prints (defaults, CHECK
 * and index expressions) and what alab or a user wrote. Quotes and comments follow PostgreSQL:
 * '…' with '' inside, E'…' with backslash escapes, "names" with "" inside, $tag$…$tag$, `--` and
 * nesting block comments. Anything else it cannot read (U&'…', B'…', parameters) is an error the
 * caller turns into "cannot compare", never into a guess.
 */

export type Token =
  | { readonly t: "ident"; readonly v: string; readonly quoted: boolean }
  | { readonly t: "str"; readonly v: string }
  | { readonly t: "num"; readonly v: string }
  | { readonly t: "op"; readonly v: string }
  /** ( ) [ ] , . :: : */
  | { readonly t: "punct"; readonly v: string };

export class LexError extends Error {}

const OP_CHARS = "+-*/<>=~!@#%^&|`?";
/** An operator may end in + or - only when it holds one of these (PostgreSQL's lexer rule). */
const OP_SPECIAL = "~!@#%^&|`?";
const IDENT_START = /[A-Za-z_\u0080-\uffff]/;
const IDENT_PART = /[A-Za-z0-9_$\u0080-\uffff]/;

/** The value of an E'…' string's body. */
function unescape(body: string): string {
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (ch !== "\\") {
      out += ch;
      continue;
    }
    const next = body[++i];
    if (next === undefined) throw new LexError("dangling backslash");
    const simple: Record<string, string> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
    if (simple[next] !== undefined) out += simple[next];
    else if (/[0-7]/.test(next)) {
      const m = /^[0-7]{1,3}/.exec(body.slice(i)) as RegExpExecArray;
      out += String.fromCharCode(Number.parseInt(m[0], 8));
      i += m[0].length - 1;
    } else if (next === "x" && /^[0-9A-Fa-f]/.test(body[i + 1] ?? "")) {
      const m = /^[0-9A-Fa-f]{1,2}/.exec(body.slice(i + 1)) as RegExpExecArray;
      out += String.fromCharCode(Number.parseInt(m[0], 16));
      i += m[0].length;
    } else if (next === "u" || next === "U") {
      const n = next === "u" ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + n);
      if (!new RegExp(`^[0-9A-Fa-f]{${n}}$`).test(hex)) throw new LexError("bad unicode escape");
      out += String.fromCodePoint(Number.parseInt(hex, 16));
      i += n;
    } else out += next;
  }
  return out;
}

/** Index just past a quoted run that opened at `i` with `q`, and its raw body (doubled quotes kept). */
function quoted(text: string, i: number, q: string, backslash: boolean): { end: number; body: string } {
  let j = i + 1;
  while (j < text.length) {
    const ch = text[j];
    if (backslash && ch === "\\") j += 2;
    else if (ch === q) {
      if (text[j + 1] === q) j += 2;
      else return { end: j + 1, body: text.slice(i + 1, j) };
    } else j++;
  }
  throw new LexError("unterminated quote");
}

function skipComment(text: string, i: number): number {
  if (text.startsWith("--", i)) {
    const nl = text.indexOf("\n", i);
    return nl < 0 ? text.length : nl + 1;
  }
  let depth = 0;
  let j = i;
  while (j < text.length) {
    if (text.startsWith("/*", j)) {
      depth++;
      j += 2;
    } else if (text.startsWith("*/", j)) {
      depth--;
      j += 2;
      if (depth === 0) return j;
    } else j++;
  }
  throw new LexError("unterminated comment");
}

function operator(text: string, i: number): string {
  let j = i;
  while (j < text.length && OP_CHARS.includes(text[j] as string) && !text.startsWith("--", j) && !text.startsWith("/*", j)) j++;
  let op = text.slice(i, j);
  if (op.length > 1 && ![...op].some((c) => OP_SPECIAL.includes(c))) {
    while (op.length > 1 && (op.endsWith("+") || op.endsWith("-"))) op = op.slice(0, -1);
  }
  return op;
}

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    const next = text[i + 1] ?? "";
    if (/\s/.test(ch)) i++;
    else if (text.startsWith("--", i) || text.startsWith("/*", i)) i = skipComment(text, i);
    else if (ch === "'") {
      const q = quoted(text, i, "'", false);
      out.push({ t: "str", v: q.body.replaceAll("''", "'") });
      i = q.end;
    } else if ((ch === "E" || ch === "e") && next === "'") {
      const q = quoted(text, i + 1, "'", true);
      out.push({ t: "str", v: unescape(q.body.replaceAll("''", "'")) });
      i = q.end;
    } else if (ch === '"') {
      const q = quoted(text, i, '"', false);
      if (q.body === "") throw new LexError("empty quoted name");
      out.push({ t: "ident", v: q.body.replaceAll('""', '"'), quoted: true });
      i = q.end;
    } else if (ch === "$" && /[A-Za-z_$]/.test(next)) {
      const tag = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i))?.[0];
      if (tag === undefined) throw new LexError("parameter or bad dollar quote");
      const end = text.indexOf(tag, i + tag.length);
      if (end < 0) throw new LexError("unterminated dollar quote");
      out.push({ t: "str", v: text.slice(i + tag.length, end) });
      i = end + tag.length;
    } else if (/[0-9]/.test(ch) || (ch === "." && /[0-9]/.test(next))) {
      const m = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(text.slice(i)) as RegExpExecArray;
      if (IDENT_PART.test(text[i + m[0].length] ?? "")) throw new LexError("number followed by a letter");
      out.push({ t: "num", v: m[0] });
      i += m[0].length;
    } else if (IDENT_START.test(ch)) {
      let j = i + 1;
      while (j < text.length && IDENT_PART.test(text[j] as string)) j++;
      if (text[j] === "'" || (j === i + 1 && (ch === "u" || ch === "U") && text[j] === "&" && (text[j + 1] === "'" || text[j + 1] === '"'))) {
        throw new LexError("prefixed string (B'', X'', U&'')");
      }
      out.push({ t: "ident", v: text.slice(i, j).toLowerCase(), quoted: false });
      i = j;
    } else if (ch === ":" && next === ":") {
      out.push({ t: "punct", v: "::" });
      i += 2;
    } else if ("()[],.:".includes(ch)) {
      out.push({ t: "punct", v: ch });
      i++;
    } else if (OP_CHARS.includes(ch)) {
      const op = operator(text, i);
      out.push({ t: "op", v: op });
      i += op.length;
    } else throw new LexError(`unexpected character ${JSON.stringify(ch)}`);
  }
  return out;
}
