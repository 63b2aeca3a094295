/**
 * The schema a database should have: what its *applied* migrations build. When every file is
 * applied that is the snapshot (plus any file newer than its head), read without evaluating a
 * migration; otherwise the applied files are replayed in memory, in the order they were applied.
 * What cannot be known from the files is said, never guessed: raw SQL and manual-mode migrations
 * are not replayed, a file edited after it was applied is read as it is now, and a row whose file
 * is gone adds nothing.
 */
import type { Config } from "../../config";
import { emptySchema, type Schema } from "../../model/types";
import { currentState } from "../project/current-state";
import type { MigrationFile } from "../project/migration-files";
import { loadMigrations, replayMigrations } from "../project/replay-migrations";
import { plural } from "../words";
import { applicationOrder, rowFileName, type StatusEntry } from "./history";

export interface AppliedSchema {
  readonly schema: Schema;
  /** How it was built: from the snapshot, a replay of the applied files, or nothing (none applied). */
  readonly basis: "snapshot" | "replay" | "nothing-applied";
  readonly applied: number;
  readonly pending: number;
  /** What the comparison cannot account for, one line each. */
  readonly notes: readonly string[];
}

export async function appliedSchema(config: Config, files: readonly MigrationFile[], entries: readonly StatusEntry[], trackingTable: boolean): Promise<AppliedSchema> {
  const notes: string[] = [];
  const appliedEntries = applicationOrder(entries.filter((e) => e.file !== undefined));
  const pending = entries.filter((e) => e.state === "pending").length;
  const missing = entries.filter((e) => e.state === "missing");
  for (const e of entries) if (e.state === "modified") notes.push(`${e.file?.file}: changed after it was applied; compared with what the file says now`);
  for (const e of missing) if (e.row !== undefined) notes.push(`${rowFileName(e.row)}: applied, but its file is gone; what it made is not expected`);
  if (appliedEntries.length === 0) {
    notes.unshift(trackingTable ? "no migration is applied: compared with an empty schema" : "no tracking table (alab_migrations): nothing is applied; compared with an empty schema");
    return { schema: emptySchema, basis: "nothing-applied", applied: 0, pending, notes };
  }
  let schema: Schema;
  let basis: AppliedSchema["basis"];
  let notReplayed: number;
  if (pending === 0 && missing.length === 0) {
    const state = await currentState(config, files);
    schema = state.schema;
    basis = "snapshot";
    notReplayed = state.notReplayable.length;
  } else {
    const loaded = await loadMigrations(appliedEntries.map((e) => e.file as MigrationFile), config);
    const replayed = replayMigrations(emptySchema, loaded);
    schema = replayed.schema;
    basis = "replay";
    notReplayed = replayed.notReplayable.length;
  }
  if (notReplayed > 0) notes.push(`${plural(notReplayed, "raw SQL statement or manual migration")} not replayed: what ${notReplayed === 1 ? "it" : "they"} made shows as a difference`);
  return { schema, basis, applied: appliedEntries.length, pending, notes };
}
