/**
 * `alab status`: every migration with its state, batch, time applied and duration. Read-only: it
 * creates neither the tracking table nor a SQLite file. `statusJson` is the stable `--json` shape
 * documented in docs/running.md. It works when two files share a number (after a merge): both are
 * listed and the clash is named, since that is when a person most needs to look.
 */
import type { Config } from "../config";
import { targetText } from "../db/target";
import { HISTORY_TABLE } from "../sql/history";
import { databaseTarget, withDatabase } from "./database/connect";
import { type MigrationState, readHistoryRows, reconcile, type StatusEntry } from "./database/history";
import { untrackedTables } from "./database/untracked";
import { openIntrospector } from "../db/open";
import { type MigrationFile, scanMigrationFiles } from "./project/migration-files";
import type { Driver } from "../db/driver";
import { isAlabError } from "../errors";
import { readDescription, revisionProblems } from "./project/revision-refs";

export interface StatusReport {
  readonly dialect: Config["dialect"];
  /** "PostgreSQL at 127.0.0.1:5432 (database app)". */
  readonly database: string;
  readonly entries: readonly StatusEntry[];
  /** Numbers that two or more files share, with their file names. */
  readonly clashes: readonly StatusClash[];
  /** Where up_revision/down_revision values (AstrolaDB) say another order than the files'. */
  readonly revisionProblems: readonly string[];
  /** Whether the database matches what its applied migrations build (only when asked for). */
  readonly drift?: StatusDrift;
  /** Tables of a database that has no tracking table (alab did not make it): adopt it first. */
  readonly untracked: readonly string[];
}

/** `alab status`'s one line about drift: compared (and what was found), or why not. */
export type StatusDrift =
  | { readonly compared: true; readonly drift: boolean; readonly differences: number; readonly unmanaged: number }
  | { readonly compared: false; readonly reason: string };

export interface StatusClash {
  readonly revision: string;
  readonly files: readonly string[];
}

/**
 * 2: the state `renumbered`, `applied_revision`, `applied_name` and `clash` per migration, `clashes`.
 * 3: `description` per migration, `revision_problems`.
 * 4: `drift`. 5: `untracked_tables`.
 */
export const STATUS_JSON_FORMAT = 5;

export interface StatusJsonMigration {
  readonly revision: string;
  readonly name: string;
  /** File name in the migrations folder; null when the file is missing. */
  readonly file: string | null;
  readonly state: MigrationState;
  readonly batch: number | null;
  /** ISO-8601 UTC with milliseconds; null when not applied. */
  readonly applied_at: string | null;
  readonly duration_ms: number | null;
  /** sha256 of the file (CRLF → LF) and as recorded when applied; null where there is none. */
  readonly checksum: string | null;
  readonly applied_checksum: string | null;
  /** The number and name in alab_migrations; they differ from `revision`/`name` when renumbered. */
  readonly applied_revision: string | null;
  readonly applied_name: string | null;
  /** True when another file has the same number (see `clashes`). */
  readonly clash: boolean;
  /** The `description` of `migration({ … })` (AstrolaDB); null when the file has none. */
  readonly description: string | null;
}

export interface StatusJson {
  readonly format: number;
  readonly dialect: Config["dialect"];
  readonly migrations: readonly StatusJsonMigration[];
  readonly counts: { readonly [S in MigrationState]: number };
  readonly clashes: readonly StatusClash[];
  readonly revision_problems: readonly string[];
  /** Null when not compared (`--no-drift`); `reason` says why it could not be. */
  readonly drift: { readonly drift: boolean | null; readonly differences: number; readonly unmanaged: number; readonly reason: string | null } | null;
  /** Tables of a database without a tracking table (alab did not make it), sorted; empty otherwise. */
  readonly untracked_tables: readonly string[];
}

/**
 * With `drift`, the database is also compared with what its applied migrations build, on the same
 * connection. A comparison that cannot be made (a broken migration file, a catalog the user may
 * not read) does not fail status: the line says why.
 */
export async function status(config: Config, opts: { readonly drift?: boolean } = {}): Promise<StatusReport> {
  const { files, clashes } = await scanMigrationFiles(config, { required: true });
  const session = { create: false, lockKey: HISTORY_TABLE };
  const { rows, drift, untracked } = await withDatabase(config, session, async (driver) => {
    const tracked = await (await openIntrospector(driver)).tableExists(HISTORY_TABLE);
    const rows = tracked ? await readHistoryRows(driver) : [];
    const untracked = tracked ? [] : await untrackedTables(driver);
    if (opts.drift !== true) return { rows, untracked };
    return { rows, untracked, drift: await driftLine(driver, config, files, clashes.length > 0) };
  });
  return {
    dialect: config.dialect,
    database: targetText(databaseTarget(config)),
    entries: reconcile(files, rows),
    clashes: clashes.map((c) => ({ revision: c.files[0]?.revision ?? String(c.order), files: c.files.map((f) => f.file) })),
    revisionProblems: revisionProblems(files).map((p) => p.message),
    ...(drift === undefined ? {} : { drift }),
    untracked,
  };
}

async function driftLine(driver: Driver, config: Config, files: readonly MigrationFile[], clash: boolean): Promise<StatusDrift> {
  if (clash) return { compared: false, reason: "two migration files share a number" };
  try {
    // Loaded here: status without the drift line (the check step) reads no catalog.
    const { driftOn, DRIFT_JIT_POLICY } = await import("./drift");
    Bun.unsafe.setJITPolicy(DRIFT_JIT_POLICY);
    const r = await driftOn(driver, config, files, { strict: false });
    return { compared: true, drift: r.drift, differences: r.differences.length, unmanaged: r.unmanaged.length };
  } catch (e) {
    if (!isAlabError(e)) throw e;
    return { compared: false, reason: `${e.code}: ${e.message}` };
  }
}

export function statusJson(report: StatusReport): StatusJson {
  const counts = { applied: 0, pending: 0, modified: 0, missing: 0, renumbered: 0 };
  const clashing = new Set(report.clashes.flatMap((c) => c.files));
  const migrations = report.entries.map((e): StatusJsonMigration => {
    counts[e.state]++;
    return {
      revision: e.revision,
      name: e.name,
      file: e.file?.file ?? null,
      state: e.state,
      batch: e.row?.batch ?? null,
      applied_at: e.row?.appliedAt ?? null,
      duration_ms: e.row?.durationMs ?? null,
      checksum: e.file?.checksum ?? null,
      applied_checksum: e.row?.checksum ?? null,
      applied_revision: e.row?.revision ?? null,
      applied_name: e.row?.name ?? null,
      clash: e.file !== undefined && clashing.has(e.file.file),
      description: e.file === undefined ? null : (readDescription(e.file.source) ?? null),
    };
  });
  const d = report.drift;
  const drift = d === undefined ? null : d.compared ? { drift: d.drift, differences: d.differences, unmanaged: d.unmanaged, reason: null } : { drift: null, differences: 0, unmanaged: 0, reason: d.reason };
  return {
    format: STATUS_JSON_FORMAT,
    dialect: report.dialect,
    migrations,
    counts,
    clashes: report.clashes,
    revision_problems: report.revisionProblems,
    drift,
    untracked_tables: report.untracked,
  };
}
