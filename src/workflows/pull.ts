/**
 * `alab pull`: an existing database → one schema file per table, a baseline migration that builds
 * it all from nothing, and the snapshot. Reads the database, writes files only, all or none.
 * Before anything is written, the files are read back through the same readers every other command
 * uses and must mean exactly what was pulled: the schema files the snapshot's schema, the baseline
 * the planned operations — so right after a pull `alab check --offline` is clean and `alab new`
 * finds nothing to generate. Decisions live in ./adopt/pull-plan.ts.
 */
import { join } from "node:path";
import { type Config, displayPath } from "../config";
import { openIntrospector } from "../db/open";
import { AlabError, EXIT, isAlabError } from "../errors";
import { namespacedRef } from "../codegen/schema-file";
import { writeMigration } from "../codegen/write";
import { canonicalSchema, canonicalTable } from "../diff/canonical";
import type { Operation } from "../dsl/operations";
import { jsonEqual } from "../model/json";
import { describeChange } from "../diff/describe";
import { structuralDiff } from "../diff/diff";
import { replay } from "../diff/replay";
import type { TableDef } from "../model/def";
import { emptySchema, type Schema } from "../model/types";
import { RULES } from "../inspect/dialects";
import { normalizeCatalog, OWN_TABLES } from "../inspect/normalize";
import { connect } from "./database/connect";
import { type PullPlan, planPull, type LeftOut, type PulledObject } from "./adopt/pull-plan";
import { type FileWrite, WriteFailure, writeAll } from "./adopt/write-all";
import { findSchemaFiles, type SchemaFile } from "./project/load-schemas";
import { listMigrationFiles, nextMigrationFileName } from "./project/migration-files";
import { SNAPSHOT_FORMAT, snapshotPath, snapshotText } from "./project/snapshot-file";

export interface PullOptions {
  /** Replace schema files (and a snapshot) that are already there. */
  readonly force?: boolean;
}

export interface PullResult {
  readonly files: readonly string[];
  readonly baseline: string;
  readonly snapshot: string;
  readonly raw: readonly LeftOut[];
  readonly leftOut: readonly LeftOut[];
  readonly objects: readonly PulledObject[];
  /** Schema files that were there before and that no pulled table replaced (with --force). */
  readonly kept: readonly string[];
}

export const BASELINE_NAME = "baseline";

/** sameSchema without serializing both sides (500 tables: a tenth of pull's time). */
function sameMeaning(a: Schema, b: Schema): boolean {
  return jsonEqual(canonicalSchema(a), canonicalSchema(b));
}

const SANDBOX_LIMITS: ReadonlySet<string> = new Set(["E_SANDBOX_RECORDING", "E_SANDBOX_MEMORY", "E_SANDBOX_TIMEOUT"]);

function internal(message: string, details: string[] = []): AlabError {
  return new AlabError({ code: "E_INTERNAL", message: `internal: ${message}`, hint: "this is a bug in alab; please report it with the database's schema (pg_dump --schema-only / mysqldump --no-data)", details, exit: EXIT.runtime });
}

async function existingSchemaFiles(config: Config): Promise<SchemaFile[]> {
  try {
    return await findSchemaFiles(config);
  } catch (e) {
    if (isAlabError(e) && e.code === "E_SCHEMAS_DIR_MISSING") return [];
    throw e;
  }
}

/** The pulled schema files read back through the sandbox and the schema DSL: they must build `expected`. */
async function checkSchemaFiles(config: Config, plan: PullPlan): Promise<void> {
  if (plan.files.length === 0) return;
  const [{ evaluateFiles }, { interpretSchemaFile }, { buildSchema }] = await Promise.all([import("../sandbox/files"), import("../dsl/schema/index"), import("../model/normalize")]);
  let built: Schema;
  try {
    const sources = plan.files.map((f) => ({ path: f.path, source: f.text }));
    const defs: TableDef[] = await evaluateFiles(sources, "schema", config.sandbox, (ev, i) => interpretSchemaFile(ev, plan.files[i]?.ns ?? "", plan.files[i]?.name ?? ""));
    built = buildSchema(defs);
  } catch (e) {
    throw internal(`a pulled schema file does not read back: ${(e as Error).message}`);
  }
  if (!sameMeaning(built, plan.schema)) {
    throw internal("the pulled schema files do not read back as the database's tables", structuralDiff(plan.schema, built).map(describeChange));
  }
}

async function checkBaseline(config: Config, shown: string, text: string, plan: PullPlan): Promise<void> {
  const [{ evaluateOne }, { interpretMigration }] = await Promise.all([import("../sandbox/files"), import("../dsl/migration/index")]);
  let up;
  let down;
  try {
    const def = interpretMigration(await evaluateOne({ path: shown, source: text }, "migration", config.sandbox));
    up = def.up.map((o) => o.value);
    down = (def.down ?? []).map((o) => o.value);
  } catch (e) {
    // `migrate` reads the file under the same limits: a baseline past them must not be written.
    if (isAlabError(e) && SANDBOX_LIMITS.has(e.code)) {
      throw new AlabError({
        code: "E_PULL_TOO_LARGE",
        message: `the baseline ${shown} would hold ${plan.up.length} operations, more than one file can within the sandbox's limits (${e.code}: ${e.message}); nothing was written`,
        hint: "raise the limits where alab runs (ALAB_SANDBOX_MEMORY_MB, ALAB_SANDBOX_TIMEOUT_MS): `migrate` reads the baseline under them too",
      });
    }
    throw internal(`the baseline migration does not read back: ${(e as Error).message}`);
  }
  const comparable = (ops: readonly Operation[]) => ops.map((op) => (op.op === "create_table" ? { ...op, table: canonicalTable(op.table) } : op));
  if (!jsonEqual(comparable(up), comparable(plan.up)) || !jsonEqual(comparable(down), comparable(plan.down))) throw internal("the baseline migration does not read back as the planned operations");
  if (!sameMeaning(replay(emptySchema, plan.up), plan.schema)) throw internal("the baseline migration does not build the pulled schema files' tables");
}

/** Reads the database the config names; never writes to it. */
async function readDatabase(config: Config): Promise<{ plan: PullPlan; tables: number }> {
  const driver = await connect(config, { create: false });
  try {
    const catalog = await (await openIntrospector(driver)).catalog();
    const live = normalizeCatalog(catalog, RULES[driver.dialect], { refOf: (sql) => namespacedRef(sql) ?? sql });
    let database: string | undefined;
    if (driver.dialect === "mysql") {
      const [row] = await driver.query<{ db: string }>({ sql: "select database() as db" });
      database = row?.db === undefined || row.db === null ? undefined : String(row.db);
    }
    const tables = catalog.tables.filter((t) => !OWN_TABLES.has(t.name)).length;
    return { plan: planPull({ catalog, live, ...(database === undefined ? {} : { database }) }), tables };
  } finally {
    await driver.close();
  }
}

export async function pull(config: Config, opts: PullOptions = {}): Promise<PullResult> {
  const migrations = await listMigrationFiles(config);
  if (migrations.length > 0) {
    throw new AlabError({
      code: "E_PULL_HAS_MIGRATIONS",
      message: `${displayPath(config.cwd, config.migrationsDir)} already has ${migrations.length === 1 ? "a migration" : `${migrations.length} migrations`}: pull starts a project's history, it cannot add to one`,
      hint: "to adopt a database these migrations describe, run `alab baseline`; to pull, use a project whose migrations folder is empty",
    });
  }
  const existing = await existingSchemaFiles(config);
  const snapshot = snapshotPath(config.migrationsDir);
  const snapshotThere = await Bun.file(snapshot).exists();
  if (opts.force !== true && (existing.length > 0 || snapshotThere)) {
    const names = [...existing.map((f) => f.file), ...(snapshotThere ? [displayPath(config.cwd, snapshot)] : [])];
    throw new AlabError({
      code: "E_PULL_FILES_EXIST",
      message: `pull would replace files that are already there (${names.length === 1 ? names[0] : `${names.length} files`})`,
      hint: "pass `--force` to replace them, or pull into an empty schemas folder",
      details: names.length === 1 ? [] : names.slice(0, 20),
    });
  }

  const { plan, tables } = await readDatabase(config);
  if (tables === 0) {
    throw new AlabError({
      code: "E_PULL_EMPTY",
      message: "the database has no tables: there is nothing to pull",
      hint: "check the URL (-d / DATABASE_URL); for a new database, write schema files and run `alab new` instead",
    });
  }

  const fileName = nextMigrationFileName([], BASELINE_NAME);
  const baselinePath = join(config.migrationsDir, fileName);
  const shownBaseline = displayPath(config.cwd, baselinePath);
  const text = writeMigration(plan.up, plan.down, { name: BASELINE_NAME, comments: plan.comments, notes: baselineNotes(plan) });
  await checkSchemaFiles(config, plan);
  await checkBaseline(config, shownBaseline, text, plan);

  const byTable = new Map(existing.map((f) => [`${f.ns}/${f.name}`, f.absolute]));
  const writes: FileWrite[] = plan.files.map((f) => ({ path: byTable.get(`${f.ns}/${f.name}`) ?? join(config.schemasDir, f.path), text: f.text }));
  const replaced = new Set(writes.map((w) => w.path));
  writes.push({ path: baselinePath, text });
  writes.push({ path: snapshot, text: snapshotText({ format: SNAPSHOT_FORMAT, head: fileName, schema: plan.schema }) });
  try {
    // The schemas folder even when no table became a file: `alab new` reads it.
    await writeAll(writes, [config.schemasDir]);
  } catch (e) {
    if (!(e instanceof WriteFailure)) throw e;
    throw new AlabError({
      code: "E_PULL_WRITE",
      message: `cannot write ${displayPath(config.cwd, e.path)} (${e.why}); no file was written`,
      hint: "check that the schemas and migrations folders can be created and are writable",
      exit: EXIT.runtime,
      cause: e,
    });
  }
  return {
    files: plan.files.map((f) => displayPath(config.cwd, byTable.get(`${f.ns}/${f.name}`) ?? join(config.schemasDir, f.path))),
    baseline: shownBaseline,
    snapshot: displayPath(config.cwd, snapshot),
    raw: plan.raw,
    leftOut: plan.leftOut,
    objects: plan.objects,
    kept: existing.filter((f) => !replaced.has(f.absolute)).map((f) => f.file),
  };
}

function baselineNotes(plan: PullPlan): string[] {
  const lines = ["Written by `alab pull`: up creates the database as it was pulled, down drops it."];
  if (plan.notes.length > 0) lines.push("Left out (alab cannot create these; recreate them by hand where needed):", ...plan.notes.map((n) => `  ${n}`));
  return lines;
}
