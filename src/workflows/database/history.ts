/**
 * The tracking table alab_migrations as the runner sees it: read it, create it, and reconcile its
 * rows with the migration files into one list of states (applied, pending, modified, missing).
 */
import type { Driver } from "../../db/driver";
import { openIntrospector } from "../../db/open";
import { createHistoryTable, HISTORY_TABLE, type HistoryRow, selectHistory, selectRecorded } from "../../sql/history";
import type { MigrationFile } from "../project/migration-files";

export type MigrationState = "applied" | "pending" | "modified" | "missing";

export interface StatusEntry {
  readonly revision: string;
  readonly order: bigint;
  readonly name: string;
  readonly state: MigrationState;
  /** Absent for a missing file. */
  readonly file?: MigrationFile;
  /** Absent for a pending file. */
  readonly row?: HistoryRow;
}

interface RawRow {
  revision: string;
  name: string;
  checksum: string;
  batch: number | string;
  applied_at: string | Date;
  duration_ms: number | string;
}

function toRow(r: RawRow): HistoryRow {
  return {
    revision: String(r.revision),
    name: String(r.name),
    checksum: String(r.checksum).trim(),
    batch: Number(r.batch),
    appliedAt: r.applied_at instanceof Date ? r.applied_at.toISOString() : String(r.applied_at),
    durationMs: Number(r.duration_ms),
  };
}

/** The rows, or none when the table does not exist yet (nothing was ever applied). */
export async function readHistory(driver: Driver): Promise<HistoryRow[]> {
  if (!(await (await openIntrospector(driver)).tableExists(HISTORY_TABLE))) return [];
  return readHistoryRows(driver);
}

/** The rows of a tracking table known to exist (inside a run, after ensureHistory). */
export async function readHistoryRows(driver: Driver): Promise<HistoryRow[]> {
  const rows = await driver.query<RawRow & Record<string, unknown>>(selectHistory(driver.dialect));
  return rows.map(toRow);
}

/** What a recorded row is to the runner: its revision and batch. */
export type RecordedRow = Pick<HistoryRow, "revision" | "batch">;

/** {revision, batch} of every row of a tracking table known to exist. */
export async function readRecorded(driver: Driver): Promise<RecordedRow[]> {
  const rows = await driver.query<{ revision: string; batch: number | string }>(selectRecorded(driver.dialect));
  return rows.map((r) => ({ revision: String(r.revision), batch: Number(r.batch) }));
}

export async function ensureHistory(driver: Driver): Promise<void> {
  await driver.exec([createHistoryTable(driver.dialect)]);
}

function orderOf(revision: string): bigint {
  return /^\d+$/.test(revision) ? BigInt(revision) : -1n;
}

/** Files and rows matched by number (so "1" and "001" are one migration), sorted by number. */
export function reconcile(files: readonly MigrationFile[], rows: readonly HistoryRow[]): StatusEntry[] {
  const byOrder = new Map<bigint, HistoryRow>();
  for (const r of rows) byOrder.set(orderOf(r.revision), r);
  const out: StatusEntry[] = [];
  for (const f of files) {
    const row = byOrder.get(f.order);
    byOrder.delete(f.order);
    const base = { revision: f.revision, order: f.order, name: f.name, file: f };
    if (row === undefined) out.push({ ...base, state: "pending" });
    else out.push({ ...base, row, state: row.checksum === f.checksum ? "applied" : "modified" });
  }
  for (const [order, row] of byOrder) out.push({ revision: row.revision, order, name: row.name, row, state: "missing" });
  return out.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
}

/** Applied rows in the order they were applied: by batch, then by number within a batch. */
export function applicationOrder<T extends { readonly row?: HistoryRow; readonly order: bigint }>(entries: readonly T[]): T[] {
  return entries
    .filter((e) => e.row !== undefined)
    .sort((a, b) => {
      const d = (a.row as HistoryRow).batch - (b.row as HistoryRow).batch;
      return d !== 0 ? d : a.order < b.order ? -1 : a.order > b.order ? 1 : 0;
    });
}

/** The file name a row stands for, for messages about files that are gone. */
export function rowFileName(row: Pick<HistoryRow, "revision" | "name">): string {
  return `${row.revision}_${row.name}`;
}
