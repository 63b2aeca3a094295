/**
 * A SQL expression written by a user (a table CHECK) is SQL by design, but it must stay one
 * expression inside its `CHECK (…)`. A schema file does not know which database it will meet, so
 * the expression is read the way each dialect's lexer reads it (lexer.ts) and refused when any of
 * them would see it end early or reach past its parentheses:
 *
 *   - a `;` outside quotes (a second statement; the mysql and sqlite3 shells split on it);
 *   - a `)` that closes more than was opened, or a `(` never closed;
 *   - a quote or quoted name left open;
 *   - a comment (`--`, block comments including MySQL's executable `/*!`, MySQL's `#`);
 *   - `$` outside quotes (PostgreSQL dollar quotes, positional parameters);
 *   - a backslash anywhere: an escape in MySQL strings but a plain character elsewhere, so a
 *     string one reader thinks closed is open to another; outside quotes it starts a psql or
 *     mysql client command in a piped `--dry` script;
 *   - NUL and other control characters (except tab, newline, carriage return), lone surrogates;
 *   - nothing at all.
 */
import { AlabError } from "../errors";
import { type Dialect, DIALECTS } from "./dialect";
import { type SegmentKind, segments } from "./lexer";

export interface ExpressionProblem {
  /** What is wrong, e.g. "a `;` outside quotes would end the statement". */
  readonly reason: string;
  /** Offset in the expression where the problem starts. */
  readonly offset: number;
}

const PRODUCT: Record<Dialect, string> = { postgres: "PostgreSQL", mysql: "MySQL/MariaDB", sqlite: "SQLite" };

const OPEN: Record<Exclude<SegmentKind, "code">, string> = {
  string: "a string literal is never closed",
  name: "a quoted name is never closed",
  comment: "comments are not allowed in an expression",
  dollar: "dollar-quoted strings are not allowed in an expression",
};

function characterProblem(text: string): ExpressionProblem | undefined {
  if (!text.isWellFormed()) {
    const at = [...text].findIndex((c) => c.length === 1 && c.charCodeAt(0) >= 0xd800 && c.charCodeAt(0) <= 0xdfff);
    return { reason: "it contains a lone UTF-16 surrogate, which no database can store", offset: Math.max(0, at) };
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) {
      return { reason: `it contains the control character U+${c.toString(16).toUpperCase().padStart(4, "0")}`, offset: i };
    }
    if (text[i] === "\\") {
      return { reason: "a backslash means different things to different databases (an escape in MySQL strings)", offset: i };
    }
  }
  return undefined;
}

/** The first problem as one dialect reads the expression. */
function readingProblem(text: string, dialect: Dialect): ExpressionProblem | undefined {
  let depth = 0;
  let opened = -1;
  for (const s of segments(text, dialect)) {
    if (s.kind === "comment" || s.kind === "dollar") return { reason: OPEN[s.kind], offset: s.start };
    if (!s.closed) return { reason: OPEN[s.kind === "code" ? "string" : s.kind], offset: s.start };
    if (s.kind !== "code") continue;
    for (let i = s.start; i < s.end; i++) {
      switch (text[i]) {
        case ";":
          return { reason: "a `;` outside quotes would end the statement", offset: i };
        case "$":
          return { reason: "`$` outside quotes starts a dollar quote or a parameter", offset: i };
        case "(":
          if (depth === 0) opened = i;
          depth++;
          break;
        case ")":
          depth--;
          if (depth < 0) return { reason: "a `)` closes more than the expression opened, which would end its CHECK (…)", offset: i };
          break;
      }
    }
  }
  return depth > 0 ? { reason: "a `(` is never closed", offset: opened } : undefined;
}

/** Why `text` cannot be used as one expression inside `CHECK (…)` on every dialect, or undefined when it can. */
export function expressionProblem(text: string): ExpressionProblem | undefined {
  if (text.trim() === "") return { reason: "it is empty", offset: 0 };
  const chars = characterProblem(text);
  if (chars !== undefined) return chars;
  const found = DIALECTS.map((d) => ({ dialect: d, problem: readingProblem(text, d) }));
  const first = found.find((f) => f.problem !== undefined);
  if (first?.problem === undefined) return undefined;
  if (found.every((f) => f.problem !== undefined && f.problem.reason === first.problem?.reason)) return first.problem;
  return { reason: `${first.problem.reason} (as ${PRODUCT[first.dialect]} reads it)`, offset: first.problem.offset };
}

export const EXPRESSION_HINT =
  "a check expression is one SQL expression over the table's columns, e.g. `price >= 0 AND price < 1000`: no `;`, comments, backslashes or `$`, every quote and parenthesis closed; for a regular expression use the column's `.pattern()` (docs/schema.md, Checks)";

/** Refuses an expression that could reach outside its CHECK (…) on any dialect (E_SQL_UNSAFE_EXPRESSION). */
export function assertSafeExpression(text: string, what: string): string {
  const problem = expressionProblem(text);
  if (problem === undefined) return text;
  throw unsafeExpression(text, what, problem);
}

export function unsafeExpression(text: string, what: string, problem: ExpressionProblem): AlabError {
  return new AlabError({
    code: "E_SQL_UNSAFE_EXPRESSION",
    message: `${what} is not a single SQL expression: ${problem.reason}`,
    hint: EXPRESSION_HINT,
    details: [`at character ${problem.offset + 1} of ${JSON.stringify(excerpt(text, problem.offset))}`],
  });
}

/** Up to 60 characters of the expression around `offset`, for the message (JSON-quoted by the caller). */
function excerpt(text: string, offset: number): string {
  if (text.length <= 60) return text;
  const from = Math.max(0, Math.min(offset - 30, text.length - 60));
  return `${from > 0 ? "…" : ""}${text.slice(from, from + 60)}${from + 60 < text.length ? "…" : ""}`;
}
