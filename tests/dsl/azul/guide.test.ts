/** The Azul.js migration guide's examples, interpreted: each states the operations it means. */
import { describe, expect, test } from "bun:test";
import { interpretAzul } from "../../../src/dsl/azul";
import type { Operation } from "../../../src/dsl/operations";
import type { Column, ForeignKey } from "../../../src/model/types";
import { migrationFile, type R } from "./record";

const col = (name: string, type: Column["type"], extra: Partial<Column> = {}): Column => ({ name, type, nullable: true, unique: false, ...extra });
const id = col("id", { kind: "serial" }, { nullable: false });
const str = (name: string, length = 255, extra: Partial<Column> = {}) => col(name, { kind: "string", length }, extra);
const table = (ref: string, columns: Column[], primaryKey = ["id"], foreignKeys: ForeignKey[] = []) => ({ ref, sqlName: ref, columns, primaryKey, indexes: [], foreignKeys, checks: [] });

function values(list: readonly { value: Operation }[] | null): Operation[] | null {
  return list === null ? null : list.map((l) => l.value);
}

function run(exp: Record<string, unknown>) {
  const def = interpretAzul(migrationFile(exp));
  return { up: values(def.up), down: values(def.down), def };
}

const articles = table("articles", [id, str("title"), col("body", { kind: "text" })]);

describe("the guide's examples", () => {
  test("up/down: createTable articles, dropTable articles", () => {
    const r = run({
      up(schema: R) {
        schema.createTable("articles", (t: R) => {
          t.string("title");
          t.text("body");
        });
      },
      down(schema: R) {
        schema.dropTable("articles");
      },
    });
    expect(r.up).toEqual([{ op: "create_table", table: articles }]);
    expect(r.down).toEqual([{ op: "drop_table", ref: "articles" }]);
    expect(r.def.style).toBe("azul");
    expect(r.def.transaction).toBe(true);
    expect(r.def.manual).toBeUndefined();
  });

  test("change: the same createTable, reversed into dropTable", () => {
    const r = run({
      change(schema: R) {
        schema.createTable("articles", (t: R) => {
          t.string("title");
          t.text("body");
        });
      },
    });
    expect(r.up).toEqual([{ op: "create_table", table: articles }]);
    expect(r.down).toEqual([{ op: "drop_table", ref: "articles" }]);
  });

  test("createTable().pk('identifier').unlessExists().with(cb)", () => {
    const r = run({
      up(schema: R) {
        schema
          .createTable("articles")
          .pk("identifier")
          .unlessExists()
          .with((t: R) => {
            t.serial("identifier").notNull();
            t.string("title");
          });
      },
    });
    const t = table("articles", [col("identifier", { kind: "serial" }, { nullable: false }), str("title")], ["identifier"]);
    expect(r.up).toEqual([{ op: "create_table", table: t, ifNotExists: true }]);
    expect(r.down).toBeNull();
  });

  test("indexes by column (default name) and by name", () => {
    const r = run({
      change(schema: R) {
        schema.createTable("employees", (t: R) => {
          t.integer("boss_id");
          t.string("first_name");
          t.string("last_name");
          t.index("boss_id");
          t.index(["first_name", "last_name"], { name: "full_name_index" });
        });
      },
    });
    expect(r.up?.slice(1)).toEqual([
      { op: "create_index", ref: "employees", index: { name: "employees_boss_id_idx", columns: ["boss_id"], unique: false } },
      { op: "create_index", ref: "employees", index: { name: "full_name_index", columns: ["first_name", "last_name"], unique: false } },
    ]);
    expect(r.down).toEqual([{ op: "drop_table", ref: "employees" }]);
  });

  test("renameTable, reversed by swapping", () => {
    const r = run({ change: (schema: R) => schema.renameTable("articles", "posts") });
    expect(r.up).toEqual([{ op: "rename_table", from: "articles", to: "posts" }]);
    expect(r.down).toEqual([{ op: "rename_table", from: "posts", to: "articles" }]);
  });

  test("alterTable: add a title column, drop the body column (drops first, as Azul sends them)", () => {
    const r = run({
      up(schema: R) {
        schema.alterTable("articles", (t: R) => {
          t.string("title");
          t.drop("body");
        });
      },
    });
    expect(r.up).toEqual([
      { op: "drop_column", ref: "articles", column: "body" },
      { op: "add_column", ref: "articles", column: str("title") },
    ]);
  });

  test("rename a column with its type; the type is recorded for replay to compare", () => {
    const r = run({ change: (schema: R) => schema.alterTable("articles", (t: R) => t.rename("title", "headline", "string")) });
    expect(r.up).toEqual([{ op: "rename_column", ref: "articles", from: "title", to: "headline" }]);
    expect(r.down).toEqual([{ op: "rename_column", ref: "articles", from: "headline", to: "title" }]);
    expect(r.def.renameTypes).toEqual({ up: [{ op: 0, kind: "string", azulType: "string" }], down: [{ op: 0, kind: "string", azulType: "string" }] });
  });

  test("renameIndex and dropIndex by column and by name", () => {
    const r = run({
      up(schema: R) {
        schema.alterTable("employees", (t: R) => t.renameIndex("full_name_index", "full_name_idx"));
        schema.alterTable("employees", (t: R) => {
          t.dropIndex("boss_id");
          t.dropIndex({ name: "full_name_index" });
        });
      },
    });
    expect(r.up).toEqual([
      { op: "rename_index", ref: "employees", from: "full_name_index", to: "full_name_idx" },
      { op: "drop_index", name: "employees_boss_id_idx", ref: "employees" },
      { op: "drop_index", name: "full_name_index", ref: "employees" },
    ]);
  });

  test("dropTable().ifExists()", () => {
    const r = run({ up: (schema: R) => schema.dropTable("articles").ifExists() });
    expect(r.up).toEqual([{ op: "drop_table", ref: "articles", ifExists: true }]);
  });

  test("field types with options, default and references", () => {
    const r = run({
      up(schema: R) {
        schema.createTable("payments", (t: R) => {
          t.string("title", { length: 80 });
          t.decimal("amount", { precision: 20, scale: 10 });
          t.string("name").default("Anonymous");
          t.integer("article_id").references("articles.id");
        });
      },
    });
    const fk: ForeignKey = { name: "fk_payments_article_id", columns: ["article_id"], refTable: "articles", refColumns: ["id"], onDelete: "NO ACTION", onUpdate: "NO ACTION" };
    expect(r.up).toEqual([
      {
        op: "create_table",
        table: table(
          "payments",
          [id, str("title", 80), col("amount", { kind: "decimal", precision: 20, scale: 10 }), str("name", 255, { default: { kind: "literal", value: "Anonymous" } }), col("article_id", { kind: "integer" })],
          ["id"],
          [fk],
        ),
      },
    ]);
  });
});
