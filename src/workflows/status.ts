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
import { type MigrationState, readHistory, reconcile, type StatusEntry } from "./database/history";
import { scanMigrationFiles } from "./project/migration-files";
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
}

export interface StatusClash {
  readonly revision: string;
  readonly files: readonly string[];
}

/**
 * 2: the state `renumbered`, `applied_revision`, `applied_name` and `clash` per migration, `clashes`.
 * 3: `description` per migration, `revision_problems`.
 */
export const STATUS_JSON_FORMAT = 3;

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
}

export async function status(config: Config): Promise<StatusReport> {
  const { files, clashes } = await scanMigrationFiles(config);
  const session = { create: false, lockKey: HISTORY_TABLE };
  const rows = await withDatabase(config, session, (driver) => readHistory(driver));
  return {
    dialect: config.dialect,
    database: targetText(databaseTarget(config)),
    entries: reconcile(files, rows),
    clashes: clashes.map((c) => ({ revision: c.files[0]?.revision ?? String(c.order), files: c.files.map((f) => f.file) })),
    revisionProblems: revisionProblems(files).map((p) => p.message),
  };
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
  return { format: STATUS_JSON_FORMAT, dialect: report.dialect, migrations, counts, clashes: report.clashes, revision_problems: report.revisionProblems };
}
