/**
 * A column type alab does not model, written by the user (`col.sql_type("citext")`) or read from a
 * live database by introspection, goes into CREATE TABLE verbatim. So it must be a type name and
 * nothing more, on every dialect: words (optionally schema-qualified), one parenthesised list of
 * numbers or simple quoted strings (MySQL `enum('a','b')`), more words (`with time zone`,
 * `unsigned`), array brackets. Anything else — quotes around names, `;`, comments, backslashes,
 * `$`, a default or constraint smuggled in — is refused.
 */
import { AlabError } from "../errors";

const WORD = "[A-Za-z_][A-Za-z0-9_]*";
// A string without backslashes (MySQL would read one as an escape) and with '' for a quote.
const ARG = "(?:\\d+|'(?:[^'\\\\\\n\\r]|'')*')";
const RAW_TYPE = new RegExp(
  `^${WORD}(?:\\.${WORD})?(?: ${WORD})*(?:\\(\\s*${ARG}(?:\\s*,\\s*${ARG})*\\s*\\))?(?: ${WORD})*(?:\\[\\d*\\])*$`,
);
/** Words that would turn a type into more than a type. */
const CLAUSES = new Set(["default", "not", "null", "primary", "references", "check", "constraint", "unique", "generated", "collate", "as", "on", "auto_increment", "autoincrement", "comment"]);
export const MAX_RAW_TYPE = 200;

/** Why `text` cannot be used as a raw column type, or undefined when it can. */
export function rawTypeProblem(text: string): string | undefined {
  if (text.length === 0) return "it is empty";
  if (text.length > MAX_RAW_TYPE) return `it is longer than ${MAX_RAW_TYPE} characters`;
  if (!RAW_TYPE.test(text)) return "it is not a plain type name: words, an optional (n, …) or ('a', …) list, and [] (no quotes around names, no `;`, comments or backslashes)";
  const outside = text.replace(/'(?:[^']|'')*'/g, "''");
  const clause = outside.toLowerCase().split(/[^a-z_]+/).find((w) => CLAUSES.has(w));
  if (clause !== undefined) return `\`${clause}\` starts a clause, not a type (put defaults, keys and constraints in their own modifiers)`;
  return undefined;
}

/** The text itself, when it is a type; E_SQL_BAD_TYPE otherwise (a hand-edited snapshot, an operation built in code). */
export function assertRawType(text: string, where: string): string {
  const problem = rawTypeProblem(text);
  if (problem === undefined) return text;
  throw new AlabError({
    code: "E_SQL_BAD_TYPE",
    message: `the SQL type of ${where} is refused: ${problem}`,
    hint: 'write the type alone, e.g. `col.sql_type("citext")` or `col.sql_type("varchar(20)[]")`',
  });
}
