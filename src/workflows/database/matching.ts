/**
 * Which tracking row is which migration file. A row records the number, the name and the checksum
 * a file had when it was applied; a file is that migration when two of the three still agree:
 *
 * 1. number and name: the same file (applied, or modified when the content differs);
 * 2. name and content, another number: renumbered (alab rebase moved it after a merged branch);
 * 3. number and content, another name: renamed by hand, also reported as renumbered.
 *
 * "Content" is the checksum, or the checksum once the file's `up_revision`/`down_revision` values
 * are put back as they were (a rebase rewrites them; project/revision-refs.ts). A row matched by
 * none of these is missing and a file matched by none is pending: a row 005_add_tags and a file
 * 005_add_bio are two migrations that share a number (two branches), never an edited file.
 * Pure: no database, no files.
 */
import type { HistoryRow } from "../../sql/history";
import { checksumOf, type MigrationFile } from "../project/migration-files";
import { hasRevisionRefs, type RefValue, readRevisionRefs, rewriteRevisionRefs } from "../project/revision-refs";

export type MigrationState = "applied" | "pending" | "modified" | "missing" | "renumbered";

export interface StatusEntry {
  readonly revision: string;
  readonly order: bigint;
  readonly name: string;
  readonly state: MigrationState;
  /** Absent for a missing file. */
  readonly file?: MigrationFile;
  /** Absent for a pending file. For a renumbered one: the number and name it was applied under. */
  readonly row?: HistoryRow;
}

/** A row's number; -1 for a revision that is not digits (never written by alab). */
export function orderOf(revision: string): bigint {
  return /^\d+$/.test(revision) ? BigInt(revision) : -1n;
}

/**
 * True when the file is the text the row recorded, up to its revision references: the file with
 * `up_revision` set back to the row's number (or left) and `down_revision` set back to any known
 * revision or null (or left) hashes to the row's checksum. Only tried for files that have them.
 */
function sameUpToRefs(file: MigrationFile, row: HistoryRow, revisions: readonly RefValue[]): boolean {
  if (!hasRevisionRefs(file.source)) return false;
  const now = readRevisionRefs(file.source);
  const ups = now.up === undefined ? [undefined] : [...new Set([row.revision, now.up])];
  const downs = now.down === undefined ? [undefined] : [...new Set([now.down, null, ...revisions])];
  const text = file.source.includes("\r") ? file.source.replace(/\r\n/g, "\n") : file.source;
  for (const up of ups) {
    for (const down of downs) {
      if (up === now.up && down === now.down) continue;
      if (checksumOf(rewriteRevisionRefs(text, { ...(up === undefined ? {} : { up }), ...(down === undefined ? {} : { down }) })) === row.checksum) return true;
    }
  }
  return false;
}

const byOrder = (a: StatusEntry, b: StatusEntry): number =>
  a.order < b.order ? -1 : a.order > b.order ? 1 : a.file === undefined || b.file === undefined ? Number(a.file === undefined) - Number(b.file === undefined) : a.file.file < b.file.file ? -1 : a.file.file > b.file.file ? 1 : 0;

/** Files and rows matched as the header says, sorted by number (then file name). */
export function matchRows(files: readonly MigrationFile[], rows: readonly HistoryRow[]): StatusEntry[] {
  const revisions = [...new Set([...rows.map((r) => r.revision), ...files.map((f) => f.revision)])];
  const same = (f: MigrationFile, r: HistoryRow): boolean => f.checksum === r.checksum || sameUpToRefs(f, r, revisions);
  const freeFiles = new Set(files);
  const freeRows = new Set(rows);
  const out: StatusEntry[] = [];
  const pair = (f: MigrationFile, r: HistoryRow, state: MigrationState): void => {
    freeFiles.delete(f);
    freeRows.delete(r);
    out.push({ revision: f.revision, order: f.order, name: f.name, file: f, row: r, state });
  };
  const sameNumber = new Map<bigint, MigrationFile[]>();
  for (const f of files) sameNumber.set(f.order, [...(sameNumber.get(f.order) ?? []), f]);

  for (const r of rows) {
    const f = sameNumber.get(orderOf(r.revision))?.find((x) => freeFiles.has(x) && x.name === r.name);
    if (f !== undefined) pair(f, r, f.checksum === r.checksum ? "applied" : sameUpToRefs(f, r, revisions) ? "renumbered" : "modified");
  }
  if (freeRows.size > 0 && freeFiles.size > 0) {
    for (const r of [...freeRows]) {
      const f = [...freeFiles].find((x) => x.name === r.name && same(x, r));
      if (f !== undefined) pair(f, r, "renumbered");
    }
    for (const r of [...freeRows]) {
      const f = sameNumber.get(orderOf(r.revision))?.find((x) => freeFiles.has(x) && same(x, r));
      if (f !== undefined) pair(f, r, "renumbered");
    }
  }
  for (const f of freeFiles) out.push({ revision: f.revision, order: f.order, name: f.name, file: f, state: "pending" });
  for (const r of freeRows) out.push({ revision: r.revision, order: orderOf(r.revision), name: r.name, row: r, state: "missing" });
  return out.sort(byOrder);
}

/** The name a row was applied under ("005_add_bio"), for messages. */
export function appliedAs(row: Pick<HistoryRow, "revision" | "name">): string {
  return `${row.revision}_${row.name}`;
}
