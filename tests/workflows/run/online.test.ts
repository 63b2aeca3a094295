/**
 * Online index builds through the runner: on PostgreSQL a migration with CREATE INDEX
 * CONCURRENTLY runs outside a transaction; when the build fails the INVALID index it left is
 * dropped, nothing is recorded, and the run can simply be repeated once the data is fixed.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Dialect } from "../../../src/sql/dialect";
import { migrate } from "../../../src/workflows/migrate";
import { availableDialects } from "../../support/db";
import { expectNoDriftFromApplied } from "../../support/drift";
import { failure } from "../../support/failure";
import { createTable, historyOf, MIGRATE_DEFAULTS, recorder, withProject } from "../../db/fixtures";

setDefaultTimeout(60_000);
const dialects = await availableDialects();

const UNIQUE_NAME = `export default migration({
  up(m) { m.create_index("app.a", ["name"], { name: "uq_app_a_name_online", unique: true, concurrently: true }); },
  down(m) { m.drop_index("uq_app_a_name_online", { concurrently: true }); },
});
`;

async function indexNames(driver: Parameters<Parameters<typeof withProject>[2]>[1], dialect: Dialect): Promise<string[]> {
  const sql =
    dialect === "postgres"
      ? "select indexname as n from pg_indexes where tablename = 'app_a' order by 1"
      : dialect === "mysql"
        ? "select distinct index_name as n from information_schema.statistics where table_schema = database() and table_name = 'app_a' order by 1"
        : "select name as n from sqlite_master where type = 'index' and tbl_name = 'app_a' order by 1";
  return (await driver.query<{ n: string }>({ sql })).map((r) => r.n);
}

describe.each(dialects)("a unique index built concurrently on %s", (dialect: Dialect) => {
  test("fails on duplicates leaving no index and no row; after the data is fixed the same run succeeds", () =>
    withProject(dialect, { "001_a.js": createTable("a") }, async (project, driver) => {
      await migrate(project.config, MIGRATE_DEFAULTS, () => undefined);
      await driver.exec([{ sql: "insert into app_a (id, name, created_at, updated_at) values ('00000000-0000-4000-8000-000000000001', 'x', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP), ('00000000-0000-4000-8000-000000000002', 'x', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)" }]);
      const before = await indexNames(driver, dialect);
      await project.write("002_unique.js", UNIQUE_NAME);
      const e = await failure(migrate(project.config, MIGRATE_DEFAULTS, () => undefined));
      expect(e.code).toBe("E_DB_STATEMENT");
      expect(await indexNames(driver, dialect)).toEqual(before);
      expect(await historyOf(driver)).toEqual(["001:1"]);

      await driver.exec([{ sql: "delete from app_a where id = '00000000-0000-4000-8000-000000000002'" }]);
      const events = recorder();
      const r = await migrate(project.config, MIGRATE_DEFAULTS, events.on);
      expect(r.applied.map((a) => a.revision)).toEqual(["002"]);
      expect(await indexNames(driver, dialect)).toContain("uq_app_a_name_online");
      await expectNoDriftFromApplied(driver, project.config);
      const dry = await migrate(project.config, { ...MIGRATE_DEFAULTS, dry: true }, () => undefined);
      expect(dry.pending).toBe(0);
    }));
});

test("--dry shows the concurrent build outside any transaction (PostgreSQL)", () =>
  dialects.includes("postgres")
    ? withProject("postgres", { "001_a.js": createTable("a"), "002_unique.js": UNIQUE_NAME }, async (project) => {
        const r = await migrate(project.config, { ...MIGRATE_DEFAULTS, dry: true }, () => undefined);
        const script = r.script ?? "";
        expect(script).toContain("-- 002_unique.js (up) · outside a transaction");
        expect(script).toContain("-- note: runs outside a transaction: PostgreSQL runs CREATE/DROP INDEX CONCURRENTLY only outside a transaction");
        const tail = script.slice(script.indexOf("002_unique.js (up)"));
        expect(tail).toContain(`create unique index concurrently "uq_app_a_name_online" on "app_a" ("name");`);
        expect(tail.split("\n").some((l) => l === "BEGIN;")).toBe(false);
        expect(script).toContain("SET lock_timeout = '5000ms';");
      })
    : undefined);
