/**
 * MysqlIntrospector on the real server, over a hand-written database (./fixture.ts): the Catalog
 * exactly as read (MariaDB's prints; MySQL 8's are not available here), and what it normalizes to
 * with the schema the SQL means as the hint — no difference, and exactly the unmanaged things.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Driver } from "../../../src/db/driver";
import { openIntrospector } from "../../../src/db/open";
import type { Catalog, CatalogTable } from "../../../src/inspect/catalog";
import { compareSchemas } from "../../../src/inspect/compare";
import { RULES } from "../../../src/inspect/dialects";
import { normalizeCatalog } from "../../../src/inspect/normalize";
import type { ColumnDefault, Literal, Schema, Table } from "../../../src/model/types";
import { createTestDatabase, withTestDatabase } from "../../support/db";
import { requireService } from "../../support/services";
import { col, dec, en, str, table } from "../../sql/support/model";
import { FIXTURE } from "./fixture";

setDefaultTimeout(30_000);
const server = await requireService("mysql");

async function fixtureCatalog(fn: (catalog: Catalog, driver: Driver) => Promise<void> | void): Promise<void> {
  await withTestDatabase("mysql", async (_url, driver) => {
    for (const sql of FIXTURE) await driver.exec([{ sql }]);
    await fn(await (await openIntrospector(driver)).catalog(), driver);
  });
}

const byName = (c: Catalog, name: string): CatalogTable => c.tables.find((t) => t.name === name)!;
const now = { kind: "expr", expr: "now" } as const;
const lit = (value: Literal): ColumnDefault => ({ kind: "literal", value });

/** What the fixture's SQL means, as a schema (only what the model can hold). */
const tag: Table = { ...table("shop.tag", [col("id", "uuid", { default: { kind: "expr", expr: "uuid" } }), col("code", str(20), { unique: true })]), docs: "tags of items" };
const item: Table = {
  ...table(
    "shop.item",
    [
      col("id", "serial"),
      col("a_bigint", "bigint", { nullable: true, default: lit(5) }),
      col("a_bool", "boolean", { default: lit(true) }),
      col("a_date", "date", { nullable: true, default: now }),
      col("a_datetime", "datetime", { default: now }),
      col("a_decimal", dec(10, 2), { nullable: true, default: lit(3.1) }),
      col("a_decimal_any", dec(), { nullable: true }),
      col("a_float", "float", { nullable: true, default: lit(0.25) }),
      col("a_json", "json", { nullable: true, default: lit({ a: [1, "two"] }) }),
      col("a_kind", en("draft", "published"), { default: lit("draft") }),
      col("a_text", "text", { nullable: true, default: lit("it's") }),
      col("a_time", "time", { nullable: true, default: now }),
      col("a_uuid", "uuid", { nullable: true, default: { kind: "expr", expr: "uuid" } }),
      col("a_blob", "binary", { nullable: true }),
      col("name", str(100), { min: 1, pattern: "^[a-z ]+$", docs: "shown to people" }),
      col("tag_id", "uuid", { nullable: true }),
      col("alt_tag_id", "uuid", { nullable: true }),
      col("f_stamp", "datetime", { nullable: true }),
      col("f_bin", str(10), { nullable: true }),
      col("f_small", { kind: "smallint", unsigned: true }, { nullable: true }),
      col("f_enum", { kind: "sql_type", sql: "enum('x','y')" }, { nullable: true, default: lit("x") }),
      col("f_text", { kind: "sql_type", sql: "mediumtext" }, { nullable: true }),
    ],
    {
      indexes: [
        { name: "idx_shop_item_alt_tag_id", columns: ["alt_tag_id"], unique: false },
        { name: "idx_shop_item_desc", columns: ["a_date", "a_bigint"], unique: false, descending: ["a_date"] },
        { name: "idx_shop_item_name_kind", columns: ["name", "a_kind"], unique: true },
      ],
      foreignKeys: [
        { name: "fk_shop_item_tag_id", columns: ["tag_id"], refTable: "shop.tag", refColumns: ["id"], onDelete: "CASCADE", onUpdate: "SET NULL" },
        { name: "fk_shop_item_alt_tag_id", columns: ["alt_tag_id"], refTable: "shop.tag", refColumns: ["id"], onDelete: "SET NULL", onUpdate: "NO ACTION" },
      ],
      checks: [{ name: "positive_price", expr: "a_decimal >= 0 and (a_float > 0 or a_float is null)" }],
    },
  ),
  docs: "things for sale",
};
const slot: Table = table("shop.slot", [col("code", str(10)), col("n", "integer"), col("item_id", "integer", { nullable: true })], {
  primaryKey: ["code", "n"],
  foreignKeys: [{ name: "fk_shop_slot_item_id", columns: ["item_id"], refTable: "shop.item", refColumns: ["id"], onDelete: "RESTRICT", onUpdate: "NO ACTION" }],
});
const expected: Schema = { tables: { "shop.tag": tag, "shop.item": item, "shop.slot": slot } };

const UNMANAGED = [
  "event shop_purge: an event",
  "function shop_twice: a function",
  "procedure shop_noop: a procedure",
  "view shop_cheap: a view",
  "column shop_item.f_gen: a generated column (virtual: `a_bigint` * 2)",
  "default shop_item.f_stamp: default current_timestamp(6) on update current_timestamp(6): alab writes no on-update defaults",
  "index shop_item.idx_shop_item_prefix: an index on a column prefix",
  "index shop_item.idx_shop_item_text: a fulltext index",
  "trigger shop_item.shop_item_touch: a trigger",
];

describe.skipIf(server === null)("mysql introspection", () => {
  test("the catalog as MariaDB prints it, in code-point order", async () => {
    await fixtureCatalog((c, driver) => {
      if (!/mariadb/i.test(driver.version)) return; // MySQL 8 prints types and defaults otherwise (see the normalized test)
      expect(c.dialect).toBe("mysql");
      expect(c.version).toBe(driver.version);
      expect(c.tables.map((t) => t.name)).toEqual(["shop_item", "shop_slot", "shop_tag"]);
      expect(byName(c, "shop_tag")).toEqual({
        name: "shop_tag",
        columns: [
          { name: "id", type: "char(36)", nullable: false, default: "uuid()" },
          { name: "code", type: "varchar(20)", nullable: false },
        ],
        primaryKey: ["id"],
        indexes: [
          { name: "PRIMARY", unique: true, parts: [{ column: "id", descending: false }], backs: "primary" },
          { name: "uq_shop_tag_code", unique: true, parts: [{ column: "code", descending: false }], backs: "unique" },
        ],
        foreignKeys: [],
        checks: [],
        comment: "tags of items",
      });
      const i = byName(c, "shop_item");
      expect(i.comment).toBe("things for sale");
      expect(i.primaryKey).toEqual(["id"]);
      expect(i.columns).toEqual([
        { name: "id", type: "int(11)", nullable: false, identity: "auto-increment" },
        { name: "a_bigint", type: "bigint(20)", nullable: true, default: "5" },
        { name: "a_bool", type: "tinyint(1)", nullable: false, default: "1" },
        { name: "a_date", type: "date", nullable: true, default: "curdate()" },
        { name: "a_datetime", type: "datetime(6)", nullable: false, default: "current_timestamp(6)" },
        { name: "a_decimal", type: "decimal(10,2)", nullable: true, default: "3.10" },
        { name: "a_decimal_any", type: "decimal(65,30)", nullable: true },
        { name: "a_float", type: "double", nullable: true, default: "0.25" },
        // MariaDB's json: longtext, its own json_valid check and utf8mb4_bin, read back as json.
        { name: "a_json", type: "json", nullable: true, default: `'{"a":[1,"two"]}'` },
        { name: "a_kind", type: "varchar(255)", nullable: false, default: "'draft'" },
        { name: "a_text", type: "longtext", nullable: true, default: "'it\\'s'" },
        { name: "a_time", type: "time(6)", nullable: true, default: "curtime(6)" },
        { name: "a_uuid", type: "char(36)", nullable: true, default: "uuid()" },
        { name: "a_blob", type: "longblob", nullable: true },
        { name: "name", type: "varchar(100)", nullable: false, comment: "shown to people" },
        { name: "tag_id", type: "char(36)", nullable: true },
        { name: "alt_tag_id", type: "char(36)", nullable: true },
        { name: "f_small", type: "smallint(5) unsigned", nullable: true },
        { name: "f_enum", type: "enum('x','y')", nullable: true, default: "'x'" },
        { name: "f_stamp", type: "datetime(6)", nullable: true, default: "current_timestamp(6)", onUpdate: "current_timestamp(6)" },
        { name: "f_text", type: "mediumtext", nullable: true },
        { name: "f_bin", type: "varchar(10)", nullable: true, collation: "utf8mb4_bin" },
        { name: "f_gen", type: "int(11)", nullable: true, generated: { expr: "`a_bigint` * 2", stored: false } },
      ]);
      const part = (column: string, extra = {}) => ({ column, descending: false, ...extra });
      expect(i.indexes).toEqual([
        { name: "PRIMARY", unique: true, parts: [part("id")], backs: "primary" },
        // InnoDB's own index for the key no index served; the key on alt_tag_id uses the user's.
        { name: "fk_shop_item_tag_id", unique: false, parts: [part("tag_id")], backs: "foreign-key" },
        { name: "idx_shop_item_alt_tag_id", unique: false, parts: [part("alt_tag_id")] },
        { name: "idx_shop_item_desc", unique: false, parts: [part("a_date", { descending: true }), part("a_bigint")] },
        { name: "idx_shop_item_name_kind", unique: true, parts: [part("name"), part("a_kind")], backs: "unique" },
        { name: "idx_shop_item_prefix", unique: false, parts: [part("name", { prefix: 10 })] },
        { name: "idx_shop_item_text", unique: false, parts: [part("f_text")], method: "fulltext" },
      ]);
      expect(i.foreignKeys).toEqual([
        // No ON UPDATE clause reads as RESTRICT on MariaDB.
        { name: "fk_shop_item_alt_tag_id", columns: ["alt_tag_id"], refTable: "shop_tag", refColumns: ["id"], onDelete: "SET NULL", onUpdate: "RESTRICT" },
        { name: "fk_shop_item_tag_id", columns: ["tag_id"], refTable: "shop_tag", refColumns: ["id"], onDelete: "CASCADE", onUpdate: "SET NULL" },
      ]);
      expect(i.checks).toEqual([
        { name: "chk_shop_item_a_kind_enum", expr: "`a_kind` in ('draft','published')" },
        { name: "chk_shop_item_name_min", expr: "char_length(`name`) >= 1" },
        { name: "chk_shop_item_name_pattern", expr: "`name` regexp '(?-i)^[a-z ]+$'" },
        { name: "positive_price", expr: "`a_decimal` >= 0 and (`a_float` > 0 or `a_float` is null)" },
      ]);
      expect(byName(c, "shop_slot")).toEqual({
        name: "shop_slot",
        columns: [
          { name: "code", type: "varchar(10)", nullable: false },
          { name: "n", type: "int(11)", nullable: false },
          { name: "item_id", type: "int(11)", nullable: true },
        ],
        primaryKey: ["code", "n"],
        indexes: [
          { name: "PRIMARY", unique: true, parts: [part("code"), part("n")], backs: "primary" },
          { name: "fk_shop_slot_item_id", unique: false, parts: [part("item_id")], backs: "foreign-key" },
        ],
        foreignKeys: [{ name: "fk_shop_slot_item_id", columns: ["item_id"], refTable: "shop_item", refColumns: ["id"], onDelete: "RESTRICT", onUpdate: "NO ACTION" }],
        checks: [],
      });
      expect(c.objects).toEqual([
        { kind: "event", name: "shop_purge", definition: "delete from shop_slot where n < 0" },
        { kind: "function", name: "shop_twice", definition: "return x * 2" },
        { kind: "procedure", name: "shop_noop", definition: "select 1" },
        {
          kind: "trigger",
          name: "shop_item_touch",
          table: "shop_item",
          definition: "create trigger shop_item_touch before update on shop_item for each row set new.a_bigint = coalesce(new.a_bigint, 0)",
        },
        { kind: "view", name: "shop_cheap", definition: expect.stringContaining("from `") },
      ]);
    });
  });

  test("normalized with the schema the SQL means: no difference, and exactly what the model cannot hold", async () => {
    await fixtureCatalog((c) => {
      const live = normalizeCatalog(c, RULES.mysql, { expected });
      expect(compareSchemas(expected, live.schema, { strict: true })).toEqual([]);
      expect(live.unmanaged.map((u) => `${u.kind} ${u.table === undefined ? "" : `${u.table}.`}${u.name}: ${u.why}`)).toEqual(UNMANAGED);
      expect(live.schema.tables["shop.item"]!.docs).toBe("things for sale");
    });
  });

  test("without a hint (as pull reads): enum, min and pattern read back from their checks; longblob is base64", async () => {
    await fixtureCatalog((c) => {
      const live = normalizeCatalog(c, RULES.mysql, { refOf: (sql) => sql.replace("_", ".") });
      const i = live.schema.tables["shop.item"]!;
      const column = (n: string) => i.columns.find((x) => x.name === n)!;
      expect(column("a_kind").type).toEqual({ kind: "enum", values: ["draft", "published"] });
      expect(column("name")).toMatchObject({ min: 1, pattern: "^[a-z ]+$" });
      expect(column("a_blob").type).toEqual({ kind: "base64" });
      expect(i.checks).toEqual([{ name: "positive_price", expr: "`a_decimal` >= 0 and (`a_float` > 0 or `a_float` is null)" }]);
      expect(live.schema.tables["shop.slot"]!.foreignKeys[0]).toMatchObject({ refTable: "shop.item", onDelete: "NO ACTION", onUpdate: "NO ACTION" });
    });
  });

  test("tables the model cannot hold as such are named with what it cannot hold", async () => {
    const other = await createTestDatabase("mysql");
    try {
      const otherDb = new URL(other.url).pathname.slice(1);
      await withTestDatabase("mysql", async (_url, driver) => {
        if (!/mariadb/i.test(driver.version)) return; // sequences and system versioning are MariaDB's
        await driver.exec([
          { sql: `create table ${otherDb}.far (id int not null primary key)` },
          { sql: `create table near (id int not null primary key, far_id int, constraint fk_near_far_id foreign key (far_id) references ${otherDb}.far (id))` },
          { sql: "create table old_style (id int not null primary key) engine = MyISAM" },
          { sql: "create table parts (id int not null primary key) partition by hash (id) partitions 2" },
          { sql: "create table versioned (id int not null primary key) with system versioning" },
          { sql: "create sequence seq_ids" },
        ]);
        const c = await (await openIntrospector(driver)).catalog();
        expect(c.tables.map((t) => [t.name, t.extras ?? []])).toEqual([
          ["near", [{ kind: "other", name: "fk_near_far_id", table: "near", definition: `foreign key (far_id) references ${otherDb}.far (id)` }]],
          ["old_style", [{ kind: "other", name: "engine MyISAM", table: "old_style" }]],
          ["parts", [{ kind: "other", name: "partitioning", table: "parts", definition: "partitioned" }]],
          ["versioned", [{ kind: "other", name: "system versioning", table: "versioned" }]],
        ]);
        expect(byName(c, "near").foreignKeys).toEqual([]);
        expect(byName(c, "near").indexes.find((ix) => ix.name === "fk_near_far_id")?.backs).toBe("foreign-key");
        expect(c.objects).toEqual([{ kind: "sequence", name: "seq_ids" }]);
      });
    } finally {
      await other.drop();
    }
  });

  test("an empty database reads as nothing, and tableExists answers for the connection's database", async () => {
    await withTestDatabase("mysql", async (_url, driver) => {
      const insp = await openIntrospector(driver);
      expect(await insp.catalog()).toEqual({ dialect: "mysql", version: driver.version, tables: [], objects: [] });
      expect(await insp.tableExists("shop_item")).toBe(false);
      await driver.exec([{ sql: FIXTURE[0]! }]);
      expect(await insp.tableExists("shop_tag")).toBe(true);
    });
  });
});
