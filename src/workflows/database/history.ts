/**
 * The tracking table alab_migrations as the runner sees it: read it, create it, and reconcile its
 * rows with the migration files into one list of states (applied, pending, modified, missing,
 * renumbered; which row is which file is matching.ts's rule).
 */
import type { Driver } from "../../db/driver";
import { openIntrospector } from "../../db/open";
import { createHistoryTable, HISTORY_TABLE, type HistoryRow, selectHistory, selectRecorded } from "../../sql/history";
import type { MigrationFile } from "../project/migration-files";
import { matchRows, type StatusEntry } from "./matching";

export type { MigrationState, StatusEntry } from "./matching";

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

/**
 * Files and rows matched by number and name, or by content where one of the two changed (so "1"
 * and "001" are one migration, and 006_add_bio.js applied as 005_add_bio is renumbered), sorted
 * by number.
 */
export function reconcile(files: readonly MigrationFile[], rows: readonly HistoryRow[]): StatusEntry[] {
  return matchRows(files, rows);
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
