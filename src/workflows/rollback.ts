/**
 * `alab rollback`: run `down` of applied migrations, newest first (in the order they were
 * applied, reversed), under the same lock and transaction rules as migrate. Which ones: the newest
 * N (default 1), the last batch, everything after a revision, or all. A migration without a way
 * back is refused by name before any SQL runs.
 */
import type { Config } from "../config";
import { sessionStatements } from "../db/session";
import { AlabError, throwAll, unreachable } from "../errors";
import type { Schema } from "../model/types";
import { type Losses, lossesBetween, lossLines } from "../diff/losses";
import { emptySchema } from "../model/types";
import { Draft } from "../diff/replay";
import { HISTORY_TABLE } from "../sql/history";
import { capabilitiesFor } from "../sql/plan";
import { type RunSignals, withDatabase } from "./database/connect";
import { applicationOrder, readHistory, reconcile, type StatusEntry } from "./database/history";
import { loadMigrations } from "./project/load-migrations";
import { listMigrationFiles } from "./project/migration-files";
import { appliedKey, storeCheckpoint } from "./database/checkpoint";
import { assertPreflight } from "./database/preflight";
import { parseRevision } from "./database/revision";
import { asRecorded, recordRenumbered, renumberedRows, type RenumberedRow, renumberNote, renumberStatements } from "./database/renumbered";
import { dryHeader, emitNotes, mapByOrder, MYSQL_DDL_WARNING } from "./run/dry";
import type { DoneMigration, RunEvent } from "./run/events";
import { historyStatement, runUnits } from "./run/runner";
import { manualRunner } from "./run/manual";
import { lockPolicy, lockRetryFor, type LockRetryPolicy, lockSetup } from "./run/lock-retry";
import { renderScript } from "./run/script";
import { groupUnits, irreversible, type PlannedMigration, planMigration, replayUpOn, type TxMode } from "./run/units";
import { plural } from "./words";

export type RollbackTarget =
  | { readonly kind: "steps"; readonly n: number }
  | { readonly kind: "batch" }
  | { readonly kind: "to"; readonly revision: string }
  | { readonly kind: "all" };

export interface RollbackOptions {
  /** SIGINT/SIGTERM cancel the running statement (src/cli/signals.ts); absent in tests that do not send them. */
  readonly signals?: RunSignals;
  readonly target: RollbackTarget;
  readonly dry: boolean;
  readonly tx: TxMode;
  readonly lockTimeoutSeconds: number;
  /** `--ddl-lock-timeout` / `--ddl-retries`; alab.yaml's values (or the defaults) where absent. */
  readonly ddlLock?: Partial<LockRetryPolicy>;
  /** `--yes`: a rollback past the last batch runs without asking. */
  readonly yes?: boolean;
  /**
   * Asks a person whether to go on (only given when stdin is a terminal); without it, a rollback
   * that needs confirming is refused unless `yes`.
   */
  readonly confirm?: (preview: RollbackPreview) => Promise<boolean>;
}

/** What a rollback past the last batch will revert and drop, for the question or the refusal. */
export interface RollbackPreview {
  /** `--all` or `--to 003`. */
  readonly flag: string;
  /** The migrations to revert, newest first, as shown. */
  readonly migrations: readonly string[];
  readonly batches: readonly number[];
  readonly losses: Losses;
}

export interface RollbackResult {
  readonly dialect: Config["dialect"];
  /** Applied migrations this run set out to revert. */
  readonly selected: number;
  readonly reverted: readonly DoneMigration[];
  /** Rows moved to their renumbered files' names first (with `--dry`: that would be). */
  readonly renumbered: readonly RenumberedRow[];
  readonly script?: string;
}

/** The applied entries to revert, newest first. */
export function selectRollback(entries: readonly StatusEntry[], target: RollbackTarget): StatusEntry[] {
  const newestFirst = applicationOrder(entries).reverse();
  switch (target.kind) {
    case "steps":
      return newestFirst.slice(0, target.n);
    case "all":
      return newestFirst;
    case "batch": {
      const last = newestFirst[0]?.row?.batch;
      return newestFirst.filter((e) => e.row?.batch === last);
    }
    case "to": {
      const to = parseRevision(target.revision, entries, "--to");
      return newestFirst.filter((e) => e.order > to);
    }
    default:
      return unreachable(target, "rollback target");
  }
}

/**
 * `--all`, and `--to` reaching before the last batch, revert what earlier deploys built: a person
 * confirms (or `--yes`). `N` and `--batch` are the everyday undo and are not asked about.
 */
export function needsConfirmation(target: RollbackTarget, selected: readonly StatusEntry[], entries: readonly StatusEntry[]): boolean {
  if (selected.length === 0) return false;
  switch (target.kind) {
    case "steps":
    case "batch":
      return false;
    case "all":
      return true;
    case "to": {
      const last = applicationOrder(entries).reverse()[0]?.row?.batch;
      return selected.some((e) => e.row?.batch !== last);
    }
    default:
      return unreachable(target, "rollback target");
  }
}

function flagOf(target: RollbackTarget): string {
  return target.kind === "to" ? `--to ${target.revision}` : target.kind === "all" ? "--all" : target.kind === "batch" ? "--batch" : String(target.n);
}

/** Asks, or refuses without `--yes` when no one can be asked; returns when the rollback may go on. */
async function confirmed(opts: RollbackOptions, preview: RollbackPreview): Promise<void> {
  if (opts.yes === true || opts.dry) return;
  const what = `\`alab rollback ${preview.flag}\` reverts ${plural(preview.migrations.length, "migration")} from ${preview.batches.length === 1 ? "batch" : "batches"} ${preview.batches.join(", ")}`;
  const drops = lossLines(preview.losses);
  const details = [...preview.migrations.map((m) => `revert ${m}`), ...(drops.length === 0 ? ["drops no table or column"] : drops.map((d) => `drop ${d}`))];
  if (opts.confirm === undefined) {
    throw new AlabError({
      code: "E_ROLLBACK_NEEDS_YES",
      message: `${what}, past the last batch, and no one can be asked (stdin is not a terminal)`,
      details,
      hint: `pass --yes to revert them (and lose what the list names), or \`alab rollback --batch\` to undo only the last deploy; \`--dry\` prints the SQL`,
    });
  }
  if (!(await opts.confirm(preview))) {
    throw new AlabError({ code: "E_ROLLBACK_DECLINED", message: "rollback declined: nothing was reverted", hint: "`alab rollback --batch` undoes only the last deploy; `--dry` prints the SQL" });
  }
}

/** Every selected migration that has no `down`, reported together, before anything is planned. */
function assertReversible(selected: readonly StatusEntry[], byOrder: ReturnType<typeof mapByOrder>): void {
  const errors: AlabError[] = [];
  for (const e of selected) {
    const m = byOrder.get(e.order);
    if (m !== undefined && m.def.down === null) {
      errors.push(irreversible(m));
    }
  }
  throwAll(errors);
}

export async function rollback(config: Config, opts: RollbackOptions, onEvent: (e: RunEvent) => void): Promise<RollbackResult> {
  const files = await listMigrationFiles(config, { required: true });
  const { migrations, logs } = await loadMigrations(config, files);
  for (const l of logs) onEvent({ kind: "log", file: l.file, line: l.line });
  const byOrder = mapByOrder(migrations);
  const shown = (e: StatusEntry) => (e.file === undefined ? e.revision : byOrder.get(e.order)?.shown ?? e.file.file);
  const session = { create: false, lockKey: HISTORY_TABLE, onNotice: (message: string) => onEvent({ kind: "warning", message }), ...(opts.signals === undefined ? {} : { signals: opts.signals }), ...(opts.dry ? {} : { lockSeconds: opts.lockTimeoutSeconds }) };

  return withDatabase(config, session, async (driver): Promise<RollbackResult> => {
    let rows = await readHistory(driver);
    let entries = reconcile(files, rows);
    assertPreflight(entries, { allowOutOfOrder: true, shown });
    // Renumbered rows are moved to their files' names first, so a down deletes the row it ran for.
    const renumbered = renumberedRows(entries, shown);
    if (renumbered.length > 0 && !opts.dry) {
      await recordRenumbered(driver, renumbered);
      for (const m of renumbered) onEvent({ kind: "note", file: m.shown, message: renumberNote(m) });
      rows = await readHistory(driver);
      entries = reconcile(files, rows);
      assertPreflight(entries, { allowOutOfOrder: true, shown });
    } else entries = asRecorded(entries);
    const selected = selectRollback(entries, opts.target);
    const base = { dialect: driver.dialect, selected: selected.length, reverted: [], renumbered };
    if (selected.length === 0 && !(opts.dry && renumbered.length > 0)) return base;
    assertReversible(selected, byOrder);

    // The schema a `down` starts from: the ups of every applied migration up to and including it.
    const after = new Map<bigint, Schema>();
    const wanted = new Set(selected.map((e) => e.order));
    const draft = new Draft(emptySchema);
    // The state the kept migrations build, when they are the first ones applied (the usual case): the next migrate's checkpoint.
    let kept: Schema | undefined = emptySchema;
    // What stays: the applied migrations that are not reverted, replayed in the order they ran.
    const staying = new Draft(emptySchema);
    for (const e of applicationOrder(entries)) {
      if (!wanted.has(e.order) && after.size > 0) kept = undefined;
      replayUpOn(draft, byOrder.get(e.order)!);
      if (wanted.has(e.order)) after.set(e.order, draft.schema());
      else {
        if (after.size === 0) kept = draft.schema();
        replayUpOn(staying, byOrder.get(e.order)!);
      }
    }
    const caps = capabilitiesFor(driver.dialect, driver.version);
    const policy = lockPolicy(config, opts.ddlLock);
    const planned: PlannedMigration[] = selected.map((e) => planMigration(byOrder.get(e.order)!, "down", after.get(e.order)!, caps).planned);
    // Asked only once every `down` is known to fit: a refusal comes before the question.
    if (needsConfirmation(opts.target, selected, entries)) {
      await confirmed(opts, {
        flag: flagOf(opts.target),
        migrations: selected.map((e) => shown(e)),
        batches: [...new Set(selected.map((e) => e.row?.batch ?? 0))].sort((a, b) => a - b),
        losses: lossesBetween(draft.schema(), staying.schema()),
      });
    }
    if (!opts.dry) emitNotes(planned, onEvent);
    const units = groupUnits(planned, opts.tx, caps);
    const rowOf = new Map(selected.map((e) => [e.order, e.row]));

    if (opts.dry) {
      const moves = renumberStatements(driver.dialect, renumbered);
      const script = renderScript({
        dialect: driver.dialect,
        header: [...dryHeader("alab rollback", driver, caps, config, units), ...renumbered.map((m) => `${m.shown}: ${renumberNote(m).replace("now records", "would record")}`)],
        setup: [...sessionStatements(driver.dialect), ...lockSetup(driver.dialect, policy), ...(moves.length === 0 ? [] : [{ sql: driver.beginSql }, ...moves, { sql: "COMMIT" }])],
        units,
        begin: driver.beginSql,
        history: (p) => historyStatement(p, driver.dialect, 0, 0, new Date(0), rowOf.get(p.migration.file.order)),
      });
      return { ...base, script };
    }
    if (!caps.transactionalDdl) onEvent({ kind: "warning", message: MYSQL_DDL_WARNING });
    await driver.exec(lockSetup(driver.dialect, policy));
    const lockRetry = lockRetryFor(driver.dialect, policy, (message) => onEvent({ kind: "warning", message }));
    const outcome = await runUnits({ driver, caps, units, direction: "down", planned: rows, onEvent, manual: manualRunner(config.sandbox, caps), ...(lockRetry === undefined ? {} : { lockRetry }) });
    if (kept !== undefined && planned.every((p) => p.manual === undefined)) {
      await storeCheckpoint(driver, appliedKey(entries.filter((e) => !wanted.has(e.order))), kept, (message) => onEvent({ kind: "warning", message }));
    }
    return { ...base, reverted: outcome.done };
  });
}
