/**
 * A connection that dies in the middle of a migration, killed from another session right while
 * the migration's second statement runs. The error must say exactly what the database holds:
 * on MySQL/MariaDB the DDL before the kill committed (and is not recorded), on PostgreSQL the
 * transaction went with the connection.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Driver } from "../../../src/db/driver";
import { openDriver } from "../../../src/db/open";
import type { AlabError } from "../../../src/errors";
import type { Dialect } from "../../../src/sql/dialect";
import { migrate } from "../../../src/workflows/migrate";
import { availableDialects } from "../../support/db";
import { failure } from "../../support/failure";
import { createTable, historyOf, MIGRATE_DEFAULTS, tablesOf, withProject } from "../../db/fixtures";

setDefaultTimeout(60_000);
const servers = (await availableDialects()).filter((d) => d !== "sqlite");

const SLEEP: Record<Exclude<Dialect, "sqlite">, string> = { postgres: "select pg_sleep(30)", mysql: "select sleep(30)" };

/** Creates a table, then sleeps (the statement the connection dies in), then creates an index. */
function dyingMigration(dialect: Exclude<Dialect, "sqlite">): string {
  return `export default migration({
  up(m) {
    m.create_table("app.b", (t) => { t.id(); t.string("name", 100); });
    m.sql(${JSON.stringify(SLEEP[dialect])});
    m.create_index("app.b", ["name"], { name: "idx_b_name" });
  },
  down(m) { m.drop_table("app.b"); },
});
`;
}

/** Waits until a session runs `sleep` on this database, and kills that session. */
async function killWhenSleeping(watcher: Driver, dialect: Exclude<Dialect, "sqlite">, database: string): Promise<void> {
  const find =
    dialect === "postgres"
      ? `select pid as id from pg_stat_activity where datname = '${database}' and query like 'select pg_sleep%' and state = 'active'`
      : `select id from information_schema.processlist where db = '${database}' and info like 'select sleep%'`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    const [row] = await watcher.query<{ id: number }>({ sql: find });
    if (row !== undefined) {
      await watcher.exec([{ sql: dialect === "postgres" ? `select pg_terminate_backend(${Number(row.id)})` : `kill ${Number(row.id)}` }]);
      return;
    }
    if (Date.now() > deadline) throw new Error("the migration never reached its sleep");
    await Bun.sleep(20);
  }
}

function databaseOf(url: string): string {
  return new URL(url).pathname.slice(1);
}

async function runAndKill(dialect: Exclude<Dialect, "sqlite">, url: string, run: () => Promise<unknown>): Promise<AlabError> {
  const watcher = await openDriver(url, dialect);
  try {
    const [e] = await Promise.all([failure(run()), killWhenSleeping(watcher, dialect, databaseOf(url))]);
    return e;
  } finally {
    await watcher.close();
  }
}

describe.each(servers)("a connection killed during a migration on %s", (dialect) => {
  test.each(["all", "each"] as const)("--tx %s: the error says what stayed applied and what did not", (tx) =>
    withProject(dialect, { "001_a.js": createTable("a"), "002_b.js": dyingMigration(dialect), "003_c.js": createTable("c") }, async (project, driver) => {
      const e = await runAndKill(dialect, project.url, () => migrate(project.config, { ...MIGRATE_DEFAULTS, tx }, () => undefined));
      const text = [e.message, ...e.details, e.hint ?? ""].join("\n");
      expect(e.code).toBe("E_DB_CONNECTION_LOST");
      expect(e.exit).toBe(1);
      expect(e.message).toContain("migrations/002_b.js");
      expect(e.message).toContain("statement 2 of 3");
      // Not the migration's fault: no code frame pointing into it.
      expect(e.at).toEqual({ file: "migrations/002_b.js" });
      if (dialect === "mysql") {
        // 001 committed on its own; 002's CREATE TABLE committed implicitly and is not recorded.
        expect(await historyOf(driver)).toEqual(["001:1"]);
        expect(await tablesOf(driver)).toEqual(["app_a", "app_b"]);
        expect(text).toContain("these statements of migrations/002_b.js stay applied:\n  1. create table `app_b`");
        expect(text).toContain("cut off while it ran, so it may or may not have taken effect:\n  2. select sleep(30)");
        expect(text).toContain("not applied:\n  3. create index");
        expect(text).toContain("migrations/002_b.js is NOT recorded as applied in alab_migrations");
        expect(text).toContain("applied and recorded before the failure: migrations/001_a.js");
        expect(e.hint).toContain("undo");
      } else {
        const applied = tx === "each" ? ["001:1"] : [];
        expect(await historyOf(driver)).toEqual(applied);
        expect(await tablesOf(driver)).toEqual(tx === "each" ? ["app_a"] : []);
        expect(text).toContain(tx === "each" ? "rolled back: migrations/002_b.js (none of it is applied)" : "rolled back: migrations/001_a.js, migrations/002_b.js (none of it is applied)");
        expect(text).toContain(tx === "each" ? "applied and recorded before the failure: migrations/001_a.js" : "nothing else from this run was applied");
        expect(e.hint).toEndWith(tx === "each" ? "run `alab migrate` again: the database is as it was before migrations/002_b.js" : "run `alab migrate` again: the database is as it was before this run");
      }
      expect(text).not.toContain("fix migrations/002_b.js");
    }),
  );
});
