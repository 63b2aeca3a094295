/** SQL as script text for psql / mysql / sqlite3: statements ended with `;`, comment lines that stay comments. */

/** A statement as script text: trailing `;` removed, one added (on its own line after a `--` comment). */
export function terminated(sql: string): string {
  const body = sql.replace(/[\s;]+$/, "");
  const lastLine = body.slice(body.lastIndexOf("\n") + 1);
  return lastLine.includes("--") ? `${body}\n;` : `${body};`;
}

/**
 * A `--` comment line. Its text may come from outside alab (a database name from the URL, the
 * server's version string): a line break would end the comment and put the rest of the text into
 * the script as SQL for whatever the script is piped into, so control characters are written escaped.
 */
export function comment(text: string): string {
  return `-- ${text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)}`;
}
