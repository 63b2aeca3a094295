import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createSandbox, type Sandbox } from "../../src/sandbox/index";
import { interpretMigration } from "../../src/dsl/migration/index";
import { comparableOps } from "../../src/codegen/roundtrip";
import { join } from "node:path";
import { emptySchema, type Schema } from "../../src/model/types";
import { diffSchemas } from "../../src/diff/diff";
import { operationsFor } from "../../src/diff/plan-ops";
import { noRenames, type Renames } from "../../src/diff/renames";
import { writeAzulChangeMigration, writeEmptyMigration, writeMigration } from "../../src/codegen/write";
import { literal, str } from "../../src/codegen/literal";
import { idColumn, timestampColumns } from "../../src/dsl/migration/shorthand";
import { col, fk, idx, schema, seedSchema, table } from "../diff/fixtures";

const GOLDEN = join(import.meta.dir, "golden");

/** Compares with the golden file; ALAB_UPDATE_GOLDEN=1 rewrites it (review the diff!). */
async function golden(name: string, text: string): Promise<void> {
  const path = join(GOLDEN, name);
  if (process.env.ALAB_UPDATE_GOLDEN === "1") await Bun.write(path, text);
  expect(text).toBe(await Bun.file(path).text());
}

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await createSandbox();
});
afterAll(() => sandbox.dispose());

/** The file text, after checking it reads back (real sandbox) as the operations it was written from. */
function generate(from: Schema, to: Schema, name: string, renames: Renames = noRenames): string {
  const plan = operationsFor(from, diffSchemas(from, to, renames));
  const text = writeMigration(plan.up, plan.down, { name, destructive: plan.destructive });
  const def = interpretMigration(sandbox.evaluate({ path: `migrations/${name}.js`, source: text }, "migration"));
  expect(comparableOps(def.up.map((o) => o.value))).toBe(comparableOps(plan.up));
  expect(comparableOps((def.down ?? []).map((o) => o.value))).toBe(comparableOps(plan.down));
  return text;
}

const uuid = { kind: "uuid" } as const;
const s = (n: number) => ({ kind: "string", length: n }) as const;

/** The seed after a round of edits: every kind of change at least once. */
function edited(): Schema {
  const seed = seedSchema();
  const post = seed.tables["blog.post"];
  const user = seed.tables["auth.user"];
  if (post === undefined || user === undefined) throw new Error("fixture");
  return schema(
    seed.tables["auth.role"] as never,
    { ...user, columns: [...user.columns.filter((c) => c.name !== "password" && c.name !== "username"), col("password_hash", s(255), { backfill: "!" }), col("login", s(50), { unique: true }), col("age", { kind: "integer" }, { nullable: true, min: 0, max: 150 })].sort((a, b) => (a.name < b.name ? -1 : 1)), checks: [{ name: "chk_adult", expr: "age IS NULL OR age >= 18" }] },
    seed.tables["auth_role_auth_user"] as never,
    {
      ...post,
      ref: "blog.article",
      sqlName: "blog_article",
      columns: post.columns
        .filter((c) => c.name !== "body")
        .map((c) => (c.name === "title" ? col("title", s(100)) : c.name === "status" ? col("status", { kind: "enum", values: ["draft", "published"] }, { default: { kind: "literal", value: "draft" } }) : c))
        .concat([col("editor_id", uuid, { nullable: true }), col("views", { kind: "integer" }, { default: { kind: "literal", value: 0 } }), col("summary", s(500), { backfill: "", docs: "shown in lists; \"short\"" })]),
      foreignKeys: [fk("blog.article", "author_id", "auth.user", { onDelete: "CASCADE" }), fk("blog.article", "editor_id", "auth.user", { onDelete: "SET NULL" })],
      indexes: [idx("blog_article", ["author_id"]), idx("blog_article", ["editor_id"]), { name: "uq_blog_article_slug_title", columns: ["slug", "title"], unique: true }],
    },
    table("blog.comment", [idColumn(), col("article_id", uuid), col("body", { kind: "text" }), col("meta", { kind: "json" }, { default: { kind: "literal", value: { "a-b": [1, null], tags: ["x"] } } }), ...timestampColumns()], {
      foreignKeys: [fk("blog.comment", "article_id", "blog.article", { onDelete: "CASCADE" })],
      indexes: [idx("blog_comment", ["article_id"])],
    }),
  );
}

describe("writeMigration", () => {
  test("the seed's example comes out in the seed's shape", async () => {
    await golden("001_start.js", generate(emptySchema, seedSchema(), "start"));
  });

  test("a round of edits: renames, drops, adds, alters, keys, checks, DESTRUCTIVE marks", async () => {
    const renames: Renames = { tables: { "blog.post": "blog.article" }, columns: { "auth.user": { username: "login" } }, declined: [] };
    await golden("002_edits.js", generate(seedSchema(), edited(), "edits", renames));
  });

  test("byte-identical across runs", () => {
    const a = generate(emptySchema, seedSchema(), "start");
    const b = generate(emptySchema, structuredClone(seedSchema()), "start");
    expect(a).toBe(b);
  });

  test("--empty and make-migration", async () => {
    await golden("003_empty.js", writeEmptyMigration("empty"));
    expect(writeAzulChangeMigration()).toBe("/** @type {Alab.AzulMigration} */\nexports.change = function (schema) {\n};\n");
  });

  test("a table without columns, a composite key, a custom key", () => {
    const t = table("a.link", [col("a", { kind: "integer" }), col("b", { kind: "integer" })], {
      primaryKey: ["a", "b"],
      foreignKeys: [{ name: "fk_custom", columns: ["a", "b"], refTable: "a.other", refColumns: ["x", "y"], onDelete: "CASCADE", onUpdate: "NO ACTION" }],
      docs: "links",
    });
    const text = writeMigration([{ op: "create_table", table: table("a.empty", []) }, { op: "create_table", table: t }], [], { name: "x" });
    expect(text).toContain('    m.create_table("a.empty", (t) => {});\n');
    expect(text).toContain('      t.primary_key("a", "b");\n      t.foreign_key(["a", "b"], "a.other", ["x", "y"], { name: "fk_custom", on_delete: "CASCADE" });\n      t.docs("links");\n');
  });
});

describe("rename_table reads back as written", () => {
  test("into and out of a namespace, and within one: up and down both read back as the operations", () => {
    const ops = [
      { op: "rename_table", from: "blog.tag", to: "blog.label" },
      { op: "rename_table", from: "blog.label", to: "label" },
      { op: "rename_table", from: "label", to: "shop.label" },
    ] as const;
    const back = [...ops].reverse().map((o) => ({ op: "rename_table" as const, from: o.to, to: o.from }));
    const text = writeMigration([...ops], back, { name: "moves" });
    expect(text).toContain('m.rename_table("blog.label", "label", { root: true });');
    const def = interpretMigration(sandbox.evaluate({ path: "migrations/001_moves.js", source: text }, "migration"));
    expect(def.up.map((o) => o.value)).toEqual([...ops]);
    expect((def.down ?? []).map((o) => o.value)).toEqual(back);
  });
});

describe("alter_column's partial form reads back as written", () => {
  test("every change, and a type with arguments", () => {
    const ops = [
      { op: "change_column", ref: "auth.user", column: "email", changes: { type: { kind: "string", length: 500 }, nullable: false } },
      { op: "change_column", ref: "auth.user", column: "n", changes: { type: { kind: "decimal", precision: 10, scale: 2 }, default: null } },
      { op: "change_column", ref: "auth.user", column: "s", changes: { type: { kind: "enum", values: ["a", "b"] }, default: { kind: "literal", value: "a" }, backfill: "a" } },
      { op: "change_column", ref: "auth.user", column: "at", changes: { nullable: true, default: { kind: "expr", expr: "now" } } },
    ] as const;
    const text = writeMigration([...ops], [], { name: "alters" });
    expect(text).toContain('m.alter_column("auth.user", "email", (c) => c.set_type("string", 500).set_not_null());');
    expect(text).toContain('m.alter_column("auth.user", "at", (c) => c.set_nullable().set_server_default("now()"));');
    const def = interpretMigration(sandbox.evaluate({ path: "migrations/001_alters.js", source: text }, "migration"));
    expect(def.up.map((o) => o.value)).toEqual([...ops]);
  });
});

describe("JavaScript literals", () => {
  const cases: [unknown, string][] = [
    ["plain", '"plain"'],
    ['quote " and \\ backslash', '"quote \\" and \\\\ backslash"'],
    ["line\nbreak\ttab", '"line\\nbreak\\ttab"'],
    ["\u2028\u2029", '"\\u2028\\u2029"'],
    ["${x} `t` </script>", '"${x} `t` </script>"'],
    [12.5, "12.5"],
    [-0, "0"],
    [1e21, "1e+21"],
    [null, "null"],
    [[1, "a", [true]], '[1, "a", [true]]'],
    [{ b: 1, a: { "c-d": null } }, '{ a: { "c-d": null }, b: 1 }'],
    [{}, "{}"],
  ];
  for (const [value, text] of cases) test(JSON.stringify(value) ?? "", () => expect(literal(value as never)).toBe(text));

  test("__proto__ stays a property", () => {
    expect(literal(JSON.parse('{"__proto__": 1}'))).toBe('{ ["__proto__"]: 1 }');
    expect(str("é")).toBe('"é"');
  });
});
