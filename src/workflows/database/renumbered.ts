/**
 * Recording renumbered migrations: a file applied as 005_add_bio that `alab rebase` moved to
 * 006_add_bio keeps its tracking row, which migrate and rollback move to the file's number, name
 * and checksum, under their lock, in one transaction, before they plan anything (so the row of a
 * merged 005_add_tags can be written, and every command sees the file and the row agree).
 * Each update names the row by all it held: a second process doing the same finds nothing to
 * change. Two rows that trade numbers go through temporary revisions (`~005`), since the number is
 * the table's key.
 */
import type { Driver } from "../../db/driver";
import type { Statement } from "../../sql/dialect";
import { type HistoryRow, renameHistory } from "../../sql/history";
import type { StatusEntry } from "./history";
import { appliedAs } from "./matching";

export interface RenumberedRow {
  readonly from: Pick<HistoryRow, "revision" | "name" | "checksum">;
  readonly to: Pick<HistoryRow, "revision" | "name" | "checksum">;
  /** The file, as messages show it. */
  readonly shown: string;
}

export function renumberedRows(entries: readonly StatusEntry[], shown: (e: StatusEntry) => string): RenumberedRow[] {
  return entries
    .filter((e) => e.state === "renumbered" && e.row !== undefined && e.file !== undefined)
    .map((e) => ({ from: e.row!, to: { revision: e.file!.revision, name: e.file!.name, checksum: e.file!.checksum }, shown: shown(e) }));
}

/** The updates, in an order that never puts two rows on one number. */
export function renumberStatements(dialect: Driver["dialect"], moves: readonly RenumberedRow[]): Statement[] {
  const olds = new Set(moves.map((m) => m.from.revision));
  const through = moves.length > 1 && moves.some((m) => m.to.revision !== m.from.revision && olds.has(m.to.revision));
  if (!through) return moves.map((m) => renameHistory(dialect, m.from, m.to));
  const temp = (m: RenumberedRow) => ({ ...m.from, revision: `~${m.from.revision}` });
  return [...moves.map((m) => renameHistory(dialect, m.from, { revision: temp(m).revision })), ...moves.map((m) => renameHistory(dialect, temp(m), m.to))];
}

/** The entries as they are once the rows are recorded: renumbered ones applied under the file's name. */
export function asRecorded(entries: readonly StatusEntry[]): StatusEntry[] {
  return entries.map((e) =>
    e.state === "renumbered" && e.row !== undefined && e.file !== undefined
      ? { ...e, state: "applied", row: { ...e.row, revision: e.file.revision, name: e.file.name, checksum: e.file.checksum } }
      : e,
  );
}

/** What a run says about each row it moved. */
export function renumberNote(m: RenumberedRow): string {
  const now = `${m.to.revision}_${m.to.name}`;
  return now === appliedAs(m.from) ? "applied with other up_revision/down_revision values; alab_migrations now records the file as it is" : `applied as ${appliedAs(m.from)}; alab_migrations now records it as ${now}`;
}

/** Moves the rows in one transaction (the caller holds the migration lock). */
export async function recordRenumbered(driver: Driver, moves: readonly RenumberedRow[]): Promise<void> {
  if (moves.length === 0) return;
  const statements = renumberStatements(driver.dialect, moves);
  await driver.transaction(() => driver.exec(statements));
}
