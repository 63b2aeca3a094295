/**
 * The Azul guide's examples as migration files, run by `alab migrate` / `alab rollback` on every
 * database: tables created, altered, renamed and dropped; indexes by column and by name; foreign
 * keys whose actions the database enforces; `change` rolled back; an irreversible `change`
 * refused before anything runs; sequential `query.raw` in the order written; batches.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Driver } from "../../src/db/driver";
import type { Dialect } from "../../src/sql/dialect";
import { migrate } from "../../src/workflows/migrate";
import { rollback } from "../../src/workflows/rollback";
import { historyOf, MIGRATE_DEFAULTS, recorder, tablesOf, withProject } from "../db/fixtures";
import { availableDialects } from "../support/db";
import { expectNoDriftFromApplied } from "../support/drift";
import { columnsOf, failure, hasHistoryTable, indexesOf, ROLLBACK_ONE, rowsOf } from "./azul-support";

setDefaultTimeout(30_000);
const dialects = await availableDialects();

const ARTICLES = `exports.up = function (schema) {
  schema.createTable('articles', function (table) {
    table.string('title');
    table.text('body');
  });
};

exports.down = function (schema) {
  schema.dropTable('articles');
};
`;

const EMPLOYEES = `exports.change = function (schema) {
  schema.createTable('employees')
  .pk('identifier')
  .unlessExists()
  .with(function (table) {
    table.serial('identifier').notNull();
    table.string('first_name');
    table.string('last_name');
    table.integer('boss_id');
    table.index('boss_id');
    table.index(['first_name', 'last_name'], { name: 'full_name_index' });
  });
};
`;

const ALTER = `exports.up = function (schema) {
  schema.alterTable('articles', function (table) {
    table.string('summary', { length: 80 });
    table.rename('title', 'headline', 'string');
    table.drop('body');
  });
  schema.alterTable('employees', function (table) {
    table.renameIndex('full_name_index', 'full_name_idx');
    table.dropIndex('boss_id');
  });
  schema.renameTable('articles', 'posts');
};

exports.down = function (schema) {
  schema.renameTable('posts', 'articles');
  schema.alterTable('employees', function (table) {
    table.index('boss_id');
    table.renameIndex('full_name_idx', 'full_name_index');
  });
  schema.alterTable('articles', function (table) {
    table.text('body');
    table.rename('headline', 'title', 'string');
    table.drop('summary');
  });
};
`;

const REFERENCES = `exports.change = function (schema) {
  schema.createTable('authors', function (table) {
    table.string('name');
  });
  schema.createTable('books', function (table) {
    table.string('title');
    table.integer('author_id').references('authors.id').onDelete('cascade');
  });
  schema.createTable('reviews', function (table) {
    table.integer('book_id').references('books.id').onDelete('restrict');
    table.integer('editor_id').references('authors.id').onDelete('nullify');
  });
};
`;

const SEQUENTIAL = `exports.up = function (schema, query) {
  schema.createTable('notes', function (table) {
    table.integer('pos');
    table.string('body');
  });
  query.raw('INSERT INTO notes (pos, body) VALUES (?, ?)', [1, 'first']);
  query.raw('INSERT INTO notes (pos, body) VALUES (?, ?)', [2, "x'); DROP TABLE notes; --"]);
  query.raw("INSERT INTO notes (pos, body) VALUES (?, 'what?')", [3]);
  schema.alterTable('notes', function (table) {
    table.string('tag');
  });
  query.raw('UPDATE notes SET tag = ? WHERE pos = ?', ['after the column', 2]);
};

exports.down = function (schema) {
  schema.dropTable('notes');
};
`;

const IRREVERSIBLE = `exports.change = function (schema) {
  schema.createTable('kept', function (table) { table.string('x'); });
  schema.dropTable('articles');
};
`;

const run = MIGRATE_DEFAULTS;

async function expectDeleteFails(d: Driver, sql: string): Promise<void> {
  let refused = false;
  try {
    await d.exec([{ sql }]);
  } catch {
    refused = true;
  }
  expect(refused).toBe(true);
}

describe.each(dialects)("Azul guide examples on %s", (dialect: Dialect) => {
  test("create, alter, rename and drop; indexes by column and by name; each down undoes its up", () =>
    withProject(dialect, { "20150101000000_articles.js": ARTICLES, "20150101000001_employees.js": EMPLOYEES }, async (project, driver) => {
      await migrate(project.config, run, () => undefined);
      expect(await tablesOf(driver)).toEqual(["articles", "employees"]);
      // The order written, the implicit key first as in Azul: see docs/azul.md.
      expect(await columnsOf(driver, "articles")).toEqual(["id", "title", "body"]);
      expect(await columnsOf(driver, "employees")).toEqual(["identifier", "first_name", "last_name", "boss_id"]);
      expect(await indexesOf(driver, "employees")).toEqual(["employees_boss_id_idx", "full_name_index"]);
      await expectNoDriftFromApplied(driver, project.config);

      await project.write("20150101000002_alter.js", ALTER);
      await migrate(project.config, run, () => undefined);
      expect(await tablesOf(driver)).toEqual(["employees", "posts"]);
      expect(await columnsOf(driver, "posts")).toEqual(["id", "headline", "summary"]);
      expect(await indexesOf(driver, "employees")).toEqual(["full_name_idx"]);
      await expectNoDriftFromApplied(driver, project.config);

      await rollback(project.config, ROLLBACK_ONE, () => undefined);
      expect(await tablesOf(driver)).toEqual(["articles", "employees"]);
      expect([...(await columnsOf(driver, "articles"))].sort()).toEqual(["body", "id", "title"]);
      expect(await indexesOf(driver, "employees")).toEqual(["employees_boss_id_idx", "full_name_index"]);
      await expectNoDriftFromApplied(driver, project.config);

      await rollback(project.config, { ...ROLLBACK_ONE, target: { kind: "all" }, yes: true }, () => undefined);
      expect([await tablesOf(driver), await historyOf(driver)]).toEqual([[], []]);
    }));

  test("references with cascade, restrict and nullify are enforced by the database; change rolls back to nothing", () =>
    withProject(dialect, { "20150101000000_references.js": REFERENCES }, async (project, driver) => {
      await migrate(project.config, run, () => undefined);
      await expectNoDriftFromApplied(driver, project.config);
      await driver.exec([
        { sql: "INSERT INTO authors (id, name) VALUES (1, 'ann'), (2, 'bob')" },
        { sql: "INSERT INTO books (id, title, author_id) VALUES (10, 'one', 1), (20, 'two', 2)" },
        { sql: "INSERT INTO reviews (id, book_id, editor_id) VALUES (100, 10, 2)" },
      ]);
      await driver.exec([{ sql: "DELETE FROM authors WHERE id = 2" }]);
      expect(await rowsOf(driver, "SELECT id FROM books ORDER BY id")).toEqual([["10"]]); // cascade
      expect(await rowsOf(driver, "SELECT book_id, editor_id FROM reviews")).toEqual([["10", "null"]]); // nullify
      await expectDeleteFails(driver, "DELETE FROM books WHERE id = 10"); // restrict
      await expectDeleteFails(driver, "DELETE FROM authors WHERE id = 1"); // cascade into a restrict
      expect(await rowsOf(driver, "SELECT id FROM books")).toEqual([["10"]]);

      await driver.exec([{ sql: "DELETE FROM reviews" }]);
      const r = recorder();
      await rollback(project.config, ROLLBACK_ONE, r.on);
      expect(r.events.filter((e) => e.kind === "migration").map((e) => e.kind === "migration" && e.statements)).toEqual([3]);
      expect([await tablesOf(driver), await historyOf(driver)]).toEqual([[], []]);
    }));

  test("an irreversible change is refused at its call before anything runs: no table, no tracking row", () =>
    withProject(dialect, { "20150101000000_articles.js": ARTICLES, "20150101000001_irreversible.js": IRREVERSIBLE }, async (project, driver) => {
      const e = await failure(migrate(project.config, run, () => undefined));
      expect([e.code, e.message, e.exit]).toEqual(["E_AZUL_IRREVERSIBLE", "`dropTable` is not reversible", 2]);
      expect(e.at).toEqual({ file: "migrations/20150101000001_irreversible.js", line: 3, column: 10 });
      expect(await tablesOf(driver)).toEqual([]);
      expect(await hasHistoryTable(driver)).toBe(false);
    }));

  test("sequential query.raw runs in the order written, with ? bound as parameters (never spliced)", () =>
    withProject(dialect, { "20150101000000_notes.js": SEQUENTIAL }, async (project, driver) => {
      const r = recorder();
      await migrate(project.config, run, r.on);
      expect(r.events).toContainEqual(expect.objectContaining({ kind: "migration", file: "migrations/20150101000000_notes.js", statements: 6 }));
      expect(await rowsOf(driver, "SELECT id, pos, body, tag FROM notes ORDER BY id")).toEqual([
        ["1", "1", "first", "null"],
        ["2", "2", "x'); DROP TABLE notes; --", "after the column"],
        ["3", "3", "what?", "null"],
      ]);
      await rollback(project.config, ROLLBACK_ONE, () => undefined);
      expect(await tablesOf(driver)).toEqual([]);
    }));

  test("rollback --batch undoes the last run's migrations newest first; plain rollback undoes one", () =>
    withProject(dialect, { "20150101000000_articles.js": ARTICLES }, async (project, driver) => {
      await migrate(project.config, run, () => undefined);
      await project.write("20150101000001_employees.js", EMPLOYEES);
      await project.write("20150101000002_references.js", REFERENCES);
      await migrate(project.config, run, () => undefined);
      expect(await historyOf(driver)).toEqual(["20150101000000:1", "20150101000001:2", "20150101000002:2"]);
      await expectNoDriftFromApplied(driver, project.config);

      const r = recorder();
      const batch = await rollback(project.config, { ...ROLLBACK_ONE, target: { kind: "batch" } }, r.on);
      expect(batch.reverted.map((d) => d.file)).toEqual(["migrations/20150101000002_references.js", "migrations/20150101000001_employees.js"]);
      expect(r.events.filter((e) => e.kind === "migration").map((e) => e.kind === "migration" && `${e.direction} ${e.file}`)).toEqual([
        "down migrations/20150101000002_references.js",
        "down migrations/20150101000001_employees.js",
      ]);
      expect([await tablesOf(driver), await historyOf(driver)]).toEqual([["articles"], ["20150101000000:1"]]);
      await expectNoDriftFromApplied(driver, project.config);

      await migrate(project.config, run, () => undefined);
      expect(await historyOf(driver)).toEqual(["20150101000000:1", "20150101000001:2", "20150101000002:2"]);
      const one = await rollback(project.config, ROLLBACK_ONE, () => undefined);
      expect(one.reverted.map((d) => d.file)).toEqual(["migrations/20150101000002_references.js"]);
      expect(await tablesOf(driver)).toEqual(["articles", "employees"]);
      await expectNoDriftFromApplied(driver, project.config);
    }));
});
