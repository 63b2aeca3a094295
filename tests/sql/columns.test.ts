/**
 * add_column on every dialect, on a table that already holds rows: nullable with checks, NOT NULL
 * with a default, unique, backfill, a NOT NULL column that cannot be filled, a foreign key, and
 * generated values (uuid, now) that SQLite can only add by rebuilding.
 */
import { expect } from "bun:test";
import { count, expectFailure, runCases, type SqlCase } from "./support/cases";
import { col, en, fk, str } from "./support/model";
import { add, ALL, LITE_INDEX, liteCopy, liteItem, seed, setup, TAG } from "./support/shop";
import { FINAL_FK_CHECK, rebuildSql, SQLITE_NOW, SQLITE_UUID } from "./support/sqlite";

const cases: SqlCase[] = [
  {
    name: "add columns: nullable with a check, NOT NULL with a literal default, unique",
    setup,
    seed,
    ops: [
      add(col("rating", "integer", { nullable: true, min: 0 })),
      add(col("status", en("new", "old"), { default: { kind: "literal", value: "new" } })),
      add(col("code", str(10), { nullable: true, unique: true })),
    ],
    sql: {
      postgres: [
        `alter table "shop_item" add column "rating" integer`,
        `alter table "shop_item" add constraint "chk_shop_item_rating_min" check ("rating" >= 0)`,
        `alter table "shop_item" add column "status" varchar(255) default 'new' not null`,
        `alter table "shop_item" add constraint "chk_shop_item_status_enum" check ("status" in ('new', 'old'))`,
        `alter table "shop_item" add column "code" varchar(10)`,
        `alter table "shop_item" add constraint "uq_shop_item_code" unique ("code")`,
      ],
      mysql: [
        "alter table `shop_item` add column `rating` int",
        "alter table `shop_item` add constraint `chk_shop_item_rating_min` check (`rating` >= 0)",
        "alter table `shop_item` add column `status` varchar(255) default 'new' not null",
        "alter table `shop_item` add constraint `chk_shop_item_status_enum` check (`status` in ('new', 'old'))",
        "alter table `shop_item` add column `code` varchar(10)",
        "alter table `shop_item` add constraint `uq_shop_item_code` unique (`code`)",
      ],
      sqlite: [
        `alter table "shop_item" add column "rating" integer constraint "chk_shop_item_rating_min" check ("rating" >= 0)`,
        `alter table "shop_item" add column "status" text default 'new' not null constraint "chk_shop_item_status_enum" check ("status" in ('new', 'old'))`,
        ...rebuildSql(
          "shop_item",
          liteItem({
            code: `"code" varchar(10) constraint "chk_shop_item_code_length" check (length("code") <= 10)`,
            rating: `"rating" integer constraint "chk_shop_item_rating_min" check ("rating" >= 0)`,
            status: `"status" text default 'new' not null constraint "chk_shop_item_status_enum" check ("status" in ('new', 'old'))`,
          }).replace(`constraint "uq_shop_item_sku"`, `constraint "uq_shop_item_code" unique ("code"), constraint "uq_shop_item_sku"`),
          liteCopy(["id", "kind", "name", "qty", "rating", "sku", "status", "tag_id"]),
          [LITE_INDEX],
        ),
      ],
    },
    verify: async (x) => {
      expect(await count(x, "shop_item", "status = 'new' and rating is null and code is null")).toBe(2);
      await x.query("update shop_item set code = 'c1' where name = 'b'");
      await expectFailure(x.query("update shop_item set code = 'c1' where name <> 'b'"), /unique|duplicate/i);
      await expectFailure(x.query("update shop_item set status = 'gone'"), /chk_shop_item_status_enum/);
      await expectFailure(x.query("update shop_item set rating = -1"), /chk_shop_item_rating_min/);
    },
  },
  {
    name: "add NOT NULL columns with backfill: old rows get the backfill, new rows the default (or nothing)",
    setup,
    seed,
    ops: [
      add(col("priority", "integer", { default: { kind: "literal", value: 5 }, backfill: 1 })),
      add(col("region", str(10), { backfill: "eu'west" })),
    ],
    sql: {
      postgres: [
        `alter table "shop_item" add column "priority" integer`,
        `update "shop_item" set "priority" = 1 where "priority" is null`,
        `alter table "shop_item" alter column "priority" set default 5`,
        `alter table "shop_item" alter column "priority" set not null`,
        `alter table "shop_item" add column "region" varchar(10)`,
        `update "shop_item" set "region" = 'eu''west' where "region" is null`,
        `alter table "shop_item" alter column "region" set not null`,
      ],
      mysql: [
        "alter table `shop_item` add column `priority` int",
        "update `shop_item` set `priority` = 1 where `priority` is null",
        "alter table `shop_item` modify column `priority` int default 5 not null",
        "alter table `shop_item` add column `region` varchar(10)",
        "update `shop_item` set `region` = 'eu''west' where `region` is null",
        "alter table `shop_item` modify column `region` varchar(10) not null",
      ],
      sqlite: [
        ...rebuildSql("shop_item", liteItem({ priority: `"priority" integer default 5 not null` }), liteCopy([...ALL.slice(0, 3), "priority", ...ALL.slice(3)], [`"id"`, `"kind"`, `"name"`, "1 as \"priority\"", `"qty"`, `"sku"`, `"tag_id"`]), [LITE_INDEX]),
        ...rebuildSql(
          "shop_item",
          liteItem({ priority: `"priority" integer default 5 not null`, region: `"region" varchar(10) not null constraint "chk_shop_item_region_length" check (length("region") <= 10)` }),
          liteCopy(["id", "kind", "name", "priority", "qty", "region", "sku", "tag_id"], [`"id"`, `"kind"`, `"name"`, `"priority"`, `"qty"`, `'eu''west' as "region"`, `"sku"`, `"tag_id"`]),
          [LITE_INDEX],
        ),
      ],
    },
    verify: async (x) => {
      expect(await count(x, "shop_item", "priority = 1 and region = 'eu''west'")).toBe(2);
      await x.query("insert into shop_item (name, region) values ('new', 'us')");
      expect(await count(x, "shop_item", "priority = 5")).toBe(1);
      await expectFailure(x.query("insert into shop_item (name) values ('no region')"), /region|null|default/i);
    },
  },
  {
    name: "add nullable columns with backfill: with a default (old rows still get the backfill) and without",
    setup,
    seed,
    ops: [add(col("note", str(20), { nullable: true, default: { kind: "literal", value: "n/a" }, backfill: "old" })), add(col("score", "float", { nullable: true, backfill: 0.5 }))],
    sql: {
      postgres: [
        `alter table "shop_item" add column "note" varchar(20)`,
        `update "shop_item" set "note" = 'old' where "note" is null`,
        `alter table "shop_item" alter column "note" set default 'n/a'`,
        `alter table "shop_item" add column "score" double precision`,
        `update "shop_item" set "score" = 0.5 where "score" is null`,
      ],
      mysql: [
        "alter table `shop_item` add column `note` varchar(20)",
        "update `shop_item` set `note` = 'old' where `note` is null",
        "alter table `shop_item` modify column `note` varchar(20) default 'n/a'",
        "alter table `shop_item` add column `score` double",
        "update `shop_item` set `score` = 0.5 where `score` is null",
      ],
      sqlite: [
        ...rebuildSql(
          "shop_item",
          liteItem({ note: `"note" varchar(20) default 'n/a' constraint "chk_shop_item_note_length" check (length("note") <= 20)` }),
          liteCopy(["id", "kind", "name", "note", "qty", "sku", "tag_id"], [`"id"`, `"kind"`, `"name"`, `'old' as "note"`, `"qty"`, `"sku"`, `"tag_id"`]),
          [LITE_INDEX],
        ),
        `alter table "shop_item" add column "score" real`,
        `update "shop_item" set "score" = 0.5 where "score" is null`,
        ...FINAL_FK_CHECK,
      ],
    },
    verify: async (x) => {
      expect(await count(x, "shop_item", "note = 'old' and score = 0.5")).toBe(2);
      await x.query("insert into shop_item (name) values ('new')");
      expect(await count(x, "shop_item", "note = 'n/a' and score is null")).toBe(1);
    },
  },
  {
    name: "add a NOT NULL column without default or backfill to a table with rows fails everywhere",
    setup,
    seed,
    ops: [add(col("weight", "integer"))],
    sql: {
      postgres: [`alter table "shop_item" add column "weight" integer not null`],
      mysql: ["alter table `shop_item` add column `weight` int", "alter table `shop_item` modify column `weight` int not null"],
      sqlite: rebuildSql("shop_item", liteItem({ weight: `"weight" integer not null` }), liteCopy(ALL), [LITE_INDEX]),
    },
    fails: { postgres: /null/i, mysql: /null|truncated/i, sqlite: /NOT NULL/ },
    verify: async (x) => {
      expect(await count(x, "shop_item")).toBe(2);
    },
  },
  {
    name: "add datetime columns with ISO-8601 defaults and a backfill (with Z and an offset) to a table with rows",
    setup,
    seed,
    ops: [
      add(col("due_at", "datetime", { default: { kind: "literal", value: "2024-01-02T03:04:05Z" } })),
      add(col("from_at", "datetime", { nullable: true, default: { kind: "literal", value: "2024-01-02T00:30:00.25+02:00" } })),
      add(col("seen_at", "datetime", { backfill: "2024-05-01T12:00:00Z" })),
    ],
    sql: {
      postgres: [
        `alter table "shop_item" add column "due_at" timestamptz default '2024-01-02T03:04:05Z' not null`,
        `alter table "shop_item" add column "from_at" timestamptz default '2024-01-02T00:30:00.25+02:00'`,
        `alter table "shop_item" add column "seen_at" timestamptz`,
        `update "shop_item" set "seen_at" = '2024-05-01T12:00:00Z' where "seen_at" is null`,
        `alter table "shop_item" alter column "seen_at" set not null`,
      ],
      // MySQL refuses `T…Z` and offsets in a datetime literal: UTC (the session's time zone), spelled its way.
      mysql: [
        "alter table `shop_item` add column `due_at` datetime(6) default '2024-01-02 03:04:05' not null",
        "alter table `shop_item` add column `from_at` datetime(6) default '2024-01-01 22:30:00.25'",
        "alter table `shop_item` add column `seen_at` datetime(6)",
        "update `shop_item` set `seen_at` = '2024-05-01 12:00:00' where `seen_at` is null",
        "alter table `shop_item` modify column `seen_at` datetime(6) not null",
      ],
      sqlite: [
        `alter table "shop_item" add column "due_at" text default '2024-01-02T03:04:05Z' not null`,
        `alter table "shop_item" add column "from_at" text default '2024-01-02T00:30:00.25+02:00'`,
        ...rebuildSql(
          "shop_item",
          liteItem({ due_at: `"due_at" text default '2024-01-02T03:04:05Z' not null`, from_at: `"from_at" text default '2024-01-02T00:30:00.25+02:00'`, seen_at: `"seen_at" text not null` }),
          liteCopy(
            ["id", "due_at", "from_at", "kind", "name", "qty", "seen_at", "sku", "tag_id"],
            [`"id"`, `"due_at"`, `"from_at"`, `"kind"`, `"name"`, `"qty"`, `'2024-05-01T12:00:00Z' as "seen_at"`, `"sku"`, `"tag_id"`],
          ),
          [LITE_INDEX],
        ),
      ],
    },
    verify: async (x) => {
      const utc = (s: string) => (x.dialect === "mysql" ? `'${s.replace("T", " ").replace("Z", "")}'` : `'${s}'`);
      expect(await count(x, "shop_item", `due_at = ${utc("2024-01-02T03:04:05Z")}`)).toBe(2);
      if (x.dialect !== "sqlite") expect(await count(x, "shop_item", `from_at = ${utc("2024-01-01T22:30:00.25Z")}`)).toBe(2);
      expect(await count(x, "shop_item", `seen_at = ${utc("2024-05-01T12:00:00Z")}`)).toBe(2);
    },
  },
  {
    name: "add a foreign-key column, a generated uuid and a now() timestamp to a table with rows",
    setup,
    seed,
    ops: [
      add(col("maker_id", "uuid", { nullable: true }), { foreignKey: fk("shop.item", "maker_id", "shop.tag", "CASCADE") }),
      add(col("ref", "uuid", { default: { kind: "expr", expr: "uuid" } })),
      add(col("seen_at", "datetime", { default: { kind: "expr", expr: "now" } })),
    ],
    sql: {
      postgres: [
        `alter table "shop_item" add column "maker_id" uuid`,
        `alter table "shop_item" add constraint "fk_shop_item_maker_id" foreign key ("maker_id") references "shop_tag" ("id") on delete cascade`,
        `alter table "shop_item" add column "ref" uuid default gen_random_uuid() not null`,
        `alter table "shop_item" add column "seen_at" timestamptz default now() not null`,
      ],
      mysql: [
        "alter table `shop_item` add column `maker_id` char(36)",
        "alter table `shop_item` add constraint `fk_shop_item_maker_id` foreign key (`maker_id`) references `shop_tag` (`id`) on delete cascade",
        "alter table `shop_item` add column `ref` char(36) default (uuid()) not null",
        "alter table `shop_item` add column `seen_at` datetime(6) default current_timestamp(6) not null",
      ],
      sqlite: [
        `alter table "shop_item" add column "maker_id" text constraint "fk_shop_item_maker_id" references "shop_tag" ("id") on delete cascade`,
        ...rebuildSql(
          "shop_item",
          liteItem({ maker_id: `"maker_id" text`, ref: `"ref" text default ${SQLITE_UUID} not null` }).replace(
            `constraint "fk_shop_item_tag_id"`,
            `constraint "fk_shop_item_maker_id" foreign key ("maker_id") references "shop_tag" ("id") on delete cascade, constraint "fk_shop_item_tag_id"`,
          ),
          liteCopy(["id", "kind", "maker_id", "name", "qty", "sku", "tag_id"]),
          [LITE_INDEX],
        ),
        ...rebuildSql(
          "shop_item",
          liteItem({ maker_id: `"maker_id" text`, ref: `"ref" text default ${SQLITE_UUID} not null`, seen_at: `"seen_at" text default ${SQLITE_NOW} not null` }).replace(
            `constraint "fk_shop_item_tag_id"`,
            `constraint "fk_shop_item_maker_id" foreign key ("maker_id") references "shop_tag" ("id") on delete cascade, constraint "fk_shop_item_tag_id"`,
          ),
          liteCopy(["id", "kind", "maker_id", "name", "qty", "ref", "sku", "tag_id"]),
          [LITE_INDEX],
        ),
      ],
    },
    verify: async (x) => {
      const [r] = await x.query("select count(distinct ref) as refs, count(seen_at) as seen from shop_item");
      expect([Number(r!.refs), Number(r!.seen)]).toEqual([2, 2]);
      await x.query(`update shop_item set maker_id = ${TAG}`);
      await expectFailure(x.query("update shop_item set maker_id = '00000000-0000-4000-8000-00000000dead'"), /foreign key/i);
      await x.query("update shop_item set tag_id = null");
      await x.query(`delete from shop_tag where id = ${TAG}`);
      expect(await count(x, "shop_item")).toBe(0);
    },
  },
];

runCases("columns: add", cases);
