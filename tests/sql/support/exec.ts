/**
 * A tiny executor for the SQL tests: a fresh database per call on PostgreSQL and MariaDB (created
 * and dropped around the callback) and a temp file for SQLite. It runs a Plan the way the runner
 * does: `before` outside the transaction, `statements` inside, `after` once it ended.
 * (Private to tests/sql until src/db's drivers exist.)
 */
import { Database } from "bun:sqlite";
import { SQL } from "bun";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { capabilitiesFor, type Capabilities, type Plan } from "../../../src/sql/plan";
import type { Dialect, Statement } from "../../../src/sql/dialect";
import { serviceUrl } from "../../support/services";

export type Row = Record<string, unknown>;

export interface Exec {
  readonly dialect: Dialect;
  readonly caps: Capabilities;
  query<T extends Row = Row>(sql: string, args?: readonly unknown[]): Promise<T[]>;
  run(statements: readonly Statement[]): Promise<void>;
  /** before; BEGIN; statements; COMMIT (ROLLBACK and rethrow on failure); after. */
  apply(plan: Plan): Promise<void>;
}

function dbName(): string {
  return `alab_t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}

interface Conn {
  query(sql: string, args?: readonly unknown[]): Promise<Row[]>;
  version: string;
}

function executor(dialect: Dialect, conn: Conn): Exec {
  const caps = capabilitiesFor(dialect, conn.version);
  const run = async (statements: readonly Statement[]) => {
    for (const s of statements) await conn.query(s.sql, s.args);
  };
  return {
    dialect,
    caps,
    query: async <T extends Row>(sql: string, args?: readonly unknown[]) => (await conn.query(sql, args)) as T[],
    run,
    apply: async (plan) => {
      await run(plan.before);
      try {
        await conn.query(dialect === "sqlite" ? "begin immediate" : "begin");
        try {
          await run(plan.statements);
          await conn.query("commit");
        } catch (e) {
          await conn.query("rollback");
          throw e;
        }
      } finally {
        await run(plan.after);
      }
    },
  };
}

/** A schema per test (a database per test costs a second of fsyncs on PostgreSQL). */
async function withPostgres<T>(fn: (x: Exec) => Promise<T>): Promise<T> {
  const name = dbName();
  const sql = postgres(serviceUrl("postgres"), { max: 1, onnotice: () => {}, connection: { TimeZone: "UTC" } });
  try {
    await sql.unsafe(`create schema ${name}`);
    await sql.unsafe(`set search_path = ${name}`);
    await sql.unsafe("set standard_conforming_strings = on");
    const [v] = await sql.unsafe("show server_version");
    const conn: Conn = { version: String(v!.server_version), query: async (q, a) => [...(await sql.unsafe(q, (a ?? []) as never[]))] };
    return await fn(executor("postgres", conn));
  } finally {
    await sql.unsafe(`drop schema if exists ${name} cascade`);
    await sql.end();
  }
}

async function withMysql<T>(fn: (x: Exec) => Promise<T>): Promise<T> {
  const admin = new SQL({ url: serviceUrl("mysql"), max: 1 });
  const name = dbName();
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serviceUrl("mysql"));
  url.pathname = `/${name}`;
  const sql = new SQL({ url: url.toString(), max: 1 });
  try {
    await sql.unsafe("set session sql_mode = 'STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'");
    await sql.unsafe("set session time_zone = '+00:00'");
    const [v] = await sql.unsafe("select version() as v");
    const conn: Conn = { version: String(v.v), query: async (q, a) => [...(await sql.unsafe(q, (a ?? []) as unknown[]))] };
    return await fn(executor("mysql", conn));
  } finally {
    await sql.close();
    await admin.unsafe(`drop database if exists ${name}`);
    await admin.close();
  }
}

async function withSqlite<T>(fn: (x: Exec) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "alab-sql-"));
  const db = new Database(join(dir, "t.db"));
  try {
    db.run("pragma foreign_keys = on");
    const version = String((db.query("select sqlite_version() as v").get() as Row).v);
    const conn: Conn = {
      version,
      query: async (q, a) => db.query(q).all(...((a ?? []) as never[])) as Row[],
    };
    return await fn(executor("sqlite", conn));
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function withDatabase<T>(dialect: Dialect, fn: (x: Exec) => Promise<T>): Promise<T> {
  switch (dialect) {
    case "postgres":
      return withPostgres(fn);
    case "mysql":
      return withMysql(fn);
    case "sqlite":
      return withSqlite(fn);
  }
}
