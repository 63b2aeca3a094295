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
import { emptySchema } from "../model/types";
import { Draft } from "../diff/replay";
import { HISTORY_TABLE } from "../sql/history";
import { capabilitiesFor } from "../sql/plan";
import { withDatabase } from "./database/connect";
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

export type RollbackTarget =
  | { readonly kind: "steps"; readonly n: number }
  | { readonly kind: "batch" }
  | { readonly kind: "to"; readonly revision: string }
  | { readonly kind: "all" };

export interface RollbackOptions {
  readonly target: RollbackTarget;
  readonly dry: boolean;
  readonly tx: TxMode;
  readonly lockTimeoutSeconds: number;
  /** `--ddl-lock-timeout` / `--ddl-retries`; alab.yaml's values (or the defaults) where absent. */
  readonly ddlLock?: Partial<LockRetryPolicy>;
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
  const session = { create: false, lockKey: HISTORY_TABLE, onNotice: (message: string) => onEvent({ kind: "warning", message }), ...(opts.dry ? {} : { lockSeconds: opts.lockTimeoutSeconds }) };

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
    for (const e of applicationOrder(entries)) {
      if (!wanted.has(e.order) && after.size > 0) kept = undefined;
      replayUpOn(draft, byOrder.get(e.order)!);
      if (wanted.has(e.order)) after.set(e.order, draft.schema());
      else if (after.size === 0) kept = draft.schema();
    }
    const caps = capabilitiesFor(driver.dialect, driver.version);
    const policy = lockPolicy(config, opts.ddlLock);
    const planned: PlannedMigration[] = selected.map((e) => planMigration(byOrder.get(e.order)!, "down", after.get(e.order)!, caps).planned);
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
