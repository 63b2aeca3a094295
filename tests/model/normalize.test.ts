import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { AlabErrors } from "../../src/errors";
import { stableStringify } from "../../src/model/json";
import { buildSchema } from "../../src/model/normalize";
import { parseSchema, SchemaSchema } from "../../src/model/schema-valibot";
import type { Table } from "../../src/model/types";
import { errorOf, errorsOf, interpret } from "../dsl/schema/helpers";
import { col, table, tableAt } from "../dsl/schema/record";
import { seedDefs } from "./seed";

const uuid = { kind: "uuid" } as const;

function tableOf(ref: string, ...defs: ReturnType<typeof interpret>[]): Table {
  const t = buildSchema(defs).tables[ref];
  if (t === undefined) throw new Error(`no table ${ref}`);
  return t;
}

describe("the seed's example", () => {
  const schema = buildSchema(seedDefs());

  test("tables: three from files and one junction", () => {
    expect(Object.keys(schema.tables)).toEqual(["auth.role", "auth.user", "auth_role_auth_user", "blog.post"]);
  });

  test("column order: primary key, alphabetical, deleted_at, created_at, updated_at", () => {
    expect(schema.tables["blog.post"]?.columns.map((c) => c.name)).toEqual([
      "id", "author_id", "body", "published_at", "slug", "status", "title", "deleted_at", "created_at", "updated_at",
    ]);
    expect(schema.tables["auth.user"]?.columns.map((c) => c.name)).toEqual(["id", "email", "is_active", "password", "username", "created_at", "updated_at"]);
  });

  test("columns match the seed's migration", () => {
    const cols = (ref: string) => Object.fromEntries((schema.tables[ref]?.columns ?? []).map((c) => [c.name, c]));
    const role = cols("auth.role");
    expect(role.name).toEqual({ name: "name", type: { kind: "string", length: 100 }, nullable: false, unique: true });
    const user = cols("auth.user");
    expect(user.email).toEqual({ name: "email", type: { kind: "string", length: 255 }, nullable: false, unique: true });
    expect(user.is_active).toEqual({ name: "is_active", type: { kind: "boolean" }, nullable: false, unique: false, default: { kind: "literal", value: true } });
    expect(user.password).toEqual({ name: "password", type: { kind: "string", length: 255 }, nullable: false, unique: false });
    expect(user.username).toEqual({ name: "username", type: { kind: "string", length: 50 }, nullable: false, unique: true });
    const post = cols("blog.post");
    expect(post.author_id).toEqual({ name: "author_id", type: uuid, nullable: false, unique: false });
    expect(post.body?.type).toEqual({ kind: "text" });
    expect(post.published_at).toEqual({ name: "published_at", type: { kind: "datetime" }, nullable: true, unique: false });
    expect(post.slug).toEqual({ name: "slug", type: { kind: "string", length: 255 }, nullable: false, unique: true });
    expect(post.status).toEqual({
      name: "status", type: { kind: "enum", values: ["draft", "published", "archived"] }, nullable: false, unique: false, default: { kind: "literal", value: "draft" },
    });
    expect(post.title?.type).toEqual({ kind: "string", length: 200 });
    expect(post.deleted_at).toEqual({ name: "deleted_at", type: { kind: "datetime" }, nullable: true, unique: false });
    expect(post.id).toEqual({ name: "id", type: uuid, nullable: false, unique: false, default: { kind: "expr", expr: "uuid" } });
  });

  test("blog.post: the author foreign key and its index", () => {
    const post = schema.tables["blog.post"];
    expect(post?.primaryKey).toEqual(["id"]);
    expect(post?.indexes).toEqual([{ name: "idx_blog_post_author_id", columns: ["author_id"], unique: false }]);
    expect(post?.foreignKeys).toEqual([
      { name: "fk_blog_post_author_id", columns: ["author_id"], refTable: "auth.user", refColumns: ["id"], onDelete: "NO ACTION", onUpdate: "NO ACTION" },
    ]);
  });

  test("the junction table is the seed's", () => {
    const fk = (c: string, ref: string) => ({ name: `fk_auth_role_auth_user_${c}`, columns: [c], refTable: ref, refColumns: ["id"], onDelete: "CASCADE", onUpdate: "NO ACTION" });
    expect(schema.tables.auth_role_auth_user).toEqual({
      ref: "auth_role_auth_user",
      sqlName: "auth_role_auth_user",
      columns: [
        { name: "role_id", type: uuid, nullable: false, unique: false },
        { name: "user_id", type: uuid, nullable: false, unique: false },
      ],
      primaryKey: [],
      indexes: [
        { name: "idx_auth_role_auth_user_role_id", columns: ["role_id"], unique: false },
        { name: "idx_auth_role_auth_user_unique", columns: ["role_id", "user_id"], unique: true },
        { name: "idx_auth_role_auth_user_user_id", columns: ["user_id"], unique: false },
      ],
      foreignKeys: [fk("role_id", "auth.role"), fk("user_id", "auth.user")] as never,
      checks: [],
    });
  });

  test("the result is valid, frozen and survives a JSON round trip", () => {
    expect(v.safeParse(SchemaSchema, schema).success).toBe(true);
    expect(Object.isFrozen(schema.tables["blog.post"]?.columns[0]?.type)).toBe(true);
    expect(() => (schema.tables as Record<string, unknown>).x = 1).toThrow();
    expect(parseSchema(JSON.parse(stableStringify(schema)), "mem")).toEqual(schema);
  });

  test("deterministic: file order and declaration order do not change the output", () => {
    const again = buildSchema([...seedDefs()].reverse());
    expect(stableStringify(again)).toBe(stableStringify(schema));
    const reordered = interpret(
      table({ published_at: col.datetime().optional(), status: col.enum(["draft", "published", "archived"]).default("draft"), body: col.text(), slug: col.slug(), title: col.title(), author: col.belongs_to("auth.user"), id: col.id() })
        .soft_delete()
        .timestamps(),
      "blog",
      "post",
      "schemas/blog/post.js",
    );
    const defs = seedDefs().filter((d) => d.ref !== "blog.post");
    expect(stableStringify(buildSchema([reordered, ...defs]))).toBe(stableStringify(schema));
  });
});

describe("relations and indexes", () => {
  const user = () => interpret(table({ id: col.id() }), "auth", "user");
  const role = () => interpret(table({ id: col.id() }), "auth", "role");

  test("many_to_many declared from both sides makes one junction", () => {
    const u = interpret(table({ id: col.id() }).many_to_many("auth.role"), "auth", "user");
    const r = interpret(table({ id: col.id() }).many_to_many("auth.user"), "auth", "role");
    expect(Object.keys(buildSchema([u, r]).tables)).toEqual(["auth.role", "auth.user", "auth_role_auth_user"]);
  });

  test("junction of two tables with the same short name uses full SQL names", () => {
    const a = interpret(table({ id: col.id() }).many_to_many("blog.user"), "auth", "user");
    const b = interpret(table({ id: col.id() }), "blog", "user");
    const j = buildSchema([a, b]).tables.auth_user_blog_user;
    expect(j?.columns.map((c) => c.name)).toEqual(["auth_user_id", "blog_user_id"]);
    expect(j?.indexes.map((i) => i.name)).toEqual(["idx_auth_user_blog_user_auth_user_id", "idx_auth_user_blog_user_blog_user_id", "idx_auth_user_blog_user_unique"]);
  });

  test("one_to_one: unique column, foreign key, no extra index", () => {
    const t = tableOf("auth.profile", user(), interpret(table({ id: col.id(), user: col.one_to_one("auth.user").on_delete("cascade") }), "auth", "profile"));
    expect(t.indexes).toEqual([]);
    expect(t.columns.find((c) => c.name === "user_id")?.unique).toBe(true);
    expect(t.foreignKeys[0]?.onDelete).toBe("CASCADE");
  });

  test("self reference", () => {
    const t = tableOf("org.unit", interpret(table({ id: col.id(), parent: col.belongs_to("self").optional().on_delete("set_null") }), "org", "unit"));
    expect(t.foreignKeys).toEqual([{ name: "fk_org_unit_parent_id", columns: ["parent_id"], refTable: "org.unit", refColumns: ["id"], onDelete: "SET NULL", onUpdate: "NO ACTION" }]);
  });

  test("index names: column .index(), composite .index(), composite .unique(), polymorphic", () => {
    const t = tableOf(
      "shop.item",
      role(),
      interpret(
        table({ id: col.id(), sku: col.string(20).index(), a: col.integer(), b: col.integer(), target: col.belongs_to_any(["auth.role"]) }).index("a", "b").unique("b", "a"),
        "shop",
        "item",
      ),
    );
    expect(t.indexes).toEqual([
      { name: "idx_shop_item_a_b", columns: ["a", "b"], unique: false },
      { name: "idx_shop_item_sku", columns: ["sku"], unique: false },
      { name: "idx_shop_item_target_type_target_id", columns: ["target_type", "target_id"], unique: false },
      { name: "uq_shop_item_b_a", columns: ["b", "a"], unique: true },
    ]);
    expect(t.foreignKeys).toEqual([]);
  });

  test("an explicit index equal to a foreign key's index is kept once", () => {
    const t = tableOf("blog.post", user(), interpret(table({ id: col.id(), author: col.belongs_to("auth.user") }).index("author"), "blog", "post"));
    expect(t.indexes.map((i) => i.name)).toEqual(["idx_blog_post_author_id"]);
  });

  test("checks and docs are carried, sorted by name", () => {
    const t = tableOf("shop.item", interpret(table({ id: col.id(), p: col.integer() }).check("chk_z", "p < 9").check("chk_a", "p > 0").docs("items"), "shop", "item"));
    expect(t.checks).toEqual([{ name: "chk_a", expr: "p > 0" }, { name: "chk_z", expr: "p < 9" }]);
    expect(t.docs).toBe("items");
  });

  test("long names are shortened deterministically to 63 characters", () => {
    const long = "a_very_long_column_name_that_goes_on_and_on_and_on";
    const t = tableOf("inventory.warehouse_item", interpret(table({ id: col.id(), [long]: col.integer().index() }), "inventory", "warehouse_item"));
    const name = t.indexes[0]?.name ?? "";
    expect(name.length).toBe(63);
    expect(name.startsWith("idx_inventory_warehouse_item_a_very_long")).toBe(true);
  });

  test("a table without columns other than relations still gets its primary key order", () => {
    const t = tableOf("x.link", user(), interpret(table({ z: col.integer(), user: col.belongs_to("auth.user") }), "x", "link"));
    expect(t.primaryKey).toEqual([]);
    expect(t.columns.map((c) => c.name)).toEqual(["user_id", "z"]);
  });
});

describe("buildSchema errors: all of them, each at its call", () => {
  test("unknown reference, with the nearest tables suggested", () => {
    const post = interpret(table({ id: col.id(), author: col.at(3, 11).belongs_to("auth.usr") }), "blog", "post", "schemas/blog/post.js");
    const e = errorOf(() => buildSchema([post, interpret(table({ id: col.id() }), "auth", "user")]));
    expect([e.code, e.message, e.at]).toEqual([
      "E_SCHEMA_UNKNOWN_REFERENCE",
      "unknown table `auth.usr`",
      { file: "schemas/blog/post.js", line: 3, column: 11, length: 10, label: "did you mean `auth.user`?" },
    ]);
  });

  test("every problem is reported, sorted by file and position", () => {
    const a = interpret(
      tableAt(1, 16)({ id: col.id(), x: col.at(5, 4).belongs_to("nope.none"), y: col.at(2, 4).belongs_to_any(["nope.other"]) }).at(9, 3).many_to_many("nope.third"),
      "a",
      "one",
      "schemas/a/one.js",
    );
    const b = interpret(table({ id: col.at(1, 1).uuid(), r: col.at(4, 4).belongs_to("a.one") }), "b", "two", "schemas/b/two.js");
    const c = interpret(table({ id: col.id() }).at(3, 5).many_to_many("b.two"), "c", "three", "schemas/c/three.js");
    expect(errorsOf(() => buildSchema([c, b, a]))).toEqual([
      "E_SCHEMA_UNKNOWN_REFERENCE@2:4",
      "E_SCHEMA_UNKNOWN_REFERENCE@5:4",
      "E_SCHEMA_UNKNOWN_REFERENCE@9:3",
      "E_SCHEMA_REF_NO_PRIMARY_KEY@3:5",
    ]);
  });

  test("a referenced table without col.id()", () => {
    const target = interpret(table({ code: col.string(3) }), "geo", "country");
    const user = interpret(table({ id: col.id(), country: col.at(2, 12).belongs_to("geo.country") }), "auth", "user");
    expect(errorsOf(() => buildSchema([target, user]))).toEqual(["E_SCHEMA_REF_NO_PRIMARY_KEY@2:12"]);
  });

  test("a junction name that is already a table", () => {
    const u = interpret(table({ id: col.id() }).at(4, 3).many_to_many("auth.role"), "auth", "user");
    const r = interpret(table({ id: col.id() }), "auth", "role");
    const clash = interpret(table({ id: col.id() }), "auth", "role_auth_user");
    const e = errorOf(() => buildSchema([u, r, clash]));
    expect([e.code, e.at?.line, e.at?.column]).toEqual(["E_SCHEMA_JUNCTION_CLASH", 4, 3]);
    expect(e.message).toContain("`auth.role_auth_user`");
  });

  test("the same table twice", () => {
    const a = interpret(table({ id: col.id() }), "a", "b", "schemas/a/b.js");
    const b = interpret(table({ id: col.id() }), "a", "b", "schemas/a/b.ts");
    expect(errorsOf(() => buildSchema([a, b]))).toEqual(["E_SCHEMA_DUPLICATE_TABLE@1:16"]);
  });

  test("two tables with the same SQL name", () => {
    const a = interpret(table({ id: col.id() }), "a_b", "c");
    const b = interpret(table({ id: col.id() }), "a", "b_c");
    expect(errorsOf(() => buildSchema([a, b]))).toEqual(["E_SCHEMA_NAME_CLASH@1:16"]);
  });

  test("a check name used by two tables", () => {
    const a = interpret(table({ id: col.id(), p: col.integer() }).check("chk_p", "p > 0"), "a", "x");
    const b = interpret(table({ id: col.id(), p: col.integer() }).check("chk_p", "p > 1"), "a", "y");
    const e = errorOf(() => buildSchema([a, b]));
    expect(e.code).toBe("E_SCHEMA_NAME_CLASH");
    expect(e.message).toContain("chk_p");
  });

  test("AlabErrors carries the exit code 2", () => {
    try {
      buildSchema([interpret(table({ id: col.id(), x: col.belongs_to("no.where") }))]);
      throw new Error("expected AlabErrors");
    } catch (e) {
      expect(e).toBeInstanceOf(AlabErrors);
      expect((e as AlabErrors).exit).toBe(2);
    }
  });

  test("an empty schema is valid", () => {
    expect(buildSchema([])).toEqual({ tables: {} });
  });
});
