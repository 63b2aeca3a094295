/**
 * Issue 12, bug 1 end to end: indexes on a foreign-key column added and dropped by the migrations
 * users write — the rollback of an Azul `change` that added them, Azul's `dropIndex` by columns and
 * by name, and the generated DSL's `m.drop_index` — on every database. On MariaDB each of these
 * used to stop with error 1553 halfway through, the DDL before it already committed.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Driver } from "../../src/db/driver";
import type { Dialect } from "../../src/sql/dialect";
import { migrate } from "../../src/workflows/migrate";
import { rollback } from "../../src/workflows/rollback";
import { historyOf, MIGRATE_DEFAULTS, type Project, withProject } from "../db/fixtures";
import { schemaOfFirst } from "../support/applied-schema";
import { availableDialects } from "../support/db";
import { expectNoDrift } from "../support/drift";
import { failure, indexesOf, ROLLBACK_ONE } from "./azul-support";

setDefaultTimeout(60_000);
const dialects = await availableDialects();

const BOOKS = `exports.change = function (schema) {
  schema.createTable('writers', function (table) {
    table.string('name');
  });
  schema.createTable('books', function (table) {
    table.string('title');
    table.integer('writer_id').references('writers.id');
  });
};
`;

const INDEXES = `exports.change = function (schema) {
  schema.alterTable('books', function (table) {
    table.index('writer_id');
    table.index(['writer_id', 'title'], { name: 'books_writer_title' });
  });
};
`;

const DROP_BOTH_WAYS = `exports.up = function (schema) {
  schema.alterTable('books', function (table) {
    table.dropIndex('writer_id');
    table.dropIndex({ name: 'books_writer_title' });
  });
};

exports.down = function (schema) {
  schema.alterTable('books', function (table) {
    table.index(['writer_id', 'title'], { name: 'books_writer_title' });
    table.index('writer_id');
  });
};
`;

const GENERATED = `export default migration({
  up(m) {
    m.create_table("shop.tag", (t) => {
      t.id();
      t.string("name", 50);
    });
    m.create_table("shop.item", (t) => {
      t.id();
      t.belongs_to("shop.tag");
      t.string("name", 100);
    });
    m.create_index("shop.item", ["tag_id"], { name: "idx_shop_item_tag_id" });
  },
  down(m) {
    m.drop_table("shop.item");
    m.drop_table("shop.tag");
  },
});
`;

const GENERATED_DROP = `export default migration({
  up(m) {
    m.drop_index("idx_shop_item_tag_id");
  },
  down(m) {
    m.create_index("shop.item", ["tag_id"], { name: "idx_shop_item_tag_id" });
  },
});
`;

async function noDrift(project: Project, driver: Driver, applied: number): Promise<void> {
  await expectNoDrift(driver, await schemaOfFirst(project.config, applied));
}

const quiet = () => undefined;

describe.each(dialects)("indexes on a foreign-key column come and go on %s", (dialect: Dialect) => {
  test("the rollback of a change that indexed the key column; dropIndex by columns and by name, and its down", () =>
    withProject(dialect, { "20150101000000_books.js": BOOKS, "20150101000001_indexes.js": INDEXES }, async (project, driver) => {
      await migrate(project.config, MIGRATE_DEFAULTS, quiet);
      expect(await indexesOf(driver, "books")).toEqual(expect.arrayContaining(["books_writer_id_idx", "books_writer_title"]));
      await noDrift(project, driver, 2);

      await rollback(project.config, ROLLBACK_ONE, quiet);
      expect((await indexesOf(driver, "books")).filter((i) => i.startsWith("books_"))).toEqual([]);
      await noDrift(project, driver, 1);
      await driver.exec([{ sql: "INSERT INTO writers (id, name) VALUES (1, 'ann')" }, { sql: "INSERT INTO books (id, title, writer_id) VALUES (1, 'one', 1)" }]);
      expect(await failure(driver.exec([{ sql: "INSERT INTO books (id, title, writer_id) VALUES (2, 'two', 99)" }]))).toBeDefined();

      await migrate(project.config, MIGRATE_DEFAULTS, quiet);
      await project.write("20150101000002_drop.js", DROP_BOTH_WAYS);
      await migrate(project.config, MIGRATE_DEFAULTS, quiet);
      expect((await indexesOf(driver, "books")).filter((i) => i.startsWith("books_"))).toEqual([]);
      await noDrift(project, driver, 3);

      await rollback(project.config, ROLLBACK_ONE, quiet);
      expect(await indexesOf(driver, "books")).toEqual(expect.arrayContaining(["books_writer_id_idx", "books_writer_title"]));
      await noDrift(project, driver, 2);

      await rollback(project.config, { ...ROLLBACK_ONE, target: { kind: "all" } }, quiet);
      expect(await historyOf(driver)).toEqual([]);
    }));

  test("the generated DSL: m.drop_index on the key column, and its down", () =>
    withProject(dialect, { "001_init.js": GENERATED, "002_drop_index.js": GENERATED_DROP }, async (project, driver) => {
      await migrate(project.config, MIGRATE_DEFAULTS, quiet);
      expect(await indexesOf(driver, "shop_item")).not.toContain("idx_shop_item_tag_id");
      await noDrift(project, driver, 2);
      await rollback(project.config, ROLLBACK_ONE, quiet);
      expect(await indexesOf(driver, "shop_item")).toContain("idx_shop_item_tag_id");
      await noDrift(project, driver, 1);
      await rollback(project.config, ROLLBACK_ONE, quiet);
      expect(await historyOf(driver)).toEqual([]);
    }));
});
