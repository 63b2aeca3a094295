/**
 * alter_column on every dialect, on a table with rows: widening keeps the data, narrowing below
 * what is stored fails loudly (never truncates), NOT NULL with a backfill, defaults, uniqueness,
 * a type change with conversion, enum values. PostgreSQL alters aspect by aspect; MySQL MODIFYs
 * the whole column; SQLite rebuilds the table.
 */
import { expect } from "bun:test";
import { count, expectFailure, runCases, type SqlCase } from "./support/cases";
import { col, en, str } from "./support/model";
import { alter, ALL, LITE_INDEX, liteCopy, liteItem, seed, setup } from "./support/shop";
import { rebuildSql } from "./support/sqlite";

const NAME = (n: number) => `"name" varchar(${n}) not null constraint "chk_shop_item_name_length" check (length("name") <= ${n})`;

const cases: SqlCase[] = [
  {
    name: "widen a string column: rows keep their values",
    setup,
    seed,
    ops: [alter(col("name", str(200)))],
    sql: {
      postgres: [`alter table "shop_item" alter column "name" type varchar(200)`],
      mysql: ["alter table `shop_item` modify column `name` varchar(200) not null"],
      sqlite: rebuildSql("shop_item", liteItem({ name: NAME(200) }), liteCopy(ALL), [LITE_INDEX]),
    },
    verify: async (x) => {
      await x.query(`insert into shop_item (name) values ('${"x".repeat(200)}')`);
      expect(await count(x, "shop_item", "name = 'long name here'")).toBe(1);
    },
  },
  {
    name: "narrow a string column below what is stored: fails, nothing truncated",
    setup,
    seed,
    ops: [alter(col("name", str(5)))],
    sql: {
      postgres: [`alter table "shop_item" alter column "name" type varchar(5)`],
      mysql: ["alter table `shop_item` modify column `name` varchar(5) not null"],
      sqlite: rebuildSql("shop_item", liteItem({ name: NAME(5) }), liteCopy(ALL), [LITE_INDEX]),
    },
    fails: { postgres: /too long/i, mysql: /too long|truncated/i, sqlite: /chk_shop_item_name_length/ },
    verify: async (x) => {
      expect(await count(x, "shop_item", "name = 'long name here'")).toBe(1);
    },
  },
  {
    name: "make a nullable column NOT NULL with a backfill, and give it a default",
    setup,
    seed,
    ops: [alter(col("qty", "integer", { backfill: 0, default: { kind: "literal", value: 7 } }))],
    sql: {
      postgres: [
        `alter table "shop_item" alter column "qty" set default 7`,
        `update "shop_item" set "qty" = 0 where "qty" is null`,
        `alter table "shop_item" alter column "qty" set not null`,
      ],
      mysql: ["update `shop_item` set `qty` = 0 where `qty` is null", "alter table `shop_item` modify column `qty` int default 7 not null"],
      sqlite: rebuildSql("shop_item", liteItem({ qty: `"qty" integer default 7 not null` }), liteCopy(ALL, [`"id"`, `"kind"`, `"name"`, `coalesce("qty", 0) as "qty"`, `"sku"`, `"tag_id"`]), [LITE_INDEX]),
    },
    verify: async (x) => {
      const rows = await x.query("select qty from shop_item order by name");
      expect(rows.map((r) => Number(r.qty))).toEqual([0, 1]);
      await x.query("insert into shop_item (name) values ('c')");
      expect(await count(x, "shop_item", "qty = 7")).toBe(1);
      await expectFailure(x.query("update shop_item set qty = null"), /null/i);
    },
  },
  {
    name: "make a column holding NULLs NOT NULL without a backfill: fails",
    setup,
    seed,
    ops: [alter(col("qty", "integer"))],
    sql: {
      postgres: [`alter table "shop_item" alter column "qty" set not null`],
      mysql: ["alter table `shop_item` modify column `qty` int not null"],
      sqlite: rebuildSql("shop_item", liteItem({ qty: `"qty" integer not null` }), liteCopy(ALL), [LITE_INDEX]),
    },
    fails: { postgres: /null/i, mysql: /null|truncated/i, sqlite: /NOT NULL/ },
    verify: async (x) => {
      expect(await count(x, "shop_item", "qty is null")).toBe(1);
    },
  },
  {
    name: "drop NOT NULL and the default, make unique, drop unique",
    setup,
    seed,
    ops: [alter(col("kind", en("a", "b"), { nullable: true, unique: true })), alter(col("sku", str(20), { nullable: true }))],
    sql: {
      postgres: [
        `alter table "shop_item" alter column "kind" drop default`,
        `alter table "shop_item" alter column "kind" drop not null`,
        `alter table "shop_item" add constraint "uq_shop_item_kind" unique ("kind")`,
        `alter table "shop_item" drop constraint "uq_shop_item_sku"`,
      ],
      mysql: [
        "alter table `shop_item` modify column `kind` varchar(255)",
        "alter table `shop_item` add constraint `uq_shop_item_kind` unique (`kind`)",
        "drop index `uq_shop_item_sku` on `shop_item`",
      ],
      sqlite: [
        ...rebuildSql(
          "shop_item",
          liteItem({ kind: `"kind" text constraint "chk_shop_item_kind_enum" check ("kind" in ('a', 'b'))` }).replace(`constraint "uq_shop_item_sku"`, `constraint "uq_shop_item_kind" unique ("kind"), constraint "uq_shop_item_sku"`),
          liteCopy(ALL),
          [LITE_INDEX],
        ),
        ...rebuildSql(
          "shop_item",
          liteItem({ kind: `"kind" text constraint "chk_shop_item_kind_enum" check ("kind" in ('a', 'b'))` }).replace(`constraint "uq_shop_item_sku" unique ("sku")`, `constraint "uq_shop_item_kind" unique ("kind")`),
          liteCopy(ALL),
          [LITE_INDEX],
        ),
      ],
    },
    // Both rows hold kind 'a': the new unique constraint cannot be added.
    fails: { postgres: /unique|duplicate/i, mysql: /duplicate/i, sqlite: /UNIQUE/ },
  },
  {
    name: "change type with conversion (text digits → integer) and enum values",
    setup,
    seed: async (x) => {
      await x.query("insert into shop_item (name, sku) values ('a', '42')");
    },
    ops: [alter(col("sku", "integer", { nullable: true, unique: true })), alter(col("kind", en("a", "b", "c"), { default: { kind: "literal", value: "c" } }))],
    sql: {
      postgres: [
        `alter table "shop_item" alter column "sku" type integer using "sku"::integer`,
        `alter table "shop_item" drop constraint "chk_shop_item_kind_enum"`,
        `alter table "shop_item" alter column "kind" set default 'c'`,
        `alter table "shop_item" add constraint "chk_shop_item_kind_enum" check ("kind" in ('a', 'b', 'c'))`,
      ],
      mysql: [
        "alter table `shop_item` modify column `sku` int",
        "alter table `shop_item` drop constraint `chk_shop_item_kind_enum`",
        "alter table `shop_item` modify column `kind` varchar(255) default 'c' not null",
        "alter table `shop_item` add constraint `chk_shop_item_kind_enum` check (`kind` in ('a', 'b', 'c'))",
      ],
      sqlite: [
        ...rebuildSql("shop_item", liteItem({ sku: `"sku" integer` }), liteCopy(ALL), [LITE_INDEX]),
        ...rebuildSql(
          "shop_item",
          liteItem({ sku: `"sku" integer`, kind: `"kind" text default 'c' not null constraint "chk_shop_item_kind_enum" check ("kind" in ('a', 'b', 'c'))` }),
          liteCopy(ALL),
          [LITE_INDEX],
        ),
      ],
    },
    verify: async (x) => {
      const [r] = await x.query("select sku + 1 as n from shop_item");
      expect(Number(r!.n)).toBe(43);
      await x.query("insert into shop_item (name) values ('b')");
      expect(await count(x, "shop_item", "kind = 'c'")).toBe(1);
      await expectFailure(x.query("insert into shop_item (name, sku) values ('c', 42)"), /unique|duplicate/i);
    },
  },
  {
    name: "an alter that changes nothing the database stores emits nothing",
    setup,
    ops: [alter(col("name", str(100), { docs: "shown in the admin", deprecated: "use title" }))],
    sql: { postgres: [], mysql: [], sqlite: [] },
  },
];

runCases("columns: alter", cases);
