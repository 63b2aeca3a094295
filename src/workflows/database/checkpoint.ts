/**
 * Deploy cost that does not grow with history. Planning a pending migration needs the schema the
 * applied ones built; replaying them means evaluating every applied file in the sandbox, which at
 * thousands of files costs more than the deploy itself. So each successful run stores that schema
 * in `alab_migrations_state` under a key naming exactly what it is the schema of: the applied
 * migrations, in the order they were applied, by number and checksum, and the format of the
 * state. The next run uses it only when its own key is the same — the same files, unchanged, in
 * the same order — and otherwise replays as before and stores a new one.
 *
 * It is a cache, not a second truth: the files (and the snapshot they must replay to, which
 * `alab check` proves) decide; a missing, stale, damaged or foreign row only costs a replay. Plans
 * made from it are the plans a full replay makes (tests/workflows/database/checkpoint.test.ts).
 */
import { createHash } from "node:crypto";
import type { Driver } from "../../db/driver";
import { openIntrospector } from "../../db/open";
import type { Schema } from "../../model/types";
import { CHECKPOINT_TABLE, createCheckpointTable, selectCheckpoint, writeCheckpoint } from "../../sql/checkpoint";
import type { Statement } from "../../sql/dialect";
import { applicationOrder, type StatusEntry } from "./history";

/**
 * Bumped whenever replay could build a different schema from the same files (a model or replay
 * change in a new alab): rows stored by another version are then ignored.
 */
const STATE_FORMAT = "alab-state-1";

/** The applied migrations that replay would use, in replay's order. */
export function appliedKey(entries: readonly StatusEntry[]): string {
  return keyAfter(entries, []);
}

/** The key once `applied` (in order, one new batch) ran on top of `entries`' applied set. */
export function keyAfter(entries: readonly StatusEntry[], applied: readonly StatusEntry[]): string {
  const h = createHash("sha256").update(STATE_FORMAT);
  for (const e of applicationOrder(entries)) if (e.file !== undefined) h.update(`\n${e.order} ${e.file.checksum}`);
  for (const e of applied) if (e.file !== undefined) h.update(`\n${e.order} ${e.file.checksum}`);
  return h.digest("hex");
}

/**
 * The stored schema when its key is `key`; undefined when there is none, or it is stale or
 * unreadable. Its shape is checked, not each value: the key says it is what alab itself wrote for
 * these files (validating every table again cost more than the replay it saves at 2 000 tables).
 */
export async function readCheckpoint(driver: Driver, key: string): Promise<Schema | undefined> {
  if (!(await (await openIntrospector(driver)).tableExists(CHECKPOINT_TABLE))) return undefined;
  const [row] = await driver.query<{ applied_key: string; state: string }>(selectCheckpoint(driver.dialect));
  if (row === undefined || String(row.applied_key).trim() !== key) return undefined;
  try {
    const json: unknown = JSON.parse(new TextDecoder().decode(Bun.gunzipSync(Buffer.from(String(row.state), "base64"))));
    return isSchemaShaped(json) ? json : undefined;
  } catch {
    return undefined;
  }
}

function isSchemaShaped(json: unknown): json is Schema {
  if (typeof json !== "object" || json === null || !("tables" in json)) return false;
  const tables = (json as { tables: unknown }).tables;
  if (typeof tables !== "object" || tables === null || Array.isArray(tables)) return false;
  return Object.entries(tables).every(([ref, t]) => typeof t === "object" && t !== null && (t as { ref?: unknown }).ref === ref && Array.isArray((t as { columns?: unknown }).columns));
}

/** Statements that store `schema` as the state after the migrations `key` names (2.9 MB of JSON at 2 000 tables is 80 kB gzipped). */
export function checkpointStatements(driver: Driver, key: string, schema: Schema): Statement[] {
  const state = Buffer.from(Bun.gzipSync(Buffer.from(JSON.stringify(schema)))).toString("base64");
  return [createCheckpointTable(driver.dialect), ...writeCheckpoint(driver.dialect, key, state)];
}

/**
 * Stores the state after a successful run. The migrations are applied either way: a failure here
 * (a user without CREATE rights, say) is a warning, and the next run replays instead.
 */
export async function storeCheckpoint(driver: Driver, key: string, schema: Schema, warn: (message: string) => void): Promise<void> {
  await driver.transaction(() => driver.exec(checkpointStatements(driver, key, schema))).catch((e: unknown) => {
    warn(`could not store the applied schema in ${CHECKPOINT_TABLE} (the next run replays the migration files instead): ${e instanceof Error ? e.message : String(e)}`);
  });
}
