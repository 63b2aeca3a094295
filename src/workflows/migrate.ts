/**
 * `alab migrate`: apply pending migrations under the lock, in transactions, recording each in
 * alab_migrations — or, with `dry`, return the SQL script such a run would send and change nothing.
 */
import { type Config, displayPath } from "../config";
import type { Driver } from "../db/driver";
import { sessionStatements } from "../db/session";
import { describeTarget, targetText } from "../db/target";
import { emptySchema } from "../model/types";
import { Draft } from "../diff/replay";
import { tableExists } from "../db/catalog";
import { createHistoryTable, HISTORY_TABLE, type HistoryRow } from "../sql/history";
import { type Capabilities, capabilitiesFor } from "../sql/plan";
import { assertGitRepo, commitMigrations, type CommitResult } from "./git";
import { applicationOrder, ensureHistory, readHistoryRows, reconcile, type StatusEntry } from "./history";
import { type LoadedMigration, loadMigrations } from "./load-migrations";
import { listMigrationFiles } from "./migration-files";
import { assertPreflight } from "./preflight";
import { parseRevision } from "./revision";
import { databaseUrl, withDatabase } from "./connect";
import { type DoneMigration, historyStatement, nextBatch, type RunEvent, runUnits } from "./runner";
import { manualRunner } from "./manual";
import { renderScript } from "./script";
import { groupUnits, type PlannedMigration, planMigrationOn, replayUpOn, type TxMode, type Unit } from "./units";
import { plural } from "./words";

export interface MigrateOptions {
  readonly dry: boolean;
  /** `--to REV`: apply pending migrations up to and including this revision. */
  readonly to?: string;
  readonly tx: TxMode;
  readonly lockTimeoutSeconds: number;
  readonly allowOutOfOrder: boolean;
  /** `--commit`: git-commit the migrations folder after a successful run. */
  readonly commit: boolean;
}

export interface MigrateResult {
  readonly dialect: Config["dialect"];
  /** Pending migrations this run set out to apply. */
  readonly pending: number;
  readonly applied: readonly DoneMigration[];
  readonly skipped: readonly string[];
  readonly batch?: number;
  /** `--dry`: the script. */
  readonly script?: string;
  readonly commit?: CommitResult;
}

export const MYSQL_DDL_WARNING =
  "MySQL/MariaDB commits every DDL statement implicitly: migrations are applied one at a time, and a migration that fails halfway cannot be rolled back";

/**
 * Each planner note once per run (the same note on every MySQL migration says nothing new). On
 * MySQL the planner's note about implicit commits is left out: the run warns about it once.
 */
export function emitNotes(planned: readonly PlannedMigration[], onEvent: (e: RunEvent) => void): void {
  const seen = new Set<string>();
  for (const p of planned) {
    for (const message of p.notes) {
      if (seen.has(message) || /commits implicitly/.test(message)) continue;
      seen.add(message);
      onEvent({ kind: "note", file: p.migration.shown, message });
    }
  }
}

export function mapByOrder(migrations: readonly LoadedMigration[]): Map<bigint, LoadedMigration> {
  return new Map(migrations.map((m) => [m.file.order, m]));
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

/** The pending migrations planned in order, each from the schema the ones before it leave. */
function planPending(pending: readonly StatusEntry[], byOrder: ReadonlyMap<bigint, LoadedMigration>, entries: readonly StatusEntry[], caps: Capabilities): PlannedMigration[] {
  const draft = appliedDraft(entries, byOrder);
  return pending.map((e) => planMigrationOn(byOrder.get(e.order)!, "up", draft, caps));
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

export function dryHeader(command: string, driver: Driver, config: Pick<Config, "dialect" | "url" | "sqliteFile">, units: readonly Unit[]): string[] {
  const count = units.reduce((n, u) => n + u.migrations.length, 0);
  const lines = [
    `${command} --dry: ${plural(count, "migration")} on ${targetText(describeTarget(databaseUrl(config), driver.dialect))}, ${driver.dialect} ${driver.version}`,
    "nothing was run; this is the SQL a real run sends, in order",
  ];
  if (driver.dialect === "mysql") lines.push(`warning: ${MYSQL_DDL_WARNING}`);
  return lines;
}

export async function migrate(config: Config, opts: MigrateOptions, onEvent: (e: RunEvent) => void): Promise<MigrateResult> {
  const files = await listMigrationFiles(config.migrationsDir);
  if (opts.commit) await assertGitRepo(config.cwd);
  const shown = (e: StatusEntry) => (e.file === undefined ? e.revision : displayPath(config.cwd, e.file.path));
  const pendingOf = (rows: readonly HistoryRow[]) => {
    const entries = reconcile(files, rows);
    const to = opts.to === undefined ? undefined : parseRevision(opts.to, entries, "--to");
    assertPreflight(entries, { allowOutOfOrder: opts.allowOutOfOrder, shown });
    return { entries, pending: entries.filter((e) => e.state === "pending" && (to === undefined || e.order <= to)) };
  };

  const session = { create: !opts.dry, lockKey: HISTORY_TABLE, lockLater: true, onNotice: (message: string) => onEvent({ kind: "warning", message }), ...(opts.dry ? {} : { lockSeconds: opts.lockTimeoutSeconds }) };
  const result = await withDatabase(config, session, async (driver, lock): Promise<MigrateResult> => {
    const none = { dialect: driver.dialect, pending: 0, applied: [], skipped: [] };
    // The deploy-day common case first: nothing pending is found without the lock and without
    // evaluating a single file (the checksums say the applied files are the ones that ran).
    const tracked = await tableExists(driver, HISTORY_TABLE);
    const seen = tracked ? await readHistoryRows(driver) : [];
    if (pendingOf(seen).pending.length === 0 && (tracked || opts.dry)) return none;
    Bun.unsafe.setJITPolicy(PENDING_WORK_JIT_POLICY);
    // Every file is read before the database is changed: a broken one stops the run here.
    const { migrations, logs } = await loadMigrations(config, files);
    for (const l of logs) onEvent({ kind: "log", file: l.file, line: l.line });
    const byOrder = mapByOrder(migrations);
    if (!opts.dry) {
      await lock();
      await ensureHistory(driver);
    }
    // Read after the lock: what another process applied while this one waited counts.
    const rows = opts.dry ? seen : await readHistoryRows(driver);
    const { entries, pending } = pendingOf(rows);
    const base = { ...none, pending: pending.length };
    if (pending.length === 0) return base;

    const caps = capabilitiesFor(driver.dialect, driver.version);
    const planned = planPending(pending, byOrder, entries, caps);
    if (!opts.dry) emitNotes(planned, onEvent);
    const units = groupUnits(planned, opts.tx, caps);

    if (opts.dry) {
      const batch = nextBatch(rows);
      const at = new Date();
      const script = renderScript({
        dialect: driver.dialect,
        header: dryHeader("alab migrate", driver, config, units),
        setup: [...sessionStatements(driver.dialect), createHistoryTable(driver.dialect)],
        units,
        begin: driver.dialect === "sqlite" ? "BEGIN IMMEDIATE" : "BEGIN",
        history: (p) => historyStatement(p, driver.dialect, batch, 0, at),
      });
      return { ...base, script };
    }
    if (!caps.transactionalDdl) onEvent({ kind: "warning", message: MYSQL_DDL_WARNING });
    const outcome = await runUnits({ driver, caps, units, direction: "up", onEvent, manual: manualRunner(config.sandbox, caps) });
    return { ...base, applied: outcome.done, skipped: outcome.skipped, ...(outcome.batch === undefined ? {} : { batch: outcome.batch }) };
  });
  if (opts.commit && result.applied.length > 0) {
    const names = result.applied.map((d) => `${d.revision}_${d.name}`).join(", ");
    return { ...result, commit: await commitMigrations(config.cwd, config.migrationsDir, `alab: migrate ${names}`) };
  }
  return result;
}
