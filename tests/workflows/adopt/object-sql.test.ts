import { expect, test } from "bun:test";
import type { Catalog } from "../../../src/inspect/catalog";
import type { Unmanaged } from "../../../src/inspect/live";
import type { Dialect } from "../../../src/sql/dialect";
import { createSql, defaultSql, dropSql } from "../../../src/workflows/adopt/object-sql";

function input(dialect: Dialect, database?: string): { catalog: Catalog; live: { schema: { tables: {} }; unmanaged: [] }; database?: string } {
  const catalog: Catalog = {
    dialect,
    version: "1",
    objects: [],
    tables: [
      {
        name: "t",
        columns: [],
        primaryKey: [],
        foreignKeys: [],
        checks: [],
        indexes: [{ name: "t_name", unique: false, parts: [{ column: "name", descending: false, prefix: 10 }, { expr: "lower(`x`)", descending: true }] }],
      },
    ],
  };
  return { catalog, live: { schema: { tables: {} }, unmanaged: [] }, ...(database === undefined ? {} : { database }) };
}

// Every case has all six values: bun takes a test function with more parameters than values as one that waits for `done`.
const cases: [string, Dialect, Unmanaged, string | undefined, string | undefined, string | undefined][] = [
  ["a PostgreSQL view, as printed", "postgres", { kind: "view", name: "v", why: "a view", definition: "CREATE VIEW v AS SELECT 1" }, "CREATE VIEW v AS SELECT 1", 'DROP VIEW "v"', undefined],
  ["a PostgreSQL trigger", "postgres", { kind: "trigger", table: "t", name: "tr", why: "a trigger", definition: "CREATE TRIGGER tr …" }, "CREATE TRIGGER tr …", 'DROP TRIGGER "tr" ON "t"', undefined],
  ["a PostgreSQL function, by its arguments", "postgres", { kind: "function", name: "f(integer, text)", why: "a function", definition: "CREATE FUNCTION …" }, "CREATE FUNCTION …", 'DROP FUNCTION "f"(integer, text)', undefined],
  ["a name with a quote", "postgres", { kind: "view", name: 'we"ird', why: "a view", definition: "CREATE VIEW …" }, "CREATE VIEW …", 'DROP VIEW "we""ird"', undefined],
  ["an object with no printed definition", "postgres", { kind: "other", name: "x", why: "a foreign table" }, undefined, undefined, undefined],
  ["a MySQL view, its database's name taken out", "mysql", { kind: "view", name: "v", why: "a view", definition: "select `shop`.`t`.`id` AS `id` from `shop`.`t`" }, "CREATE VIEW `v` AS select `t`.`id` AS `id` from `t`", "DROP VIEW `v`", "shop"],
  ["a MySQL index, written from the catalog", "mysql", { kind: "index", table: "t", name: "t_name", why: "an index on a column prefix" }, "CREATE INDEX `t_name` ON `t` (`name`(10), (lower(`x`)) DESC)", "DROP INDEX `t_name` ON `t`", undefined],
  ["a MySQL trigger: only named", "mysql", { kind: "trigger", table: "t", name: "tr", why: "a trigger", definition: "set new.x = 1" }, undefined, "DROP TRIGGER `tr`", undefined],
  ["a SQLite index, as stored", "sqlite", { kind: "index", table: "t", name: "i", why: "a partial index", definition: "CREATE INDEX i ON t (a) WHERE a > 0" }, "CREATE INDEX i ON t (a) WHERE a > 0", 'DROP INDEX "i"', undefined],
];

test.each(cases)("%s", (_what, dialect, u, create, drop, database) => {
  expect(createSql(u, input(dialect, database))).toBe(create);
  expect(dropSql(u, dialect)).toBe(drop);
});

test("a PostgreSQL default the model cannot hold is set again as printed; elsewhere it cannot be", () => {
  const u: Unmanaged = { kind: "default", table: "t", name: "n", why: "a default alab does not write", definition: "nextval('my_seq'::regclass)" };
  expect(defaultSql(u, "postgres")).toBe(`ALTER TABLE "t" ALTER COLUMN "n" SET DEFAULT nextval('my_seq'::regclass)`);
  expect(defaultSql(u, "mysql")).toBeUndefined();
});
