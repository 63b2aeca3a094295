/**
 * SqliteIntrospector on real SQLite files, over a hand-written database (./fixture.ts): the
 * Catalog exactly as read, what it normalizes to with the schema the SQL means as the hint (no
 * difference, and exactly the unmanaged things), what it reads without one (as pull will), the
 * tables the model cannot hold as such, and the read itself (in memory, inside a transaction,
 * writing nothing).
 */
import { describe, expect, test } from "bun:test";
import type { Driver } from "../../../src/db/driver";
import { openDriver, openIntrospector } from "../../../src/db/open";
import type { Catalog, CatalogTable } from "../../../src/inspect/catalog";
import { compareSchemas } from "../../../src/inspect/compare";
import { RULES } from "../../../src/inspect/dialects";
import { normalizeCatalog } from "../../../src/inspect/normalize";
import type { ColumnDefault, Literal, Schema, Table } from "../../../src/model/types";
import { withTestDatabase } from "../../support/db";
import { col, dec, en, str, table } from "../../sql/support/model";
import { FIXTURE } from "./fixture";

async function fixtureCatalog(fn: (catalog: Catalog, driver: Driver) => Promise<void> | void): Promise<void> {
  await withTestDatabase("sqlite", async (_url, driver) => {
    for (const sql of FIXTURE) await driver.exec([{ sql }]);
    await fn(await (await openIntrospector(driver)).catalog(), driver);
  });
}

const byName = (c: Catalog, name: string): CatalogTable => c.tables.find((t) => t.name === name)!;
const now = { kind: "expr", expr: "now" } as const;
const uuid = { kind: "expr", expr: "uuid" } as const;
const lit = (value: Literal): ColumnDefault => ({ kind: "literal", value });
const part = (column: string, descending = false) => ({ column, descending });

/** What the fixture's SQL means, as a schema (only what the model can hold). */
const tag: Table = table("shop.tag", [col("id", "uuid", { default: uuid }), col("code", str(20), { unique: true })]);
const item: Table = table(
  "shop.item",
  [
    col("id", "serial"),
    col("a_bigint", "bigint", { nullable: true, default: lit(5) }),
    col("a_bool", "boolean", { default: lit(true) }),
    col("a_date", "date", { nullable: true, default: now }),
    col("a_datetime", "datetime", { default: now }),
    col("a_decimal", dec(10, 2), { nullable: true, default: lit(3.1), min: 0 }),
    col("a_float", "float", { nullable: true, default: lit(0.25) }),
    col("a_json", "json", { nullable: true, default: lit({ a: [1, "two"] }) }),
    col("a_kind", en("draft", "published"), { default: lit("draft") }),
    col("a_text", "text", { nullable: true, default: lit("it's") }),
    col("a_time", "time", { nullable: true, default: now }),
    col("a_uuid", "uuid", { nullable: true, default: uuid }),
    col("a_blob", "binary", { nullable: true }),
    // SQLite has no REGEXP: alab writes no check for a pattern, so the expected one stands.
    col("name", str(100), { min: 1, pattern: "^[a-z ]+$" }),
    col("tag_id", "uuid", { nullable: true }),
    col("alt_tag_id", "uuid", { nullable: true }),
    col("f_now", "text", { nullable: true }),
    col("f_int", { kind: "sql_type", sql: "int" }, { nullable: true }),
  ],
  {
    indexes: [
      { name: "idx_shop_item_alt_tag_id", columns: ["alt_tag_id"], unique: false },
      { name: "idx_shop_item_desc", columns: ["a_date", "a_bigint"], unique: false, descending: ["a_date"] },
      { name: "idx_shop_item_draft", columns: ["a_kind"], unique: false, where: "a_kind = 'draft'" },
      { name: "idx_shop_item_name_kind", columns: ["name", "a_kind"], unique: true },
    ],
    foreignKeys: [
      { name: "fk_shop_item_tag_id", columns: ["tag_id"], refTable: "shop.tag", refColumns: ["id"], onDelete: "CASCADE", onUpdate: "SET NULL" },
      { name: "fk_shop_item_alt_tag_id", columns: ["alt_tag_id"], refTable: "shop.tag", refColumns: ["id"], onDelete: "SET NULL", onUpdate: "NO ACTION" },
    ],
    checks: [
      { name: "positive_price", expr: "a_decimal >= 0 and (a_float > 0 or a_float is null)" },
      { name: "chk_shop_item_1", expr: "a_float < 100" },
    ],
  },
);
const slot: Table = table("shop.slot", [col("code", str(10)), col("n", "integer"), col("item_id", "integer", { nullable: true })], {
  primaryKey: ["code", "n"],
  foreignKeys: [{ name: "fk_shop_slot_item_id", columns: ["item_id"], refTable: "shop.item", refColumns: ["id"], onDelete: "RESTRICT", onUpdate: "NO ACTION" }],
});
const expected: Schema = { tables: { "shop.tag": tag, "shop.item": item, "shop.slot": slot } };

const UNMANAGED = [
  "view shop_cheap: a view",
  "column shop_item.f_gen: a generated column (virtual: a_bigint * 2)",
  "column shop_item.f_nocase: collation nocase: alab writes no collations",
  "default shop_item.f_now: default current_timestamp: not a value, and not how alab writes now or uuid on a text column",
  "index shop_item.idx_shop_item_lower: an expression index",
  "trigger shop_item.shop_item_touch: a trigger",
];

const describeUnmanaged = (u: { kind: string; table?: string; name: string; why: string }) => `${u.kind} ${u.table === undefined ? "" : `${u.table}.`}${u.name}: ${u.why}`;

describe("sqlite introspection", () => {
  test("the catalog as SQLite keeps it: pragmas for what it enforces, the CREATE text for names and checks", async () => {
    await fixtureCatalog((c, driver) => {
      expect(c.dialect).toBe("sqlite");
      expect(c.version).toBe(driver.version);
      expect(c.tables.map((t) => t.name)).toEqual(["shop_item", "shop_slot", "shop_tag"]);
      expect(byName(c, "shop_tag")).toEqual({
        name: "shop_tag",
        columns: [
          { name: "id", type: "text", nullable: false, default: expect.stringContaining("lower(hex(randomblob(4)))") },
          { name: "code", type: "varchar(20)", nullable: false },
        ],
        primaryKey: ["id"],
        indexes: [
          { name: "sqlite_autoindex_shop_tag_1", unique: true, parts: [part("id")], backs: "primary" },
          // An unnamed UNIQUE gets the name alab gives a column's unique (SQLite cannot name or drop one by itself).
          { name: "uq_shop_tag_code", unique: true, parts: [part("code")], backs: "unique" },
        ],
        foreignKeys: [],
        checks: [{ name: "chk_shop_tag_code_length", expr: "length(code) <= 20" }],
      });
      const i = byName(c, "shop_item");
      expect(i.columns.slice(0, 3)).toEqual([
        { name: "id", type: "integer", nullable: false, identity: "autoincrement" },
        { name: "a_bigint", type: "integer", nullable: true, default: "5" },
        { name: "a_bool", type: "integer", nullable: false, default: "1" },
      ]);
      // SQLite keeps a default as written, without the parentheses around an expression.
      expect(i.columns.find((x) => x.name === "a_date")).toEqual({ name: "a_date", type: "text", nullable: true, default: "date('now')" });
      expect(i.columns.find((x) => x.name === "a_text")).toEqual({ name: "a_text", type: "text", nullable: true, default: "'it''s'" });
      expect(i.columns.slice(-4)).toEqual([
        { name: "f_int", type: "int", nullable: true },
        { name: "f_nocase", type: "text", nullable: true, collation: "nocase" },
        { name: "f_gen", type: "integer", nullable: true, generated: { expr: "a_bigint * 2", stored: false } },
        { name: "f_now", type: "text", nullable: true, default: "current_timestamp" },
      ]);
      expect(i.indexes.map((ix) => [ix.name, ix.unique, ix.parts, ix.predicate])).toEqual([
        ["idx_shop_item_alt_tag_id", false, [part("alt_tag_id")], undefined],
        ["idx_shop_item_desc", false, [part("a_date", true), part("a_bigint")], undefined],
        ["idx_shop_item_draft", false, [part("a_kind")], "a_kind = 'draft'"],
        ["idx_shop_item_lower", false, [{ expr: "lower(name)", descending: false }], undefined],
        ["idx_shop_item_name_kind", true, [part("name"), part("a_kind")], undefined],
      ]);
      expect(i.indexes[0]!.definition).toBe("CREATE INDEX idx_shop_item_alt_tag_id on shop_item (alt_tag_id)");
      expect(i.foreignKeys).toEqual([
        { name: "fk_shop_item_alt_tag_id", columns: ["alt_tag_id"], refTable: "shop_tag", refColumns: ["id"], onDelete: "SET NULL", onUpdate: "NO ACTION" },
        // Written on the column without a name: the name alab would give it.
        { name: "fk_shop_item_tag_id", columns: ["tag_id"], refTable: "shop_tag", refColumns: ["id"], onDelete: "CASCADE", onUpdate: "SET NULL" },
      ]);
      expect(i.checks).toEqual([
        { name: "chk_shop_item_1", expr: "a_float < 100" },
        { name: "chk_shop_item_a_bool_bool", expr: "a_bool in (0, 1)" },
        { name: "chk_shop_item_a_decimal_min", expr: 'cast("a_decimal" as numeric) >= 0' },
        { name: "chk_shop_item_a_json_json", expr: "json_valid(a_json)" },
        { name: "chk_shop_item_a_kind_enum", expr: `"a_kind" IN ('draft', 'published')` },
        { name: "chk_shop_item_name_length", expr: "length(name) <= 100" },
        { name: "chk_shop_item_name_min", expr: "length(name) >= 1" },
        { name: "positive_price", expr: "a_decimal >= 0 and (a_float > 0 or a_float is null)" },
      ]);
      expect(byName(c, "shop_slot")).toMatchObject({
        primaryKey: ["code", "n"],
        indexes: [{ name: "sqlite_autoindex_shop_slot_1", unique: true, parts: [part("code"), part("n")], backs: "primary" }],
        // `references shop_item` names no columns: the parent's primary key.
        foreignKeys: [{ name: "fk_shop_slot_item_id", columns: ["item_id"], refTable: "shop_item", refColumns: ["id"], onDelete: "RESTRICT", onUpdate: "NO ACTION" }],
      });
      expect(c.objects).toEqual([
        { kind: "trigger", name: "shop_item_touch", table: "shop_item", definition: expect.stringContaining("CREATE TRIGGER shop_item_touch after update") },
        { kind: "view", name: "shop_cheap", definition: "CREATE VIEW shop_cheap as select name from shop_item where a_float < 1" },
      ]);
    });
  });

  test("normalized with the schema the SQL means: no difference, and exactly what the model cannot hold", async () => {
    await fixtureCatalog((c) => {
      const live = normalizeCatalog(c, RULES.sqlite, { expected });
      expect(compareSchemas(expected, live.schema, { strict: true })).toEqual([]);
      expect(live.unmanaged.map(describeUnmanaged)).toEqual(UNMANAGED);
    });
  });

  test("without a hint (as pull reads): types from the derived checks and from alab's defaults", async () => {
    await fixtureCatalog((c) => {
      const live = normalizeCatalog(c, RULES.sqlite, { refOf: (sql) => sql.replace("_", ".") });
      const i = live.schema.tables["shop.item"]!;
      const type = (n: string) => i.columns.find((x) => x.name === n)!.type;
      expect(type("a_kind")).toEqual({ kind: "enum", values: ["draft", "published"] });
      expect(type("a_bool")).toEqual({ kind: "boolean" });
      expect(type("a_json")).toEqual({ kind: "json" });
      expect(type("name")).toEqual({ kind: "string", length: 100 });
      expect(type("a_datetime")).toEqual({ kind: "datetime" });
      expect(type("a_date")).toEqual({ kind: "date" });
      expect(type("a_time")).toEqual({ kind: "time" });
      expect(type("a_uuid")).toEqual({ kind: "uuid" });
      // What SQLite stores alike and no check or default tells apart: the plainest type.
      expect(type("a_bigint")).toEqual({ kind: "integer" });
      expect(type("a_decimal")).toEqual({ kind: "text" });
      expect(type("a_blob")).toEqual({ kind: "base64" });
      expect(i.columns.find((x) => x.name === "name")).toMatchObject({ min: 1 });
      expect(i.columns.find((x) => x.name === "a_decimal")).toMatchObject({ min: 0 });
      expect(i.checks.map((x) => x.name)).toEqual(["chk_shop_item_1", "positive_price"]);
      expect(live.schema.tables["shop.tag"]!.columns.find((x) => x.name === "code")).toMatchObject({ unique: true, type: { kind: "string", length: 20 } });
    });
  });

  test("tables the model cannot hold as such are named with what it cannot hold; a virtual table's own tables are not listed", async () => {
    await withTestDatabase("sqlite", async (_url, driver) => {
      await driver.exec([
        { sql: "create table kv (k text not null primary key, v text) without rowid" },
        { sql: "create table typed (id integer not null primary key, n integer) strict" },
        { sql: "create table lazy (id integer primary key, parent_id integer references lazy (id) deferrable initially deferred)" },
        { sql: "create table latest (k text not null unique on conflict replace, v text)" },
        { sql: "create virtual table docs using fts5(body)" },
      ]);
      const c = await (await openIntrospector(driver)).catalog();
      expect(c.tables.map((t) => [t.name, t.extras ?? []])).toEqual([
        ["kv", [{ kind: "other", name: "without rowid", table: "kv", note: "a WITHOUT ROWID table" }]],
        ["latest", [{ kind: "other", name: "unique (k) on conflict replace", table: "latest", note: "a constraint that resolves conflicts by itself (unique (k) on conflict replace)" }]],
        ["lazy", [{ kind: "other", name: "fk_lazy_parent_id", table: "lazy", note: "a foreign key checked at commit (DEFERRABLE INITIALLY DEFERRED)" }]],
        ["typed", [{ kind: "other", name: "strict", table: "typed", note: "a STRICT table (types enforced)" }]],
      ]);
      // An INTEGER PRIMARY KEY is the rowid: never NULL, whatever the declaration says.
      expect(byName(c, "lazy").columns[0]).toEqual({ name: "id", type: "integer", nullable: false, identity: "rowid" });
      expect(c.objects).toEqual([{ kind: "other", name: "docs", note: "a virtual table (using fts5)", definition: "CREATE VIRTUAL TABLE docs using fts5(body)" }]);
    });
  });

  test("in memory and inside a transaction: the same catalog, nothing written", async () => {
    let fromFile: Catalog | undefined;
    await withTestDatabase("sqlite", async (url, driver) => {
      for (const sql of FIXTURE) await driver.exec([{ sql }]);
      const insp = await openIntrospector(driver);
      fromFile = await insp.catalog();
      // Inside a run's transaction it reads what that transaction sees, and leaves it open.
      await driver.transaction(async () => {
        await driver.exec([{ sql: "create table inside (id integer not null primary key)" }]);
        expect((await insp.catalog()).tables.map((t) => t.name)).toContain("inside");
        await driver.exec([{ sql: "insert into inside (id) values (1)" }]);
      });
      // Nothing written: the file is byte for byte what it was.
      const file = url.slice("sqlite:".length);
      const before = await Bun.file(file).bytes();
      await insp.catalog();
      expect(await Bun.file(file).bytes()).toEqual(before);
    });
    const mem = await openDriver("sqlite::memory:", "sqlite");
    try {
      for (const sql of FIXTURE) await mem.exec([{ sql }]);
      const c = await (await openIntrospector(mem)).catalog();
      expect(c).toEqual(fromFile!);
      // The savepoint was released: a transaction can begin.
      await mem.transaction(async () => undefined);
    } finally {
      await mem.close();
    }
  });

  test("an empty database reads as nothing, and tableExists answers for the main database", async () => {
    await withTestDatabase("sqlite", async (_url, driver) => {
      const insp = await openIntrospector(driver);
      expect(await insp.catalog()).toEqual({ dialect: "sqlite", version: driver.version, tables: [], objects: [] });
      expect(await insp.tableExists("shop_tag")).toBe(false);
      await driver.exec([{ sql: FIXTURE[0]! }]);
      expect(await insp.tableExists("shop_tag")).toBe(true);
    });
  });
});
