/**
 * The strongest oracle the suite has: after migrations ran, the live database, introspected and
 * normalized, must be exactly the schema the migrations say they built — no difference, and
 * nothing the model cannot hold. Every end-to-end test that applies migrations ends with it.
 */
import { expect } from "bun:test";
import type { Driver } from "../../src/db/driver";
import { openIntrospector } from "../../src/db/open";
import { describeChange } from "../../src/diff/describe";
import { compareSchemas } from "../../src/inspect/compare";
import { RULES } from "../../src/inspect/dialects";
import { normalizeCatalog } from "../../src/inspect/normalize";
import type { Config } from "../../src/config";
import { emptySchema, type Schema } from "../../src/model/types";
import { HISTORY_TABLE } from "../../src/sql/history";
import { listMigrationFiles } from "../../src/workflows/project/migration-files";
import { loadMigrations, replayMigrations } from "../../src/workflows/project/replay-migrations";

/** The differences (in words) and unmanaged objects of the live database against `expected`. */
export async function driftOf(driver: Driver, expected: Schema): Promise<string[]> {
  const catalog = await (await openIntrospector(driver)).catalog();
  const live = normalizeCatalog(catalog, RULES[driver.dialect], { expected });
  return [
    ...compareSchemas(expected, live.schema, { strict: true }).map(describeChange),
    ...live.unmanaged.map((u) => `unmanaged ${u.kind} ${u.table === undefined ? "" : `${u.table}.`}${u.name}: ${u.why}`),
  ];
}

export async function expectNoDrift(driver: Driver, expected: Schema): Promise<void> {
  expect(await driftOf(driver, expected)).toEqual([]);
}

/**
 * The schema the project's applied migration files build (a replay of the files the tracking
 * table lists, in order), which the live database must hold exactly. Files with raw SQL or a
 * manual `up` cannot be replayed: the assertion refuses them rather than compare half a schema.
 */
export async function expectNoDriftFromApplied(driver: Driver, config: Pick<Config, "migrationsDir" | "projectRoot" | "cwd" | "sandbox">): Promise<void> {
  const tracked = await (await openIntrospector(driver)).tableExists(HISTORY_TABLE);
  const rows = tracked ? await driver.query<{ revision: string }>({ sql: `select revision from ${HISTORY_TABLE}` }) : [];
  const applied = new Set(rows.map((r) => String(r.revision)));
  const files = (await listMigrationFiles(config)).filter((f) => applied.has(f.revision));
  const replayed = replayMigrations(emptySchema, await loadMigrations(files, config));
  expect(replayed.notReplayable).toEqual([]);
  await expectNoDrift(driver, replayed.schema);
}

/**
 * The same oracle through `alab drift` itself, for tests that drive a project: the database must
 * hold exactly what the project's applied migrations build (replayed from the files, in the order
 * they were applied), with nothing unmanaged.
 */
export async function expectProjectNoDrift(config: Config): Promise<void> {
  const { drift } = await import("../../src/workflows/drift");
  const r = await drift(config, { strict: true });
  expect({ differences: r.differences.map((d) => d.message), unmanaged: r.unmanaged.map((u) => `${u.kind} ${u.name}: ${u.why}`) }).toEqual({ differences: [], unmanaged: [] });
}
