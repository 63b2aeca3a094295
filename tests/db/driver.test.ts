import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import type { Driver } from "../../src/db/driver";
import { isStatementError } from "../../src/db/failures";
import { openDriver } from "../../src/db/open";
import { openIntrospector } from "../../src/db/open";
import { AlabError } from "../../src/errors";
import { capabilitiesFor } from "../../src/sql/capabilities";
import type { Dialect } from "../../src/sql/dialect";
import { availableDialects, withTestDatabase } from "../support/db";

// Each test creates and drops its own database; PostgreSQL takes a while to do that.
setDefaultTimeout(30_000);
const dialects = await availableDialects();

async function caught(p: Promise<unknown>): Promise<AlabError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AlabError) return e;
    throw e;
  }
  throw new Error("expected the promise to reject");
}

const INT = { postgres: "integer", mysql: "int", sqlite: "INTEGER" } as const;

async function count(d: Driver, table: string): Promise<number> {
  const [row] = await d.query<{ n: number | string }>({ sql: `select count(*) as n from ${table}` });
  return Number(row?.n);
}

describe.each(dialects)("%s driver", (dialect: Dialect) => {
  test("reports a version the capability table understands, and runs session settings", () =>
    withTestDatabase(dialect, async (_url, d) => {
      expect(d.dialect).toBe(dialect);
      expect(capabilitiesFor(dialect, d.version).dialect).toBe(dialect);
      const probe = {
        postgres: "select current_setting('standard_conforming_strings') as v",
        mysql: "select @@session.time_zone as v",
        sqlite: "pragma foreign_keys",
      }[dialect];
      const [row] = await d.query({ sql: probe });
      expect(Object.values(row ?? {})[0]).toEqual({ postgres: "on", mysql: "+00:00", sqlite: 1 }[dialect]);
      if (dialect === "mysql") {
        const [m] = await d.query<{ m: string }>({ sql: "select @@session.sql_mode as m" });
        expect(m?.m).toContain("STRICT_ALL_TABLES");
      }
    }));

  test("exec runs statements in order and query reads rows, with bound arguments", () =>
    withTestDatabase(dialect, async (_url, d) => {
      await d.exec([{ sql: `create table t (x ${INT[dialect]} not null)` }, { sql: "insert into t (x) values (1)" }, { sql: "insert into t (x) values (2)" }]);
      expect(await (await openIntrospector(d)).tableExists("t")).toBe(true);
      expect(await (await openIntrospector(d)).tableExists("nope")).toBe(false);
      const ph = dialect === "postgres" ? "$1" : "?";
      const rows = await d.query<{ x: number }>({ sql: `select x from t where x > ${ph} order by x`, args: [1] });
      expect(rows.map((r) => Number(r.x))).toEqual([2]);
    }));

  test("a failing statement names itself, its index and the database's message", () =>
    withTestDatabase(dialect, async (_url, d) => {
      const e = await caught(d.exec([{ sql: `create table t (x ${INT[dialect]})` }, { sql: "insert into missing_table (x) values (1)" }]));
      expect(isStatementError(e)).toBe(true);
      if (!isStatementError(e)) return;
      expect(e.code).toBe("E_DB_STATEMENT");
      expect(e.exit).toBe(1);
      expect(e.index).toBe(1);
      expect(e.message).toContain("insert into missing_table");
      expect(e.reason.toLowerCase()).toContain("missing_table");
    }));

  test("pipeline reports the first failing statement, and nothing after it takes effect", () =>
    withTestDatabase(dialect, async (_url, d) => {
      await d.exec([{ sql: `create table t (x ${INT[dialect]})` }]);
      const statements = [{ sql: "insert into t (x) values (1)" }, { sql: "insert into missing_table (x) values (1)" }, { sql: "insert into t (x) values (3)" }];
      // Inside a transaction (PostgreSQL sends all three at once; the rest run one at a time).
      const inside = await caught(d.transaction(() => d.pipeline(statements)));
      expect(isStatementError(inside) ? [inside.index, inside.statement.sql] : []).toEqual([1, "insert into missing_table (x) values (1)"]);
      expect(await count(d, "t")).toBe(0);
      // Outside one, as exec: the first statement stays, the third never runs.
      const outside = await caught(d.pipeline(statements));
      expect(isStatementError(outside) ? outside.index : -1).toBe(1);
      expect(await count(d, "t")).toBe(1);
      await d.transaction(() => d.pipeline([{ sql: "insert into t (x) values (4)" }, { sql: "insert into t (x) values (5)" }]));
      expect(await count(d, "t")).toBe(3);
    }));

  test("transaction commits, and rolls back when the callback throws", () =>
    withTestDatabase(dialect, async (_url, d) => {
      await d.exec([{ sql: `create table t (x ${INT[dialect]})` }]);
      await d.transaction(() => d.exec([{ sql: "insert into t (x) values (1)" }]));
      await expect(
        d.transaction(async () => {
          await d.exec([{ sql: "insert into t (x) values (2)" }]);
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect(await count(d, "t")).toBe(1);
    }));

  test("DDL inside a failed transaction: rolled back on PostgreSQL and SQLite, committed on MySQL", () =>
    withTestDatabase(dialect, async (_url, d) => {
      await d
        .transaction(async () => {
          await d.exec([{ sql: `create table t (x ${INT[dialect]})` }, { sql: "this is not sql" }]);
        })
        .catch(() => undefined);
      expect(await (await openIntrospector(d)).tableExists("t")).toBe(dialect === "mysql");
    }));

  test("a second lock holder times out with exit 4, naming the holder where the database can tell", () =>
    withTestDatabase(dialect, async (url, a) => {
      const b = await openDriver(url, dialect);
      try {
        const release = await a.lock("alab_migrations", 5);
        const started = performance.now();
        const e = await caught(b.lock("alab_migrations", dialect === "sqlite" ? 0.3 : 1));
        const waited = performance.now() - started;
        expect(e.code).toBe("E_LOCK_TIMEOUT");
        expect(e.exit).toBe(4);
        expect(waited).toBeGreaterThan(dialect === "sqlite" ? 250 : 900);
        if (dialect === "postgres") expect(e.message).toMatch(/held by PostgreSQL backend pid \d+ \(application "alab \(pid \d+/);
        if (dialect === "mysql") expect(e.message).toMatch(/held by connection \d+ \(root@/);
        if (dialect === "sqlite") expect(e.message).toMatch(/\(lock file .*test\.db-alab-lock\) within 0\.3 s: held by another alab process/);
        await release();
        const again = await b.lock("alab_migrations", 1);
        await again();
      } finally {
        await b.close();
      }
    }));

  // SQLite has no server to drop the connection.
  if (dialect !== "sqlite")
    test("a connection killed by the server is an error, never a silent reconnect without the lock", () =>
    withTestDatabase(dialect, async (url, a) => {
      const b = await openDriver(url, dialect);
      try {
        const [me] = await a.query<{ p: number }>({ sql: dialect === "postgres" ? "select pg_backend_pid() as p" : "select connection_id() as p" });
        await b.exec([{ sql: dialect === "postgres" ? `select pg_terminate_backend(${Number(me?.p)})` : `kill ${Number(me?.p)}` }]);
        await Bun.sleep(200);
        for (let i = 0; i < 2; i++) {
          const e = await caught(a.query({ sql: "select 1 as x" }));
          expect(e.code).toBe("E_DB_CONNECTION_LOST");
          expect(e.exit).toBe(1);
        }
      } finally {
        await b.close();
      }
    }));

  test("closing the connection releases the lock", () =>
    withTestDatabase(dialect, async (url) => {
      const a = await openDriver(url, dialect);
      await a.lock("alab_migrations", 1);
      await a.close();
      const b = await openDriver(url, dialect);
      try {
        const release = await b.lock("alab_migrations", 1);
        await release();
      } finally {
        await b.close();
      }
    }));
});

describe("connection failures are one line, E_DB_CONNECT, exit 1", () => {
  const cases: { name: string; dialect: Dialect; url: string; expect: RegExp }[] = [
    { name: "postgres wrong port", dialect: "postgres", url: "postgres://postgres@127.0.0.1:1/test", expect: /^cannot connect to PostgreSQL at 127\.0\.0\.1:1 \(database test\): connection refused$/ },
    { name: "mysql wrong port", dialect: "mysql", url: "mysql://root@127.0.0.1:1/test", expect: /^cannot connect to MySQL\/MariaDB at 127\.0\.0\.1:1 \(database test\): connection refused$/ },
    { name: "sqlite missing folder", dialect: "sqlite", url: "sqlite:/nonexistent-alab-dir/x.db", expect: /^cannot connect to SQLite at \/nonexistent-alab-dir\/x\.db: folder \/nonexistent-alab-dir does not exist$/ },
  ];
  if (dialects.includes("postgres")) {
    cases.push(
      { name: "postgres unknown database", dialect: "postgres", url: "postgres://postgres@127.0.0.1:5432/alab_no_such_db", expect: /: database "alab_no_such_db" does not exist$/ },
      { name: "postgres unknown role", dialect: "postgres", url: "postgres://alab_no_such_role@127.0.0.1:5432/test", expect: /: role "alab_no_such_role" does not exist$/ },
    );
  }
  if (dialects.includes("mysql")) {
    cases.push(
      { name: "mysql unknown database", dialect: "mysql", url: "mysql://root@127.0.0.1:3306/alab_no_such_db", expect: /: Unknown database 'alab_no_such_db'$/ },
      { name: "mysql bad user", dialect: "mysql", url: "mysql://alab_no_user:pw@127.0.0.1:3306/test", expect: /: Access denied for user 'alab_no_user'/ },
    );
  }
  test.each(cases)("$name", async (c) => {
    const e = await caught(openDriver(c.url, c.dialect, { connectTimeoutSeconds: 5 }));
    expect(e.code).toBe("E_DB_CONNECT");
    expect(e.exit).toBe(1);
    expect(e.message).not.toContain("\n");
    expect(e.message).toMatch(c.expect);
    expect(e.hint).toBeDefined();
  });

  test("a file that is not a SQLite database", async () => {
    const file = `${tmpdir()}/alab-not-a-db-${process.pid}.db`;
    await Bun.write(file, "this is not a database, just text that is long enough to have a header".repeat(20));
    try {
      const e = await caught(openDriver(`sqlite:${file}`, "sqlite"));
      expect(e.code).toBe("E_DB_CONNECT");
      expect(e.message).toBe(`cannot connect to SQLite at ${file}: file is not a database`);
    } finally {
      await unlink(file);
    }
  });

  test("a password in the URL never appears in the message", async () => {
    const e = await caught(openDriver("postgres://u:s3cret@127.0.0.1:1/test", "postgres"));
    expect(`${e.message} ${e.hint}`).not.toContain("s3cret");
  });
});
