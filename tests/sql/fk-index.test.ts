/**
 * Indexes a foreign key leans on (issue 12, bug 1). InnoDB drops the index it made for a foreign
 * key as soon as a user's index can serve the key instead, and then refuses to drop that user's
 * index while the key stays (error 1553). On MySQL/MariaDB such a drop goes with the key: one
 * ALTER drops both, the next adds the key again, which gives it an index of its own. The other
 * databases need no index for a foreign key and drop the index alone.
 */
import { expect } from "bun:test";
import { count, expectFailure, runCases, type SqlCase } from "./support/cases";
import { col, create, fk, id, str, table } from "./support/model";
import { LITE_INDEX, seed, setup, TAG, tag } from "./support/shop";
import { rebuildSql, SQLITE_UUID } from "./support/sqlite";
import type { Exec } from "./support/exec";

/** The key still holds: a row pointing nowhere is refused. */
async function keyHolds(x: Exec, table: string, column: string, extra = ""): Promise<void> {
  await expectFailure(x.query(`insert into ${table} (${column}${extra ? `, ${extra.split("=")[0]}` : ""}) values ('00000000-0000-4000-8000-0000000000ff'${extra ? `, ${extra.split("=")[1]}` : ""})`), /foreign|constraint|FOREIGN/i);
}

/** shop.note: a foreign key served only by a composite index that starts with its column. */
const note = table("shop.note", [id(), col("body", str(20)), col("tag_id", "uuid")], {
  foreignKeys: [fk("shop.note", "tag_id", "shop.tag")],
  indexes: [{ name: "idx_shop_note_tag_id_body", columns: ["tag_id", "body"], unique: false }],
});

/** shop.badge: one_to_one, a unique foreign-key column (the unique is the key's only index). */
const badge = table("shop.badge", [id(), col("tag_id", "uuid", { unique: true })], { foreignKeys: [fk("shop.badge", "tag_id", "shop.tag", "CASCADE")] });

const ADD_ITEM_KEY = "alter table `shop_item` add constraint `fk_shop_item_tag_id` foreign key (`tag_id`) references `shop_tag` (`id`)";

const cases: SqlCase[] = [
  {
    name: "drop the index of a foreign-key column while the key stays",
    setup,
    seed,
    ops: [{ op: "drop_index", name: "idx_shop_item_tag_id" }],
    sql: {
      postgres: [`drop index "idx_shop_item_tag_id"`],
      mysql: ["alter table `shop_item` drop foreign key `fk_shop_item_tag_id`, drop index `idx_shop_item_tag_id`", ADD_ITEM_KEY],
      sqlite: [`drop index "idx_shop_item_tag_id"`],
    },
    notes: {
      mysql: [
        "MySQL/MariaDB: foreign key fk_shop_item_tag_id is dropped with index idx_shop_item_tag_id it needs and added again",
        "MySQL/MariaDB: every DDL statement commits implicitly; if one fails, the statements before it stay applied",
      ],
    },
    verify: async (x) => {
      expect(await count(x, "shop_item")).toBe(2);
      await keyHolds(x, "shop_item", "tag_id", "name='n'");
    },
  },
  {
    name: "drop the index, then the key: InnoDB's own index goes with the key",
    setup,
    seed,
    ops: [
      { op: "drop_index", name: "idx_shop_item_tag_id" },
      { op: "drop_foreign_key", ref: "shop.item", name: "fk_shop_item_tag_id" },
    ],
    sql: {
      postgres: [`drop index "idx_shop_item_tag_id"`, `alter table "shop_item" drop constraint "fk_shop_item_tag_id"`],
      mysql: [
        "alter table `shop_item` drop foreign key `fk_shop_item_tag_id`, drop index `idx_shop_item_tag_id`",
        ADD_ITEM_KEY,
        "alter table `shop_item` drop foreign key `fk_shop_item_tag_id`",
        "drop index `fk_shop_item_tag_id` on `shop_item`",
      ],
      sqlite: [
        `drop index "idx_shop_item_tag_id"`,
        ...rebuildSql(
          "shop_item",
          `create table "shop_item__alab_new" ("id" text default ${SQLITE_UUID} not null primary key, "kind" text default 'a' not null constraint "chk_shop_item_kind_enum" check ("kind" in ('a', 'b')), "name" varchar(100) not null constraint "chk_shop_item_name_length" check (length("name") <= 100), "qty" integer, "sku" varchar(20) constraint "chk_shop_item_sku_length" check (length("sku") <= 20), "tag_id" text, constraint "uq_shop_item_sku" unique ("sku"))`,
          `insert into "shop_item__alab_new" ("id", "kind", "name", "qty", "sku", "tag_id") select "id", "kind", "name", "qty", "sku", "tag_id" from "shop_item"`,
        ),
      ],
    },
    verify: async (x) => {
      expect(await count(x, "shop_item")).toBe(2);
      await x.query("delete from shop_tag");
    },
  },
  {
    name: "drop a composite index that starts with the foreign-key column",
    setup: [create(tag), create(note)],
    seed: async (x) => {
      await x.query(`insert into shop_tag (id, name) values (${TAG}, 't')`);
      await x.query(`insert into shop_note (body, tag_id) values ('b', ${TAG})`);
    },
    ops: [{ op: "drop_index", name: "idx_shop_note_tag_id_body" }],
    sql: {
      postgres: [`drop index "idx_shop_note_tag_id_body"`],
      mysql: [
        "alter table `shop_note` drop foreign key `fk_shop_note_tag_id`, drop index `idx_shop_note_tag_id_body`",
        "alter table `shop_note` add constraint `fk_shop_note_tag_id` foreign key (`tag_id`) references `shop_tag` (`id`)",
      ],
      sqlite: [`drop index "idx_shop_note_tag_id_body"`],
    },
    verify: async (x) => {
      expect(await count(x, "shop_note")).toBe(1);
      await keyHolds(x, "shop_note", "tag_id", "body='b'");
    },
  },
  {
    name: "a second index keeps serving the key: the first drops alone",
    setup: [create(tag), create({ ...note, indexes: [...note.indexes, { name: "idx_shop_note_tag_id", columns: ["tag_id"], unique: false }] })],
    ops: [{ op: "drop_index", name: "idx_shop_note_tag_id_body" }],
    sql: {
      postgres: [`drop index "idx_shop_note_tag_id_body"`],
      mysql: ["drop index `idx_shop_note_tag_id_body` on `shop_note`"],
      sqlite: [`drop index "idx_shop_note_tag_id_body"`],
    },
  },
  {
    name: "a unique foreign-key column becomes non-unique",
    setup: [create(tag), create(badge)],
    ops: [{ op: "alter_column", ref: "shop.badge", column: col("tag_id", "uuid") }],
    sql: {
      postgres: [`alter table "shop_badge" drop constraint "uq_shop_badge_tag_id"`],
      mysql: [
        "alter table `shop_badge` drop foreign key `fk_shop_badge_tag_id`, drop index `uq_shop_badge_tag_id`",
        "alter table `shop_badge` add constraint `fk_shop_badge_tag_id` foreign key (`tag_id`) references `shop_tag` (`id`) on delete cascade",
      ],
      sqlite: rebuildSql(
        "shop_badge",
        `create table "shop_badge__alab_new" ("id" text default ${SQLITE_UUID} not null primary key, "tag_id" text not null, constraint "fk_shop_badge_tag_id" foreign key ("tag_id") references "shop_tag" ("id") on delete cascade)`,
        `insert into "shop_badge__alab_new" ("id", "tag_id") select "id", "tag_id" from "shop_badge"`,
      ),
    },
    verify: async (x) => {
      await x.query(`insert into shop_tag (id, name) values (${TAG}, 't')`);
      await x.query(`insert into shop_badge (tag_id) values (${TAG})`);
      await x.query(`insert into shop_badge (tag_id) values (${TAG})`);
      await keyHolds(x, "shop_badge", "tag_id");
    },
  },
];

void LITE_INDEX;
runCases("indexes a foreign key needs (MySQL/MariaDB error 1553)", cases);
