/**
 * The schema the migration files build, without a database: the snapshot plus a replay of any
 * files newer than its head. `alab new` diffs against it; `alab check` compares it with a replay.
 */
import { type Config, displayPath } from "../../config";
import { AlabError } from "../../errors";
import { emptySchema, type Schema } from "../../model/types";
import { listMigrationFiles, type MigrationFile } from "./migration-files";
import { loadMigrations, type NotReplayable, replayMigrations } from "./replay-migrations";
import { readSnapshot, REBUILD, snapshotPath } from "./snapshot-file";

export interface CurrentState {
  readonly schema: Schema;
  readonly files: readonly MigrationFile[];
  /** Files newer than the snapshot's head that were replayed onto it. */
  readonly caughtUp: readonly string[];
  readonly notReplayable: readonly NotReplayable[];
}

/**
 * The schema the migration files build: the snapshot, plus a replay of any files newer than its
 * head (hand-written migrations added since). No snapshot: a replay of every file.
 */
export async function currentState(config: Config, listed?: readonly MigrationFile[]): Promise<CurrentState> {
  // A caller that listed the folder already (drift) passes the files: each is read and hashed once.
  const files = listed ?? (await listMigrationFiles(config));
  const snapshot = await readSnapshot(config);
  let start: Schema = emptySchema;
  let pending = files;
  if (snapshot !== undefined) {
    const at = files.findIndex((f) => f.file === snapshot.head);
    if (at < 0) {
      throw new AlabError({
        code: "E_SNAPSHOT_HEAD_MISSING",
        message: `the snapshot is at ${snapshot.head}, which is not in ${displayPath(config.cwd, config.migrationsDir)}`,
        hint: `a migration was renamed or removed, or a merge mixed two histories; ${REBUILD}`,
        at: { file: displayPath(config.cwd, snapshotPath(config.migrationsDir)) },
      });
    }
    start = snapshot.schema;
    pending = files.slice(at + 1);
  }
  const loaded = await loadMigrations(pending, config);
  const replayed = replayMigrations(start, loaded);
  return { schema: replayed.schema, files, caughtUp: loaded.map((l) => l.file.file), notReplayable: replayed.notReplayable };
}
