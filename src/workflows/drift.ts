/**
 * `alab drift`: the live database against the schema its applied migrations build. Read-only: it
 * takes no lock, creates no tracking table and no SQLite file, and writes nothing (the catalog is
 * read in a read-only transaction where the dialect has one). `driftJson` is the stable `--json`
 * document (docs/drift.md).
 */
import type { Config } from "../config";
import type { Driver } from "../db/driver";
import type { DriftDifference } from "../inspect/differences";
import type { Unmanaged } from "../inspect/live";
import { HISTORY_TABLE } from "../sql/history";
import { appliedSchema } from "./database/applied-schema";
import { connect, databaseTarget } from "./database/connect";
import { readHistoryRows, reconcile } from "./database/history";
import { liveDrift, readCatalog } from "./database/live-drift";
import { openIntrospector } from "../db/open";
import { listMigrationFiles, type MigrationFile } from "./project/migration-files";
import { targetText } from "../db/target";

export interface DriftOptions {
  /** Tables and objects alab does not manage count as drift too. */
  readonly strict: boolean;
}

export interface DriftReport {
  readonly dialect: Config["dialect"];
  /** "PostgreSQL at 127.0.0.1:5432 (database app)", or the URL as written when it is hidden. */
  readonly database: string;
  readonly basis: "snapshot" | "replay" | "nothing-applied";
  readonly applied: number;
  readonly pending: number;
  readonly notes: readonly string[];
  readonly differences: readonly DriftDifference[];
  readonly unmanaged: readonly Unmanaged[];
  /** Differences, or (with --strict) anything unmanaged. */
  readonly drift: boolean;
}

export const DRIFT_JSON_FORMAT = 1;

export interface DriftJson {
  readonly format: number;
  readonly drift: boolean;
  readonly dialect: Config["dialect"];
  readonly basis: DriftReport["basis"];
  readonly applied: number;
  readonly pending: number;
  readonly differences: readonly DriftDifference[];
  readonly unmanaged: readonly { readonly kind: string; readonly table: string | null; readonly name: string; readonly why: string }[];
  readonly notes: readonly string[];
}

/**
 * JavaScriptCore's tier-up thresholds times this, as `migrate` with work to do (see there): reading
 * and comparing N tables is code that runs N times, once; the optimizing tiers cost more memory
 * than they save time (docs/drift.md).
 */
export const DRIFT_JIT_POLICY = 10_000;

/** Drift on a connection already open (status reads the tracking table on the same one). */
export async function driftOn(driver: Driver, config: Config, files: readonly MigrationFile[], opts: DriftOptions): Promise<DriftReport> {
  const tracking = await (await openIntrospector(driver)).tableExists(HISTORY_TABLE);
  const rows = tracking ? await readHistoryRows(driver) : [];
  // The catalog is read while the expected schema is built: the server's work and alab's overlap.
  const reading = readCatalog(driver);
  reading.catch(() => undefined); // awaited below; a failure while the schema is built is not lost
  const expected = await appliedSchema(config, files, reconcile(files, rows), tracking);
  const live = await liveDrift(driver, expected.schema, opts.strict, reading);
  return {
    dialect: config.dialect,
    database: targetText(databaseTarget(config)),
    basis: expected.basis,
    applied: expected.applied,
    pending: expected.pending,
    notes: expected.notes,
    differences: live.differences,
    unmanaged: live.unmanaged,
    drift: live.differences.length > 0 || (opts.strict && live.unmanaged.length > 0),
  };
}

export async function drift(config: Config, opts: DriftOptions): Promise<DriftReport> {
  Bun.unsafe.setJITPolicy(DRIFT_JIT_POLICY);
  // The folder is listed (each file read and hashed) while the connection is being made.
  const connecting = connect(config, { create: false });
  connecting.catch(() => undefined);
  let files: MigrationFile[];
  try {
    files = await listMigrationFiles(config);
  } catch (e) {
    await connecting.then((d) => d.close()).catch(() => undefined);
    throw e;
  }
  const driver = await connecting;
  try {
    return await driftOn(driver, config, files, opts);
  } finally {
    await driver.close();
  }
}

export function driftJson(r: DriftReport): DriftJson {
  return {
    format: DRIFT_JSON_FORMAT,
    drift: r.drift,
    dialect: r.dialect,
    basis: r.basis,
    applied: r.applied,
    pending: r.pending,
    differences: r.differences,
    unmanaged: r.unmanaged.map((u) => ({ kind: u.kind, table: u.table ?? null, name: u.name, why: u.why })),
    notes: r.notes,
  };
}
