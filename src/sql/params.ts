/**
 * Raw SQL from migrations (`m.sql`, Azul `query.raw(sql, args)`) runs verbatim. When it has
 * arguments they stay bound parameters (it is DML), written with `?` as Azul does; PostgreSQL
 * numbers its placeholders, so there they become $1, $2, … . Quoted text, quoted names, comments
 * and PostgreSQL dollar-quoted bodies are skipped (lexer.ts), so a `?` inside them is left alone.
 * `inlineArgs` turns such a statement back into plain text for `migrate --dry` scripts.
 */
import { AlabError } from "../errors";
import type { Dialect, Statement } from "./dialect";
import { quoteLiteral } from "./escape";
import { findInCode } from "./lexer";

type Arg = string | number | boolean | null;

/** Positions of the `?` placeholders outside quotes and comments. */
export function placeholders(text: string, dialect: Dialect): number[] {
  return findInCode(text, dialect, /\?/).map((p) => p.at);
}

export function rawStatement(text: string, args: readonly Arg[] | undefined, dialect: Dialect): Statement {
  if (args === undefined || args.length === 0) return { sql: text };
  const at = placeholders(text, dialect);
  if (at.length !== args.length) {
    throw new AlabError({
      code: "E_SQL_PARAM_COUNT",
      message: `raw SQL has ${at.length} \`?\` placeholder(s) but ${args.length} argument(s): ${text}`,
      hint: "write one `?` per argument (placeholders inside quotes and comments do not count)",
    });
  }
  if (dialect !== "postgres") return { sql: text, args: [...args] };
  let sql = "";
  let last = 0;
  at.forEach((pos, n) => {
    sql += `${text.slice(last, pos)}$${n + 1}`;
    last = pos + 1;
  });
  return { sql: sql + text.slice(last), args: [...args] };
}

/** The statement as plain SQL text with its arguments written in as escaped literals. */
export function inlineArgs(statement: Statement, dialect: Dialect): string {
  const args = statement.args ?? [];
  if (args.length === 0) return statement.sql;
  const found = findInCode(statement.sql, dialect, dialect === "postgres" ? /\$\d+/ : /\?/);
  let sql = "";
  let last = 0;
  found.forEach((p, n) => {
    const index = dialect === "postgres" ? Number(statement.sql.slice(p.at + 1, p.at + p.length)) - 1 : n;
    sql += statement.sql.slice(last, p.at) + quoteLiteral(args[index] ?? null, dialect);
    last = p.at + p.length;
  });
  return sql + statement.sql.slice(last);
}

/**
 * True when the text holds more than one statement: code after a `;` (outside quotes and
 * comments). A query that returns rows runs one statement; SQLite would silently drop the rest.
 */
export function severalStatements(text: string, dialect: Dialect): boolean {
  const first = findInCode(text, dialect, /;/)[0];
  return first !== undefined && findInCode(text.slice(first.at + 1), dialect, /[^\s;]/).length > 0;
}
