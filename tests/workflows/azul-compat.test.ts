/**
 * Azul.js files as maguey's own tests and the Azul docs write them (fixtures written for this
 * project after them), run unchanged by `alab migrate` / `alab rollback` on every database, each
 * step ending with the database holding exactly the schema the applied files build.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Driver } from "../../src/db/driver";
import type { Dialect } from "../../src/sql/dialect";
import { migrate } from "../../src/workflows/migrate";
import { rollback } from "../../src/workflows/rollback";
import { historyOf, MIGRATE_DEFAULTS, type Project, tablesOf, withProject } from "../db/fixtures";
import { schemaOfFirst } from "../support/applied-schema";
import { availableDialects } from "../support/db";
import { expectNoDrift } from "../support/drift";
import { failure, ROLLBACK_ONE, rowsOf } from "./azul-support";

setDefaultTimeout(60_000);
const dialects = await availableDialects();
const quiet = () => undefined;

async function noDrift(project: Project, driver: Driver, applied: number, _dialect: Dialect): Promise<void> {
  await expectNoDrift(driver, await schemaOfFirst(project.config, applied));
}

/** maguey's type tests: a table without the implicit key, its one column a serial key given by option. */
const SERIAL_PK = `exports.change = function (schema) {
  schema.createTable('maguey_type_serial').pk(null).with(function (table) {
    table.serial('column', { primaryKey: true });
  });
  schema.createTable('maguey_type_increments').pk(null).with(function (table) {
    table.increments('column', { primaryKey: true });
    table.string('label', { length: 20, notNull: true, default: 'none' });
  });
};
`;

describe.each(dialects)("Azul files on %s", (dialect: Dialect) => {
  test("table.serial('column', { primaryKey: true }) and attributes as options (maguey's type tests)", () =>
    withProject(dialect, { "20150101000000_types.js": SERIAL_PK }, async (project, driver) => {
      await migrate(project.config, MIGRATE_DEFAULTS, quiet);
      await noDrift(project, driver, 1, dialect);
      const q = (n: string) => (dialect === "mysql" ? `\`${n}\`` : `"${n}"`);
      await driver.exec([{ sql: `INSERT INTO maguey_type_serial (${q("column")}) VALUES (1)` }, { sql: "INSERT INTO maguey_type_increments (label) VALUES ('a')" }]);
      expect(await rowsOf(driver, `SELECT ${q("column")} FROM maguey_type_serial`)).toEqual([["1"]]);
      expect(await rowsOf(driver, `SELECT ${q("column")}, label FROM maguey_type_increments`)).toEqual([["1", "a"]]);
      await rollback(project.config, ROLLBACK_ONE, quiet);
      expect([await tablesOf(driver), await historyOf(driver)]).toEqual([[], []]);
    }));
});

/** docs/azul.md, "SQLite dates, times and decimals are text": the decision, on a real SQLite file. */
const DATES = `exports.change = function (schema) {
  schema.createTable('events', function (table) {
    table.date('day');
    table.time('at');
    table.dateTime('stamp');
    table.decimal('price', { precision: 10, scale: 2 });
  });
};
`;

test.skipIf(!dialects.includes("sqlite"))("SQLite: Azul's date, time, dateTime and decimal are stored as alab stores them, ISO-8601 and exact text", () =>
  withProject("sqlite", { "20150101000000_events.js": DATES }, async (project, driver) => {
    await migrate(project.config, MIGRATE_DEFAULTS, quiet);
    expect(await rowsOf(driver, "SELECT name, type FROM pragma_table_info('events') ORDER BY cid")).toEqual([
      ["id", "INTEGER"],
      ["day", "TEXT"],
      ["at", "TEXT"],
      ["stamp", "TEXT"],
      ["price", "TEXT"],
    ]);
    await driver.exec([{ sql: "INSERT INTO events (day, at, stamp, price) VALUES ('2014-10-31', '11:57:23', '2014-10-31T12:00:00.000Z', '0.10')" }]);
    expect(await rowsOf(driver, "SELECT day, at, stamp, price, typeof(price), typeof(day) FROM events")).toEqual([["2014-10-31", "11:57:23", "2014-10-31T12:00:00.000Z", "0.10", "text", "text"]]);
    // ISO text works with SQLite's own date functions and sorts in time order.
    expect(await rowsOf(driver, "SELECT date(stamp), strftime('%H', at) FROM events")).toEqual([["2014-10-31", "11"]]);
  }));

const LEGACY = `exports.up = function (schema, query) {
  query.raw('CREATE TABLE legacy (id integer primary key, name varchar(20))');
};
exports.down = function (schema, query) {
  query.raw('DROP TABLE legacy');
};
`;

const ALTER_LEGACY = `exports.change = function (schema) {
  schema.alterTable('legacy', function (table) {
    table.string('extra');
  });
};
`;

describe.each(dialects)("a table made by query.raw on %s", (dialect: Dialect) => {
  // Not built yet (issue 12, item 13): alab cannot plan a change to a table its state does not
  // know. The help names the raw SQL and the way that works, not `alab snapshot --rebuild`.
  test("alterTable on it is refused before anything runs; the help points at the raw SQL", () =>
    withProject(dialect, { "20150101000000_legacy.js": LEGACY, "20150101000001_alter.js": ALTER_LEGACY }, async (project, driver) => {
      const e = await failure(migrate(project.config, MIGRATE_DEFAULTS, quiet));
      expect([e.code, e.message, e.at?.file, e.at?.line]).toEqual(["E_REPLAY_UNKNOWN_TABLE", "table legacy does not exist at this point", "migrations/20150101000001_alter.js", 3]);
      expect(e.hint).toContain("raw SQL it cannot follow ran earlier (migrations/20150101000000_legacy.js:2)");
      expect(e.hint).toContain("`query.raw`");
      expect(e.hint).not.toContain("snapshot --rebuild");
      expect(await tablesOf(driver)).toEqual([]);
    }));
});
