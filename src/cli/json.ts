/**
 * `--json`: one JSON document on stdout per command, with a `format` number that changes only
 * when a key changes meaning (new keys may appear). Errors become a document on stderr, on one
 * line, so a script reads stdout on success and the last line of stderr on failure. The shapes
 * are documented in docs/cli.md ("JSON output").
 */
import { AlabError, AlabErrors, unreachable } from "../errors";
import type { RunEvent } from "../workflows/run/events";

/** The format of every `--json` document but `alab status`'s (which has its own, 2). */
export const JSON_FORMAT = 1;

export interface JsonError {
  readonly code: string;
  readonly message: string;
  readonly hint: string | null;
  readonly exit: number;
  /** Where in a user's file, when the error points into one. */
  readonly file: string | null;
  readonly line: number | null;
  readonly column: number | null;
  readonly details: readonly string[];
}

function one(e: AlabError): JsonError {
  return {
    code: e.code,
    message: e.message,
    hint: e.hint ?? null,
    exit: e.exit,
    file: e.at?.file ?? null,
    line: e.at?.line ?? null,
    column: e.at?.column ?? null,
    details: [...e.details],
  };
}

/** `{ format, error, errors }`: `error` is the first (or only) one, `errors` all of them. */
export function errorDocument(e: unknown): { format: number; error: JsonError; errors: JsonError[] } {
  const list =
    e instanceof AlabErrors
      ? e.errors.map(one)
      : e instanceof AlabError
        ? [one(e)]
        : [{ code: "E_INTERNAL", message: e instanceof Error ? e.message : String(e), hint: "this is a bug in alab; rerun with ALAB_DEBUG=1 to see the stack trace and report it", exit: 1, file: null, line: null, column: null, details: [] }];
  return { format: JSON_FORMAT, error: list[0] as JsonError, errors: list };
}

/** What a run reports besides its result, collected for the document instead of printed. */
export class RunRecord {
  readonly warnings: string[] = [];
  readonly notes: { file: string; message: string }[] = [];
  readonly logs: { file: string; line: string }[] = [];

  /** The document's keys for them. */
  fields(): { warnings: string[]; notes: { file: string; message: string }[]; logs: { file: string; line: string }[] } {
    return { warnings: this.warnings, notes: this.notes, logs: this.logs };
  }

  readonly on = (e: RunEvent): void => {
    switch (e.kind) {
      case "warning":
        this.warnings.push(e.message);
        break;
      case "note":
        this.notes.push({ file: e.file, message: e.message });
        break;
      case "log":
        this.logs.push({ file: e.file, line: e.line });
        break;
      case "start":
      case "migration":
        break;
      default:
        unreachable(e, "run event");
    }
  };
}

/** Whether `--json` is among the arguments (before `--`): errors then print as a document. */
export function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf("--");
  return (end < 0 ? argv : argv.slice(0, end)).includes("--json");
}
