/**
 * Runs units of work on a driver: each unit's `before` statements, then its migrations (inside one
 * transaction unless the unit is non-transactional) with their tracking rows, then its `after`
 * statements. Inside every unit the tracking table is read again and migrations another process
 * finished meanwhile are skipped: on PostgreSQL and MySQL the lock already rules that out, on
 * SQLite (whose lock is the write transaction itself) it is what makes concurrent runs safe.
 */
import type { Driver } from "../../db/driver";
import { isStatementError } from "../../db/failures";
import type { Statement } from "../../sql/dialect";
import { deleteHistory, type HistoryRow, insertHistory } from "../../sql/history";
import type { Capabilities } from "../../sql/plan";
import { readRecorded, type RecordedRow } from "../database/history";
import { AlabError, EXIT } from "../../errors";
import { manualFailure, migrationFailure } from "./failure";
import { type Finish, Flights } from "./flights";
import { type ManualRun, ManualRunError } from "./manual";
import type { DoneMigration, Phase, RunEvent } from "./events";
import { type Direction, type PlannedMigration, type Unit, unitEdges } from "./units";

export interface RunOutcome {
  readonly done: readonly DoneMigration[];
  /** Files another process applied (or reverted) while this one waited. */
  readonly skipped: readonly string[];
  readonly batch?: number;
}

export interface RunInput {
  readonly driver: Driver;
  readonly caps: Capabilities;
  readonly units: readonly Unit[];
  readonly direction: Direction;
  readonly onEvent: (e: RunEvent) => void;
  /** The time written to applied_at (injectable for tests). */
  readonly now?: () => Date;
  /** Runs Azul manual-mode migrations (manual.ts); needed when a planned migration is manual. */
  readonly manual?: ManualRun;
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
  const skipped: string[] = [];
  let batch: number | undefined;
  const runManual = (p: PlannedMigration): Promise<number> => {
    if (input.manual === undefined) throw new AlabError({ code: "E_INTERNAL", message: `internal: ${p.migration.shown} runs in manual mode but the run has no manual runner`, hint: "this is a bug in alab; please report it", exit: EXIT.runtime });
    return input.manual(p, driver, onEvent);
  };

  for (const unit of units) {
    const { before, after } = unitEdges(unit);
    const inUnit: DoneMigration[] = [];
    let current: PlannedMigration | undefined;
    let phase: Phase = "statements";
    // All or nothing: MySQL commits each DDL statement (and with it the tracking row before it).
    const atomic = unit.transactional && input.caps.transactionalDdl;
    const flights = new Flights(driver, atomic, (p, step) => {
      current = p;
      phase = step;
    });
    const work = async (): Promise<void> => {
      const rows = await readRecorded(driver);
      batch ??= nextBatch(rows);
      const recorded = rowsByOrder(rows);
      /** A finished migration: its tracking row, and (once that is sent where it must be) its events. */
      const finished = (p: PlannedMigration, count: number): Finish => ({
        row: (ms) => historyStatement(p, driver.dialect, batch as number, ms, now(), recorded.get(p.migration.file.order)),
        done: (ms) => {
          const f = p.migration.file;
          inUnit.push({ revision: f.revision, name: f.name, file: p.migration.shown, ms });
          onEvent({ kind: "migration", direction, file: p.migration.shown, ms, statements: count });
        },
      });
      for (const p of unit.migrations) {
        const row = recorded.get(p.migration.file.order);
        if (direction === "up" ? row !== undefined : row === undefined) {
          skipped.push(p.migration.shown);
          onEvent({ kind: "skipped", direction, file: p.migration.shown });
          continue;
        }
        current = p;
        phase = "statements";
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
      done.push(...inUnit);
    } catch (e) {
      failed = true;
      if (current === undefined) throw e;
      const ctx = { failing: current, phase, unit, caps: input.caps, committedEarlier: done, inUnit, direction };
      if (e instanceof ManualRunError) throw manualFailure(e, ctx);
      if (!isStatementError(e)) throw e;
      throw migrationFailure(e, ctx);
    } finally {
      // Runs after a failure too (foreign keys back on); its own failure must not hide the first.
      await driver.exec(after).catch((e) => {
        if (!failed) throw e;
      });
    }
  }
  return { done, skipped, ...(batch === undefined ? {} : { batch }) };
}
