/**
 * migrations/alab.snapshot.json: the schema after the newest migration (`head`), the "from" side
 * of every diff, so `alab new` needs no database. Written as stable JSON; validated when read, with
 * an error that says how to rebuild it (`alab snapshot --rebuild`, src/workflows/snapshot.ts).
 */
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import * as v from "valibot";
import { type Config, displayPath } from "../../config";
import { AlabError } from "../../errors";
import { stableStringify } from "../../model/json";
import { parseSchema } from "../../model/schema-valibot";
import type { Schema } from "../../model/types";
import { canonicalSchema } from "../../diff/canonical";
import { SNAPSHOT_FILE } from "./migration-files";
import { confinedTo, readProjectFile } from "./read-file";

export const SNAPSHOT_FORMAT = 1;

export interface Snapshot {
  readonly format: typeof SNAPSHOT_FORMAT;
  /** File name of the newest migration the schema includes. */
  readonly head: string;
  readonly schema: Schema;
}

export const REBUILD = "rebuild it from the migration files with `alab snapshot --rebuild` (or restore it from version control)";

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
export async function readSnapshot(config: Pick<Config, "migrationsDir" | "cwd" | "projectRoot">): Promise<Snapshot | undefined> {
  const text = readSnapshotText(config);
  return text === undefined ? undefined : parseSnapshot(text, displayPath(config.cwd, snapshotPath(config.migrationsDir)));
}

/** The snapshot file's text as it is, or undefined when there is none. */
export function readSnapshotText(config: Pick<Config, "migrationsDir" | "cwd" | "projectRoot">): string | undefined {
  return readProjectFile(snapshotPath(config.migrationsDir), confinedTo(config, config.migrationsDir), { optional: true });
}

/**
 * Writes through a temporary file, so an interrupted write never leaves half a snapshot. The
 * temporary file is created new (a link planted at its name is removed, never written through),
 * and the rename replaces the snapshot's directory entry, not what a link there points to.
 */
export async function writeSnapshot(config: Pick<Config, "migrationsDir">, snapshot: Snapshot): Promise<string> {
  const path = snapshotPath(config.migrationsDir);
  await mkdir(config.migrationsDir, { recursive: true });
  const tmp = `${path}.tmp`;
  await rm(tmp, { force: true });
  await writeFile(tmp, snapshotText(snapshot), { flag: "wx" });
  await rename(tmp, path);
  return path;
}
