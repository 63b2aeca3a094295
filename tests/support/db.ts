/**
 * A fresh database per test: PostgreSQL and MariaDB get `alab_t_<random>` created on the test
 * server and dropped afterwards; SQLite gets a file in a temp folder. Servers come from
 * services.ts (ALAB_TEST_PG_URL / ALAB_TEST_MYSQL_URL), which decides skip-or-fail when one is down.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Driver } from "../../src/db/driver";
import { openDriver } from "../../src/db/open";
import type { Dialect } from "../../src/sql/dialect";
import { requireService, serviceUrl } from "./services";

const SERVICE = { postgres: "postgres", mysql: "mysql" } as const;

/** The dialects whose servers answer here (SQLite always). Under CI=true a dead server fails. */
export async function availableDialects(): Promise<Dialect[]> {
  const out: Dialect[] = [];
  if ((await requireService("postgres")) !== null) out.push("postgres");
  if ((await requireService("mysql")) !== null) out.push("mysql");
  out.push("sqlite");
  return out;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export interface TestDatabase {
  readonly url: string;
  readonly dialect: Dialect;
  /** SQLite only: the database file. */
  readonly file?: string;
  drop(): Promise<void>;
}

/** Creates an empty database; the caller drops it (withTestDatabase does both). */
export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  if (dialect === "sqlite") {
    const dir = await mkdtemp(join(tmpdir(), "alab-db-"));
    const file = join(dir, "test.db");
    return { url: `sqlite:${file}`, dialect, file, drop: () => rm(dir, { recursive: true, force: true }) };
  }
  const base = serviceUrl(SERVICE[dialect]);
  const name = `alab_t_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const admin = await openDriver(base, dialect);
  try {
    await admin.exec([{ sql: `CREATE DATABASE ${name}` }]);
  } finally {
    await admin.close();
  }
  return {
    url: withDatabase(base, name),
    dialect,
    drop: async () => {
      const a = await openDriver(base, dialect);
      try {
        await a.exec([{ sql: dialect === "postgres" ? `DROP DATABASE IF EXISTS ${name} WITH (FORCE)` : `DROP DATABASE IF EXISTS ${name}` }]);
      } finally {
        await a.close();
      }
    },
  };
}

/** Runs `fn` with the URL of a fresh database and a driver open on it; drops it afterwards. */
export async function withTestDatabase(dialect: Dialect, fn: (url: string, driver: Driver) => Promise<void>): Promise<void> {
  const db = await createTestDatabase(dialect);
  try {
    const driver = await openDriver(db.url, dialect);
    try {
      await fn(db.url, driver);
    } finally {
      await driver.close();
    }
  } finally {
    await db.drop();
  }
}
