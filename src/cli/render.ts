/**
 * Everything alab prints goes through here (or through the command files, using these helpers).
 * Errors are rendered cargo-style (DESIGN §7): a header, the location, a one-line code frame with
 * a caret under the span, detail lines, and a hint. Colour is decided by the caller.
 *
 * Printed text mixes alab's words with user text (messages quote identifiers, file names, values,
 * database errors; console output of user files). Every control character is escaped where the
 * text is written (printLines, printScript, printJson), so no caller can forget it; the only escape
 * sequences that reach the terminal are alab's own colours, which `paint` marks with a key no user
 * string can contain.
 */
import { resolve } from "node:path";
import { AlabError, AlabErrors, type SourceLocation } from "../errors";
import { sourceRead } from "../workflows/project/read-file";
import { escapeChar, escapeJson, escapeText, unsafeInScript } from "./escape";
import { errorDocument } from "./json";

export type Style = (text: string) => string;
export interface Paint {
  readonly red: Style;
  readonly yellow: Style;
  readonly green: Style;
  readonly cyan: Style;
  readonly blue: Style;
  readonly bold: Style;
  readonly dim: Style;
}

/**
 * alab's own escape sequences start with this instead of a bare ESC: ESC and a random tag made
 * once per run. terminalText turns it back into ESC after escaping everything else, so a user
 * string cannot forge alab's styling (it cannot know the tag) and alab's cannot be escaped away.
 */
const STYLE_KEY = `\x1b${crypto.randomUUID()}`;
const sgr = (open: number, close: number): Style => (t) => `${STYLE_KEY}[${open}m${t}${STYLE_KEY}[${close}m`;
const plain: Style = (t) => t;
const COLOURED: Paint = {
  red: sgr(31, 39),
  yellow: sgr(33, 39),
  green: sgr(32, 39),
  cyan: sgr(36, 39),
  blue: sgr(34, 39),
  bold: sgr(1, 22),
  dim: sgr(2, 22),
};
const PLAIN: Paint = { red: plain, yellow: plain, green: plain, cyan: plain, blue: plain, bold: plain, dim: plain };

export function paint(color: boolean): Paint {
  return color ? COLOURED : PLAIN;
}

/** Colour only on a terminal, never with NO_COLOR (any non-empty value) or TERM=dumb or --no-color. */
export function colorEnabled(
  flag: boolean,
  isTTY: boolean | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
): boolean {
  return flag && isTTY === true && (env.NO_COLOR ?? "") === "" && env.TERM !== "dumb";
}

/** Text without colour: alab's own styling, and the SGR sequences of citty's messages. */
export function stripAnsi(text: string): string {
  return text.split(STYLE_KEY).join("\x1b").replace(/\x1b\[[0-9;]*m/g, "");
}

/** A line as it reaches the terminal: every control character escaped except alab's own styling. */
export function terminalText(text: string): string {
  return text.split(STYLE_KEY).map(escapeText).join("\x1b");
}

export interface FormatOptions {
  readonly color: boolean;
  /** Source text of a file named in an error location, or undefined when it cannot be read. */
  readonly readSource?: (file: string) => string | undefined;
  /** ALAB_DEBUG=1: append stack traces. */
  readonly debug?: boolean;
}

/** The lines printed for any thrown value: AlabError, AlabErrors, or anything else (E_INTERNAL). */
export function formatError(e: unknown, opts: FormatOptions): string[] {
  const p = paint(opts.color);
  if (e instanceof AlabErrors && e.errors.length === 1 && e.errors[0] !== undefined) return formatError(e.errors[0], opts);
  if (e instanceof AlabErrors) {
    const out: string[] = [];
    for (const one of e.errors) out.push(...formatError(one, opts), "");
    out.push(`${p.red(p.bold("error"))}${p.bold(`: ${e.errors.length} errors`)}`);
    return out;
  }
  if (e instanceof AlabError) {
    const out = [`${p.red(p.bold(`error[${e.code}]`))}${p.bold(`: ${e.message}`)}`];
    if (e.at !== undefined) out.push(...formatLocation(e.at, p, opts.readSource));
    for (const d of e.details) out.push(`  ${d}`);
    if (e.hint !== undefined) out.push(`${p.cyan(p.bold("help"))}: ${e.hint}`);
    if (opts.debug) out.push(...stackLines(e));
    return out;
  }
  const message = e instanceof Error ? e.message : String(e);
  const out = [`${p.red(p.bold("error[E_INTERNAL]"))}${p.bold(`: ${message}`)}`];
  if (opts.debug) out.push(...stackLines(e));
  else out.push(`${p.cyan(p.bold("help"))}: this is a bug in alab; rerun with ALAB_DEBUG=1 to see the stack trace and report it`);
  return out;
}

function formatLocation(at: SourceLocation, p: Paint, readSource?: (file: string) => string | undefined): string[] {
  const where = at.line === undefined ? at.file : `${at.file}:${at.line}${at.column === undefined ? "" : `:${at.column}`}`;
  const text = at.line === undefined ? undefined : (at.shownLine ?? readSource?.(at.file)?.split(/\r?\n/)[at.line - 1]);
  // The gutter is one column wider than the line number, as in DESIGN §7's example.
  const num = ` ${at.line ?? ""}`;
  const arrowPad = " ".repeat(num.length);
  const bar = `${" ".repeat(num.length + 1)}${p.blue("|")}`;
  const out = [`${arrowPad}${p.blue("-->")} ${where}`];
  if (text === undefined) return out;
  // Escaped here, not only when printed: the caret must line up with the escaped text.
  const shown = (s: string) => escapeText(s.replace(/\t/g, "    "));
  const expanded = shown(text);
  const col = Math.min(Math.max(at.column ?? 1, 1), text.length + 1);
  const caretAt = shown(text.slice(0, col - 1)).length;
  const length = Math.max(1, Math.min(at.length ?? 1, Math.max(1, expanded.length - caretAt)));
  const label = at.label === undefined ? "" : ` ${at.label}`;
  out.push(bar, `${p.blue(`${num} |`)} ${expanded}`, `${bar} ${" ".repeat(caretAt)}${p.red(p.bold("^".repeat(length) + label))}`);
  return out;
}

function stackLines(e: unknown): string[] {
  const out: string[] = [];
  let cur: unknown = e;
  for (let depth = 0; cur !== undefined && depth < 5; depth++) {
    if (cur instanceof Error) {
      out.push(...(cur.stack ?? String(cur)).split("\n").map((l) => `  ${l}`));
      cur = cur.cause;
      if (cur !== undefined) out.push("  caused by:");
    } else {
      out.push(`  ${String(cur)}`);
      cur = undefined;
    }
  }
  return out;
}

/**
 * The source of a file named in an error (relative to `cwd`): only what the project reader
 * returned in this run, so a code frame never shows a file alab refused or never read (a link to
 * /proc/self/environ, a FIFO), nor a different version of one it did.
 */
export function sourceReader(cwd: string): (file: string) => string | undefined {
  return (file) => sourceRead(resolve(cwd, file));
}

let errorsAsJson = false;

/** `--json`: from now on every error is printed as one line of JSON (src/cli/json.ts). */
export function printErrorsAsJson(): void {
  errorsAsJson = true;
}

export function jsonErrors(): boolean {
  return errorsAsJson;
}

/** Prints an error to stderr (see formatError), or with `--json` as a JSON document on one line. */
export function printError(e: unknown, color: boolean, opts: { cwd?: string; debug?: boolean } = {}): void {
  if (errorsAsJson) {
    write(`${escapeJson(JSON.stringify(versioned(errorDocument(e))))}\n`, "stderr");
    return;
  }
  const lines = formatError(e, {
    color,
    readSource: sourceReader(opts.cwd ?? process.cwd()),
    debug: opts.debug ?? process.env.ALAB_DEBUG === "1",
  });
  printLines(lines, "stderr");
}

const pending = new Set<Promise<void>>();

/**
 * Writes lines to stdout or stderr. Use this (not console.log or stream.write) so that
 * `flushOutput` can wait for the data: process.exit drops whatever a slow pipe has not taken yet.
 */
export function printLines(lines: readonly string[], to: "stdout" | "stderr" = "stdout"): void {
  if (lines.length === 0) return;
  write(`${lines.map(terminalText).join("\n")}\n`, to);
}

/**
 * A `--dry` script to stdout, exactly as given, for psql / mysql / sqlite3. One that would carry a
 * control character (other than tab and newline) is refused: escaping it would change the SQL a
 * pipe runs, printing it raw would let a migration act on the terminal.
 */
export function printScript(script: string): void {
  const at = unsafeInScript(script);
  if (at >= 0) {
    const lineNo = script.slice(0, at).split("\n").length;
    const line = script.split("\n")[lineNo - 1] ?? "";
    throw new AlabError({
      code: "E_DRY_CONTROL_CHARACTER",
      message: `line ${lineNo} of the --dry script holds a control character (${escapeChar(script[at] ?? "")}), which alab does not print raw`,
      details: [line.length > 200 ? `${line.slice(0, 199)}…` : line],
      hint: "run it without --dry (the database receives the text as written), or write the character with the dialect's escape in the migration (PostgreSQL E'\\x1b', MySQL and SQLite char(27))",
    });
  }
  write(script, "stdout");
}

/**
 * An export (`alab export`) to stdout exactly as made. The exporters write every control or bidi
 * character in their format's own escape (src/export/index.ts); one left raw is a bug, refused.
 */
export function printExport(text: string): void {
  const at = unsafeInScript(text);
  if (at >= 0) {
    throw new AlabError({
      code: "E_INTERNAL",
      message: `internal: the export holds a control character (${escapeChar(text[at] ?? "")}) at offset ${at}`,
      hint: "this is a bug in alab; please report it with the schema that produced it",
      exit: 1,
    });
  }
  write(text, "stdout");
}

/**
 * Every document leads with `version`: the number of its shape (the same as `format`, which
 * `status --json` had first and keeps), so deploy tooling finds it under the name it looks for.
 */
export function versioned<T extends object>(doc: T): T | ({ version: number } & T) {
  const format = (doc as { format?: unknown }).format;
  return typeof format === "number" && !("version" in doc) ? { version: format, ...doc } : doc;
}

/** A JSON document to stdout; characters JSON.stringify leaves raw become \u escapes (the same value). */
export function printJson(value: object): void {
  write(`${escapeJson(JSON.stringify(versioned(value), null, 2))}\n`, "stdout");
}

function write(text: string, to: "stdout" | "stderr"): void {
  if (text === "") return;
  const stream = to === "stdout" ? process.stdout : process.stderr;
  const done = new Promise<void>((resolve) => stream.write(text, () => resolve()));
  pending.add(done);
  void done.then(() => pending.delete(done));
}

/** Resolves once everything printed so far has been handed to the OS (main.ts awaits it before exiting). */
export async function flushOutput(): Promise<void> {
  await Promise.all([...pending]);
}

/** `console.log` output of user files: to stderr, each line prefixed with the file's path. */
export function printLogs(logs: readonly { readonly file: string; readonly line: string }[]): void {
  printLines(
    logs.flatMap((l) => l.line.split("\n").map((text) => `${l.file}: ${text}`)),
    "stderr",
  );
}
