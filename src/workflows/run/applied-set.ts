/**
 * The applied set a run planned against, kept up to date as the run commits, and confirmed at the
 * start of every transaction. alab's lock keeps other alab runs out while one plans and runs; a
 * change it finds anyway was made by something that ignores the lock (another tool, a person, an
 * alab from before the SQLite run lock), and a migration planned for one schema must not run on
 * another: the run stops, before that transaction changes anything.
 */
import { AlabError, EXIT } from "../../errors";
import type { HistoryRow } from "../../sql/history";
import type { RecordedRow } from "../database/history";
import { plural } from "../words";

type Recorded = Pick<HistoryRow, "revision" | "batch">;

/**
 * Migrations are matched by number ("1" and "001" are one migration). A string operation, not
 * BigInt: with `--tx each` every transaction compares every row (500 migrations, 125 000 keys).
 */
function key(revision: string): string {
  return /^\d+$/.test(revision) ? revision.replace(/^0+(?=\d)/, "") : revision;
}

export class AppliedSet {
  private readonly rows = new Map<string, Recorded>();

  constructor(planned: readonly Recorded[]) {
    for (const r of planned) this.rows.set(key(r.revision), { revision: r.revision, batch: r.batch });
  }

  /** What this run committed: applied (with its batch) or reverted. */
  committed(revision: string, batch: number | undefined): void {
    if (batch === undefined) this.rows.delete(key(revision));
    else this.rows.set(key(revision), { revision, batch });
  }

  /** Throws E_HISTORY_CHANGED, naming each difference, when `now` is not the set this run expects. */
  confirm(now: readonly RecordedRow[]): void {
    if (now.length === this.rows.size && now.every((r) => this.rows.get(key(r.revision))?.batch === r.batch) && new Set(now.map((r) => key(r.revision))).size === now.length) return;
    const seen = new Map(now.map((r) => [key(r.revision), r]));
    const changes: string[] = [];
    for (const [k, r] of this.rows) {
      const found = seen.get(k);
      if (found === undefined) changes.push(`${r.revision} was reverted (its row is gone)`);
      else if (found.batch !== r.batch) changes.push(`${r.revision} was applied again (batch ${found.batch}, planned with batch ${r.batch})`);
    }
    for (const [k, r] of seen) if (!this.rows.has(k)) changes.push(`${r.revision} was applied (batch ${r.batch})`);
    if (changes.length === 0) return;
    throw new AlabError({
      code: "E_HISTORY_CHANGED",
      message: `alab_migrations changed after this run planned its migrations (${plural(changes.length, "change")}): the plan no longer fits the database, so nothing more is run`,
      hint: "something that does not take alab's lock (another tool, a person, an older alab) applied or reverted migrations meanwhile; run `alab status` to see where the database stands, then run the command again",
      exit: EXIT.runtime,
      details: changes.map((c) => `migration ${c}`),
    });
  }
}
