/**
 * PostgreSQL expression text as tokens, for reading back what the server prints (defaults, CHECK
 * and index expressions) and what alab or a user wrote. Where quotes and comments begin and end is
 * the one SQL lexer's (src/sql/lexer.ts); this file gives the runs their values ('' and E'…'
 * escapes, "names", $tag$ bodies) and splits code into words, numbers and operators. Anything it
 * cannot read (U&'…', B'…', parameters, an unclosed quote) is an error the caller turns into
 * "cannot compare", never into a guess.
 */
import { segments } from "../sql/lexer";

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
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

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
    const rest = body.slice(i);
    const octal = /^[0-7]{1,3}/.exec(rest)?.[0];
    const hex = /^x([0-9A-Fa-f]{1,2})/.exec(rest)?.[1];
    const unicode = /^(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))/.exec(rest);
    if (SIMPLE_ESCAPES[next] !== undefined) out += SIMPLE_ESCAPES[next];
    else if (octal !== undefined) {
      out += String.fromCharCode(Number.parseInt(octal, 8));
      i += octal.length - 1;
    } else if (hex !== undefined) {
      out += String.fromCharCode(Number.parseInt(hex, 16));
      i += hex.length;
    } else if (unicode !== null) {
      const code = (unicode[1] ?? unicode[2]) as string;
      out += String.fromCodePoint(Number.parseInt(code, 16));
      i += code.length;
    } else if (next === "u" || next === "U") throw new LexError("bad unicode escape");
    else out += next;
  }
  return out;
}

function operator(code: string, i: number): string {
  let j = i;
  while (j < code.length && OP_CHARS.includes(code[j] as string)) j++;
  let op = code.slice(i, j);
  if (op.length > 1 && ![...op].some((c) => OP_SPECIAL.includes(c))) {
    while (op.length > 1 && (op.endsWith("+") || op.endsWith("-"))) op = op.slice(0, -1);
  }
  return op;
}

/** Tokens of a run of code (no quotes or comments in it). */
function codeTokens(code: string, out: Token[]): void {
  let i = 0;
  while (i < code.length) {
    const ch = code[i] as string;
    const next = code[i + 1] ?? "";
    if (/\s/.test(ch)) i++;
    else if (/[0-9]/.test(ch) || (ch === "." && /[0-9]/.test(next))) {
      const m = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(code.slice(i)) as RegExpExecArray;
      if (IDENT_PART.test(code[i + m[0].length] ?? "")) throw new LexError("number followed by a letter");
      out.push({ t: "num", v: m[0] });
      i += m[0].length;
    } else if (IDENT_START.test(ch)) {
      let j = i + 1;
      while (j < code.length && IDENT_PART.test(code[j] as string)) j++;
      out.push({ t: "ident", v: code.slice(i, j).toLowerCase(), quoted: false });
      i = j;
    } else if (ch === ":" && next === ":") {
      out.push({ t: "punct", v: "::" });
      i += 2;
    } else if ("()[],.:".includes(ch)) {
      out.push({ t: "punct", v: ch });
      i++;
    } else if (OP_CHARS.includes(ch)) {
      const op = operator(code, i);
      out.push({ t: "op", v: op });
      i += op.length;
    } else throw new LexError(`unexpected character ${JSON.stringify(ch)}`);
  }
}

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const s of segments(text, "postgres")) {
    const raw = text.slice(s.start, s.end);
    if (!s.closed) throw new LexError(`unclosed ${s.kind}`);
    switch (s.kind) {
      case "comment":
        break;
      case "code":
        codeTokens(raw, out);
        break;
      case "name":
        if (raw.length === 2) throw new LexError("empty quoted name");
        out.push({ t: "ident", v: raw.slice(1, -1).replaceAll('""', '"'), quoted: true });
        break;
      case "dollar": {
        const tag = /^\$[^$]*\$/.exec(raw)?.[0] as string;
        out.push({ t: "str", v: raw.slice(tag.length, raw.length - tag.length) });
        break;
      }
      case "string": {
        // A prefix glued to the quote is part of the string: E'…' reads escapes; B'', X'', U&'' are not read.
        const prev = out[out.length - 1];
        const glued = s.start > 0 && !/[\s(,]/.test(text[s.start - 1] as string) && prev !== undefined;
        const eString = glued && prev.t === "ident" && !prev.quoted && prev.v === "e";
        if (glued && !eString && (prev.t === "ident" || (prev.t === "op" && prev.v.endsWith("&")))) throw new LexError("prefixed string (B'', X'', U&'')");
        if (eString) out.pop();
        const body = raw.slice(1, -1).replaceAll("''", "'");
        out.push({ t: "str", v: eString ? unescape(body) : body });
        break;
      }
      default:
        throw new LexError(`unexpected ${s.kind satisfies never}`);
    }
  }
  return out;
}
