/**
 * What every row factory gets: tools, the alab binary (or why there is none), the PostgreSQL
 * admin connection, a scratch folder, and the per-N project folders shared by the rows.
 */
import { Database } from "bun:sqlite";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { NotMeasurable } from "./types";
import type { PgAdmin } from "./pg";
import type { AlabBinary, Tools } from "./tools";
import { benchTables, writeMigrations, writeSchemas, type BenchTable } from "./workload";

export interface BenchContext {
  readonly repo: string;
  readonly tools: Tools;
  readonly alab: AlabBinary;
  readonly pg: PgAdmin;
  /** Scratch root, removed at the end unless --keep. */
  readonly work: string;
  readonly hello: string;
  readonly log: (line: string) => void;
  /** Folder where peers are installed (only with --peers). */
  readonly peersDir?: string;
}

export const ALAB_ENV: Record<string, string> = { NO_COLOR: "1" };

/** The alab binary, or NotMeasurable with the reason it is missing. */
export function alabPath(ctx: BenchContext): string {
  if (!ctx.alab.path) throw new NotMeasurable(ctx.alab.problem ?? "no alab binary");
  return ctx.alab.path;
}

/** `<work>/n<N>/<name>/` with migrations/ (one file per table); created once per N. */
export function migrationsProject(ctx: BenchContext, n: number): { dir: string; tables: BenchTable[] } {
  const dir = join(ctx.work, `n${n}`, "migrate");
  const tables = benchTables(n);
  if (!existsSync(join(dir, "migrations"))) writeMigrations(dir, tables);
  return { dir, tables };
}

/** A fresh project with schemas/ and an empty migrations/ (no snapshot yet). */
export function schemasProject(ctx: BenchContext, n: number, name: string, computed = false): { dir: string; tables: BenchTable[] } {
  const dir = join(ctx.work, `n${n}`, name);
  rmSync(dir, { recursive: true, force: true });
  const tables = benchTables(n);
  writeSchemas(dir, tables, computed);
  mkdirSync(join(dir, "migrations"), { recursive: true });
  return { dir, tables };
}

let sqliteCounter = 0;

/** A path for a fresh SQLite database under the scratch folder. */
export function freshSqlitePath(ctx: BenchContext): string {
  const dir = join(ctx.work, "sqlite");
  mkdirSync(dir, { recursive: true });
  return join(dir, `run-${sqliteCounter++}.db`);
}

export function removeSqlite(path: string): void {
  for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(`${path}${suffix}`, { force: true });
}

/** Same census as PgAdmin.census, for a SQLite file. */
export function sqliteCensus(path: string): { tables: number; tracked: number } {
  if (!existsSync(path)) return { tables: 0, tracked: 0 };
  const db = new Database(path, { readonly: true });
  try {
    const row = db
      .query<{ tables: number; has: number }, []>(
        `select (select count(*) from sqlite_master where type = 'table' and name like 'bench\\_%' escape '\\') as tables,
                (select count(*) from sqlite_master where type = 'table' and name = 'alab_migrations') as has`,
      )
      .get();
    const tables = row?.tables ?? 0;
    if (!row?.has) return { tables, tracked: 0 };
    const tracked = db.query<{ n: number }, []>(`select count(*) as n from alab_migrations`).get();
    return { tables, tracked: tracked?.n ?? 0 };
  } finally {
    db.close();
  }
}

/**
 * Fails a run that "succeeded" without doing the work (never time a no-op): the tool side becomes
 * not measurable, a wrong floor is a harness error.
 */
export function expectCensus(
  side: "tool" | "floor",
  what: string,
  got: { tables: number; tracked: number },
  want: { tables: number; tracked?: number },
): void {
  if (got.tables !== want.tables || (want.tracked !== undefined && got.tracked !== want.tracked)) {
    const tracked = want.tracked !== undefined ? `, ${got.tracked} of ${want.tracked} recorded in alab_migrations` : "";
    const message = `${what} exited 0 but left ${got.tables} of ${want.tables} tables${tracked}`;
    throw side === "tool" ? new NotMeasurable(message) : new Error(message);
  }
}
