/**
 * The plan of `alab rebase`, pure: which migration files get which number, and what each file's
 * text becomes. The files split in two: those that stay (the other branch's, REF's: they are
 * shipped or about to be, and keep their names) and this branch's own. This branch's files go
 * after the newest file that stays, in their order:
 *
 * - a file already after it, whose number no other file has, keeps its name (so a 14-digit
 *   timestamp file from `alab make-migration` is left alone unless it clashes or sorts before);
 * - any other gets the next free number: one more than the newest file before it, at least three
 *   digits (`1000` after `999`; after a timestamp, the next timestamp-sized number).
 *
 * A file that moves, or whose predecessor changed, gets `up_revision` / `down_revision` set to its
 * number and its predecessor's (when the file has them; project/revision-refs.ts).
 */
import { parseMigrationName } from "./migration-files";
import { hasRevisionRefs, rewriteRevisionRefs } from "./revision-refs";

export interface PlanFile {
  readonly file: string;
  readonly revision: string;
  readonly order: bigint;
  readonly name: string;
}

export interface Move {
  readonly from: string;
  readonly to: string;
  readonly fromRevision: string;
  readonly toRevision: string;
}

export interface RebasePlan {
  readonly moves: readonly Move[];
  /** Every file in its new order: the name it will have, and the name it has now. */
  readonly order: readonly { readonly file: string; readonly was: string; readonly revision: string }[];
}

const byOrder = (a: PlanFile, b: PlanFile): number => (a.order < b.order ? -1 : a.order > b.order ? 1 : a.file < b.file ? -1 : a.file > b.file ? 1 : 0);

const extensionOf = (file: string): string => file.slice(file.lastIndexOf("."));

export function numberText(order: bigint): string {
  return order.toString().padStart(3, "0");
}

/**
 * `files`: every migration file in the folder (numbers may clash); `stays`: the names that keep
 * their place; `newest`: the newest number among those (REF's newest file, which the working tree
 * may not even have). 0n when nothing stays.
 */
export function planRebase(files: readonly PlanFile[], stays: ReadonlySet<string>, newest: bigint): RebasePlan {
  const sorted = [...files].sort(byOrder);
  const staying = sorted.filter((f) => stays.has(f.file));
  const taken = new Set(staying.map((f) => f.order));
  const moves: Move[] = [];
  const placed: { file: string; was: string; revision: string; order: bigint }[] = staying.map((f) => ({ file: f.file, was: f.file, revision: f.revision, order: f.order }));
  let next = newest + 1n;
  for (const f of sorted.filter((x) => !stays.has(x.file))) {
    if (f.order >= next && !taken.has(f.order)) {
      taken.add(f.order);
      placed.push({ file: f.file, was: f.file, revision: f.revision, order: f.order });
      next = f.order + 1n;
      continue;
    }
    let order = next;
    while (taken.has(order)) order++;
    taken.add(order);
    const revision = numberText(order);
    const to = `${revision}_${f.name}${extensionOf(f.file)}`;
    moves.push({ from: f.file, to, fromRevision: f.revision, toRevision: revision });
    placed.push({ file: to, was: f.file, revision, order });
    next = order + 1n;
  }
  placed.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : a.file < b.file ? -1 : 1));
  return { moves, order: placed.map(({ file, was, revision }) => ({ file, was, revision })) };
}

/**
 * The new text of every file of this branch whose references must change: keyed by its current
 * name. `sources` holds the current text of each file by current name.
 */
export function rewrittenTexts(files: readonly PlanFile[], stays: ReadonlySet<string>, plan: RebasePlan, sources: ReadonlyMap<string, string>): Map<string, string> {
  const before = [...files].sort(byOrder);
  const predBefore = new Map(before.map((f, i) => [f.file, before[i - 1]?.revision ?? null]));
  const moved = new Set(plan.moves.map((m) => m.from));
  const out = new Map<string, string>();
  plan.order.forEach((f, i) => {
    if (stays.has(f.was)) return;
    const text = sources.get(f.was);
    if (text === undefined || !hasRevisionRefs(text)) return;
    const down = plan.order[i - 1]?.revision ?? null;
    if (!moved.has(f.was) && predBefore.get(f.was) === down) return;
    const next = rewriteRevisionRefs(text, { up: f.revision, down });
    if (next !== text) out.set(f.was, next);
  });
  return out;
}

/** The migration files a tree lists (other names ignored), as plan files. */
export function planFilesOf(names: readonly string[]): PlanFile[] {
  const out: PlanFile[] = [];
  for (const file of names) {
    const parsed = /\.(js|ts)$/.test(file) && !file.endsWith(".d.ts") ? parseMigrationName(file) : undefined;
    if (parsed !== undefined) out.push({ file, ...parsed });
  }
  return out.sort(byOrder);
}
