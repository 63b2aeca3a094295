/**
 * The tokens of a literal DSL file (literal-parse.ts), or null as soon as the text holds anything
 * that grammar never accepts: templates, regular expressions, operators other than `=>` and `-`,
 * whitespace other than space/tab/newline, non-ASCII names, or more than `maxTokens` tokens (each
 * costs ~70 bytes: budgets.ts). Much cheaper than the general tokenizer (tokens.ts), which must
 * make sense of any JavaScript; what it refuses goes to QuickJS. Also the values of its strings.
 */
import type { Token } from "./tokens";

const PUNCT = new Map([..."(){}[],:;.-"].map((c) => [c.charCodeAt(0), c]));

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36;
}

/** What may not follow a name or a number directly (it would make it a different token). */
function continuesToken(c: number): boolean {
  return isNameStart(c) || isDigit(c) || c === 92 || c >= 128 || c === 46;
}

export function scanLiteral(text: string, maxTokens: number): Token[] | null {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (tokens.length > maxTokens) return null;
    const c = text.charCodeAt(i);
    const start = i;
    if (c === 32 || c === 10 || c === 9) {
      i++;
    } else if (c === 47) {
      const d = text.charCodeAt(i + 1);
      if (d === 47) {
        const end = text.indexOf("\n", i);
        i = end < 0 ? n : end;
      } else if (d === 42) {
        const end = text.indexOf("*/", i + 2);
        if (end < 0) return null;
        i = end + 2;
      } else return null;
    } else if (c === 34 || c === 39) {
      i++;
      for (;;) {
        if (i >= n) return null;
        const d = text.charCodeAt(i);
        if (d === c) break;
        if (d === 10) return null;
        i += d === 92 ? 2 : 1;
      }
      i++;
      tokens.push({ kind: "string", text: text.slice(start, i), start });
    } else if (isDigit(c)) {
      while (isDigit(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) === 46 && isDigit(text.charCodeAt(i + 1))) for (i++; isDigit(text.charCodeAt(i)); ) i++;
      const e = text.charCodeAt(i);
      if (e === 101 || e === 69) {
        i++;
        if (text.charCodeAt(i) === 43 || text.charCodeAt(i) === 45) i++;
        if (!isDigit(text.charCodeAt(i))) return null;
        while (isDigit(text.charCodeAt(i))) i++;
      }
      if (i < n && continuesToken(text.charCodeAt(i))) return null;
      tokens.push({ kind: "number", text: text.slice(start, i), start });
    } else if (isNameStart(c)) {
      i++;
      while (i < n && (isNameStart(text.charCodeAt(i)) || isDigit(text.charCodeAt(i)))) i++;
      if (i < n && (text.charCodeAt(i) === 92 || text.charCodeAt(i) >= 128)) return null;
      tokens.push({ kind: "name", text: text.slice(start, i), start });
    } else if (c === 61 && text.charCodeAt(i + 1) === 62) {
      i += 2;
      tokens.push({ kind: "punct", text: "=>", start });
    } else {
      const p = PUNCT.get(c);
      if (p === undefined) return null;
      i++;
      tokens.push({ kind: "punct", text: p, start });
    }
  }
  return tokens;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", b: "\b", f: "\f", v: "\v", '"': '"', "'": "'", "\\": "\\" };

/** The value of a string literal token, or null for anything unusual (octal, line breaks…). */
export function stringLiteral(text: string): string | null {
  const quote = text[0] as string;
  if (text.length < 2 || text[text.length - 1] !== quote) return null;
  const body = text.slice(1, -1);
  if (!body.includes("\\")) return body.includes(quote) || body.includes("\n") ? null : body;
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c === quote || c === "\n") return null;
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = body[++i];
    if (e === undefined) return null;
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) out += simple;
    else if (e === "u" && /^[0-9a-fA-F]{4}$/.test(body.slice(i + 1, i + 5))) {
      out += String.fromCharCode(parseInt(body.slice(i + 1, i + 5), 16));
      i += 4;
    } else if (e === "x" && /^[0-9a-fA-F]{2}$/.test(body.slice(i + 1, i + 3))) {
      out += String.fromCharCode(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (e === "0" && !/[0-9]/.test(body[i + 1] ?? "")) out += "\0";
    else return null;
  }
  return out;
}
