/**
 * A small JavaScript/TypeScript tokenizer: enough to find imports without being fooled by strings,
 * comments, template literals and regular expressions, and to align TypeScript with its stripped
 * output. It never fails: unterminated constructs end at the end of the text.
 */
import { unreachable } from "../errors";

export type TokenKind = "name" | "punct" | "string" | "template" | "number" | "regex";

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly start: number; // UTF-16 offset in the text
}

const PUNCTUATORS = [
  ">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "&&=", "||=", "??=",
  "=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "++", "--", "+=", "-=", "*=", "/=", "%=",
  "&=", "|=", "^=", "**", "<<", ">>",
];

/** Multi-character punctuators by first character, longest first. */
const BY_FIRST = new Map<string, string[]>();
for (const p of PUNCTUATORS) BY_FIRST.set(p[0] as string, [...(BY_FIRST.get(p[0] as string) ?? []), p]);
for (const list of BY_FIRST.values()) list.sort((a, b) => b.length - a.length);

/** After these words an expression starts, so a `/` begins a regular expression. */
const EXPRESSION_KEYWORDS = new Set([
  "return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else",
  "yield", "await",
]);

function isNameCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36 || c === 35 || c === 92 || c > 0x7f;
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

function regexAllowed(prev: Token | undefined): boolean {
  if (prev === undefined) return true;
  switch (prev.kind) {
    case "name":
      return EXPRESSION_KEYWORDS.has(prev.text);
    case "punct":
      return prev.text !== ")" && prev.text !== "]" && prev.text !== "}";
    case "string":
    case "template":
    case "number":
    case "regex":
      return false;
    default:
      return unreachable(prev.kind, "token kind");
  }
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  // For each open `{`: false for a block/object brace, true for a template `${`.
  const braces: boolean[] = [];
  let i = 0;
  const n = text.length;

  const skipString = (quote: string): void => {
    i++;
    while (i < n && text[i] !== quote && text[i] !== "\n") i += text[i] === "\\" ? 2 : 1;
    if (text[i] === quote) i++;
  };
  // Scans template characters from i (just after "`" or "}") to the closing "`" or a "${".
  const templatePart = (start: number): void => {
    while (i < n && text[i] !== "`" && !(text[i] === "$" && text[i + 1] === "{")) i += text[i] === "\\" ? 2 : 1;
    if (text[i] === "`") i++;
    else if (i < n) {
      i += 2;
      braces.push(true);
    }
    tokens.push({ kind: "template", text: text.slice(start, i), start });
  };

  if (text.startsWith("#!")) while (i < n && text[i] !== "\n") i++;
  while (i < n) {
    const c = text[i] as string;
    const code = text.charCodeAt(i);
    const start = i;
    if (code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0xfeff || code === 0x2028 || code === 0x2029) {
      i++;
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < n && text[i] !== "\n") i++;
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === "'" || c === '"') {
      skipString(c);
      tokens.push({ kind: "string", text: text.slice(start, i), start });
    } else if (c === "`") {
      i++;
      templatePart(start);
    } else if (c === "}" && braces[braces.length - 1] === true) {
      braces.pop();
      i++;
      templatePart(start);
    } else if (isDigitCode(code) || (c === "." && isDigitCode(text.charCodeAt(i + 1)))) {
      while (i < n && (isNameCode(text.charCodeAt(i)) || text[i] === ".") && text[i] !== "#" && text[i] !== "\\" && text[i] !== "$") {
        const e = text[i] as string;
        i++;
        if ((e === "e" || e === "E") && (text[i] === "+" || text[i] === "-") && !/^0[xX]/.test(text.slice(start, i))) i++;
      }
      tokens.push({ kind: "number", text: text.slice(start, i), start });
    } else if (isNameCode(code)) {
      while (i < n && isNameCode(text.charCodeAt(i))) i++;
      tokens.push({ kind: "name", text: text.slice(start, i), start });
    } else if (c === "/" && regexAllowed(tokens[tokens.length - 1])) {
      let inClass = false;
      i++;
      while (i < n && text[i] !== "\n" && (inClass || text[i] !== "/")) {
        if (text[i] === "\\") i++;
        else if (text[i] === "[") inClass = true;
        else if (text[i] === "]") inClass = false;
        i++;
      }
      i++;
      while (i < n && /[A-Za-z]/.test(text[i] as string)) i++;
      tokens.push({ kind: "regex", text: text.slice(start, i), start });
    } else {
      let p = BY_FIRST.get(c)?.find((q) => text.startsWith(q, i)) ?? c;
      if (p === "?." && /[0-9]/.test(text[i + 2] ?? "")) p = "?";
      i += p.length;
      if (p === "{") braces.push(false);
      else if (p === "}") braces.pop();
      tokens.push({ kind: "punct", text: p, start });
    }
  }
  return tokens;
}

/** The value of a string token, for the escapes that matter when comparing specifiers and keys. */
export function stringValue(token: Token): string {
  const body = token.text.slice(1, token.text.endsWith(token.text[0] as string) && token.text.length > 1 ? -1 : undefined);
  return body.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r\n|[\s\S])/g, (_, e: string) => {
    if (e.startsWith("u{")) return String.fromCodePoint(parseInt(e.slice(2, -1), 16));
    if (e.length === 5 && e[0] === "u") return String.fromCharCode(parseInt(e.slice(1), 16));
    if (e.length === 3 && e[0] === "x") return String.fromCharCode(parseInt(e.slice(1), 16));
    const simple: Record<string, string> = { n: "\n", t: "\t", r: "\r", b: "\b", f: "\f", v: "\v", "0": "\0" };
    if (e === "\n" || e === "\r\n" || e === "\r") return "";
    return simple[e] ?? e;
  });
}
