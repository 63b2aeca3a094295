/**
 * `alab migrate`: apply pending migrations under the lock, in transactions, recording each in
 * alab_migrations — or, with `dry`, return the SQL script such a run would send and change nothing.
 */
import { type Config, displayPath } from "../config";
import type { Driver } from "../db/driver";
import { sessionStatements } from "../db/session";
import { emptySchema, type Schema } from "../model/types";
import { Draft } from "../diff/replay";
import { openIntrospector } from "../db/open";
import { createHistoryTable, HISTORY_TABLE, type HistoryRow } from "../sql/history";
import { type Capabilities, capabilitiesFor } from "../sql/plan";
import { assertGitRepo, commitMigrations, type CommitResult } from "./project/git";
import { applicationOrder, ensureHistory, readHistoryRows, reconcile, type StatusEntry } from "./database/history";
import { type LoadedMigration, loadMigrations } from "./project/load-migrations";
import { listMigrationFiles, type MigrationFile } from "./project/migration-files";
import { appliedKey, keyAfter, readCheckpoint, storeCheckpoint } from "./database/checkpoint";
import { assertPreflight } from "./database/preflight";
import { parseRevision } from "./database/revision";
import { recordRenumbered, renumberedRows, type RenumberedRow, renumberNote, renumberStatements } from "./database/renumbered";
import { type RunSignals, withDatabase } from "./database/connect";
import { ADOPT_HINT, untrackedError, untrackedTables } from "./database/untracked";
import { dryHeader, emitNotes, mapByOrder, MYSQL_DDL_WARNING } from "./run/dry";
import type { DoneMigration, RunEvent } from "./run/events";
import { historyStatement, nextBatch, runUnits } from "./run/runner";
import { manualRunner } from "./run/manual";
import { renderScript } from "./run/script";
import { groupUnits, planMigrationOn, replayUpOn, type TxMode } from "./run/units";
import { plural } from "./words";
import { lockPolicy, lockRetryFor, type LockRetryPolicy, lockSetup } from "./run/lock-retry";
import type { Finding } from "../lint/finding";
import { dryFindings, lintHeader, RunLint, runWarnings } from "./run/lint-run";

export interface MigrateOptions {
  /** SIGINT/SIGTERM cancel the running statement (src/cli/signals.ts); absent in tests that do not send them. */
  readonly signals?: RunSignals;
  readonly dry: boolean;
  /** `--to REV`: apply pending migrations up to and including this revision. */
  readonly to?: string;
  readonly tx: TxMode;
  readonly lockTimeoutSeconds: number;
  /** `--ddl-lock-timeout` / `--ddl-retries`; alab.yaml's values (or the defaults) where absent. */
  readonly ddlLock?: Partial<LockRetryPolicy>;
  readonly allowOutOfOrder: boolean;
  /** `--commit`: git-commit the migrations folder after a successful run. */
  readonly commit: boolean;
}

export interface MigrateResult {
  readonly dialect: Config["dialect"];
  /** Pending migrations this run set out to apply. */
  readonly pending: number;
  readonly applied: readonly DoneMigration[];
  readonly batch?: number;
  /** Rows moved to their renumbered files' names (with `--dry`: that would be). */
  readonly renumbered: readonly RenumberedRow[];
  /** `--dry`: the script. */
  readonly script?: string;
  readonly commit?: CommitResult;
}

/** The schema built by the applied migrations, replayed in the order they were applied. */
function appliedDraft(entries: readonly StatusEntry[], byOrder: ReadonlyMap<bigint, LoadedMigration>): Draft {
  const draft = new Draft(emptySchema);
  for (const e of applicationOrder(entries)) {
    const m = byOrder.get(e.order);
    if (m !== undefined) replayUpOn(draft, m);
  }
  return draft;
}

/** The files a run must evaluate: the pending ones when the checkpoint holds the applied state, else all. */
function filesToLoad(files: readonly MigrationFile[], pending: readonly StatusEntry[], start: Schema | undefined): readonly MigrationFile[] {
  if (start === undefined) return files;
  const wanted = new Set(pending.flatMap((e) => (e.file === undefined ? [] : [e.file.path])));
  return files.filter((f) => wanted.has(f.path));
}

/**
 * JavaScriptCore's tier-up thresholds times this once there is work pending. Reading, planning and
 * running N migrations is mostly code that runs N times and is done in well under a second; the
 * optimizing tiers' compilations (and the compiler code they page in) cost more memory than they
 * saved time. Measured at N=500 against the binary's start-up policy (32): peak RSS 10–12 MiB lower
 * on PostgreSQL and SQLite, alab's CPU unchanged (docs/benchmarks.md). `alab new` keeps 32: its
 * wall time is a target and grew by a third already at ×1 000.
 */
const PENDING_WORK_JIT_POLICY = 10_000;

export async function migrate(config: Config, opts: MigrateOptions, onEvent: (e: RunEvent) => void): Promise<MigrateResult> {
  const files = await listMigrationFiles(config, { required: true });
  if (opts.commit) await assertGitRepo(config.cwd);
  const shown = (e: StatusEntry) => (e.file === undefined ? e.revision : displayPath(config.cwd, e.file.path));
  const pendingOf = (rows: readonly HistoryRow[]) => {
    const entries = reconcile(files, rows);
    const to = opts.to === undefined ? undefined : parseRevision(opts.to, entries, "--to");
    assertPreflight(entries, { allowOutOfOrder: opts.allowOutOfOrder, shown });
    return { entries, pending: entries.filter((e) => e.state === "pending" && (to === undefined || e.order <= to)), renumbered: renumberedRows(entries, shown) };
  };

  const session = { create: !opts.dry, lockKey: HISTORY_TABLE, lockLater: true, onNotice: (message: string) => onEvent({ kind: "warning", message }), ...(opts.signals === undefined ? {} : { signals: opts.signals }), ...(opts.dry ? {} : { lockSeconds: opts.lockTimeoutSeconds }) };
  const result = await withDatabase(config, session, async (driver, lock): Promise<MigrateResult> => {
    const none = { dialect: driver.dialect, pending: 0, applied: [], renumbered: [] };
    // The deploy-day common case first: nothing pending is found without the lock and without
    // evaluating a single file (the checksums say the applied files are the ones that ran).
    const tracked = await (await openIntrospector(driver)).tableExists(HISTORY_TABLE);
    const seen = tracked ? await readHistoryRows(driver) : [];
    const first = pendingOf(seen);
    if (first.pending.length === 0 && first.renumbered.length === 0 && (tracked || opts.dry)) return none;
    // Evaluated files by path: a run evaluates each at most once, and only those it needs.
    const loaded = new Map<string, LoadedMigration>();
    const load = async (wanted: readonly MigrationFile[]): Promise<void> => {
      const missing = wanted.filter((f) => !loaded.has(f.path));
      if (missing.length === 0) return;
      Bun.unsafe.setJITPolicy(PENDING_WORK_JIT_POLICY);
      const r = opts.signals === undefined ? await loadMigrations(config, missing) : await opts.signals.idle(() => loadMigrations(config, missing));
      for (const l of r.logs) onEvent({ kind: "log", file: l.file, line: l.line });
      for (const m of r.migrations) loaded.set(m.file.path, m);
    };
    // The applied state from the last run's checkpoint, when it is the state of exactly these files.
    const firstKey = appliedKey(first.entries);
    const checkpoint = tracked && first.pending.length > 0 ? await readCheckpoint(driver, firstKey) : undefined;
    // Every file the run needs is read before the database is changed: a broken one stops the run here.
    if (first.pending.length > 0 || !tracked) await load(filesToLoad(files, first.pending, checkpoint));
    if (!tracked && opts.dry) {
      const other = await untrackedTables(driver);
      if (other.length > 0) onEvent({ kind: "warning", message: `${untrackedError(other).message}; \`alab migrate\` will refuse it: ${ADOPT_HINT}` });
    }
    if (!opts.dry) {
      await lock();
      // After the files are read (a broken file is the first thing to fix), under the lock: a run
      // that held it may have made the tracking table and its tables while this one waited.
      if (!tracked && !(await (await openIntrospector(driver)).tableExists(HISTORY_TABLE))) {
        const other = await untrackedTables(driver);
        if (other.length > 0) throw untrackedError(other);
      }
      await ensureHistory(driver);
    }
    // Read after the lock: what another process applied while this one waited counts.
    let rows = opts.dry ? seen : await readHistoryRows(driver);
    let state = pendingOf(rows);
    const renumbered = state.renumbered;
    if (renumbered.length > 0 && !opts.dry) {
      // Before anything is planned: the rows must name the files they stand for (a merged
      // 005_add_tags is written under a number a renumbered row may still hold).
      await recordRenumbered(driver, renumbered);
      for (const m of renumbered) onEvent({ kind: "note", file: m.shown, message: renumberNote(m) });
      rows = await readHistoryRows(driver);
      state = pendingOf(rows);
    }
    const { entries, pending } = state;
    const base = { ...none, pending: pending.length, renumbered };
    if (pending.length === 0 && !(opts.dry && renumbered.length > 0)) return base;
    const key = appliedKey(entries);
    const start = key === firstKey ? checkpoint : await readCheckpoint(driver, key);
    await load(filesToLoad(files, pending, start));
    const byOrder = mapByOrder([...loaded.values()]);
    const draft = start === undefined ? appliedDraft(entries, byOrder) : new Draft(start);

    const caps = capabilitiesFor(driver.dialect, driver.version);
    const policy = lockPolicy(config, opts.ddlLock);
    // Linted as it is planned: the planner feeds lint each step (no second replay).
    const lint = new RunLint(caps, (message) => onEvent({ kind: "warning", message }));
    const planned = pending.map((e) => {
      const m = byOrder.get(e.order)!;
      return lint.around(m, (observe) => planMigrationOn(m, "up", draft, caps, observe));
    });
    const findings = lint.findings;
    if (!opts.dry) {
      emitNotes(planned, onEvent);
      for (const message of runWarnings(findings)) onEvent({ kind: "warning", message });
    }
    const units = groupUnits(planned, opts.tx, caps);

    if (opts.dry) {
      const batch = nextBatch(rows);
      const at = new Date();
      const moves = renumberStatements(driver.dialect, renumbered);
      const shown = dryFindings(findings);
      const script = renderScript({
        dialect: driver.dialect,
        header: [...dryHeader("alab migrate", driver, caps, config, units), ...lintHeader(shown), ...renumbered.map((m) => `${m.shown}: ${renumberNote(m).replace("now records", "would record")}`)],
        setup: [...sessionStatements(driver.dialect), ...lockSetup(driver.dialect, policy), createHistoryTable(driver.dialect), ...(moves.length === 0 ? [] : [{ sql: driver.beginSql }, ...moves, { sql: "COMMIT" }])],
        units,
        begin: driver.beginSql,
        history: (p) => historyStatement(p, driver.dialect, batch, 0, at),
        findings: shown,
      });
      return { ...base, script };
    }
    if (!caps.transactionalDdl) onEvent({ kind: "warning", message: MYSQL_DDL_WARNING });
    await driver.exec(lockSetup(driver.dialect, policy));
    const lockRetry = lockRetryFor(driver.dialect, policy, (message) => onEvent({ kind: "warning", message }));
    const outcome = await runUnits({ driver, caps, units, direction: "up", planned: rows, onEvent, manual: manualRunner(config.sandbox, caps), ...(lockRetry === undefined ? {} : { lockRetry }) });
    // Manual-mode migrations plan their schema calls as they run: the next run replays instead.
    if (planned.every((p) => p.manual === undefined)) {
      await storeCheckpoint(driver, keyAfter(entries, pending), draft.schema(), (message) => onEvent({ kind: "warning", message }));
    }
    return { ...base, applied: outcome.done, batch: outcome.batch };
  });
  if (opts.commit && result.applied.length > 0) {
    const names = result.applied.map((d) => `${d.revision}_${d.name}`).join(", ");
    return { ...result, commit: await commitMigrations(config.cwd, config.migrationsDir, `alab: migrate ${names}`) };
  }
  return result;
}
