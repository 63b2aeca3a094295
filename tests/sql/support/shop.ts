/** The shop.item fixture of the column tests: a table with rows, an enum, a unique, an indexed foreign key. */
import type { Operation } from "../../../src/dsl/operations";
import type { Column } from "../../../src/model/types";
import type { Exec } from "./exec";
import { col, create, en, fk, id, str, table } from "./model";
import { SQLITE_UUID } from "./sqlite";

export const tag = table("shop.tag", [id(), col("name", str(20))]);
export const item = table(
  "shop.item",
  [
    id(),
    col("kind", en("a", "b"), { default: { kind: "literal", value: "a" } }),
    col("name", str(100)),
    col("qty", "integer", { nullable: true }),
    col("sku", str(20), { nullable: true, unique: true }),
    col("tag_id", "uuid", { nullable: true }),
  ],
  { foreignKeys: [fk("shop.item", "tag_id", "shop.tag")], indexes: [{ name: "idx_shop_item_tag_id", columns: ["tag_id"], unique: false }] },
);
export const setup: Operation[] = [create(tag), create(item)];
export const TAG = "'00000000-0000-4000-8000-000000000001'";
export const seed = async (x: Exec) => {
  await x.query(`insert into shop_tag (id, name) values (${TAG}, 't')`);
  await x.query(`insert into shop_item (name, qty, sku, tag_id) values ('long name here', 1, 's1', ${TAG})`);
  await x.query(`insert into shop_item (name, qty, sku, tag_id) values ('b', null, null, null)`);
};
export const alter = (column: Column): Operation => ({ op: "alter_column", ref: "shop.item", column });
export const add = (column: Column, extra: Partial<Extract<Operation, { op: "add_column" }>> = {}): Operation => ({ op: "add_column", ref: "shop.item", column, ...extra });

/** shop_item's columns on SQLite, with one column's definition swapped or appended. */
export function liteItem(over: Record<string, string | null> = {}, extra = ""): string {
  const cols: Record<string, string | null> = {
    id: `"id" text default ${SQLITE_UUID} not null primary key`,
    kind: `"kind" text default 'a' not null constraint "chk_shop_item_kind_enum" check ("kind" in ('a', 'b'))`,
    name: `"name" varchar(100) not null constraint "chk_shop_item_name_length" check (length("name") <= 100)`,
    qty: `"qty" integer`,
    sku: `"sku" varchar(20) constraint "chk_shop_item_sku_length" check (length("sku") <= 20)`,
    tag_id: `"tag_id" text`,
    ...over,
  };
  const order = ["id", ...Object.keys(cols).filter((c) => c !== "id").sort()];
  const body = order.map((c) => cols[c]).filter((c) => c !== null);
  const uq = over.sku === null ? "" : `, constraint "uq_shop_item_sku" unique ("sku")`;
  return `create table "shop_item__alab_new" (${body.join(", ")}${uq}, constraint "fk_shop_item_tag_id" foreign key ("tag_id") references "shop_tag" ("id")${extra})`;
}
export const LITE_INDEX = `create index "idx_shop_item_tag_id" on "shop_item" ("tag_id")`;
export const liteCopy = (cols: string[], select = cols.map((c) => `"${c}"`)) =>
  `insert into "shop_item__alab_new" (${cols.map((c) => `"${c}"`).join(", ")}) select ${select.join(", ")} from "shop_item"`;
export const ALL = ["id", "kind", "name", "qty", "sku", "tag_id"];

