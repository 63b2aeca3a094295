/**
 * The capability table: server version strings → flags, the oldest versions alab plans for, and
 * how the SQL changes with the version (MariaDB before 10.5.2, MySQL proper, SQLite before 3.35).
 */
import { describe, expect, test } from "bun:test";
import type { Operation } from "../../src/dsl/operations";
import { AlabError } from "../../src/errors";
import { capabilitiesFor, plan } from "../../src/sql/plan";
import { schemaAfter } from "./support/cases";
import { col, en, str } from "./support/model";
import { liteCopy, liteItem, setup } from "./support/shop";
import { rebuildSql } from "./support/sqlite";

describe("capabilitiesFor", () => {
  test.each([
    ["postgres", "15.19", { semver: [15, 19, 0], mariadb: false, transactionalDdl: true, renameColumn: true, renameIndex: true, dropColumn: true, alterTable: true, dropCheck: "constraint" }],
    ["postgres", "16.2 (Debian 16.2-1.pgdg120+2)", { semver: [16, 2, 0], renameIndex: true }],
    ["mysql", "10.11.19-MariaDB-0+deb12u1", { semver: [10, 11, 19], mariadb: true, transactionalDdl: false, renameColumn: true, renameIndex: true, dropCheck: "constraint" }],
    ["mysql", "10.4.34-MariaDB", { mariadb: true, renameColumn: false, renameIndex: false }],
    ["mysql", "8.0.36", { semver: [8, 0, 36], mariadb: false, transactionalDdl: false, renameColumn: true, renameIndex: true, dropCheck: "check" }],
    ["mysql", "8.0.36-0ubuntu0.22.04.1", { mariadb: false, dropCheck: "check" }],
    ["sqlite", "3.54.0", { semver: [3, 54, 0], transactionalDdl: true, renameColumn: true, dropColumn: true, renameIndex: false, alterTable: false }],
    ["sqlite", "3.34.1", { renameColumn: true, dropColumn: false }],
  ] as const)("%s %s", (dialect, version, expected) => {
    expect(capabilitiesFor(dialect, version)).toMatchObject({ dialect, version, ...expected });
  });

  test.each([
    ["postgres", "12.18", "E_SQL_UNSUPPORTED_VERSION", /gen_random_uuid/],
    ["mysql", "8.0.15", "E_SQL_UNSUPPORTED_VERSION", /CHECK/],
    ["mysql", "5.7.44-log", "E_SQL_UNSUPPORTED_VERSION", /CHECK/],
    ["mysql", "10.2.44-MariaDB", "E_SQL_UNSUPPORTED_VERSION", /MariaDB 10.3/],
    ["sqlite", "3.24.0", "E_SQL_UNSUPPORTED_VERSION", /RENAME COLUMN/],
    ["postgres", "unknown", "E_SQL_BAD_VERSION", /version/],
  ] as const)("%s %s is refused", (dialect, version, code, hint) => {
    let error: unknown;
    try {
      capabilitiesFor(dialect, version);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AlabError);
    expect((error as AlabError).code).toBe(code);
    expect((error as AlabError).hint ?? "").toMatch(hint);
    expect((error as AlabError).exit).toBe(1);
  });
});

describe("SQL that depends on the server version", () => {
  const sqlFor = (dialect: "mysql" | "sqlite", version: string, ops: Operation[]) => {
    const caps = capabilitiesFor(dialect, version);
    return plan(ops, schemaAfter(setup, caps), caps).statements.map((s) => s.sql);
  };

  // In one ALTER each: idx_shop_item_tag_id serves a foreign key, which InnoDB never leaves without an index.
  test("MariaDB before 10.5.2: CHANGE COLUMN renames, indexes are dropped and created again", () => {
    expect(
      sqlFor("mysql", "10.4.34-MariaDB", [
        { op: "rename_column", ref: "shop.item", from: "sku", to: "code" },
        { op: "rename_index", ref: "shop.item", from: "idx_shop_item_tag_id", to: "idx_item_tag" },
      ]),
    ).toEqual([
      "alter table `shop_item` change column `sku` `code` varchar(20)",
      "alter table `shop_item` drop index `uq_shop_item_sku`, add unique index `uq_shop_item_code` (`code`)",
      "alter table `shop_item` drop index `idx_shop_item_tag_id`, add index `idx_item_tag` (`tag_id`)",
    ]);
  });

  test("MySQL proper drops checks with DROP CHECK", () => {
    expect(sqlFor("mysql", "8.0.36", [{ op: "alter_column", ref: "shop.item", column: col("kind", en("a", "b", "c"), { default: { kind: "literal", value: "a" } }) }])).toEqual([
      "alter table `shop_item` drop check `chk_shop_item_kind_enum`",
      "alter table `shop_item` add constraint `chk_shop_item_kind_enum` check (`kind` in ('a', 'b', 'c'))",
    ]);
  });

  test("SQLite before 3.35 rebuilds to drop even an unconstrained column", () => {
    expect(sqlFor("sqlite", "3.34.1", [{ op: "drop_column", ref: "shop.item", column: "qty" }])).toEqual(
      rebuildSql("shop_item", liteItem({ qty: null }), liteCopy(["id", "kind", "name", "sku", "tag_id"]), [`create index "idx_shop_item_tag_id" on "shop_item" ("tag_id")`]),
    );
    expect(sqlFor("sqlite", "3.35.0", [{ op: "drop_column", ref: "shop.item", column: "qty" }])).toEqual([`alter table "shop_item" drop column "qty"`]);
  });

  test("MySQL refuses keys on TEXT columns before the server does", () => {
    const caps = capabilitiesFor("mysql", "8.0.36");
    const from = schemaAfter(setup, caps);
    const ops: Operation[] = [
      { op: "add_column", ref: "shop.item", column: col("body", "text", { nullable: true }) },
      { op: "create_index", ref: "shop.item", index: { name: "idx_body", columns: ["body"], unique: false } },
    ];
    expect(() => plan(ops, from, caps)).toThrow(/MySQL cannot use text column shop_item.body in an index/);
    const sqlite = capabilitiesFor("sqlite", "3.54.0");
    expect(plan(ops, schemaAfter(setup, sqlite), sqlite).statements.at(-1)!.sql).toBe(`create index "idx_body" on "shop_item" ("body")`);
    expect(() => plan([{ op: "add_column", ref: "shop.item", column: col("notes", str(10), { nullable: true }) }], from, caps)).not.toThrow();
  });
});
