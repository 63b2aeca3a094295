/**
 * Runs units of work on a driver: each unit's `before` statements, then its migrations (inside one
 * transaction unless the unit is non-transactional) with their tracking rows, then its `after`
 * statements. The run holds alab's lock, so no other alab run changes alab_migrations meanwhile;
 * still, every unit first reads the tracking table again and confirms it is the applied set the
 * run planned against (plus what the run itself committed), and stops the run if it is not
 * (applied-set.ts): a migration planned for one schema must not run on another.
 */
import type { Driver } from "../../db/driver";
import { isStatementError } from "../../db/failures";
import type { Statement } from "../../sql/dialect";
import { deleteHistory, type HistoryRow, insertHistory } from "../../sql/history";
import type { Capabilities } from "../../sql/plan";
import { readRecorded, type RecordedRow } from "../database/history";
import { AlabError, EXIT } from "../../errors";
import { AppliedSet } from "./applied-set";
import { manualFailure, migrationFailure, unitFailure } from "./failure";
import { isLockWait, type LockRetry } from "./lock-retry";
import { type Finish, Flights } from "./flights";
import { type ManualRun, ManualRunError } from "./manual";
import type { DoneMigration, Phase, RunEvent } from "./events";
import { type Direction, type PlannedMigration, type Unit, unitEdges } from "./units";

export interface RunOutcome {
  readonly done: readonly DoneMigration[];
  /** The batch number the run's rows were written with (up). */
  readonly batch: number;
}

export interface RunInput {
  readonly driver: Driver;
  readonly caps: Capabilities;
  readonly units: readonly Unit[];
  readonly direction: Direction;
  /** alab_migrations as the run read it under the lock and planned against. */
  readonly planned: readonly RecordedRow[];
  readonly onEvent: (e: RunEvent) => void;
  /** The time written to applied_at (injectable for tests). */
  readonly now?: () => Date;
  /** Runs Azul manual-mode migrations (manual.ts); needed when a planned migration is manual. */
  readonly manual?: ManualRun;
  /** Tries again what the DDL lock timeout cut short (lock-retry.ts); absent: no retries. */
  readonly lockRetry?: LockRetry;
}

export function nextBatch(rows: readonly Pick<HistoryRow, "batch">[]): number {
  return rows.reduce((max, r) => Math.max(max, r.batch), 0) + 1;
}

/** Rows by migration number ("1" and "001" are one migration); the first row wins, as a search would find it. */
function rowsByOrder(rows: readonly RecordedRow[]): Map<bigint, RecordedRow> {
  const out = new Map<bigint, RecordedRow>();
  for (const r of rows) if (/^\d+$/.test(r.revision) && !out.has(BigInt(r.revision))) out.set(BigInt(r.revision), r);
  return out;
}

/** The statement that records (up) or forgets (down) a migration in alab_migrations. */
export function historyStatement(p: PlannedMigration, dialect: Driver["dialect"], batch: number, ms: number, at: Date, row?: Pick<HistoryRow, "revision">): Statement {
  const f = p.migration.file;
  if (p.direction === "down") return deleteHistory(dialect, row?.revision ?? f.revision);
  return insertHistory(dialect, { revision: f.revision, name: f.name, checksum: f.checksum, batch, appliedAt: at.toISOString(), durationMs: ms });
}

export async function runUnits(input: RunInput): Promise<RunOutcome> {
  const { driver, units, direction, onEvent } = input;
  const now = input.now ?? (() => new Date());
  const done: DoneMigration[] = [];
  const applied = new AppliedSet(input.planned);
  const batch = nextBatch(input.planned);
  const runManual = (p: PlannedMigration): Promise<number> => {
    if (input.manual === undefined) throw new AlabError({ code: "E_INTERNAL", message: `internal: ${p.migration.shown} runs in manual mode but the run has no manual runner`, hint: "this is a bug in alab; please report it", exit: EXIT.runtime });
    return input.manual(p, driver, onEvent);
  };

  const run: UnitRun = { input, applied, batch, runManual, now, done };
  for (const unit of units) {
    for (let attempt = 0; ; attempt++) {
      const outcome = await runUnit(run, unit, attempt);
      if (outcome === "again") continue;
      done.push(...outcome);
      break;
    }
  }
  return { done, batch };
}

/** What every unit of a run shares. */
interface UnitRun {
  readonly input: RunInput;
  readonly applied: AppliedSet;
  readonly batch: number;
  readonly runManual: (p: PlannedMigration) => Promise<number>;
  readonly now: () => Date;
  /** Migrations earlier units committed. */
  readonly done: readonly DoneMigration[];
}

/**
 * One try of a unit: its migrations' statements and tracking rows, in its transaction if it has
 * one. "again" when a statement gave up waiting for a lock and the unit, rolled back whole, is
 * worth another try (after the pause, taken here).
 */
async function runUnit(run: UnitRun, unit: Unit, attempt: number): Promise<DoneMigration[] | "again"> {
  const { input, applied, batch, runManual, now, done } = run;
  const { driver, direction, onEvent } = input;
  // All or nothing: MySQL commits each DDL statement (and with it the tracking row before it).
  const atomic = unit.transactional && input.caps.transactionalDdl;
  const { before, after } = unitEdges(unit);
  const inUnit: DoneMigration[] = [];
  let current: PlannedMigration | undefined;
  let phase: Phase = "statements";
  const flights = new Flights(
    driver,
    atomic,
    (p, step) => {
      current = p;
      phase = step;
    },
    atomic ? undefined : input.lockRetry,
  );
  const work = async (): Promise<void> => {
    const rows = await readRecorded(driver);
    applied.confirm(rows);
    const recorded = rowsByOrder(rows);
    /** A finished migration: its tracking row, and (once that is sent where it must be) its events. */
    const finished = (p: PlannedMigration, count: number): Finish => ({
      row: (ms) => historyStatement(p, driver.dialect, batch, ms, now(), recorded.get(p.migration.file.order)),
      done: (ms) => {
        const f = p.migration.file;
        inUnit.push({ revision: f.revision, name: f.name, file: p.migration.shown, ms });
        onEvent({ kind: "migration", direction, file: p.migration.shown, ms, statements: count });
      },
    });
    for (const p of unit.migrations) {
      current = p;
      phase = "statements";
      onEvent({ kind: "start", direction, file: p.migration.shown });
      if (p.manual === undefined) await flights.migration(p, finished(p, p.statements.length));
      else {
        await flights.send([]);
        current = p;
        phase = "statements";
        const started = performance.now();
        const count = await runManual(p);
        const ms = Math.round(performance.now() - started);
        const finish = finished(p, count);
        phase = "recording";
        await flights.record(p, finish.row(ms));
        finish.done(ms);
      }
    }
    await flights.settle();
    phase = "closing";
    await flights.send(unit.closing);
    phase = "commit";
  };
  let failed = false;
  try {
    await driver.exec(before);
    if (unit.transactional) await driver.transaction(work);
    else await work();
    for (const d of inUnit) applied.committed(d.revision, direction === "up" ? batch : undefined);
    return inUnit;
  } catch (caught) {
    failed = true;
    let e = caught;
    const retry = input.lockRetry;
    if (retry !== undefined && isLockWait(e)) {
      // Manual-mode functions are not run twice: what they did outside alab's statements is unknown.
      if (atomic && unit.migrations.every((m) => m.manual === undefined) && retry.retries(e, attempt)) {
        await retry.pause(attempt, unit.migrations.map((m) => m.migration.shown).join(", "));
        return "again";
      }
      e = await retry.final(e, driver, current?.statements[e.index]?.op);
    }
    if (current === undefined) throw unitFailure(e, done, direction);
    const ctx = { failing: current, phase, unit, caps: input.caps, committedEarlier: done, inUnit, direction };
    if (e instanceof ManualRunError) throw manualFailure(e, ctx);
    if (!isStatementError(e)) throw unitFailure(e, done, direction);
    throw migrationFailure(e, ctx);
  } finally {
    // Runs after a failure too (foreign keys back on); its own failure must not hide the first.
    await driver.exec(after).catch((e) => {
      if (!failed) throw e;
    });
  }
}
