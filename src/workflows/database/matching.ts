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

/** A number as a string key: "1", "01" and "001" are one number (rows of other tools may differ). */
function numberKey(revision: string): string {
  return /^\d+$/.test(revision) ? revision.replace(/^0+(?=\d)/, "") : `~${revision}`;
}

/** A row's number; -1 for a revision that is not digits (never written by alab). */
export function orderOf(revision: string): bigint {
  return /^\d+$/.test(revision) ? BigInt(revision) : -1n;
}

/**
 * True when the file is the text the row recorded, up to its revision references: the file with
 * `up_revision` set back to the row's number (or left) and `down_revision` set back to a known
 * revision or null (or left) hashes to the row's checksum. Only tried for files that have them.
 * `likely` first (the revision of the row before this one: what the file named when it was
 * generated), then every other, so a renumbered file costs a hash or two and only a file edited
 * for real tries them all.
 */
function sameUpToRefs(file: MigrationFile, row: HistoryRow, likely: RefValue | undefined, revisions: () => readonly RefValue[]): boolean {
  if (!hasRevisionRefs(file.source)) return false;
  const now = readRevisionRefs(file.source);
  const ups = now.up === undefined ? [undefined] : [...new Set([row.revision, now.up])];
  const downs = new Set<RefValue | undefined>(now.down === undefined ? [undefined] : [now.down, ...(likely === undefined ? [] : [likely]), null]);
  if (tryRefs(file, row, now, ups, downs)) return true;
  if (now.down === undefined) return false;
  const rest = new Set(revisions().filter((r) => !downs.has(r)));
  return rest.size > 0 && tryRefs(file, row, now, ups, rest);
}

function tryRefs(file: MigrationFile, row: HistoryRow, now: ReturnType<typeof readRevisionRefs>, ups: readonly (RefValue | undefined)[], downs: Iterable<RefValue | undefined>): boolean {
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
  // Number and name as written, same checksum: on deploy day every row is found here, so this
  // function stays small (it is compiled on its first call, in every run) and the rest of the
  // rule lives in rest(), which runs only when something is left over.
  const freeFiles = new Set(files);
  const freeRows = new Set(rows);
  const out: StatusEntry[] = [];
  const exact = new Map<string, MigrationFile>();
  for (const f of files) {
    const k = `${f.revision}_${f.name}`;
    if (!exact.has(k)) exact.set(k, f);
  }
  for (const r of rows) {
    const f = exact.get(`${r.revision}_${r.name}`);
    if (f === undefined || f.checksum !== r.checksum || !freeFiles.has(f)) continue;
    freeFiles.delete(f);
    freeRows.delete(r);
    out.push({ revision: f.revision, order: f.order, name: f.name, file: f, row: r, state: "applied" });
  }
  if (freeRows.size > 0) rest(files, rows, freeFiles, freeRows, out);
  for (const f of freeFiles) out.push({ revision: f.revision, order: f.order, name: f.name, file: f, state: "pending" });
  return out.sort(byOrder);
}

/** Everything but the plain case: edited, renumbered, renamed, missing. */
function rest(files: readonly MigrationFile[], rows: readonly HistoryRow[], freeFiles: Set<MigrationFile>, freeRows: Set<HistoryRow>, out: StatusEntry[]): void {
  let known: RefValue[] | undefined;
  const revisions = (): RefValue[] => (known ??= [...new Set([...rows.map((r) => r.revision), ...files.map((f) => f.revision)])]);
  let before: Map<HistoryRow, string> | undefined;
  const previous = (r: HistoryRow): RefValue | undefined => {
    if (before === undefined) {
      const sorted = [...rows].sort((a, b) => (orderOf(a.revision) < orderOf(b.revision) ? -1 : orderOf(a.revision) > orderOf(b.revision) ? 1 : 0));
      before = new Map(sorted.flatMap((x, i) => (i === 0 ? [] : [[x, (sorted[i - 1] as HistoryRow).revision] as const])));
    }
    return before.get(r) ?? null;
  };
  const refsMatch = (f: MigrationFile, r: HistoryRow): boolean => sameUpToRefs(f, r, previous(r), revisions);
  const same = (f: MigrationFile, r: HistoryRow): boolean => f.checksum === r.checksum || refsMatch(f, r);
  const pair = (f: MigrationFile, r: HistoryRow, state: MigrationState): void => {
    freeFiles.delete(f);
    freeRows.delete(r);
    out.push({ revision: f.revision, order: f.order, name: f.name, file: f, row: r, state });
  };
  // 1. Number and name ("1" and "001" are one number): the same file, edited or not.
  for (const r of [...freeRows]) {
    const f = [...freeFiles].find((x) => x.name === r.name && numberKey(x.revision) === numberKey(r.revision));
    if (f !== undefined) pair(f, r, f.checksum === r.checksum ? "applied" : refsMatch(f, r) ? "renumbered" : "modified");
  }
  // 2. Name and content, another number; 3. number and content, another name.
  for (const r of [...freeRows]) {
    const f = [...freeFiles].find((x) => x.name === r.name && same(x, r));
    if (f !== undefined) pair(f, r, "renumbered");
  }
  for (const r of [...freeRows]) {
    const f = [...freeFiles].find((x) => numberKey(x.revision) === numberKey(r.revision) && same(x, r));
    if (f !== undefined) pair(f, r, "renumbered");
  }
  for (const r of freeRows) out.push({ revision: r.revision, order: orderOf(r.revision), name: r.name, row: r, state: "missing" });
}

/** The name a row was applied under ("005_add_bio"), for messages. */
export function appliedAs(row: Pick<HistoryRow, "revision" | "name">): string {
  return `${row.revision}_${row.name}`;
}
