import { describe, expect, test } from "bun:test";
import { AlabError } from "../../src/errors";
import { stableStringify } from "../../src/model/json";
import { emptySchema, type Schema } from "../../src/model/types";
import type { Operation } from "../../src/dsl/operations";
import { applyOperation, replay } from "../../src/diff/replay";
import { canonicalSchema } from "../../src/diff/canonical";
import { col, fk, idx, schema, seedSchema, table } from "./fixtures";
import { idColumn } from "../../src/dsl/migration/shorthand";

const str = (n: number) => ({ kind: "string", length: n }) as const;
const base = (): Schema =>
  schema(
    table("auth.user", [idColumn(), col("email", str(255))], { indexes: [idx("auth_user", ["email"])] }),
    table("blog.post", [idColumn(), col("author_id", { kind: "uuid" }), col("title", str(200))], { foreignKeys: [fk("blog.post", "author_id", "auth.user")] }),
  );

function same(a: Schema, b: Schema): void {
  expect(stableStringify(canonicalSchema(a))).toBe(stableStringify(canonicalSchema(b)));
}

describe("applyOperation", () => {
  test("create_table: sorted columns, indexes and keys kept", () => {
    const s = applyOperation(emptySchema, { op: "create_table", table: table("a.b", [col("z", str(1)), idColumn(), col("created_at", { kind: "datetime" }), col("a", str(1))]) });
    expect(s.tables["a.b"]?.columns.map((c) => c.name)).toEqual(["id", "a", "z", "created_at"]);
  });

  test("the seed's tables replay to the seed's schema", () => {
    const seed = seedSchema();
    const ops: Operation[] = ["auth.role", "auth.user", "auth_role_auth_user", "blog.post"].flatMap((ref) => {
      const t = seed.tables[ref];
      if (t === undefined) throw new Error(ref);
      return [{ op: "create_table", table: { ...t, indexes: [] } }, ...t.indexes.map((index): Operation => ({ op: "create_index", ref, index }))];
    });
    same(replay(emptySchema, ops), seed);
  });

  test("rename_table moves incoming keys and the SQL name", () => {
    const s = applyOperation(base(), { op: "rename_table", from: "auth.user", to: "auth.account" });
    expect(s.tables["auth.user"]).toBeUndefined();
    expect(s.tables["auth.account"]?.sqlName).toBe("auth_account");
    expect(s.tables["blog.post"]?.foreignKeys[0]?.refTable).toBe("auth.account");
    // Constraint names are the database's: they do not change with the table.
    expect(s.tables["auth.account"]?.indexes[0]?.name).toBe("idx_auth_user_email");
  });

  test("rename_column follows into indexes, keys and incoming keys", () => {
    const s1 = applyOperation(base(), { op: "rename_column", ref: "auth.user", from: "email", to: "mail" });
    expect(s1.tables["auth.user"]?.indexes[0]?.columns).toEqual(["mail"]);
    const s2 = applyOperation(base(), { op: "rename_column", ref: "auth.user", from: "id", to: "uid" });
    expect(s2.tables["auth.user"]?.primaryKey).toEqual(["uid"]);
    expect(s2.tables["blog.post"]?.foreignKeys[0]?.refColumns).toEqual(["uid"]);
    const s3 = applyOperation(base(), { op: "rename_column", ref: "blog.post", from: "author_id", to: "writer_id" });
    expect(s3.tables["blog.post"]?.foreignKeys[0]?.columns).toEqual(["writer_id"]);
  });

  test("add_column keeps state only (no backfill), with its key", () => {
    const s = applyOperation(base(), {
      op: "add_column", ref: "blog.post", column: col("editor_id", { kind: "uuid" }, { backfill: "x" }), foreignKey: fk("blog.post", "editor_id", "auth.user"),
    });
    const t = s.tables["blog.post"];
    expect(t?.columns.map((c) => c.name)).toEqual(["id", "author_id", "editor_id", "title"]);
    expect(t?.columns.find((c) => c.name === "editor_id")?.backfill).toBeUndefined();
    expect(t?.foreignKeys.map((f) => f.name)).toEqual(["fk_blog_post_author_id", "fk_blog_post_editor_id"]);
  });

  test("drop_column takes its own indexes and keys along", () => {
    const s = applyOperation(base(), { op: "drop_column", ref: "auth.user", column: "email" });
    expect(s.tables["auth.user"]?.indexes).toEqual([]);
    const s2 = applyOperation(base(), { op: "drop_column", ref: "blog.post", column: "author_id" });
    expect(s2.tables["blog.post"]?.foreignKeys).toEqual([]);
  });

  test("alter, indexes, keys, checks", () => {
    let s = applyOperation(base(), { op: "alter_column", ref: "blog.post", column: col("title", { kind: "text" }, { nullable: true }) });
    expect(s.tables["blog.post"]?.columns.find((c) => c.name === "title")).toEqual(col("title", { kind: "text" }, { nullable: true }));
    s = applyOperation(s, { op: "rename_index", ref: "auth.user", from: "idx_auth_user_email", to: "idx_mail" });
    s = applyOperation(s, { op: "drop_index", name: "idx_mail" });
    expect(s.tables["auth.user"]?.indexes).toEqual([]);
    s = applyOperation(s, { op: "drop_foreign_key", ref: "blog.post", name: "fk_blog_post_author_id" });
    s = applyOperation(s, { op: "add_check", ref: "blog.post", check: { name: "chk_t", expr: "length(title) > 0" } });
    expect(s.tables["blog.post"]?.checks).toEqual([{ name: "chk_t", expr: "length(title) > 0" }]);
    s = applyOperation(s, { op: "drop_check", ref: "blog.post", name: "chk_t" });
    expect(s.tables["blog.post"]?.checks).toEqual([]);
    s = applyOperation(s, { op: "drop_table", ref: "auth.user" });
    expect(Object.keys(s.tables)).toEqual(["blog.post"]);
  });

  test("sql leaves the schema as it is; if-exists forms", () => {
    const s = base();
    expect(applyOperation(s, { op: "sql", sql: "SELECT 1" })).toBe(s);
    expect(applyOperation(s, { op: "drop_table", ref: "x.y", ifExists: true })).toBe(s);
    expect(applyOperation(s, { op: "create_table", table: table("auth.user", []), ifNotExists: true })).toBe(s);
  });
});

describe("operations that do not fit are E_REPLAY_* errors", () => {
  const cases: [string, Operation, string][] = [
    ["unknown table", { op: "drop_table", ref: "x.y" }, "E_REPLAY_UNKNOWN_TABLE"],
    ["table exists", { op: "create_table", table: table("auth.user", []) }, "E_REPLAY_DUPLICATE"],
    ["same SQL name", { op: "create_table", table: table("auth_user", []) }, "E_REPLAY_DUPLICATE"],
    ["rename onto an existing table", { op: "rename_table", from: "auth.user", to: "blog.post" }, "E_REPLAY_DUPLICATE"],
    ["unknown column", { op: "drop_column", ref: "auth.user", column: "nope" }, "E_REPLAY_UNKNOWN_COLUMN"],
    ["duplicate column", { op: "add_column", ref: "auth.user", column: col("email", str(1)) }, "E_REPLAY_DUPLICATE"],
    ["referenced table", { op: "drop_table", ref: "auth.user" }, "E_REPLAY_IN_USE"],
    ["referenced column", { op: "drop_column", ref: "auth.user", column: "id" }, "E_REPLAY_IN_USE"],
    ["unknown index", { op: "drop_index", name: "idx_nope" }, "E_REPLAY_UNKNOWN_OBJECT"],
    ["duplicate index name across tables", { op: "create_index", ref: "blog.post", index: { name: "idx_auth_user_email", columns: ["title"], unique: false } }, "E_REPLAY_DUPLICATE"],
    ["index on unknown column", { op: "create_index", ref: "blog.post", index: { name: "i", columns: ["nope"], unique: false } }, "E_REPLAY_UNKNOWN_COLUMN"],
    ["key to unknown table", { op: "add_foreign_key", ref: "blog.post", foreignKey: fk("blog.post", "title", "x.y") }, "E_REPLAY_UNKNOWN_TABLE"],
    ["unknown key", { op: "drop_foreign_key", ref: "blog.post", name: "fk_nope" }, "E_REPLAY_UNKNOWN_OBJECT"],
    ["unknown check", { op: "drop_check", ref: "blog.post", name: "chk_nope" }, "E_REPLAY_UNKNOWN_OBJECT"],
    ["alter unknown column", { op: "alter_column", ref: "blog.post", column: col("nope", str(1)) }, "E_REPLAY_UNKNOWN_COLUMN"],
  ];
  for (const [name, op, code] of cases) {
    test(name, () => {
      let caught: unknown;
      try {
        applyOperation(base(), op);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(AlabError);
      expect((caught as AlabError).code).toBe(code);
    });
  }
});
