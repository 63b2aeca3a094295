/**
 * Hand changes on a PostgreSQL database that alab migrated: each one, made alone, shows as exactly
 * the difference it is (tests/support/drift.ts, the same words `alab new` uses), and nothing else.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Operation } from "../../../src/dsl/operations";
import { stableStringify } from "../../../src/model/json";
import { emptySchema } from "../../../src/model/types";
import { capabilitiesFor, plan } from "../../../src/sql/plan";
import { withTestDatabase } from "../../support/db";
import { driftOf } from "../../support/drift";
import { requireService } from "../../support/services";
import { col, create, dec, en, fk, id, str, table, timestamps } from "../../sql/support/model";

setDefaultTimeout(60_000);
const stable = (v: unknown): string => stableStringify(v).trim();
const pg = await requireService("postgres");

const author = table("shop.author", [id(), col("name", str(100), { unique: true }), ...timestamps()]);
const product = table(
  "shop.product",
  [
    id(),
    col("author_id", "uuid"),
    col("price", dec(10, 2), { default: { kind: "literal", value: 0 }, min: 0 }),
    col("qty", "integer", { nullable: true, max: 1000 }),
    col("sku", str(20), { pattern: "^[A-Z0-9-]+$" }),
    col("status", en("draft", "live"), { default: { kind: "literal", value: "draft" } }),
    col("tags", "json", { default: { kind: "literal", value: { b: 1, a: [true, null] } } }),
    ...timestamps(),
  ],
  {
    foreignKeys: [fk("shop.product", "author_id", "shop.author", "CASCADE")],
    checks: [{ name: "chk_shop_product_sane", expr: `"qty" is null or ("qty" >= 0 and "price" < 100000)` }],
  },
);
const ops: Operation[] = [create(author), create(product), { op: "create_index", ref: "shop.product", index: { name: "idx_shop_product_author_id", columns: ["author_id"], unique: false } }];

/** [what is done by hand, the SQL, the differences it must give (and only those)]. */
const HAND: readonly (readonly [string, string, readonly string[]])[] = [
  ["nothing", "select 1", []],
  ["an extra column", "alter table shop_product add column legacy_code varchar(10)", ["add column shop.product.legacy_code string(10) (optional)"]],
  // sku, not qty: PostgreSQL drops a check with the column it reads (qty is in chk_shop_product_sane).
  ["a missing column", "alter table shop_product drop column sku", ["drop column shop.product.sku"]],
  ["an extra table", "create table rogue_audit (id integer primary key)", ["add table rogue_audit"]],
  ["a missing table", "drop table shop_product", ["drop table shop.product"]],
  ["an extra index", "create index idx_extra on shop_product (sku)", ["add index idx_extra (sku) on shop.product"]],
  ["a missing index", "drop index idx_shop_product_author_id", ["drop index idx_shop_product_author_id (author_id) on shop.product"]],
  [
    "a missing foreign key",
    "alter table shop_product drop constraint fk_shop_product_author_id",
    ["drop foreign key fk_shop_product_author_id on shop.product"],
  ],
  ["an extra check", "alter table shop_product add constraint chk_extra check (qty <> 13)", ['add check chk_extra on shop.product: "qty" <> 13']],
  ["a missing check", "alter table shop_product drop constraint chk_shop_product_sane", ["drop check chk_shop_product_sane on shop.product"]],
  ["a changed type", "alter table shop_product alter column sku type varchar(30)", ["change column shop.product.sku: type string(20) -> string(30)"]],
  ["a changed default", "alter table shop_product alter column status set default 'live'", ['change column shop.product.status: default "draft" -> "live"']],
  ["a dropped default", "alter table shop_product alter column price drop default", ["change column shop.product.price: default 0 -> none"]],
  ["a dropped NOT NULL", "alter table shop_product alter column sku drop not null", ["change column shop.product.sku: now optional (NULL allowed)"]],
  ["a new NOT NULL", "alter table shop_product alter column qty set not null", ["change column shop.product.qty: now required (NOT NULL)"]],
  [
    "an extra foreign key",
    "alter table shop_product add constraint fk_extra foreign key (author_id) references shop_author (id)",
    ["add foreign key fk_extra (author_id) -> shop.author (id) on delete NO ACTION on update NO ACTION on shop.product"],
  ],
  [
    "a changed foreign key action",
    "alter table shop_product drop constraint fk_shop_product_author_id, add constraint fk_shop_product_author_id foreign key (author_id) references shop_author (id) on delete set null",
    ["change foreign key fk_shop_product_author_id on shop.product: foreign key fk_shop_product_author_id (author_id) -> shop.author (id) on delete SET NULL on update NO ACTION"],
  ],
  // AND binds tighter than OR: without the parentheses, the check still says the same.
  ["the same check, parentheses dropped", "alter table shop_product drop constraint chk_shop_product_sane, add constraint chk_shop_product_sane check (qty is null or qty >= 0 and price < 100000)", []],
  [
    "a changed check (parentheses that change the meaning)",
    "alter table shop_product drop constraint chk_shop_product_sane, add constraint chk_shop_product_sane check ((qty is null or qty >= 0) and price < 100000)",
    ['change check chk_shop_product_sane on shop.product: "qty" is null or ("qty" >= 0 and "price" < 100000) -> ("qty" IS NULL OR "qty" >= 0) AND "price" < 100000'],
  ],
  [
    "changed enum values",
    "alter table shop_product drop constraint chk_shop_product_status_enum, add constraint chk_shop_product_status_enum check (status in ('draft', 'live', 'gone'))",
    ['change column shop.product.status: type enum("draft", "live") -> enum("draft", "live", "gone")'],
  ],
  [
    "a changed max",
    "alter table shop_product drop constraint chk_shop_product_qty_max, add constraint chk_shop_product_qty_max check (qty <= 999)",
    ["change column shop.product.qty: max 1000 -> 999"],
  ],
  ["a dropped pattern", "alter table shop_product drop constraint chk_shop_product_sku_pattern", ['change column shop.product.sku: pattern "^[A-Z0-9-]+$" -> none']],
  ["an extra unique constraint", "alter table shop_product add constraint uq_shop_product_sku unique (sku)", ["change column shop.product.sku: now unique"]],
  [
    "a narrower integer",
    "alter table shop_product alter column qty type smallint",
    ["change column shop.product.qty: type integer -> smallint"],
  ],
  [
    "a type alab does not model: kept as written",
    "alter table shop_product alter column qty type real",
    ['change column shop.product.qty: type integer -> sql_type("real")'],
  ],
  [
    "a changed json default",
    `alter table shop_product alter column tags set default '{"a": [true, null], "b": 2}'`,
    [`change column shop.product.tags: default ${stable({ a: [true, null], b: 1 })} -> ${stable({ a: [true, null], b: 2 })}`],
  ],
  ["the same json default, keys in another order", `alter table shop_product alter column tags set default '{"a": [true, null], "b": 1}'`, []],
  [
    "a trigger",
    "create function shop_touch() returns trigger language plpgsql as $$begin return new; end$$; create trigger shop_touch before update on shop_product for each row execute function shop_touch()",
    ["unmanaged function shop_touch(): a function", "unmanaged trigger shop_product.shop_touch: a trigger"],
  ],
];

describe.skipIf(pg === null)("drift on PostgreSQL: hand changes", () => {
  for (const [what, sql, expected] of HAND) {
    test(what, () =>
      withTestDatabase("postgres", async (_url, driver) => {
        const p = plan(ops, emptySchema, capabilitiesFor("postgres", driver.version));
        await driver.exec(p.statements);
        await driver.exec([{ sql }]);
        expect(await driftOf(driver, p.schema)).toEqual([...expected]);
      }),
    );
  }
});
