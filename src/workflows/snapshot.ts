/** `alab snapshot --rebuild`: rewrite the snapshot from a replay of every migration file. */
import type { Config } from "../config";
import { emptySchema } from "../model/types";
import { canonicalSchema } from "../diff/canonical";
import { listMigrationFiles } from "./project/migration-files";
import { loadMigrations, type NotReplayable, replayMigrations } from "./project/replay-migrations";
import { readSnapshotText, type Snapshot, SNAPSHOT_FORMAT, snapshotPath, snapshotText, writeSnapshot } from "./project/snapshot-file";

export interface RebuildResult {
  readonly snapshot: Snapshot | undefined;
  readonly path: string;
  readonly notReplayable: readonly NotReplayable[];
  /** False when the file already held exactly this. */
  readonly changed: boolean;
}

export async function rebuildSnapshot(config: Config): Promise<RebuildResult> {
  const files = await listMigrationFiles(config);
  const path = snapshotPath(config.migrationsDir);
  const last = files[files.length - 1];
  if (last === undefined) return { snapshot: undefined, path, notReplayable: [], changed: false };
  const replayed = replayMigrations(emptySchema, await loadMigrations(files, config));
  const snapshot: Snapshot = { format: SNAPSHOT_FORMAT, head: last.file, schema: canonicalSchema(replayed.schema) };
  const before = readSnapshotText(config);
  const changed = before !== snapshotText(snapshot);
  if (changed) await writeSnapshot(config, snapshot);
  return { snapshot, path, notReplayable: replayed.notReplayable, changed };
}
