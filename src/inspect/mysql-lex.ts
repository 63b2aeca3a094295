/**
 * MySQL/MariaDB expression text as tokens, for reading back what the server prints (CHECK
 * clauses, defaults, generation expressions). Where quotes and comments begin and end is the one
 * SQL lexer's business (src/sql/lexer.ts); this splits its code runs into words, numbers and
 * operators, decodes strings (backslash escapes, doubled quotes; a charset introducer or `N`
 * prefix dropped: `_utf8mb4'x'` is the string x) and unquotes names. Comments are skipped. Pure.
 */
import { type Segment, segments } from "../sql/lexer";

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

/** The value of a quoted run (quotes included): backslash escapes and doubled quotes decoded. */
function decode(quoted: string): string {
  const q = quoted[0]!;
  const body = quoted.slice(1, -1);
  let out = "";
  for (let j = 0; j < body.length; j++) {
    const ch = body[j]!;
    if (ch === "\\" && j + 1 < body.length) {
      const next = body[++j]!;
      out += ESCAPES[next] ?? next;
    } else if (ch === q && body[j + 1] === q) {
      out += q;
      j++;
    } else out += ch;
  }
  return out;
}

function number(text: string): { token: Token; length: number } {
  const hex = /^0x[0-9a-fA-F]+/.exec(text);
  if (hex) return { token: { k: "bits", text: hex[0].toLowerCase() }, length: hex[0].length };
  const bin = /^0b[01]+/.exec(text);
  if (bin) return { token: { k: "bits", text: `b'${bin[0].slice(2)}'` }, length: bin[0].length };
  const m = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(text)!;
  let t = m[0].toLowerCase();
  if (t.startsWith(".")) t = `0${t}`;
  if (t.endsWith(".")) t = t.slice(0, -1);
  return { token: { k: "num", text: t.replace("e+", "e") }, length: m[0].length };
}

/** Words, numbers and operators of one code run. */
function codeTokens(code: string, out: Token[], ends: number[], offset: number): void {
  let i = 0;
  while (i < code.length) {
    const ch = code[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    let r: { token: Token; length: number };
    if (DIGIT.test(ch) || (ch === "." && DIGIT.test(code[i + 1] ?? ""))) r = number(code.slice(i));
    else if (WORD_START.test(ch)) {
      let j = i;
      while (j < code.length && WORD.test(code[j]!)) j++;
      const w = code.slice(i, j);
      r = { token: { k: "word", text: w, lower: w.toLowerCase() }, length: j - i };
    } else {
      const op = OPS.find((o) => code.startsWith(o, i));
      if (op === undefined) throw new LexError(`unexpected character ${JSON.stringify(ch)}`);
      r = { token: { k: "op", text: op }, length: op.length };
    }
    out.push(r.token);
    ends.push(offset + i + r.length);
    i += r.length;
  }
}

/** A string that a word before it prefixes: `N'…'`, `X'…'`, `B'…'` (touching it), `_charset '…'`. */
function prefixed(prev: Token | undefined, touching: boolean, s: Segment, text: string): Token | undefined {
  if (prev?.k !== "word") return undefined;
  const raw = text.slice(s.start + 1, s.end - 1);
  if (touching && prev.lower === "x" && text[s.start] === "'") {
    if (!/^([0-9a-fA-F]{2})*$/.test(raw)) throw new LexError("bad x'…' literal");
    return { k: "bits", text: `0x${raw.toLowerCase()}` };
  }
  if (touching && prev.lower === "b" && text[s.start] === "'") {
    if (!/^[01]*$/.test(raw)) throw new LexError("bad b'…' literal");
    return { k: "bits", text: `b'${raw}'` };
  }
  if ((touching && prev.lower === "n") || (prev.lower.startsWith("_") && prev.lower.length > 1)) return { k: "str", value: decode(text.slice(s.start, s.end)) };
  return undefined;
}

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const ends: number[] = []; // where each token ends in `text`, to tell a prefix touching its string
  for (const s of segments(text, "mysql")) {
    if (!s.closed) throw new LexError(`unterminated ${s.kind}`);
    switch (s.kind) {
      case "comment":
        break;
      case "code":
        codeTokens(text.slice(s.start, s.end), out, ends, s.start);
        break;
      case "name":
        out.push({ k: "name", text: text.slice(s.start + 1, s.end - 1).replaceAll("``", "`") });
        ends.push(s.end);
        break;
      case "string": {
        const p = prefixed(out[out.length - 1], ends[ends.length - 1] === s.start, s, text);
        if (p !== undefined) {
          out[out.length - 1] = p;
          ends[ends.length - 1] = s.end;
        } else {
          out.push({ k: "str", value: decode(text.slice(s.start, s.end)) });
          ends.push(s.end);
        }
        break;
      }
      case "dollar":
        throw new LexError("dollar quotes are not MySQL");
    }
  }
  return out;
}
