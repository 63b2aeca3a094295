/**
 * migrations/alab.snapshot.json: the schema after the newest migration (`head`), the "from" side
 * of every diff, so `alab new` needs no database. Written as stable JSON; validated when read, with
 * an error that says how to rebuild it; `alab snapshot --rebuild` rewrites it from a replay.
 */
import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import * as v from "valibot";
import { type Config, displayPath } from "../config";
import { AlabError } from "../errors";
import { stableStringify } from "../model/json";
import { parseSchema } from "../model/schema-valibot";
import { emptySchema, type Schema } from "../model/types";
import { canonicalSchema } from "../diff/canonical";
import { listMigrationFiles, type MigrationFile, SNAPSHOT_FILE } from "./migration-files";
import { loadMigrations, type NotReplayable, replayMigrations } from "./replay-migrations";

export const SNAPSHOT_FORMAT = 1;

export interface Snapshot {
  readonly format: typeof SNAPSHOT_FORMAT;
  /** File name of the newest migration the schema includes. */
  readonly head: string;
  readonly schema: Schema;
}

const REBUILD = "rebuild it from the migration files with `alab snapshot --rebuild` (or restore it from version control)";

const Envelope = v.strictObject({
  format: v.literal(SNAPSHOT_FORMAT),
  head: v.pipe(v.string(), v.minLength(1)),
  schema: v.unknown(),
});

export function snapshotPath(migrationsDir: string): string {
  return join(migrationsDir, SNAPSHOT_FILE);
}

/** The file's text: stable JSON, so the same state is the same bytes. */
export function snapshotText(snapshot: Snapshot): string {
  return stableStringify({ format: snapshot.format, head: snapshot.head, schema: canonicalSchema(snapshot.schema) });
}

/** Parses snapshot text; `shown` names the file in errors. */
export function parseSnapshot(text: string, shown: string): Snapshot {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new AlabError({ code: "E_SNAPSHOT_CORRUPT", message: `${shown} is not valid JSON (${(e as Error).message})`, hint: `a merge may have left conflict markers in it; ${REBUILD}`, at: { file: shown } });
  }
  const envelope = v.safeParse(Envelope, json);
  if (!envelope.success) {
    const issue = envelope.issues[0];
    const path = issue.path?.map((p) => String(p.key)).join(".") ?? "(root)";
    throw new AlabError({ code: "E_SNAPSHOT_CORRUPT", message: `${shown} is not an alab snapshot: \`${path}\`: ${issue.message}`, hint: REBUILD, at: { file: shown } });
  }
  return { format: SNAPSHOT_FORMAT, head: envelope.output.head, schema: parseSchema(envelope.output.schema, shown) };
}

/** The snapshot, or undefined when there is none yet. */
export async function readSnapshot(config: Pick<Config, "migrationsDir" | "cwd">): Promise<Snapshot | undefined> {
  const path = snapshotPath(config.migrationsDir);
  const file = Bun.file(path);
  if (!(await file.exists())) return undefined;
  return parseSnapshot(await file.text(), displayPath(config.cwd, path));
}

/** Writes through a temporary file, so an interrupted write never leaves half a snapshot. */
export async function writeSnapshot(config: Pick<Config, "migrationsDir">, snapshot: Snapshot): Promise<string> {
  const path = snapshotPath(config.migrationsDir);
  await mkdir(config.migrationsDir, { recursive: true });
  const tmp = `${path}.tmp`;
  await writeFile(tmp, snapshotText(snapshot));
  await rename(tmp, path);
  return path;
}

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
export async function currentState(config: Config): Promise<CurrentState> {
  const files = await listMigrationFiles(config.migrationsDir);
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

export interface RebuildResult {
  readonly snapshot: Snapshot | undefined;
  readonly path: string;
  readonly notReplayable: readonly NotReplayable[];
  /** False when the file already held exactly this. */
  readonly changed: boolean;
}

/** `alab snapshot --rebuild`: replay every migration file and write the result. */
export async function rebuildSnapshot(config: Config): Promise<RebuildResult> {
  const files = await listMigrationFiles(config.migrationsDir);
  const path = snapshotPath(config.migrationsDir);
  const last = files[files.length - 1];
  if (last === undefined) return { snapshot: undefined, path, notReplayable: [], changed: false };
  const replayed = replayMigrations(emptySchema, await loadMigrations(files, config));
  const snapshot: Snapshot = { format: SNAPSHOT_FORMAT, head: last.file, schema: canonicalSchema(replayed.schema) };
  const file = Bun.file(path);
  const before = (await file.exists()) ? await file.text() : undefined;
  const changed = before !== snapshotText(snapshot);
  if (changed) await writeSnapshot(config, snapshot);
  return { snapshot, path, notReplayable: replayed.notReplayable, changed };
}
