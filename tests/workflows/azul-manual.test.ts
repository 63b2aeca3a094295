/**
 * Azul manual mode on every database: `up`/`down` returning a promise run their own queries inside
 * the migration's transaction, under the same lock and tracking row as other migrations, in
 * `--tx all` and `--tx each`; a failure rolls back (MySQL: says what stays committed); `--dry`
 * says what it cannot show.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Dialect } from "../../src/sql/dialect";
import { migrate } from "../../src/workflows/migrate";
import { rollback } from "../../src/workflows/rollback";
import { historyOf, MIGRATE_DEFAULTS, recorder, tablesOf, withProject } from "../db/fixtures";
import { availableDialects } from "../support/db";
import { failure, ROLLBACK_ONE, rowsOf } from "./azul-support";

setDefaultTimeout(30_000);
const dialects = await availableDialects();

const PEOPLE = `exports.change = function (schema) {
  schema.createTable('people', function (table) {
    table.string('name');
  });
};
`;

const SEED = `exports.up = function (schema, query) {
  query.raw('INSERT INTO people (name) VALUES (?), (?)', ['ann', 'bob']);
};
exports.down = function (schema, query) {
  query.raw('DELETE FROM people');
};
`;

const COUNT = `exports.up = async function (schema, query) {
  const result = await query.raw('SELECT count(*) AS n FROM people');
  const n = Number(result.rows[0].n);
  console.log('people before: ' + n);
  await query.raw('INSERT INTO people (name) VALUES (?)', ['count was ' + n]);
  await schema.createTable('stats', function (table) {
    table.integer('people');
  });
  const again = await query.raw('SELECT count(*) AS n FROM people').execute();
  await query.raw('INSERT INTO stats (people) VALUES (?)', [Number(again.rows[0].n)]);
};

exports.down = function (schema, query) {
  return query.raw('DELETE FROM people WHERE name LIKE ?', ['count was %']).then(function () {
    return query.raw('DROP TABLE stats');
  });
};
`;

/** Creates a table, inserts, then queries a table that does not exist. */
const FAILING = `exports.up = async function (schema, query) {
  await schema.createTable('extra', function (table) {
    table.string('x');
  });
  await query.raw('INSERT INTO people (name) VALUES (?)', ['never kept']);
  await query.raw('SELECT * FROM no_such_table');
};
`;

const THROWING = `exports.up = async function (schema, query) {
  await query.raw('INSERT INTO people (name) VALUES (?)', ['never kept']);
  throw new Error('refusing to go on');
};
`;

const FORGOT = `exports.up = async function (schema, query) {
  await query.raw('INSERT INTO people (name) VALUES (?)', ['never kept']);
  schema.createTable('forgotten', function (table) { table.string('x'); });
};
`;

const MADE_BY_SQL = `exports.up = async function (schema, query) {
  await query.raw('CREATE TABLE made (x integer)');
};
exports.down = async function (schema) {
  await schema.dropTable('made');
};
`;

/** `.then(fn)` whose callback uses the result: the callback runs only when the migration runs, with the real rows. */
const THEN = `exports.up = function (schema, query) {
  return query.raw('SELECT count(*) AS n FROM people').then(function (result) {
    const n = Number(result.rows[0].n) + 1;
    if (!(n > 1)) throw new Error('no rows seen: ' + n);
    return query.raw('INSERT INTO people (name) VALUES (?)', ['then saw ' + (n - 1)]);
  }).then((inserted) => query.raw('SELECT name FROM people WHERE name LIKE ?', ['then saw %']).then((r) => {
    console.log('seen ' + r.rows.map((row) => row.name.toUpperCase()).join(','));
  }));
};

exports.down = function (schema, query) {
  return query.raw('SELECT count(*) AS n FROM people').then((result) => query.raw('DELETE FROM people WHERE name = ?', ['then saw ' + (Number(result.rows[0].n) - 1)]));
};
`;

const run = MIGRATE_DEFAULTS;
const FILES = { "20150101000000_people.js": PEOPLE, "20150101000001_seed.js": SEED, "20150101000002_count.js": COUNT };

describe.each(dialects)("manual mode on %s", (dialect: Dialect) => {
  test("up reads a row count and inserts from it, in the run's transaction and batch; down in manual mode undoes it", () =>
    withProject(dialect, FILES, async (project, driver) => {
      const r = recorder();
      const out = await migrate(project.config, run, r.on);
      expect(out.applied.map((d) => d.revision)).toEqual(["20150101000000", "20150101000001", "20150101000002"]);
      expect(r.events.filter((e) => e.kind !== "note" && e.kind !== "warning" && e.kind !== "start").map((e) => (e.kind === "migration" ? `${e.file} ${e.statements}` : e.kind === "log" ? `log ${e.line}` : "other"))).toEqual([
        "migrations/20150101000000_people.js 1",
        "migrations/20150101000001_seed.js 1",
        "log people before: 2",
        "migrations/20150101000002_count.js 5",
      ]);
      expect(await rowsOf(driver, "SELECT name FROM people ORDER BY id")).toEqual([["ann"], ["bob"], ["count was 2"]]);
      expect(await rowsOf(driver, "SELECT people FROM stats")).toEqual([["3"]]);
      expect(await historyOf(driver)).toEqual(["20150101000000:1", "20150101000001:1", "20150101000002:1"]);

      const back = await rollback(project.config, ROLLBACK_ONE, () => undefined);
      expect(back.reverted.map((d) => d.revision)).toEqual(["20150101000002"]);
      expect(await tablesOf(driver)).toEqual(["people"]);
      expect(await rowsOf(driver, "SELECT name FROM people ORDER BY id")).toEqual([["ann"], ["bob"]]);
    }));

  test("`.then(fn)` using the result: read without running the callback, run with the real result; --to an earlier revision works", () =>
    withProject(dialect, { ...FILES, "20150101000003_then.js": THEN }, async (project, driver) => {
      await migrate(project.config, { ...run, to: "20150101000001" }, () => undefined);
      expect(await historyOf(driver)).toEqual(["20150101000000:1", "20150101000001:1"]);
      const r = recorder();
      await migrate(project.config, run, r.on);
      expect(await rowsOf(driver, "SELECT name FROM people ORDER BY id")).toEqual([["ann"], ["bob"], ["count was 2"], ["then saw 3"]]);
      expect(r.events.filter((e) => e.kind === "log").map((e) => e.kind === "log" && e.line)).toEqual(["people before: 2", "seen THEN SAW 3"]);
      await rollback(project.config, ROLLBACK_ONE, () => undefined);
      expect(await rowsOf(driver, "SELECT name FROM people ORDER BY id")).toEqual([["ann"], ["bob"], ["count was 2"]]);
    }));

  test("--tx all: a failing manual query rolls back the whole run (MySQL: says what stays committed)", () =>
    withProject(dialect, { "20150101000000_people.js": PEOPLE, "20150101000001_failing.js": FAILING }, async (project, driver) => {
      const e = await failure(migrate(project.config, run, () => undefined));
      expect([e.code, e.exit]).toEqual(["E_DB_STATEMENT", 1]);
      expect(e.message).toStartWith("migrations/20150101000001_failing.js: statement 3 it ran (manual mode) failed: ");
      expect(e.at).toEqual({ file: "migrations/20150101000001_failing.js", line: 6, column: 15 });
      const details = e.details.join("\n");
      if (dialect === "mysql") {
        // Each migration is its own unit on MySQL: the first is committed; the failing one's DDL
        // commits implicitly, and the insert after it ran in autocommit mode.
        expect(await tablesOf(driver)).toEqual(["extra", "people"]);
        expect(await historyOf(driver)).toEqual(["20150101000000:1"]);
        expect(details).toContain("MySQL/MariaDB commits DDL implicitly, so these statements of migrations/20150101000001_failing.js stay applied:\n  1. create table `extra`");
        expect(details).toContain("\n  2. INSERT INTO people (name) VALUES (?)\n");
        expect(details).toContain("migrations/20150101000001_failing.js is NOT recorded as applied");
        expect(await rowsOf(driver, "SELECT name FROM people")).toEqual([["never kept"]]);
      } else {
        expect(details).toContain("rolled back: migrations/20150101000000_people.js, migrations/20150101000001_failing.js (none of it is applied)");
        expect(await tablesOf(driver)).toEqual([]);
        expect(await historyOf(driver)).toEqual([]);
      }
    }));

  test("--tx each: earlier migrations stay committed; an error thrown by the file points at its line and rolls it back", () =>
    withProject(dialect, { "20150101000000_people.js": PEOPLE, "20150101000001_throwing.js": THROWING }, async (project, driver) => {
      const e = await failure(migrate(project.config, { ...run, tx: "each" }, () => undefined));
      expect([e.code, e.message]).toEqual(["E_SANDBOX_THROWN", "Error: refusing to go on"]);
      expect(e.at).toEqual({ file: "migrations/20150101000001_throwing.js", line: 3, column: 18 });
      expect(e.details).toContain("migrations/20150101000001_throwing.js stopped after it ran 1 statement (manual mode)");
      expect(e.details).toContain("rolled back: migrations/20150101000001_throwing.js (none of it is applied)");
      expect(e.details).toContain("applied and recorded before the failure: migrations/20150101000000_people.js");
      expect(await tablesOf(driver)).toEqual(["people"]);
      expect(await rowsOf(driver, "SELECT name FROM people")).toEqual([]);
      expect(await historyOf(driver)).toEqual(["20150101000000:1"]);
    }));

  test("a call never executed is refused at its line; a schema call on a table only manual mode knows points to query.raw", () =>
    withProject(dialect, { "20150101000000_people.js": PEOPLE, "20150101000001_forgot.js": FORGOT }, async (project, driver) => {
      const e = await failure(migrate(project.config, run, () => undefined));
      expect([e.code, e.message]).toEqual(["E_AZUL_MANUAL_NOT_RUN", "`schema.createTable(...)` is never executed, so it does not run: `up` returns a promise (manual mode)"]);
      expect(e.at).toEqual({ file: "migrations/20150101000001_forgot.js", line: 3, column: 10 });
      if (dialect === "mysql") expect([await rowsOf(driver, "SELECT name FROM people"), await historyOf(driver)]).toEqual([[], ["20150101000000:1"]]);
      else expect([await tablesOf(driver), await historyOf(driver)]).toEqual([[], []]);

      await project.write("20150101000001_forgot.js", MADE_BY_SQL);
      await migrate(project.config, run, () => undefined);
      const back = await failure(rollback(project.config, ROLLBACK_ONE, () => undefined));
      expect([back.code, back.message, back.at?.line]).toEqual(["E_REPLAY_UNKNOWN_TABLE", "table made does not exist at this point", 5]);
      expect(back.hint).toContain("write this change with `query.raw`");
      // The file is applied: editing it would only make alab refuse to run it.
      expect(back.hint).toContain("migrations/20150101000001_forgot.js is still applied: if `down` itself is wrong, do not edit the file");
      expect(await tablesOf(driver)).toEqual(["made", "people"]);
      expect(await historyOf(driver)).toEqual(["20150101000000:1", `20150101000001:${dialect === "mysql" ? 2 : 1}`]);
    }));

  test("--dry prints the tracking row and says the manual queries are not shown", () =>
    withProject(dialect, FILES, async (project) => {
      const out = await migrate(project.config, { ...run, dry: true }, () => undefined);
      const script = out.script ?? "";
      const section = script.slice(script.indexOf("-- 20150101000002_count.js (up)"));
      expect(section.split("\n").slice(0, 3)).toEqual([
        "-- 20150101000002_count.js (up)",
        "-- `up` returns a promise (Azul manual mode): it runs its own queries when it runs, so they are not shown here",
        expect.stringMatching(/^insert into .alab_migrations. .* values \('20150101000002', 'count', '[0-9a-f]{64}', 1, /),
      ]);
    }));
});
