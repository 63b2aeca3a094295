/**
 * PostgreSQL administration for the harness (untimed): a fresh database per run, counting what a
 * run created. Uses the project's postgres.js; the timed sides use psql or the tool under test.
 */
import postgres from "postgres";

export const DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/test";

const PREFIX = "alab_bench_";

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export class PgAdmin {
  private readonly admin: postgres.Sql;
  private counter = 0;

  constructor(readonly url: string) {
    this.admin = postgres(url, { max: 1, onnotice: () => {} });
  }

  async version(): Promise<string> {
    const rows = await this.admin<{ server_version: string }[]>`show server_version`;
    return rows[0]?.server_version ?? "unknown";
  }

  async settings(): Promise<Record<string, string>> {
    const rows = await this.admin<{ name: string; setting: string }[]>`
      select name, setting from pg_settings
      where name in ('fsync', 'synchronous_commit', 'full_page_writes', 'wal_level') order by name`;
    return Object.fromEntries(rows.map((r) => [r.name, r.setting]));
  }

  /** Drops databases left by earlier harness runs whose process is gone. */
  async dropStale(): Promise<void> {
    const rows = await this.admin<{ datname: string }[]>`
      select datname from pg_database where datname like ${`${PREFIX}%`}`;
    for (const { datname } of rows) {
      const pid = Number.parseInt(datname.slice(PREFIX.length).split("_")[0] ?? "", 10);
      if (Number.isFinite(pid) && pid !== process.pid && isAlive(pid)) continue;
      await this.drop(datname);
    }
  }

  /** Creates an empty database; returns its name and URL. */
  async create(): Promise<{ name: string; url: string }> {
    const name = `${PREFIX}${process.pid}_${this.counter++}`;
    await this.admin.unsafe(`create database "${name}"`);
    return { name, url: withDatabase(this.url, name) };
  }

  async drop(name: string): Promise<void> {
    await this.admin.unsafe(`drop database if exists "${name}" with (force)`);
  }

  /** Runs one query in the named database on a short-lived connection. */
  async query<T extends object>(url: string, text: string): Promise<T[]> {
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      return (await sql.unsafe(text)) as unknown as T[];
    } finally {
      await sql.end();
    }
  }

  /** How many `bench_%` tables and how many tracking rows the database holds. */
  async census(url: string): Promise<{ tables: number; tracked: number }> {
    const rows = await this.query<{ tables: string; tracked: string | null }>(
      url,
      `select (select count(*) from pg_tables where schemaname = 'public' and tablename like 'bench\\_%') as tables,
              (select count(*) from pg_tables where schemaname = 'public' and tablename = 'alab_migrations') as tracked`,
    );
    const tables = Number(rows[0]?.tables ?? 0);
    if (Number(rows[0]?.tracked ?? 0) === 0) return { tables, tracked: 0 };
    const tracked = await this.query<{ n: string }>(url, `select count(*) as n from alab_migrations`);
    return { tables, tracked: Number(tracked[0]?.n ?? 0) };
  }

  async close(): Promise<void> {
    await this.admin.end();
  }
}
