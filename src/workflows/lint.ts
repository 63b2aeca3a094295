/**
 * `alab lint`: findings for migrations, for the server they will run on. What is linted: the
 * migrations pending in the database (default), every file (`--all`), or the files named. The
 * server: the configured database (`-d URL` or config), whose version decides the version-
 * dependent rules, or a dialect named with `--dialect` (no database; the oldest version alab
 * supports unless `--server-version` says otherwise: the conservative answer). Every migration is
 * linted from the schema the ones before it leave. Findings are the result; the CLI decides the
 * exit code (3 when an error is not allowed).
 */
import { resolve } from "node:path";
import type { Config } from "../config";
import { openDriver } from "../db/open";
import { AlabError, EXIT } from "../errors";
import { countFindings, type Counts, type Finding } from "../lint/finding";
import { lintMigrations, type MigrationLint } from "../lint/lint";
import { serverName } from "../lint/step";
import { emptySchema, type Schema } from "../model/types";
import { Draft } from "../diff/replay";
import { type Capabilities, capabilitiesFor } from "../sql/capabilities";
import { DIALECTS, type Dialect } from "../sql/dialect";
import { HISTORY_TABLE } from "../sql/history";
import { withDatabase } from "./database/connect";
import { applicationOrder, readHistory, reconcile, type StatusEntry } from "./database/history";
import { type LoadedMigration, loadMigrations } from "./project/load-migrations";
import { listMigrationFiles, type MigrationFile } from "./project/migration-files";
import { lintInput } from "./run/lint-run";
import { replayUpOn } from "./run/units";

export type LintScope = { readonly kind: "pending" } | { readonly kind: "all" } | { readonly kind: "files"; readonly files: readonly string[] };

/** The configured database, or a dialect (`--dialect`, with `--server-version`). */
export type LintServer = { readonly kind: "database" } | { readonly kind: "dialect"; readonly dialect: string; readonly version?: string };

export interface LintReport {
  readonly caps: Capabilities;
  readonly server: LintServer["kind"];
  readonly scope: LintScope["kind"];
  readonly migrations: readonly MigrationLint[];
  readonly counts: Counts;
}

/** The oldest server alab plans for (capabilities.ts FLOORS): rules that changed later are judged as before the change. */
const OLDEST: Readonly<Record<Exclude<Dialect, "sqlite"> | "mariadb", string>> = { postgres: "13.0", mysql: "8.0.16", mariadb: "10.3.0-MariaDB" };
const NAMES = [...DIALECTS, "mariadb"];

async function dialectCaps(name: string, version: string | undefined): Promise<Capabilities> {
  if (!NAMES.includes(name)) {
    throw new AlabError({ code: "E_LINT_BAD_DIALECT", message: `unknown dialect \`${name}\``, hint: `--dialect is one of ${NAMES.join(", ")}`, exit: EXIT.usage });
  }
  if (name === "sqlite") {
    // alab runs SQLite through the library built into it: its version is the one that will run.
    const driver = await openDriver("sqlite::memory:", "sqlite");
    try {
      return capabilitiesFor("sqlite", version ?? driver.version);
    } finally {
      await driver.close();
    }
  }
  if (version !== undefined && !/^\d+(\.\d+){0,2}(-MariaDB)?$/i.test(version)) {
    throw new AlabError({ code: "E_LINT_BAD_VERSION", message: `--server-version takes a version number like 16.2 or 8.0.36 (got \`${version}\`)`, hint: "give the version of the server the migrations will run on; `SELECT version()` shows it", exit: EXIT.usage });
  }
  const dialect: Dialect = name === "mariadb" ? "mysql" : (name as Dialect);
  const given = version === undefined ? undefined : name === "mariadb" && !/mariadb/i.test(version) ? `${version}-MariaDB` : version;
  return capabilitiesFor(dialect, given ?? OLDEST[name as keyof typeof OLDEST]);
}

/** The files named on the command line, as migration files of the folder (by path or file name). */
function chosenFiles(config: Config, files: readonly MigrationFile[], names: readonly string[]): Set<string> {
  const chosen = new Set<string>();
  for (const name of names) {
    const abs = resolve(config.cwd, name);
    const f = files.find((x) => x.path === abs || x.file === name);
    if (f === undefined) {
      throw new AlabError({ code: "E_LINT_UNKNOWN_FILE", message: `${name} is not a migration in ${config.migrationsDir}`, hint: "name migration files by path or file name (e.g. `alab lint migrations/004_add_email.js`); `alab status` lists them", exit: EXIT.usage });
    }
    chosen.add(f.file);
  }
  return chosen;
}

/** The schema the applied migrations build, replayed in the order they were applied. */
function appliedSchema(entries: readonly StatusEntry[], byFile: ReadonlyMap<string, LoadedMigration>): Schema {
  const draft = new Draft(emptySchema);
  for (const e of applicationOrder(entries)) {
    const m = e.file === undefined ? undefined : byFile.get(e.file.file);
    if (m !== undefined && e.state !== "pending") replayUpOn(draft, m);
  }
  return draft.schema();
}

interface Target {
  readonly caps: Capabilities;
  /** Pending scope only: what the database has applied. */
  readonly entries?: readonly StatusEntry[];
}

async function target(config: Config, scope: LintScope, server: LintServer, files: readonly MigrationFile[]): Promise<Target> {
  if (server.kind === "dialect") {
    if (scope.kind === "pending") {
      throw new AlabError({ code: "E_LINT_NO_DATABASE", message: "with --dialect there is no database to say which migrations are pending", hint: "name the files (`alab lint migrations/004_x.js`) or pass --all; or lint against the database with -d URL", exit: EXIT.usage });
    }
    return { caps: await dialectCaps(server.dialect, server.version) };
  }
  return withDatabase(config, { create: false, lockKey: HISTORY_TABLE }, async (driver) => {
    const caps = capabilitiesFor(driver.dialect, driver.version);
    if (scope.kind !== "pending") return { caps };
    return { caps, entries: reconcile(files, await readHistory(driver)) };
  });
}

export async function lint(config: Config, scope: LintScope, server: LintServer): Promise<LintReport> {
  const files = await listMigrationFiles(config);
  const chosen = scope.kind === "files" ? chosenFiles(config, files, scope.files) : undefined;
  const { caps, entries } = await target(config, scope, server, files);
  const report = (migrations: readonly MigrationLint[]): LintReport => ({ caps, server: server.kind, scope: scope.kind, migrations, counts: countFindings(migrations.flatMap((m) => m.findings)) });
  // Nothing pending (the common case in `alab check`): no file needs reading.
  if (entries !== undefined && !entries.some((e) => e.state === "pending")) return report([]);
  // Files after the last one linted change nothing before it: they are not read.
  const last = chosen === undefined ? files.length : Math.max(...files.map((f, i) => (chosen.has(f.file) ? i + 1 : 0)));
  const { migrations } = await loadMigrations(config, files.slice(0, last));
  let start: Schema = emptySchema;
  let inputs = migrations.map((m) => lintInput(m, chosen === undefined || chosen.has(m.file.file)));
  if (entries !== undefined) {
    const byFile = new Map(migrations.map((m) => [m.file.file, m]));
    start = appliedSchema(entries, byFile);
    const pending = new Set(entries.filter((e) => e.state === "pending" && e.file !== undefined).map((e) => e.file!.file));
    inputs = migrations.filter((m) => pending.has(m.file.file)).map((m) => lintInput(m));
  }
  return report(lintMigrations(start, inputs, caps));
}

/** `--json`: the stable shape documented in docs/lint.md. */
export const LINT_JSON_FORMAT = 1;

export interface LintJsonFinding {
  readonly code: string;
  readonly severity: Finding["severity"];
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly table: string | null;
  readonly message: string;
  readonly server: string;
  readonly hint: string;
  readonly lock: string | null;
  readonly algorithm: string | null;
  readonly safe_form: string | null;
  readonly allowed: boolean;
  readonly reason: string | null;
}

export function lintJson(r: LintReport): object {
  const finding = (f: Finding): LintJsonFinding => ({
    code: f.code,
    severity: f.severity,
    file: f.file,
    line: f.line,
    column: f.column,
    table: f.table ?? null,
    message: f.message,
    server: f.server,
    hint: f.hint,
    lock: f.lock ?? null,
    algorithm: f.algorithm ?? null,
    safe_form: f.safeForm ?? null,
    allowed: f.allowed !== undefined,
    reason: f.allowed?.reason ?? null,
  });
  return {
    format: LINT_JSON_FORMAT,
    dialect: r.caps.dialect,
    server: serverName(r.caps),
    version: r.caps.version,
    from: r.server,
    scope: r.scope,
    migrations: r.migrations.map((m) => ({ file: m.file, findings: m.findings.map(finding) })),
    counts: r.counts,
  };
}
