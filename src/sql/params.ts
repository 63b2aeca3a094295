/**
 * Raw SQL from migrations (`m.sql`, Azul `query.raw(sql, args)`) runs verbatim. When it has
 * arguments they stay bound parameters (it is DML), written with `?` as Azul does; PostgreSQL
 * numbers its placeholders, so there they become $1, $2, … . Quoted text, quoted names, comments
 * and PostgreSQL dollar-quoted bodies are skipped, so a `?` inside them is left alone.
 */
import { AlabError } from "../errors";
import type { Dialect, Statement } from "./dialect";

type Arg = string | number | boolean | null;

/** Index just past a quoted run starting at `i` (the opening quote), honouring doubled quotes and, where asked, backslashes. */
function skipQuoted(text: string, i: number, quote: string, backslash: boolean): number {
  let j = i + 1;
  while (j < text.length) {
    const ch = text[j];
    if (backslash && ch === "\\") j += 2;
    else if (ch === quote) {
      if (text[j + 1] === quote) j += 2;
      else return j + 1;
    } else j++;
  }
  return j;
}

/** Positions of the `?` placeholders outside quotes and comments. */
export function placeholders(text: string, dialect: Dialect): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    const next = text[i + 1];
    if (ch === "'") {
      const prev = text[i - 1];
      const escapes = dialect === "mysql" || (dialect === "postgres" && (prev === "E" || prev === "e"));
      i = skipQuoted(text, i, "'", escapes);
    } else if (ch === '"') i = skipQuoted(text, i, '"', dialect === "mysql");
    else if (ch === "`" && dialect !== "postgres") i = skipQuoted(text, i, "`", false);
    else if (ch === "-" && next === "-") i = text.indexOf("\n", i) === -1 ? text.length : text.indexOf("\n", i);
    else if (ch === "#" && dialect === "mysql") i = text.indexOf("\n", i) === -1 ? text.length : text.indexOf("\n", i);
    else if (ch === "/" && next === "*") i = text.indexOf("*/", i + 2) === -1 ? text.length : text.indexOf("*/", i + 2) + 2;
    else if (ch === "$" && dialect === "postgres" && /^\$[A-Za-z_]*\$/.test(text.slice(i))) {
      const tag = /^\$[A-Za-z_]*\$/.exec(text.slice(i))![0];
      const end = text.indexOf(tag, i + tag.length);
      i = end === -1 ? text.length : end + tag.length;
    } else {
      if (ch === "?") out.push(i);
      i++;
    }
  }
  return out;
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
