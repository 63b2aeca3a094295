import { describe, expect, test } from "bun:test";
import type { Operation } from "../../../src/dsl/operations";
import type { Column, ColumnType } from "../../../src/model/types";
import { readMigration, upError, upOps, useSandbox } from "./helpers";

useSandbox();

const uuid = { kind: "uuid" } as const;
const plain = (name: string, type: ColumnType, extra: Partial<Column> = {}): Column => ({ name, type, nullable: false, unique: false, ...extra });

describe("m.* operations", () => {
  const cases: [string, string, Operation[]][] = [
    ["drop_table", 'm.drop_table("blog.post");', [{ op: "drop_table", ref: "blog.post" }]],
    ["rename_table full ref", 'm.rename_table("blog.post", "blog.article");', [{ op: "rename_table", from: "blog.post", to: "blog.article" }]],
    ["rename_table .name keeps the namespace", 'm.rename_table("blog.post", ".article");', [{ op: "rename_table", from: "blog.post", to: "blog.article" }]],
    ["rename_table: a bare name stays in the namespace (AstrolaDB)", 'm.rename_table("blog.tag", "label");', [{ op: "rename_table", from: "blog.tag", to: "blog.label" }]],
    ["rename_table { root: true } leaves the namespace", 'm.rename_table("blog.post", "article", { root: true });', [{ op: "rename_table", from: "blog.post", to: "article" }]],
    ["rename_table of a table outside any namespace", 'm.rename_table("articles", "posts");', [{ op: "rename_table", from: "articles", to: "posts" }]],
    ["rename_table into a namespace", 'm.rename_table("articles", "blog.article");', [{ op: "rename_table", from: "articles", to: "blog.article" }]],
    ["drop_column", 'm.drop_column("blog.post", "title");', [{ op: "drop_column", ref: "blog.post", column: "title" }]],
    ["rename_column", 'm.rename_column("blog.post", "title", "headline");', [{ op: "rename_column", ref: "blog.post", from: "title", to: "headline" }]],
    ["create_index default name", 'm.create_index("blog.post", ["author_id"]);', [{ op: "create_index", ref: "blog.post", index: { name: "idx_blog_post_author_id", columns: ["author_id"], unique: false } }]],
    ["create_index named unique", 'm.create_index("a.b", ["x", "y"], { unique: true, name: "idx_xy" });', [{ op: "create_index", ref: "a.b", index: { name: "idx_xy", columns: ["x", "y"], unique: true } }]],
    ["drop_index", 'm.drop_index("idx_xy");', [{ op: "drop_index", name: "idx_xy" }]],
    ["rename_index", 'm.rename_index("a.b", "idx_a", "idx_b");', [{ op: "rename_index", ref: "a.b", from: "idx_a", to: "idx_b" }]],
    [
      "add_foreign_key defaults",
      'm.add_foreign_key("blog.post", ["author_id"], "auth.user", ["id"]);',
      [{ op: "add_foreign_key", ref: "blog.post", foreignKey: { name: "fk_blog_post_author_id", columns: ["author_id"], refTable: "auth.user", refColumns: ["id"], onDelete: "NO ACTION", onUpdate: "NO ACTION" } }],
    ],
    [
      "add_foreign_key options, lower-case and Azul actions",
      'm.add_foreign_key("blog.post", ["author_id"], "auth.user", ["id"], { name: "fk_x", on_delete: "set null", on_update: "cascade" });',
      [{ op: "add_foreign_key", ref: "blog.post", foreignKey: { name: "fk_x", columns: ["author_id"], refTable: "auth.user", refColumns: ["id"], onDelete: "SET NULL", onUpdate: "CASCADE" } }],
    ],
    ["drop_foreign_key", 'm.drop_foreign_key("blog.post", "fk_x");', [{ op: "drop_foreign_key", ref: "blog.post", name: "fk_x" }]],
    ["add_check", 'm.add_check("auth.user", "chk_age", "age >= 18");', [{ op: "add_check", ref: "auth.user", check: { name: "chk_age", expr: "age >= 18" } }]],
    ["drop_check", 'm.drop_check("auth.user", "chk_age");', [{ op: "drop_check", ref: "auth.user", name: "chk_age" }]],
    ["sql", 'm.sql("CREATE EXTENSION IF NOT EXISTS pgcrypto;");', [{ op: "sql", sql: "CREATE EXTENSION IF NOT EXISTS pgcrypto;" }]],
    // AstrolaDB's partial alter_column, as its DSL reference and generator write it.
    ["alter_column set_type varchar + set_not_null", 'm.alter_column("auth.user", "email", (c) => c.set_type("varchar", 500).set_not_null());', [{ op: "change_column", ref: "auth.user", column: "email", changes: { type: { kind: "string", length: 500 }, nullable: false } }]],
    ["alter_column set_default + set_nullable", 'm.alter_column("blog.post", "status", (c) => c.set_default("draft").set_nullable());', [{ op: "change_column", ref: "blog.post", column: "status", changes: { default: { kind: "literal", value: "draft" }, nullable: true } }]],
    ["alter_column as statements", 'm.alter_column("a.b", "n", (c) => { c.set_type("decimal", 10, 2); c.drop_default(); });', [{ op: "change_column", ref: "a.b", column: "n", changes: { type: { kind: "decimal", precision: 10, scale: 2 }, default: null } }]],
    ["alter_column set_server_default now", 'm.alter_column("a.b", "at", (c) => c.set_server_default("CURRENT_TIMESTAMP"));', [{ op: "change_column", ref: "a.b", column: "at", changes: { default: { kind: "expr", expr: "now" } } }]],
    ["alter_column set_type enum, backfill", 'm.alter_column("a.b", "s", (c) => c.set_type("enum", ["x", "y"]).set_not_null().backfill("x"));', [{ op: "change_column", ref: "a.b", column: "s", changes: { type: { kind: "enum", values: ["x", "y"] }, nullable: false, backfill: "x" } }]],
    ["sql with parameters", 'm.sql("UPDATE t SET a = ?", [1]);', [{ op: "sql", sql: "UPDATE t SET a = ?", args: [1] }]],
    ["add_column", 'm.add_column("auth.user", (t) => { t.string("phone", 20).optional(); });', [{ op: "add_column", ref: "auth.user", column: plain("phone", { kind: "string", length: 20 }, { nullable: true }) }]],
    [
      "add_column relation carries its key",
      'm.add_column("blog.post", (t) => { t.belongs_to("auth.user").as("editor").optional().on_delete("SET NULL"); });',
      [{
        op: "add_column", ref: "blog.post", column: plain("editor_id", uuid, { nullable: true }),
        foreignKey: { name: "fk_blog_post_editor_id", columns: ["editor_id"], refTable: "auth.user", refColumns: ["id"], onDelete: "SET NULL", onUpdate: "NO ACTION" },
      }],
    ],
    ["add_column with backfill", 'm.add_column("a.b", (t) => { t.integer("n").backfill(0); });', [{ op: "add_column", ref: "a.b", column: plain("n", { kind: "integer" }, { backfill: 0 }) }]],
    ["alter_column", 'm.alter_column("a.b", "n", (t) => t.bigint("n").optional());', [{ op: "alter_column", ref: "a.b", column: plain("n", { kind: "bigint" }, { nullable: true }) }]],
    ["drop_table if exists", 'm.drop_table("a.b", { if_exists: true });', [{ op: "drop_table", ref: "a.b", ifExists: true }]],
  ];
  for (const [name, body, expected] of cases) {
    test(name, () => expect(upOps(body)).toEqual(expected));
  }

  test("operations are located at their m.* call", () => {
    const def = readMigration('export default migration({\n  up(m) {\n    m.drop_table("a.b");\n      m.drop_table("a.c");\n  },\n});\n');
    expect(def.up.map((o) => [o.file, o.line])).toEqual([
      ["migrations/001_x.js", 3],
      ["migrations/001_x.js", 4],
    ]);
    // On the statement: at `m` or at `drop_table`, as the sandbox records it.
    expect(def.up[0]?.column).toBeOneOf([5, 7]);
    expect(def.up[1]?.column).toBeOneOf([7, 9]);
  });

  test("down, transaction and style", () => {
    const def = readMigration('export const transaction = false;\nexport default migration({ up(m) {}, down(m) { m.drop_table("a.b"); } });\n');
    expect(def.transaction).toBe(false);
    expect(def.style).toBe("generated");
    expect(def.down?.map((o) => o.value)).toEqual([{ op: "drop_table", ref: "a.b" }]);
  });

  test("no down is null (rollback refused by the runner)", () => {
    expect(readMigration('export default migration({ up(m) { m.drop_table("a.b"); } });').down).toBeNull();
  });

  test("the Azul form goes to the Azul interpreter", () => {
    const def = readMigration("exports.change = function (schema) {\n  schema.createTable('articles', function (table) { table.string('title'); });\n};\n");
    expect(def.style).toBe("azul");
    expect(def.up[0]?.value.op).toBe("create_table");
  });
});

describe("t.* inside create_table", () => {
  const table = (body: string) => {
    const [op] = upOps(`m.create_table("shop.item", (t) => {\n${body}\n});`);
    if (op?.op !== "create_table") throw new Error("no create_table");
    return op.table;
  };

  const types: [string, ColumnType][] = [
    ['t.uuid("c")', uuid],
    ['t.string("c", 50)', { kind: "string", length: 50 }],
    ['t.text("c")', { kind: "text" }],
    ['t.integer("c")', { kind: "integer" }],
    ['t.bigint("c")', { kind: "bigint" }],
    ['t.serial("c")', { kind: "serial" }],
    ['t.float("c")', { kind: "float" }],
    ['t.decimal("c", 10, 2)', { kind: "decimal", precision: 10, scale: 2 }],
    ['t.decimal("c")', { kind: "decimal" }],
    ['t.boolean("c")', { kind: "boolean" }],
    ['t.date("c")', { kind: "date" }],
    ['t.time("c")', { kind: "time" }],
    ['t.datetime("c")', { kind: "datetime" }],
    ['t.json("c")', { kind: "json" }],
    ['t.base64("c")', { kind: "base64" }],
    ['t.binary("c")', { kind: "binary" }],
    ['t.enum("c", ["a", "b"])', { kind: "enum", values: ["a", "b"] }],
    ['t.email("c")', { kind: "string", length: 255 }],
    ['t.money("c")', { kind: "decimal", precision: 19, scale: 4 }],
  ];
  for (const [expr, type] of types) {
    test(expr, () => expect(table(`${expr};`).columns).toEqual([plain("c", type)]));
  }

  test("semantic types bring their uniqueness and default", () => {
    expect(table('t.slug("s"); t.counter("n");').columns).toEqual([
      plain("s", { kind: "string", length: 255 }, { unique: true }),
      plain("n", { kind: "integer" }, { default: { kind: "literal", value: 0 } }),
    ]);
  });

  test("modifiers", () => {
    const [c] = table('t.string("c", 20).optional().unique().default("x").min(1).max(20).pattern("^[a-z]+$").docs("the c").deprecated("old");').columns;
    expect(c).toEqual({
      name: "c", type: { kind: "string", length: 20 }, nullable: true, unique: true, default: { kind: "literal", value: "x" },
      min: 1, max: 20, pattern: "^[a-z]+$", docs: "the c", deprecated: "old",
    });
    expect(table('t.datetime("at").default_now();').columns[0]?.default).toEqual({ kind: "expr", expr: "now" });
    expect(table('t.uuid("u").default_uuid();').columns[0]?.default).toEqual({ kind: "expr", expr: "uuid" });
    expect(table('t.json("j").default({ "a b": [1, null], c: "\\u2028" });').columns[0]?.default).toEqual({ kind: "literal", value: { "a b": [1, null], c: "\u2028" } });
    expect(table('t.text("t").optional().default(null);').columns[0]?.default).toEqual({ kind: "literal", value: null });
    expect(table('t.text("t").deprecated();').columns[0]?.deprecated).toBe("");
  });

  test("id, timestamps, soft_delete, sortable, auditable", () => {
    const t = table("t.id(); t.timestamps(); t.soft_delete(); t.sortable(); t.auditable();");
    expect(t.primaryKey).toEqual(["id"]);
    expect(t.columns.map((c) => c.name)).toEqual(["id", "created_at", "updated_at", "deleted_at", "position", "created_by", "updated_by"]);
    expect(t.columns[0]).toEqual(plain("id", uuid, { default: { kind: "expr", expr: "uuid" } }));
    expect(t.columns[1]).toEqual(plain("created_at", { kind: "datetime" }, { default: { kind: "expr", expr: "now" } }));
    expect(t.columns[3]).toEqual(plain("deleted_at", { kind: "datetime" }, { nullable: true }));
    expect(t.columns[4]).toEqual(plain("position", { kind: "integer" }, { default: { kind: "literal", value: 0 } }));
  });

  test("belongs_to as the seed writes it, one_to_one, actions", () => {
    const t = table('t.belongs_to("auth.user").as("author"); t.one_to_one("auth.profile").optional().on_delete("SET NULL").on_update("restrict");');
    expect(t.columns).toEqual([plain("author_id", uuid), plain("profile_id", uuid, { nullable: true, unique: true })]);
    expect(t.foreignKeys).toEqual([
      { name: "fk_shop_item_author_id", columns: ["author_id"], refTable: "auth.user", refColumns: ["id"], onDelete: "NO ACTION", onUpdate: "NO ACTION" },
      { name: "fk_shop_item_profile_id", columns: ["profile_id"], refTable: "auth.profile", refColumns: ["id"], onDelete: "SET NULL", onUpdate: "RESTRICT" },
    ]);
  });

  test('an alias already ending in _id is the column as written: .as("author_id") makes author_id (AstrolaDB)', () => {
    const t = table('t.belongs_to("auth.user").as("author_id");');
    expect(t.columns).toEqual([plain("author_id", uuid)]);
    expect(t.foreignKeys.map((k) => k.columns)).toEqual([["author_id"]]);
  });

  test("belongs_to_any makes the polymorphic pair", () => {
    expect(table('t.belongs_to_any(["blog.post", "blog.page"], { as: "target" }).optional();').columns).toEqual([
      plain("target_id", uuid, { nullable: true }),
      plain("target_type", { kind: "string", length: 100 }, { nullable: true }),
    ]);
  });

  test("table-level: primary_key, check, foreign_key, docs", () => {
    const t = table('t.integer("a"); t.integer("b"); t.primary_key("a", "b"); t.check("chk_ab", "a < b"); t.foreign_key(["a", "b"], "shop.other", ["x", "y"], { name: "fk_ab", on_delete: "CASCADE" }); t.docs("items");');
    expect(t.primaryKey).toEqual(["a", "b"]);
    expect(t.checks).toEqual([{ name: "chk_ab", expr: "a < b" }]);
    expect(t.foreignKeys).toEqual([{ name: "fk_ab", columns: ["a", "b"], refTable: "shop.other", refColumns: ["x", "y"], onDelete: "CASCADE", onUpdate: "NO ACTION" }]);
    expect(t.docs).toBe("items");
  });

  test("many_to_many creates the junction table after the table", () => {
    const ops = upOps('m.create_table("auth.user", (t) => { t.id(); t.many_to_many("auth.role"); });');
    expect(ops.map((o) => (o.op === "create_table" ? `create ${o.table.ref}` : o.op === "create_index" ? `index ${o.index.name}` : o.op))).toEqual([
      "create auth.user",
      "create auth_role_auth_user",
      "index idx_auth_role_auth_user_role_id",
      "index idx_auth_role_auth_user_user_id",
      "index idx_auth_role_auth_user_unique",
    ]);
  });
});

describe("mistakes are errors at file:line:column", () => {
  const cases: [string, string, string, RegExp][] = [
    ["unknown m method", 'm.create_tabel("a.b", (t) => {});', "E_MIGRATION_UNKNOWN_METHOD", /did you mean `m\.create_table`/],
    ["unknown t method", 'm.create_table("a.b", (t) => { t.strng("x", 1); });', "E_MIGRATION_UNKNOWN_METHOD", /did you mean `t\.string`/],
    ["unknown modifier", 'm.create_table("a.b", (t) => { t.string("x", 1).uniqe(); });', "E_MIGRATION_UNKNOWN_METHOD", /did you mean `\.unique`/],
    ["string without length", 'm.create_table("a.b", (t) => { t.string("x"); });', "E_MIGRATION_BAD_ARGUMENT", /t\.string\(name, length\)/],
    ["bad identifier", 'm.drop_column("a.b", "Bad Name");', "E_MIGRATION_BAD_IDENTIFIER", /not a valid identifier/],
    ["bad reference", 'm.drop_table("a.b.c");', "E_MIGRATION_BAD_REFERENCE", /ns\.table/],
    ["bad action", 'm.create_table("a.b", (t) => { t.belongs_to("a.c").on_delete("explode"); });', "E_MIGRATION_BAD_ACTION", /CASCADE/],
    ["bad default", 'm.create_table("a.b", (t) => { t.integer("n").default("x"); });', "E_MIGRATION_BAD_DEFAULT", /not an integer/],
    ["null default on NOT NULL", 'm.create_table("a.b", (t) => { t.text("n").default(null); });', "E_MIGRATION_BAD_DEFAULT", /NOT NULL/],
    ["duplicate column", 'm.create_table("a.b", (t) => { t.text("n"); t.text("n"); });', "E_MIGRATION_DUPLICATE", /twice/],
    ["not called", 'm.create_table("a.b", (t) => { t.id; });', "E_MIGRATION_NOT_CALLED", /never called/],
    ["chained after m call", 'm.drop_table("a.b").now();', "E_MIGRATION_UNKNOWN_METHOD", /returns nothing/],
    ["table-level in add_column", 'm.add_column("a.b", (t) => { t.check("c", "x"); });', "E_MIGRATION_BAD_ARGUMENT", /create_table/],
    ["alter_column other column", 'm.alter_column("a.b", "x", (t) => t.text("y"));', "E_MIGRATION_BAD_ARGUMENT", /exactly the column/],
    ["unknown option", 'm.create_index("a.b", ["x"], { nam: "i" });', "E_MIGRATION_BAD_ARGUMENT", /did you mean `name`/],
    ["alter_column unknown change method", 'm.alter_column("a.b", "x", (c) => c.set_type("text").set_nulable());', "E_MIGRATION_UNKNOWN_METHOD", /did you mean `c\.set_nullable`/],
    ["alter_column unknown type", 'm.alter_column("a.b", "x", (c) => c.set_type("strng", 3));', "E_MIGRATION_UNKNOWN_METHOD", /string/],
    ["alter_column server default alab cannot write everywhere", 'm.alter_column("a.b", "x", (c) => c.set_server_default("random()"));', "E_MIGRATION_BAD_ARGUMENT", /sql\(\{/],
    ["alter_column default of another type", 'm.alter_column("a.b", "x", (c) => c.set_type("integer").set_default("x"));', "E_MIGRATION_BAD_DEFAULT", /not an integer/],
    ["alter_column nullable twice", 'm.alter_column("a.b", "x", (c) => c.set_nullable().set_not_null());', "E_MIGRATION_DUPLICATE", /repeats/],
  ];
  for (const [name, body, code, message] of cases) {
    test(name, () => {
      const e = upError(`    ${body}`);
      expect(e.code).toBe(code);
      expect(`${e.message} ${e.hint ?? ""} ${e.at?.label ?? ""}`).toMatch(message);
      expect(e.at?.file).toBe("migrations/001_x.js");
      expect(e.at?.line).toBe(3);
      expect(e.at?.column).toBeGreaterThan(4);
    });
  }

  test("file-level shapes", () => {
    const codes = (src: string) => {
      try {
        readMigration(src);
        return "ok";
      } catch (e) {
        return (e as { code: string }).code;
      }
    };
    expect(codes("export const x = 1;")).toBe("E_MIGRATION_SHAPE");
    expect(codes("export default migration({ up(m) {} }); export const up = function () {};")).toBe("E_MIGRATION_MIXED");
    expect(codes("export default migration({ upp(m) {} });")).toBe("E_MIGRATION_UNKNOWN_METHOD");
    expect(codes("export default migration({ up: 1 });")).toBe("E_MIGRATION_BAD_ARGUMENT");
    expect(codes("export default migration({ async up(m) {} });")).toBe("E_MIGRATION_ASYNC");
  });
});
