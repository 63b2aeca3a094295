/**
 * How each dialect splits SQL text into code, quoted runs and comments: the one lexer behind
 * every scan of user SQL (raw-SQL placeholders, statement counting, CHECK expressions). It knows
 * only where quotes and comments begin and end, which is what decides where a statement or an
 * expression ends; it does not parse.
 *
 *   PostgreSQL   '…' (doubled ''), E'…' with backslash escapes, "names", $tag$…$tag$, block
 *                comments that nest
 *   MySQL        '…' and "…" strings with backslash escapes (alab's sessions leave
 *                NO_BACKSLASH_ESCAPES off), `names`, # comments, block comments (also the
 *                executable `/*!` kind)
 *   SQLite       '…', "names", `names`, [names], block comments
 *   all          -- to the end of the line (MySQL strictly needs a space after it: treating every
 *                `--` as a comment errs on the side of hiding less code from a scan that refuses)
 */
import type { Dialect } from "./dialect";

export interface LexRules {
  /** A backslash escapes the next character in every '…' string (MySQL). */
  readonly backslashStrings: boolean;
  /** E'…' strings read backslash escapes (PostgreSQL). */
  readonly eStrings: boolean;
  /** "…" is a string with backslash escapes (MySQL), not a quoted name. */
  readonly doubleQuotedStrings: boolean;
  readonly backtickNames: boolean;
  /** [name] (SQLite, for compatibility with other databases). */
  readonly bracketNames: boolean;
  readonly hashComments: boolean;
  /** $$…$$ and $tag$…$tag$ (PostgreSQL). */
  readonly dollarQuotes: boolean;
  /** Block comments nest (PostgreSQL). */
  readonly nestedComments: boolean;
}

export const LEX_RULES: Readonly<Record<Dialect, LexRules>> = {
  postgres: {
    backslashStrings: false,
    eStrings: true,
    doubleQuotedStrings: false,
    backtickNames: false,
    bracketNames: false,
    hashComments: false,
    dollarQuotes: true,
    nestedComments: true,
  },
  mysql: {
    backslashStrings: true,
    eStrings: false,
    doubleQuotedStrings: true,
    backtickNames: true,
    bracketNames: false,
    hashComments: true,
    dollarQuotes: false,
    nestedComments: false,
  },
  sqlite: {
    backslashStrings: false,
    eStrings: false,
    doubleQuotedStrings: false,
    backtickNames: true,
    bracketNames: true,
    hashComments: false,
    dollarQuotes: false,
    nestedComments: false,
  },
};

export type SegmentKind = "code" | "string" | "name" | "comment" | "dollar";

/** A run of the text: `text.slice(start, end)`. `closed` is false for a quote or comment cut off by the end of the text. */
export interface Segment {
  readonly kind: SegmentKind;
  readonly start: number;
  readonly end: number;
  readonly closed: boolean;
}

/** Characters that continue an unquoted identifier (PostgreSQL also allows `$` after the first). */
const WORD = /[A-Za-z0-9_$\u0080-\uffff]/;
const DOLLAR_TAG = /^\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/;

/** Index just past a quoted run opened at `i`; a doubled quote stays inside; `backslash` escapes the next character. */
function quoted(text: string, i: number, close: string, backslash: boolean): { end: number; closed: boolean } {
  let j = i + 1;
  while (j < text.length) {
    const ch = text[j];
    if (backslash && ch === "\\") j += 2;
    else if (ch === close) {
      if (close !== "]" && text[j + 1] === close) j += 2;
      else return { end: j + 1, closed: true };
    } else j++;
  }
  return { end: text.length, closed: false };
}

function lineComment(text: string, i: number): { end: number; closed: boolean } {
  const nl = text.indexOf("\n", i);
  return { end: nl < 0 ? text.length : nl, closed: true };
}

function blockComment(text: string, i: number, nested: boolean): { end: number; closed: boolean } {
  let depth = 1;
  let j = i + 2;
  while (j < text.length) {
    if (text.startsWith("*/", j)) {
      depth--;
      j += 2;
      if (depth === 0) return { end: j, closed: true };
    } else if (nested && text.startsWith("/*", j)) {
      depth++;
      j += 2;
    } else j++;
  }
  return { end: text.length, closed: false };
}

/** What starts at `i`, if it is not code: its kind and where it ends. */
function special(text: string, i: number, rules: LexRules): { kind: SegmentKind; end: number; closed: boolean } | undefined {
  const ch = text[i];
  const next = text[i + 1];
  const prev = text[i - 1] ?? "";
  switch (ch) {
    case "'": {
      // E'…' only when the E starts a token: in `somE'x'` the E ends a name.
      const eString = rules.eStrings && (prev === "E" || prev === "e") && !WORD.test(text[i - 2] ?? "");
      return { kind: "string", ...quoted(text, i, "'", rules.backslashStrings || eString) };
    }
    case '"':
      return rules.doubleQuotedStrings ? { kind: "string", ...quoted(text, i, '"', rules.backslashStrings) } : { kind: "name", ...quoted(text, i, '"', false) };
    case "`":
      return rules.backtickNames ? { kind: "name", ...quoted(text, i, "`", false) } : undefined;
    case "[":
      return rules.bracketNames ? { kind: "name", ...quoted(text, i, "]", false) } : undefined;
    case "-":
      return next === "-" ? { kind: "comment", ...lineComment(text, i) } : undefined;
    case "#":
      return rules.hashComments ? { kind: "comment", ...lineComment(text, i) } : undefined;
    case "/":
      return next === "*" ? { kind: "comment", ...blockComment(text, i, rules.nestedComments) } : undefined;
    case "$": {
      if (!rules.dollarQuotes || WORD.test(prev)) return undefined;
      const tag = DOLLAR_TAG.exec(text.slice(i, i + 64))?.[0];
      if (tag === undefined) return undefined;
      const at = text.indexOf(tag, i + tag.length);
      return { kind: "dollar", end: at < 0 ? text.length : at + tag.length, closed: at >= 0 };
    }
    default:
      return undefined;
  }
}

/** The text as consecutive segments, as `dialect` (or explicit rules) reads it. */
export function segments(text: string, dialect: Dialect | LexRules): Segment[] {
  const rules = typeof dialect === "string" ? LEX_RULES[dialect] : dialect;
  const out: Segment[] = [];
  let codeStart = 0;
  let i = 0;
  while (i < text.length) {
    const s = special(text, i, rules);
    if (s === undefined) {
      i++;
      continue;
    }
    if (codeStart < i) out.push({ kind: "code", start: codeStart, end: i, closed: true });
    out.push({ kind: s.kind, start: i, end: s.end, closed: s.closed });
    i = s.end;
    codeStart = i;
  }
  if (codeStart < text.length) out.push({ kind: "code", start: codeStart, end: text.length, closed: true });
  return out;
}

/** Positions of `token` matches inside code (outside quotes and comments), each starting in a code segment. */
export function findInCode(text: string, dialect: Dialect, token: RegExp): { at: number; length: number }[] {
  const out: { at: number; length: number }[] = [];
  const sticky = new RegExp(token.source, "y");
  for (const s of segments(text, dialect)) {
    if (s.kind !== "code") continue;
    let i = s.start;
    while (i < s.end) {
      sticky.lastIndex = i;
      const m = sticky.exec(text);
      if (m !== null && m[0].length > 0 && i + m[0].length <= s.end) {
        out.push({ at: i, length: m[0].length });
        i += m[0].length;
      } else i++;
    }
  }
  return out;
}
