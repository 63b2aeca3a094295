/**
 * Progress of a migrate or rollback run as it happens: one line per migration on stdout, warnings
 * and file output on stderr. A migration still running after SLOW_MS gets an `applying … ` line
 * first, so a deploy log shows what the run waits on (plain lines, no spinner). With `--json`,
 * stdout holds only the final document: the events are collected for it (json.ts), and the
 * waiting lines go to stderr.
 */
import { unreachable } from "../errors";
import type { RunEvent } from "../workflows/run/events";
import { RunRecord } from "./json";
import { type Paint, printLines, printLogs } from "./render";

export const SLOW_MS = 2000;

export interface Progress {
  readonly on: (e: RunEvent) => void;
  /** With `--json`: what the run reported, for the document. */
  readonly record: RunRecord;
}

export function progressPrinter(p: Paint, json = false): Progress {
  const record = new RunRecord();
  // By file: on PostgreSQL a migration's statements are sent before the one before it is reported done.
  const waiting = new Map<string, ReturnType<typeof setTimeout>>();
  const settle = (file: string) => {
    clearTimeout(waiting.get(file));
    waiting.delete(file);
  };
  const on = (e: RunEvent): void => {
    if (json) record.on(e);
    switch (e.kind) {
      case "start": {
        settle(e.file);
        const timer = setTimeout(() => printLines([`${e.direction === "up" ? "applying" : "reverting"} ${e.file} …`], json ? "stderr" : "stdout"), SLOW_MS);
        // A run that fails or is stopped must not wait for the timer to exit.
        timer.unref?.();
        waiting.set(e.file, timer);
        break;
      }
      case "migration":
        settle(e.file);
        if (!json) printLines([`${p.green(e.direction === "up" ? "applied " : "reverted")} ${e.file} ${p.dim(`(${e.ms} ms)`)}`]);
        break;
      case "note":
        if (!json) printLines([`${p.dim(`note: ${e.file}: ${e.message}`)}`], "stderr");
        break;
      case "warning":
        if (!json) printLines([`${p.yellow("warning")}: ${e.message}`], "stderr");
        break;
      case "log":
        if (!json) printLogs([e]);
        break;
      default:
        unreachable(e, "run event");
    }
  };
  return { on, record };
}
