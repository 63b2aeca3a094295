/**
 * `alab new --undo`: takes back the newest migration while it is only a file. It is refused when
 * the configured database has it applied (roll it back first: its `down` must run there). The
 * file is removed and the snapshot is put back to the state before it: when the snapshot's head
 * is that file, a replay of the files before it (what `alab check` holds the snapshot to); when
 * the file is newer than the head (a hand-written migration), the snapshot stays as it is; with
 * no file left, the snapshot goes too. Both files change together or not at all.
 */
import { type Config, displayPath } from "../config";
import { AlabError, EXIT } from "../errors";
import { emptySchema } from "../model/types";
import { canonicalSchema } from "../diff/canonical";
import { HISTORY_TABLE } from "../sql/history";
import { noDatabase } from "./checks/database";
import { databaseTarget, withDatabase } from "./database/connect";
import { readHistory, reconcile } from "./database/history";
import { targetText } from "../db/target";
import { listMigrationFiles } from "./project/migration-files";
import { applyFileChanges, type SnapshotChange } from "./project/renumber";
import { loadMigrations, type NotReplayable, replayMigrations } from "./project/replay-migrations";
import { readSnapshot, REBUILD, SNAPSHOT_FORMAT, snapshotPath, snapshotText } from "./project/snapshot-file";

export interface UndoResult {
  /** The removed file's path. */
  readonly removed: string;
  /** The snapshot's head now; null when the snapshot was removed, undefined when it was left as it was. */
  readonly head: string | null | undefined;
  readonly snapshotPath: string;
  readonly notReplayable: readonly NotReplayable[];
}

export async function undoNewest(config: Config): Promise<UndoResult> {
  const files = await listMigrationFiles(config);
  const newest = files[files.length - 1];
  if (newest === undefined) {
    throw new AlabError({ code: "E_UNDO_NOTHING", message: `there is no migration in ${displayPath(config.cwd, config.migrationsDir)} to undo`, hint: "`alab new <name>` generates one" });
  }
  const shown = displayPath(config.cwd, newest.path);
  const previous = files[files.length - 2];
  if (!noDatabase(config)) {
    const entry = await withDatabase(config, { create: false, lockKey: HISTORY_TABLE }, async (driver) => reconcile(files, await readHistory(driver)).find((e) => e.file === newest));
    if (entry !== undefined && entry.row !== undefined) {
      throw new AlabError({
        code: "E_UNDO_APPLIED",
        message: `${shown} is applied in ${targetText(databaseTarget(config))} (batch ${entry.row.batch}): removing its file would leave the database with a migration no file describes; nothing was changed`,
        // Everything numbered after the one before it is exactly this file: the newest.
        hint: `roll it back first (\`alab rollback --to ${previous?.revision ?? "0"}\` runs its down), then run \`alab new --undo\``,
        exit: EXIT.usage,
      });
    }
  }
  const snapshot = await readSnapshot(config);
  const before = files.slice(0, -1);
  let change: SnapshotChange | undefined;
  let head: string | null | undefined;
  let notReplayable: readonly NotReplayable[] = [];
  if (snapshot !== undefined && snapshot.head === newest.file) {
    if (previous === undefined) {
      change = { text: null };
      head = null;
    } else {
      const replayed = replayMigrations(emptySchema, await loadMigrations(before, config));
      notReplayable = replayed.notReplayable;
      change = { text: snapshotText({ format: SNAPSHOT_FORMAT, head: previous.file, schema: canonicalSchema(replayed.schema) }) };
      head = previous.file;
    }
  } else if (snapshot !== undefined && !before.some((f) => f.file === snapshot.head)) {
    throw new AlabError({
      code: "E_SNAPSHOT_HEAD_MISSING",
      message: `the snapshot is at ${snapshot.head}, which is not in ${displayPath(config.cwd, config.migrationsDir)}; nothing was changed`,
      hint: `a migration was renamed or removed, or a merge mixed two histories; ${REBUILD}`,
      at: { file: displayPath(config.cwd, snapshotPath(config.migrationsDir)) },
    });
  }
  await applyFileChanges(config, [{ from: newest.file }], change);
  return { removed: newest.path, head, snapshotPath: snapshotPath(config.migrationsDir), notReplayable };
}
