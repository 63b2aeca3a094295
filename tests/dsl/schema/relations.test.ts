import { describe, expect, test } from "bun:test";
import { interpret } from "./helpers";
import { col, table, tableAt } from "./record";

describe("belongs_to / one_to_one", () => {
  test("belongs_to makes <key>_id, a NOT NULL uuid, and a relation to resolve", () => {
    const def = interpret(table({ author: col.at(3, 11).belongs_to("auth.user") }), "blog", "post");
    expect(def.columns.map((c) => [c.column, c.origin])).toEqual([[{ name: "author_id", type: { kind: "uuid" }, nullable: false, unique: false }, "relation"]]);
    expect(def.relations).toEqual([
      { column: "author_id", target: "auth.user", onDelete: "NO ACTION", onUpdate: "NO ACTION", at: { file: "schemas/test/thing.js", line: 3, column: 11, length: 10 } },
    ]);
  });

  test("a key or alias already ending in _id is the column's name as written (AstrolaDB)", () => {
    const def = interpret(table({ post_id: col.belongs_to("blog.post"), writer: col.belongs_to("auth.user").as("author_id").optional() }));
    expect(def.columns.map((c) => c.column.name)).toEqual(["post_id", "author_id"]);
    expect(def.relations.map((r) => [r.column, r.target])).toEqual([
      ["post_id", "blog.post"],
      ["author_id", "auth.user"],
    ]);
  });

  test(".as(alias) names the column after the alias", () => {
    const def = interpret(table({ owner: col.belongs_to("auth.user").as("author") }));
    expect(def.columns[0]?.column.name).toBe("author_id");
  });

  test.each([
    ["cascade", "CASCADE"],
    ["CASCADE", "CASCADE"],
    ["restrict", "RESTRICT"],
    ["set_null", "SET NULL"],
    ["SET NULL", "SET NULL"],
    ["no_action", "NO ACTION"],
    ["no action", "NO ACTION"],
  ])('.on_delete("%s") / .on_update', (written, action) => {
    const def = interpret(table({ author: col.belongs_to("auth.user").optional().on_delete(written).on_update(written) }));
    expect(def.relations[0]?.onDelete).toBe(action as never);
    expect(def.relations[0]?.onUpdate).toBe(action as never);
  });

  test(".on_delete(set_default) with a default", () => {
    const id = "00000000-0000-4000-8000-000000000000";
    const def = interpret(table({ author: col.belongs_to("auth.user").default(id).on_delete("set_default") }));
    expect(def.relations[0]?.onDelete).toBe("SET DEFAULT");
    expect(def.columns[0]?.column.default).toEqual({ kind: "literal", value: id });
  });

  test(".optional(), .docs(), .deprecated(), .backfill() apply to the column", () => {
    const id = "00000000-0000-4000-8000-000000000001";
    const def = interpret(table({ a: col.belongs_to("x.y").optional().docs("d").deprecated("r"), b: col.belongs_to("x.y").backfill(id) }));
    expect(def.columns.map((c) => c.column)).toEqual([
      { name: "a_id", type: { kind: "uuid" }, nullable: true, unique: false, docs: "d", deprecated: "r" },
      { name: "b_id", type: { kind: "uuid" }, nullable: false, unique: false, backfill: id },
    ]);
  });

  test('".table" is the same namespace, "self" the table itself', () => {
    const def = interpret(table({ user: col.belongs_to(".user"), parent: col.belongs_to("self").optional() }), "auth", "group");
    expect(def.relations.map((r) => r.target)).toEqual(["auth.user", "auth.group"]);
  });

  test("one_to_one is a unique belongs_to", () => {
    const def = interpret(table({ profile: col.one_to_one("auth.profile") }));
    expect(def.columns[0]?.column).toEqual({ name: "profile_id", type: { kind: "uuid" }, nullable: false, unique: true });
    expect(def.relations[0]?.target).toBe("auth.profile");
  });
});

describe("belongs_to_any", () => {
  test("makes <key>_type string(100) + <key>_id uuid and a composite index", () => {
    const def = interpret(table({ target: col.at(2, 9).belongs_to_any(["blog.post", ".comment"]) }), "blog", "like");
    expect(def.columns.map((c) => c.column)).toEqual([
      { name: "target_type", type: { kind: "string", length: 100 }, nullable: false, unique: false },
      { name: "target_id", type: { kind: "uuid" }, nullable: false, unique: false },
    ]);
    expect(def.polymorphic).toEqual([{ as: "target", targets: ["blog.post", "blog.comment"], at: { file: "schemas/test/thing.js", line: 2, column: 9, length: 14 } }]);
    expect(def.indexes.map((i) => [i.columns, i.unique])).toEqual([[["target_type", "target_id"], false]]);
  });

  test("{ as } names the columns; .optional() makes both nullable", () => {
    const def = interpret(table({ x: col.belongs_to_any(["a.b"], { as: "owner" }).optional() }));
    expect(def.columns.map((c) => [c.column.name, c.column.nullable])).toEqual([
      ["owner_type", true],
      ["owner_id", true],
    ]);
  });

  test("table-level .belongs_to_any(refs, { as })", () => {
    const def = interpret(table({ id: col.id() }).belongs_to_any(["a.b", "a.c"], { as: "subject" }));
    expect(def.columns.map((c) => c.column.name)).toEqual(["id", "subject_type", "subject_id"]);
    expect(def.polymorphic[0]?.targets).toEqual(["a.b", "a.c"]);
  });
});

describe("table methods", () => {
  const generated = (method: string): unknown[] => interpret(table({ id: col.id() }).call(method)).columns.slice(1).map((c) => [c.column, c.origin]);
  test(".timestamps()", () => {
    const now = { kind: "expr", expr: "now" };
    expect(generated("timestamps")).toEqual([
      [{ name: "created_at", type: { kind: "datetime" }, nullable: false, unique: false, default: now }, "timestamps"],
      [{ name: "updated_at", type: { kind: "datetime" }, nullable: false, unique: false, default: now }, "timestamps"],
    ]);
  });
  test(".soft_delete()", () => {
    expect(generated("soft_delete")).toEqual([[{ name: "deleted_at", type: { kind: "datetime" }, nullable: true, unique: false }, "soft_delete"]]);
  });
  test(".sortable()", () => {
    expect(generated("sortable")).toEqual([
      [{ name: "position", type: { kind: "integer" }, nullable: false, unique: false, default: { kind: "literal", value: 0 } }, "sortable"],
    ]);
  });
  test(".auditable()", () => {
    expect(generated("auditable")).toEqual([
      [{ name: "created_by", type: { kind: "uuid" }, nullable: true, unique: false }, "auditable"],
      [{ name: "updated_by", type: { kind: "uuid" }, nullable: true, unique: false }, "auditable"],
    ]);
  });

  test(".index() and .unique() resolve relation keys and keep column order", () => {
    const def = interpret(
      table({ order: col.belongs_to("sales.order"), product: col.belongs_to("catalog.product"), quantity: col.integer() })
        .unique("order", "product")
        .index(["product", "quantity"]),
    );
    expect(def.indexes.map((i) => [i.columns, i.unique])).toEqual([
      [["order_id", "product_id"], true],
      [["product_id", "quantity"], false],
    ]);
  });

  test("a one-column table-level .unique() becomes the column's UNIQUE", () => {
    const def = interpret(table({ code: col.string(5) }).unique("code"));
    expect(def.indexes).toEqual([]);
    expect(def.columns[0]?.column.unique).toBe(true);
  });

  test(".check(name, expr)", () => {
    const def = interpret(tableAt(1, 16)({ price: col.integer() }).at(4, 4).check("chk_price", " price >= 0 "));
    expect(def.checks).toEqual([{ name: "chk_price", expr: "price >= 0", at: { file: "schemas/test/thing.js", line: 4, column: 4, length: 5 } }]);
  });

  test(".many_to_many(ref) records the intent", () => {
    const def = interpret(table({ id: col.id() }).many_to_many("auth.role").many_to_many(".group"), "auth", "user");
    expect(def.manyToMany.map((m) => m.target)).toEqual(["auth.role", "auth.group"]);
  });

  test(".docs(text)", () => {
    expect(interpret(table({ id: col.id() }).docs("people")).docs).toBe("people");
    expect("docs" in interpret(table({ id: col.id() }))).toBe(false);
  });

  test("the TableDef names the table and the call", () => {
    const def = interpret(tableAt(2, 16)({ id: col.id() }), "blog", "post", "schemas/blog/post.js");
    expect([def.ns, def.name, def.ref, def.file, def.at]).toEqual(["blog", "post", "blog.post", "schemas/blog/post.js", { file: "schemas/blog/post.js", line: 2, column: 16, length: 5 }]);
  });
});
