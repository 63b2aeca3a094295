import { defineCommand } from "citty";
import { EXIT } from "../errors";
import { usageError } from "./args";
import { loadContext } from "./context";
import { signals } from "./signals";
import { JSON_FORMAT } from "./json";
import { progressPrinter } from "./progress";
import { paint, printJson, printLines, printScript } from "./render";
import { renumberNote } from "../workflows/database/renumbered";
import { plural } from "../workflows/words";

/** `--lock-timeout S`: seconds, ≥ 0; the configured value when absent. */
export function lockTimeoutArg(value: unknown, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (typeof value !== "string" || !/^\d+(\.\d+)?$/.test(value.trim()) || !Number.isFinite(n)) {
    throw usageError("E_USAGE_BAD_VALUE", `--lock-timeout takes a number of seconds (got \`${String(value)}\`)`, "e.g. --lock-timeout 120; 0 tries once");
  }
  return n;
}

/** `--ddl-lock-timeout S` and `--ddl-retries N`: only what was given (the config fills the rest). */
export function ddlLockArgs(timeout: unknown, retries: unknown): { timeoutSeconds?: number; retries?: number } {
  const out: { timeoutSeconds?: number; retries?: number } = {};
  if (timeout !== undefined && timeout !== "") {
    if (typeof timeout !== "string" || !/^\d+(\.\d+)?$/.test(timeout.trim())) {
      throw usageError("E_USAGE_BAD_VALUE", `--ddl-lock-timeout takes a number of seconds (got \`${String(timeout)}\`)`, "e.g. --ddl-lock-timeout 3; 0 lets DDL wait for its locks as long as it takes");
    }
    out.timeoutSeconds = Number(timeout);
  }
  if (retries !== undefined && retries !== "") {
    if (typeof retries !== "string" || !/^\d+$/.test(retries.trim()) || Number(retries) > 100) {
      throw usageError("E_USAGE_BAD_VALUE", `--ddl-retries takes a whole number from 0 to 100 (got \`${String(retries)}\`)`, "e.g. --ddl-retries 10; 0 gives up at the first lock timeout");
    }
    out.retries = Number(retries);
  }
  return out;
}

/** The flags `migrate` and `rollback` share for DDL lock waits. */
export const DDL_LOCK_FLAGS = {
  ddlLockTimeout: { type: "string", valueHint: "seconds", description: "how long one DDL statement may wait for a table lock before the run retries (default 5; 0: no limit)" },
  ddlRetries: { type: "string", valueHint: "n", description: "how many more tries after a DDL lock timeout, with pauses doubling from 1 s (default 5)" },
} as const;

export function txArg(value: unknown): "all" | "each" {
  if (value === undefined || value === "all" || value === "each") return value ?? "all";
  throw usageError("E_USAGE_BAD_VALUE", `--tx takes \`all\` or \`each\` (got \`${String(value)}\`)`, "--tx all: one transaction for the whole run (default); --tx each: one per migration");
}

export default defineCommand({
  meta: { name: "migrate", description: "apply pending migrations (--dry prints the SQL)" },
  args: {
    dry: { type: "boolean", description: "print the SQL a run would send (pipeable into psql / mysql / sqlite3); change nothing" },
    to: { type: "string", valueHint: "rev", description: "apply pending migrations up to and including this revision" },
    tx: { type: "string", valueHint: "all|each", description: "all: one transaction for the run (default); each: one per migration" },
    lockTimeout: { type: "string", valueHint: "seconds", description: "how long to wait for another run's lock (default 60)" },
    ...DDL_LOCK_FLAGS,
    commit: { type: "boolean", description: "git-commit the migrations folder after a successful run" },
    allowOutOfOrder: { type: "boolean", description: "apply pending files older than the newest applied one" },
    json: { type: "boolean", description: "print the result as a JSON document (shape in docs/cli.md); errors as JSON on stderr" },
  },
  async run({ args }) {
    const ctx = await loadContext(args);
    const opts = {
      signals,
      dry: args.dry === true,
      ...(typeof args.to === "string" ? { to: args.to } : {}),
      tx: txArg(args.tx),
      lockTimeoutSeconds: lockTimeoutArg(args.lockTimeout, ctx.config.lockTimeoutSeconds),
      ddlLock: ddlLockArgs(args.ddlLockTimeout, args.ddlRetries),
      allowOutOfOrder: args.allowOutOfOrder === true,
      commit: args.commit === true,
    };
    if (opts.dry && opts.commit) throw usageError("E_USAGE_CONFLICTING_FLAGS", "--dry and --commit cannot be combined", "--dry changes nothing, so there is nothing to commit");
    const p = paint(ctx.color);
    const { migrate } = await import("../workflows/migrate");
    const started = performance.now();
    const progress = progressPrinter(p, args.json === true);
    const r = await migrate(ctx.config, opts, progress.on);
    const ms = Math.round(performance.now() - started);
    if (args.json === true) {
      printJson({
        format: JSON_FORMAT,
        command: "migrate",
        dialect: r.dialect,
        dry: opts.dry,
        pending: r.pending,
        applied: r.applied.map((d) => ({ revision: d.revision, name: d.name, file: d.file, duration_ms: d.ms })),
        batch: r.batch ?? null,
        renumbered: r.renumbered.map((m) => ({ file: m.shown, note: renumberNote(m) })),
        duration_ms: ms,
        script: r.script ?? null,
        commit: r.commit === undefined ? null : { committed: r.commit.committed, sha: r.commit.sha ?? null, message: r.commit.message },
        ...progress.record.fields(),
      });
      return EXIT.ok;
    }
    if (opts.dry) {
      printScript(r.script ?? "-- alab migrate --dry: nothing to migrate, the database is up to date\n");
      return EXIT.ok;
    }
    if (r.pending === 0) printLines(["nothing to migrate: the database is up to date"]);
    else printLines([p.bold(`applied ${plural(r.applied.length, "migration")} in ${ms} ms${r.batch === undefined ? "" : ` (batch ${r.batch})`}`)]);
    if (r.commit !== undefined) printLines([r.commit.committed ? `${p.green("committed")} ${r.commit.sha ?? ""} ${r.commit.message}` : "nothing to commit: the migrations folder has no changes"]);
    return EXIT.ok;
  },
});
