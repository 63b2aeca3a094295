/** Keys of adopted tables (issue 11): foreign keys to non-uuid keys, composite primary keys. */
import { describe, expect, test } from "bun:test";
import { buildSchema } from "../../src/model/normalize";
import type { Table } from "../../src/model/types";
import { errorOf, interpret } from "../dsl/schema/helpers";
import { col, table } from "../dsl/schema/record";

function tableOf(ref: string, ...defs: ReturnType<typeof interpret>[]): Table {
  const t = buildSchema(defs).tables[ref];
  if (t === undefined) throw new Error(`no table ${ref}`);
  return t;
}

const users = (key: ReturnType<typeof col.integer>) => interpret(table({ id: key, name: col.text() }), "app", "users", "schemas/app/users.js");
const orders = () => interpret(table({ user: col.belongs_to("app.users").on_delete("cascade"), total: col.integer() }), "app", "orders", "schemas/app/orders.js");

describe("a foreign key takes the referenced key's type", () => {
  test.each([
    ["col.id()", col.id(), { kind: "uuid" }],
    ["col.serial()", col.call("serial"), { kind: "integer" }],
    ["col.bigserial()", col.call("bigserial"), { kind: "bigint" }],
    ["unsigned col.serial()", col.call("serial").call("unsigned"), { kind: "integer", unsigned: true }],
    ["col.char(2).primary_key()", col.call("char", 2).call("primary_key"), { kind: "char", length: 2 }],
    ["col.bigint().primary_key()", col.call("bigint").call("primary_key"), { kind: "bigint" }],
  ] as const)("%s", (_n, key, type) => {
    const t = tableOf("app.orders", users(key as never), orders());
    expect(t.columns.find((c) => c.name === "user_id")?.type).toEqual(type);
    expect(t.foreignKeys).toEqual([{ name: "fk_app_orders_user_id", columns: ["user_id"], refTable: "app.users", refColumns: ["id"], onDelete: "CASCADE", onUpdate: "NO ACTION" }]);
  });

  test("a table with a composite key cannot be referenced by one relation", () => {
    const pair = interpret(table({ a: col.integer(), b: col.integer() }).call("primary_key", "a", "b"), "app", "users", "schemas/app/users.js");
    const e = errorOf(() => buildSchema([pair, orders()]));
    expect(e.code).toBe("E_SCHEMA_REF_NO_PRIMARY_KEY");
    expect(e.message).toContain("composite primary key");
  });
});

describe("composite primary keys", () => {
  test("the table's key is in the order written, its columns first", () => {
    const tag = interpret(table({ id: col.call("serial") }), "app", "tag", "schemas/app/tag.js");
    const post = interpret(table({ id: col.call("bigserial") }), "app", "post", "schemas/app/post.js");
    const join = interpret(table({ tag: col.belongs_to(".tag"), post: col.belongs_to(".post"), added: col.datetime() }).call("primary_key", "post", "tag"), "app", "post_tag", "schemas/app/post_tag.js");
    const t = tableOf("app.post_tag", tag, post, join);
    expect(t.primaryKey).toEqual(["post_id", "tag_id"]);
    expect(t.columns.map((c) => [c.name, c.type.kind])).toEqual([["post_id", "bigint"], ["tag_id", "integer"], ["added", "datetime"]]);
  });
});
