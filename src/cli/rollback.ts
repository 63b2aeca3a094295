import { defineCommand } from "citty";
import { EXIT } from "../errors";
import { lossLines } from "../diff/losses";
import type { RollbackPreview, RollbackTarget } from "../workflows/rollback";
import { askOnTerminal } from "./ask";
import { usageError } from "./args";
import { loadContext } from "./context";
import { signals } from "./signals";
import { JSON_FORMAT } from "./json";
import { DDL_LOCK_FLAGS, ddlLockArgs, lockTimeoutArg, txArg } from "./migrate";
import { progressPrinter } from "./progress";
import { colorEnabled, type Paint, paint, printJson, printLines, printScript } from "./render";
import { renumberNote } from "../workflows/database/renumbered";
import { plural } from "../workflows/words";

function targetOf(args: { n?: unknown; batch?: unknown; to?: unknown; all?: unknown }): RollbackTarget {
  const given = [args.n !== undefined && args.n !== "", args.batch === true, typeof args.to === "string", args.all === true].filter(Boolean).length;
  if (given > 1) throw usageError("E_USAGE_CONFLICTING_FLAGS", "give at most one of N, --batch, --to and --all", "e.g. `alab rollback 2`, `alab rollback --batch`, `alab rollback --to 003`, `alab rollback --all`");
  if (args.batch === true) return { kind: "batch" };
  if (args.all === true) return { kind: "all" };
  if (typeof args.to === "string") return { kind: "to", revision: args.to };
  if (args.n === undefined || args.n === "") return { kind: "steps", n: 1 };
  const text = String(args.n);
  if (!/^[1-9]\d*$/.test(text)) throw usageError("E_USAGE_BAD_VALUE", `N must be a whole number ≥ 1 (got \`${text}\`)`, "e.g. `alab rollback 2` reverts the newest two migrations");
  return { kind: "steps", n: Number(text) };
}

/** The question before a rollback past the last batch: what is reverted, what is dropped. */
export function previewLines(preview: RollbackPreview, p: Paint): string[] {
  const drops = lossLines(preview.losses);
  return [
    `\`alab rollback ${preview.flag}\` reverts ${plural(preview.migrations.length, "migration")} from ${preview.batches.length === 1 ? "batch" : "batches"} ${preview.batches.join(", ")}:`,
    ...preview.migrations.map((m) => `  ${m}`),
    drops.length === 0 ? "It drops no table or column." : "It drops, with their data:",
    ...drops.map((d) => `  ${p.red(d)}`),
  ];
}

async function confirmOnTerminal(preview: RollbackPreview, p: Paint): Promise<boolean> {
  printLines(previewLines(preview, p), "stderr");
  return askOnTerminal("Revert them?");
}

export default defineCommand({
  meta: { name: "rollback", description: "run `down` of the newest N migrations (default 1) or the last batch" },
  args: {
    n: { type: "positional", required: false, valueHint: "N", description: "how many of the newest applied migrations to revert (default 1)" },
    batch: { type: "boolean", description: "revert the last batch (everything the last `alab migrate` applied)" },
    to: { type: "string", valueHint: "rev", description: "revert every applied migration newer than this revision" },
    all: { type: "boolean", description: "revert every applied migration" },
    dry: { type: "boolean", description: "print the SQL a rollback would send; change nothing" },
    tx: { type: "string", valueHint: "all|each", description: "all: one transaction for the run (default); each: one per migration" },
    lockTimeout: { type: "string", valueHint: "seconds", description: "how long to wait for another run's lock (default 60)" },
    ...DDL_LOCK_FLAGS,
    yes: { type: "boolean", alias: ["y", "force"], description: "--all / --to past the last batch: revert without asking (needed when stdin is not a terminal)" },
    json: { type: "boolean", description: "print the result as a JSON document (shape in docs/cli.md); errors as JSON on stderr; never asks" },
  },
  async run({ args }) {
    const ctx = await loadContext(args);
    const opts = {
      signals,
      target: targetOf(args),
      dry: args.dry === true,
      tx: txArg(args.tx),
      lockTimeoutSeconds: lockTimeoutArg(args.lockTimeout, ctx.config.lockTimeoutSeconds),
      ddlLock: ddlLockArgs(args.ddlLockTimeout, args.ddlRetries),
      yes: args.yes === true,
      ...(ctx.stdinIsTTY && args.json !== true ? { confirm: (preview: RollbackPreview) => confirmOnTerminal(preview, paint(colorEnabled(args.color !== false, process.stderr.isTTY))) } : {}),
    };
    const p = paint(ctx.color);
    const { rollback } = await import("../workflows/rollback");
    const started = performance.now();
    const progress = progressPrinter(p, args.json === true);
    const r = await rollback(ctx.config, opts, progress.on);
    if (args.json === true) {
      printJson({
        format: JSON_FORMAT,
        command: "rollback",
        dialect: r.dialect,
        dry: opts.dry,
        selected: r.selected,
        reverted: r.reverted.map((d) => ({ revision: d.revision, name: d.name, file: d.file, duration_ms: d.ms })),
        renumbered: r.renumbered.map((m) => ({ file: m.shown, note: renumberNote(m) })),
        duration_ms: Math.round(performance.now() - started),
        script: r.script ?? null,
        ...progress.record.fields(),
      });
      return EXIT.ok;
    }
    if (opts.dry) {
      printScript(r.script ?? "-- alab rollback --dry: nothing to roll back\n");
      return EXIT.ok;
    }
    const ms = Math.round(performance.now() - started);
    if (r.selected === 0) printLines(["nothing to roll back: no migration is applied"]);
    else printLines([p.bold(`reverted ${plural(r.reverted.length, "migration")} in ${ms} ms`)]);
    return EXIT.ok;
  },
});
