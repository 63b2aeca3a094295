/**
 * Test projects for the runner: a temp folder with a migrations/ folder of small hand-written
 * files, a Config pointing at a test database, and ways to run alab as a process on it.
 */
import { mkdir, mkdtemp, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type Config, resolveConfig } from "../../src/config";
import type { Driver } from "../../src/db/driver";
import type { Dialect } from "../../src/sql/dialect";
import type { RunEvent } from "../../src/workflows/run/events";

export const ROOT = resolve(import.meta.dir, "../..");
export const BUN = process.execPath;

/** `create table app.<name>` with an id, a name and timestamps; down drops it. */
export function createTable(name: string, extra = ""): string {
  return `export default migration({
  up(m) {
    m.create_table("app.${name}", (t) => { t.id(); t.string("name", 100);${extra} t.timestamps(); });
  },
  down(m) { m.drop_table("app.${name}"); },
});
`;
}

/** A migration whose `up` runs `sqls` (raw SQL) after creating a table, and whose down drops it. */
export function tableThenSql(name: string, sqls: readonly string[], opts: { transaction?: boolean } = {}): string {
  const raw = sqls.map((s) => `    m.sql(${JSON.stringify(s)});\n`).join("");
  const tx = opts.transaction === false ? "  transaction: false,\n" : "";
  return `export default migration({
  up(m) {
    m.create_table("app.${name}", (t) => { t.id(); t.string("name", 100); });
${raw}  },
  down(m) { m.drop_table("app.${name}"); },
${tx}});
`;
}

export interface Project {
  readonly dir: string;
  readonly url: string;
  readonly dialect: Dialect;
  readonly config: Config;
  write(file: string, text: string): Promise<void>;
  remove(file: string): Promise<void>;
  cleanup(): Promise<void>;
}

export async function makeProject(dialect: Dialect, url: string, files: Record<string, string> = {}): Promise<Project> {
  const dir = await mkdtemp(join(tmpdir(), "alab-run-"));
  await mkdir(join(dir, "migrations"));
  const write = (file: string, text: string) => writeFile(join(dir, "migrations", file), text);
  for (const [file, text] of Object.entries(files)) await write(file, text);
  const config = resolveConfig({ flags: { url }, env: {}, cwd: dir });
  if (config.dialect !== dialect) throw new Error(`URL ${url} is not ${dialect}`);
  return {
    dir,
    url,
    dialect,
    config,
    write,
    remove: (file) => unlink(join(dir, "migrations", file)),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Collects a run's events for assertions. */
export function recorder(): { events: RunEvent[]; on: (e: RunEvent) => void } {
  const events: RunEvent[] = [];
  return { events, on: (e) => events.push(e) };
}

/** The argv that runs `alab <command>` from source, through the real entry point and dispatcher. */
export function alabCommand(command: string): string[] {
  return [BUN, join(ROOT, "src/main.ts"), command];
}

export interface ProcResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts `alab <args>` in the project; `done()` collects its output (leave stdout alone to read it yourself). */
export function spawnAlab(project: Project, args: readonly string[], env: Record<string, string> = {}): { proc: ReturnType<typeof Bun.spawn>; done: () => Promise<ProcResult> } {
  const [command, ...rest] = args;
  const proc = Bun.spawn([...alabCommand(command as string), ...rest, "--url", project.url], {
    cwd: project.dir,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: project.dir, NO_COLOR: "1", ...env },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const done = async () => {
    const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout as ReadableStream).text(), new Response(proc.stderr as ReadableStream).text(), proc.exited]);
    return { code, stdout, stderr };
  };
  return { proc, done };
}

export function runAlabIn(project: Project, args: readonly string[], env: Record<string, string> = {}): Promise<ProcResult> {
  return spawnAlab(project, args, env).done();
}

/** Table names in the database (without alab's tracking and checkpoint tables), sorted. */
export async function tablesOf(d: Driver): Promise<string[]> {
  const sql = {
    postgres: "select table_name as t from information_schema.tables where table_schema = current_schema() order by 1",
    mysql: "select table_name as t from information_schema.tables where table_schema = database() order by 1",
    sqlite: "select name as t from sqlite_master where type = 'table' and name not like 'sqlite_%' order by 1",
  }[d.dialect];
  const rows = await d.query<{ t: string; T?: string; TABLE_NAME?: string }>({ sql });
  return rows.map((r) => String(r.t ?? r.T ?? r.TABLE_NAME)).filter((t) => t !== "alab_migrations" && t !== "alab_migrations_state");
}

/**
 * The schema as the database describes it (tables, columns with types/nullability/defaults,
 * indexes, constraints), as sorted text lines — for comparing two databases. The tracking table's
 * rows are not part of it, nor the checkpoint table, which only a run (not a piped `--dry` script) writes.
 */
export async function describeSchema(d: Driver): Promise<string[]> {
  const queries: Record<Dialect, string[]> = {
    postgres: [
      `select table_name || '.' || column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '') || ' null=' || is_nullable || ' default=' || coalesce(column_default, '-') as l
       from information_schema.columns where table_schema = current_schema()`,
      `select indexdef as l from pg_indexes where schemaname = current_schema()`,
      `select conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) as l from pg_constraint where connamespace = current_schema()::regnamespace`,
    ],
    mysql: [
      `select concat(table_name, '.', column_name, ' ', column_type, ' null=', is_nullable, ' default=', coalesce(column_default, '-'), ' ', extra) as l
       from information_schema.columns where table_schema = database()`,
      `select concat(table_name, ' ', index_name, ' ', non_unique, ' ', seq_in_index, ' ', column_name) as l from information_schema.statistics where table_schema = database()`,
      `select concat(table_name, ' ', constraint_name, ' ', constraint_type) as l from information_schema.table_constraints where table_schema = database()`,
      `select concat(constraint_name, ' ', check_clause) as l from information_schema.check_constraints where constraint_schema = database()`,
    ],
    sqlite: [`select type || ' ' || name || ' ' || coalesce(sql, '') as l from sqlite_master where name not like 'sqlite_%'`],
  };
  const lines: string[] = [];
  for (const sql of queries[d.dialect]) {
    const rows = await d.query<{ l: string }>({ sql });
    lines.push(...rows.map((r) => String(r.l)).filter((l) => !l.includes("alab_migrations_state")));
  }
  return lines.sort();
}

/** Rows of the tracking table as revision:batch pairs, by revision. */
export async function historyOf(d: Driver): Promise<string[]> {
  const rows = await d.query<{ revision: string; batch: number }>({ sql: "select revision, batch from alab_migrations order by revision" });
  return rows.map((r) => `${r.revision}:${Number(r.batch)}`);
}

/** A fresh database and a project using it; both removed afterwards. */
export async function withProject(
  dialect: Dialect,
  files: Record<string, string>,
  fn: (project: Project, driver: Driver) => Promise<void>,
): Promise<void> {
  const { withTestDatabase } = await import("../support/db");
  await withTestDatabase(dialect, async (url, driver) => {
    const project = await makeProject(dialect, url, files);
    try {
      await fn(project, driver);
    } finally {
      await project.cleanup();
    }
  });
}

export const MIGRATE_DEFAULTS = { dry: false, tx: "all", lockTimeoutSeconds: 10, allowOutOfOrder: false, commit: false } as const;
