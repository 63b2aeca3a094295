/**
 * drop_column and rename_column on every dialect, on a table with rows: what goes with a dropped
 * column (its index, foreign key, checks), what follows a renamed one (unique and check names),
 * and the refusals that keep the model and the database in step.
 */
import { expect } from "bun:test";
import { AlabError } from "../../src/errors";
import { plan } from "../../src/sql/plan";
import { CAPS, count, expectFailure, runCases, schemaAfter, type SqlCase } from "./support/cases";
import { col, create, en, id, str, table } from "./support/model";
import { alter, LITE_INDEX, liteCopy, liteItem, seed, setup } from "./support/shop";
import { rebuildSql, SQLITE_UUID } from "./support/sqlite";
import { test } from "bun:test";

/** A key of two columns, which alab never writes itself but Azul and hand-made schemas can hold. */
const slot = table("shop.slot", [col("code", str(10)), col("n", "integer")], { primaryKey: ["code", "n"] });
const use = table("shop.use", [id(), col("code", str(10)), col("n", "integer")], {
  foreignKeys: [{ name: "fk_shop_use_code_n", columns: ["code", "n"], refTable: "shop.slot", refColumns: ["code", "n"], onDelete: "NO ACTION", onUpdate: "NO ACTION" }],
});

/** A parent whose unique column a child references (not its primary key). */
const brand = table("shop.brand", [id(), col("code", str(10), { unique: true })]);
const branded = table("shop.branded", [id(), col("brand_code", str(10), { nullable: true })], {
  foreignKeys: [{ name: "fk_shop_branded_brand_code", columns: ["brand_code"], refTable: "shop.brand", refColumns: ["code"], onDelete: "CASCADE", onUpdate: "NO ACTION" }],
});

const cases: SqlCase[] = [
  {
    name: "drop plain columns: a nullable integer and an enum with its check",
    setup,
    seed,
    ops: [
      { op: "drop_column", ref: "shop.item", column: "qty" },
      { op: "drop_column", ref: "shop.item", column: "kind" },
    ],
    sql: {
      postgres: [`alter table "shop_item" drop column "qty"`, `alter table "shop_item" drop column "kind"`],
      mysql: ["alter table `shop_item` drop column `qty`", "alter table `shop_item` drop constraint `chk_shop_item_kind_enum`", "alter table `shop_item` drop column `kind`"],
      sqlite: [`alter table "shop_item" drop column "qty"`, `alter table "shop_item" drop column "kind"`],
    },
    verify: async (x) => {
      expect(await count(x, "shop_item")).toBe(2);
      await x.query("insert into shop_item (name) values ('c')");
      await expectFailure(x.query("select qty from shop_item"), /qty/);
    },
  },
  {
    name: "drop columns that carry a foreign key and index, and a unique",
    setup,
    seed,
    ops: [
      { op: "drop_column", ref: "shop.item", column: "tag_id" },
      { op: "drop_column", ref: "shop.item", column: "sku" },
    ],
    sql: {
      postgres: [
        `alter table "shop_item" drop constraint "fk_shop_item_tag_id"`,
        `drop index "idx_shop_item_tag_id"`,
        `alter table "shop_item" drop column "tag_id"`,
        `alter table "shop_item" drop column "sku"`,
      ],
      mysql: [
        "alter table `shop_item` drop foreign key `fk_shop_item_tag_id`",
        "drop index `idx_shop_item_tag_id` on `shop_item`",
        "alter table `shop_item` drop column `tag_id`",
        "alter table `shop_item` drop column `sku`",
      ],
      sqlite: [
        ...rebuildSql("shop_item", liteItem({ tag_id: null }).replace(`, constraint "fk_shop_item_tag_id" foreign key ("tag_id") references "shop_tag" ("id")`, ""), liteCopy(["id", "kind", "name", "qty", "sku"])),
        ...rebuildSql(
          "shop_item",
          liteItem({ tag_id: null, sku: null }).replace(`, constraint "fk_shop_item_tag_id" foreign key ("tag_id") references "shop_tag" ("id")`, ""),
          liteCopy(["id", "kind", "name", "qty"]),
        ),
      ],
    },
    verify: async (x) => {
      expect(await count(x, "shop_item")).toBe(2);
      await x.query("delete from shop_tag"); // nothing references it any more
    },
  },
  {
    name: "drop a column of a two-column foreign key that no index serves: InnoDB's index for it goes too",
    setup: [create(slot), create(use)],
    ops: [{ op: "drop_column", ref: "shop.use", column: "n" }],
    sql: {
      postgres: [`alter table "shop_use" drop constraint "fk_shop_use_code_n"`, `alter table "shop_use" drop column "n"`],
      // Left alone, InnoDB's index would be narrowed to (code) and stay.
      mysql: ["alter table `shop_use` drop foreign key `fk_shop_use_code_n`", "drop index `fk_shop_use_code_n` on `shop_use`", "alter table `shop_use` drop column `n`"],
      sqlite: rebuildSql(
        "shop_use",
        `create table "shop_use__alab_new" ("id" text default ${SQLITE_UUID} not null primary key, "code" varchar(10) not null constraint "chk_shop_use_code_length" check (length("code") <= 10))`,
        `insert into "shop_use__alab_new" ("id", "code") select "id", "code" from "shop_use"`,
      ),
    },
  },
  {
    // Nothing after the renames rebuilds the table: the no-drift check at the end sees the names they left.
    name: "rename columns alone: a plain column in place, one with a derived check carries the new name",
    setup,
    seed,
    ops: [
      { op: "rename_column", ref: "shop.item", from: "qty", to: "amount" },
      { op: "rename_column", ref: "shop.item", from: "kind", to: "sort" },
    ],
    sql: {
      postgres: [
        `alter table "shop_item" rename column "qty" to "amount"`,
        `alter table "shop_item" rename column "kind" to "sort"`,
        `alter table "shop_item" rename constraint "chk_shop_item_kind_enum" to "chk_shop_item_sort_enum"`,
      ],
      mysql: [
        "alter table `shop_item` rename column `qty` to `amount`",
        "alter table `shop_item` drop constraint `chk_shop_item_kind_enum`",
        "alter table `shop_item` rename column `kind` to `sort`",
        "alter table `shop_item` add constraint `chk_shop_item_sort_enum` check (`sort` in ('a', 'b'))",
      ],
      // In place (children's keys and the table's checks follow), then a rebuild to name the check anew.
      sqlite: [
        `alter table "shop_item" rename column "qty" to "amount"`,
        `alter table "shop_item" rename column "kind" to "sort"`,
        ...rebuildSql(
          "shop_item",
          liteItem({ qty: null, kind: null, amount: `"amount" integer`, sort: `"sort" text default 'a' not null constraint "chk_shop_item_sort_enum" check ("sort" in ('a', 'b'))` }),
          liteCopy(["id", "amount", "name", "sku", "sort", "tag_id"]),
          [LITE_INDEX],
        ),
      ],
    },
    verify: async (x) => {
      expect(await count(x, "shop_item", "amount = 1")).toBe(1);
      await expectFailure(x.query("insert into shop_item (name, sort) values ('c', 'z')"), /chk_shop_item_sort_enum/);
    },
  },
  {
    name: "rename a unique column that a foreign key references: the key follows, and still acts",
    setup: [create(brand), create(branded)],
    seed: async (x) => {
      await x.query("insert into shop_brand (code) values ('a')");
      await x.query("insert into shop_branded (brand_code) values ('a')");
    },
    ops: [{ op: "rename_column", ref: "shop.brand", from: "code", to: "key" }],
    sql: {
      postgres: [`alter table "shop_brand" rename column "code" to "key"`, `alter table "shop_brand" rename constraint "uq_shop_brand_code" to "uq_shop_brand_key"`],
      mysql: ["alter table `shop_brand` rename column `code` to `key`", "alter table `shop_brand` rename index `uq_shop_brand_code` to `uq_shop_brand_key`"],
      // A rebuild alone would leave the child's REFERENCES naming "code": the rename in place goes first.
      sqlite: [
        `alter table "shop_brand" rename column "code" to "key"`,
        ...rebuildSql(
          "shop_brand",
          `create table "shop_brand__alab_new" ("id" text default ${SQLITE_UUID} not null primary key, "key" varchar(10) not null constraint "chk_shop_brand_key_length" check (length("key") <= 10), constraint "uq_shop_brand_key" unique ("key"))`,
          `insert into "shop_brand__alab_new" ("id", "key") select "id", "key" from "shop_brand"`,
        ),
      ],
    },
    verify: async (x) => {
      await x.query("delete from shop_brand");
      expect(await count(x, "shop_branded")).toBe(0);
    },
  },
  {
    name: "rename columns: rows stay, the unique and the enum check follow the new names",
    setup,
    seed,
    ops: [
      { op: "rename_column", ref: "shop.item", from: "sku", to: "code" },
      { op: "rename_column", ref: "shop.item", from: "kind", to: "sort" },
      // Works only if the derived names followed: drops chk_shop_item_sort_enum and uq_shop_item_code.
      alter(col("sort", en("a", "b", "c"), { default: { kind: "literal", value: "a" } })),
      alter(col("code", str(20), { nullable: true })),
    ],
    sql: {
      postgres: [
        `alter table "shop_item" rename column "sku" to "code"`,
        `alter table "shop_item" rename constraint "uq_shop_item_sku" to "uq_shop_item_code"`,
        `alter table "shop_item" rename column "kind" to "sort"`,
        `alter table "shop_item" rename constraint "chk_shop_item_kind_enum" to "chk_shop_item_sort_enum"`,
        `alter table "shop_item" drop constraint "chk_shop_item_sort_enum"`,
        `alter table "shop_item" add constraint "chk_shop_item_sort_enum" check ("sort" in ('a', 'b', 'c'))`,
        `alter table "shop_item" drop constraint "uq_shop_item_code"`,
      ],
      mysql: [
        "alter table `shop_item` rename column `sku` to `code`",
        "alter table `shop_item` rename index `uq_shop_item_sku` to `uq_shop_item_code`",
        "alter table `shop_item` drop constraint `chk_shop_item_kind_enum`",
        "alter table `shop_item` rename column `kind` to `sort`",
        "alter table `shop_item` add constraint `chk_shop_item_sort_enum` check (`sort` in ('a', 'b'))",
        "alter table `shop_item` drop constraint `chk_shop_item_sort_enum`",
        "alter table `shop_item` add constraint `chk_shop_item_sort_enum` check (`sort` in ('a', 'b', 'c'))",
        "drop index `uq_shop_item_code` on `shop_item`",
      ],
      // SQLite cannot rename a constraint: a column with a unique or a derived check is renamed in place, then rebuilt.
      sqlite: [
        `alter table "shop_item" rename column "sku" to "code"`,
        ...rebuildSql(
          "shop_item",
          liteItem({ sku: null, code: `"code" varchar(20) constraint "chk_shop_item_code_length" check (length("code") <= 20)` }).replace(
            `constraint "fk_shop_item_tag_id"`,
            `constraint "uq_shop_item_code" unique ("code"), constraint "fk_shop_item_tag_id"`,
          ),
          liteCopy(["id", "code", "kind", "name", "qty", "tag_id"]),
          [LITE_INDEX],
        ),
        `alter table "shop_item" rename column "kind" to "sort"`,
        ...rebuildSql(
          "shop_item",
          liteItem({
            kind: null,
            sku: null,
            code: `"code" varchar(20) constraint "chk_shop_item_code_length" check (length("code") <= 20)`,
            sort: `"sort" text default 'a' not null constraint "chk_shop_item_sort_enum" check ("sort" in ('a', 'b'))`,
          }).replace(`constraint "fk_shop_item_tag_id"`, `constraint "uq_shop_item_code" unique ("code"), constraint "fk_shop_item_tag_id"`),
          liteCopy(["id", "code", "name", "qty", "sort", "tag_id"]),
          [LITE_INDEX],
        ),
        ...rebuildSql(
          "shop_item",
          liteItem({
            kind: null,
            sku: null,
            code: `"code" varchar(20) constraint "chk_shop_item_code_length" check (length("code") <= 20)`,
            sort: `"sort" text default 'a' not null constraint "chk_shop_item_sort_enum" check ("sort" in ('a', 'b', 'c'))`,
          }).replace(`constraint "fk_shop_item_tag_id"`, `constraint "uq_shop_item_code" unique ("code"), constraint "fk_shop_item_tag_id"`),
          liteCopy(["id", "code", "name", "qty", "sort", "tag_id"]),
          [LITE_INDEX],
        ),
        ...rebuildSql(
          "shop_item",
          liteItem({
            kind: null,
            sku: null,
            code: `"code" varchar(20) constraint "chk_shop_item_code_length" check (length("code") <= 20)`,
            sort: `"sort" text default 'a' not null constraint "chk_shop_item_sort_enum" check ("sort" in ('a', 'b', 'c'))`,
          }),
          liteCopy(["id", "code", "name", "qty", "sort", "tag_id"]),
          [LITE_INDEX],
        ),
      ],
    },
    verify: async (x) => {
      expect(await count(x, "shop_item", "code = 's1' and sort = 'a'")).toBe(1);
      await x.query("insert into shop_item (name, code, sort) values ('c', 's1', 'c')"); // unique gone, c allowed
      await expectFailure(x.query("insert into shop_item (name, sort) values ('d', 'z')"), /chk_shop_item_sort_enum/);
    },
  },
];

runCases("columns: drop and rename", cases);

test("a column a table check uses cannot be dropped or renamed (the databases disagree on what happens)", () => {
  const withCheck = [...setup, { op: "add_check" as const, ref: "shop.item", check: { name: "chk_qty_name", expr: "qty > 0 or name <> ''" } }];
  for (const d of ["postgres", "mysql", "sqlite"] as const) {
    const from = schemaAfter(withCheck, CAPS[d]);
    for (const op of [
      { op: "drop_column" as const, ref: "shop.item", column: "qty" },
      { op: "rename_column" as const, ref: "shop.item", from: "qty", to: "amount" },
    ]) {
      let error: unknown;
      try {
        plan([op], from, CAPS[d]);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AlabError);
      expect((error as AlabError).code).toBe("E_SQL_COLUMN_IN_CHECK");
      expect((error as AlabError).message).toContain("chk_qty_name");
    }
    // A column the check does not mention is fine.
    expect(plan([{ op: "drop_column", ref: "shop.item", column: "sku" }], from, CAPS[d]).statements.length).toBeGreaterThan(0);
  }
});
