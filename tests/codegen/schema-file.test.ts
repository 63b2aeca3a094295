import { describe, expect, test } from "bun:test";
import { commentText, namespacedRef, writeSchemaFile } from "../../src/codegen/schema-file";
import { evaluateFiles } from "../../src/sandbox/files";
import { interpretSchemaFile } from "../../src/dsl/schema/index";
import { buildSchema } from "../../src/model/normalize";
import { canonicalSchema } from "../../src/diff/canonical";
import { resolveConfig } from "../../src/config";
import type { Column, Schema, Table } from "../../src/model/types";

const uuidId: Column = { name: "id", type: { kind: "uuid" }, nullable: false, unique: false, default: { kind: "expr", expr: "uuid" } };
const now = { kind: "expr", expr: "now" } as const;

function table(sqlName: string, parts: Partial<Table> = {}): Table {
  const cut = sqlName.indexOf("_");
  return { ref: `${sqlName.slice(0, cut)}.${sqlName.slice(cut + 1)}`, sqlName, columns: [uuidId], primaryKey: ["id"], indexes: [], foreignKeys: [], checks: [], ...parts };
}

const customer = table("shop_customer", {
  columns: [
    uuidId,
    { name: "active", type: { kind: "boolean" }, nullable: false, unique: false, default: { kind: "literal", value: true } },
    { name: "email", type: { kind: "string", length: 255 }, nullable: false, unique: true },
    { name: "rating", type: { kind: "decimal", precision: 2, scale: 1 }, nullable: true, unique: false, min: 0, max: 5 },
    { name: "kind", type: { kind: "enum", values: ["a", "b"] }, nullable: false, unique: false, default: { kind: "literal", value: "a" }, docs: "what it is" },
    { name: "city", type: { kind: "string", length: 100 }, nullable: false, unique: false },
    { name: "zip", type: { kind: "string", length: 10 }, nullable: false, unique: false },
    { name: "created_at", type: { kind: "datetime" }, nullable: false, unique: false, default: now },
    { name: "updated_at", type: { kind: "datetime" }, nullable: false, unique: false, default: now },
  ],
  indexes: [
    { name: "idx_shop_customer_city", columns: ["city"], unique: false },
    { name: "uq_shop_customer_city_zip", columns: ["city", "zip"], unique: true },
  ],
  checks: [{ name: "chk_zip", expr: "char_length(zip) > 2" }],
});
const address = table("shop_address", {
  columns: [uuidId, { name: "customer_id", type: { kind: "uuid" }, nullable: true, unique: false }],
  indexes: [{ name: "idx_shop_address_customer_id", columns: ["customer_id"], unique: false }],
  foreignKeys: [{ name: "fk_shop_address_customer_id", columns: ["customer_id"], refTable: "shop.customer", refColumns: ["id"], onDelete: "SET NULL", onUpdate: "NO ACTION" }],
});
const schema: Schema = { tables: { "shop.customer": customer, "shop.address": address } };
const all = new Set(Object.keys(schema.tables));

describe("writeSchemaFile", () => {
  test("writes a table in AstrolaDB syntax, shorthands where they rebuild it exactly", () => {
    const r = writeSchemaFile(customer, schema, all, ["Not in this file: trigger t"]);
    expect(r).toEqual({
      kind: "file",
      ns: "shop",
      name: "customer",
      text: `// Table shop.customer (SQL name shop_customer), written by \`alab pull\`. Column types and modifiers: docs/schema.md
// Not in this file: trigger t
export default table({
  id: col.id(),
  active: col.boolean().default(true),
  email: col.string(255).unique(),
  rating: col.decimal(2, 1).optional().min(0).max(5),
  kind: col.enum(["a", "b"]).default("a").docs("what it is"),
  city: col.string(100).index(),
  zip: col.string(10),
})
  .timestamps()
  .unique("city", "zip")
  .check("chk_zip", "char_length(zip) > 2");
`,
    });
    expect(writeSchemaFile(address, schema, all)).toMatchObject({ kind: "file", text: expect.stringContaining('customer: col.belongs_to("shop.customer").optional().on_delete("set_null"),') });
  });

  test("the same table gives the same bytes", () => {
    expect(writeSchemaFile(customer, schema, all)).toEqual(writeSchemaFile(structuredClone(customer), structuredClone(schema), new Set([...all].reverse())));
  });

  test("what it writes reads back through the sandbox and the schema DSL as the table it was written from", async () => {
    const files = [customer, address].map((t) => writeSchemaFile(t, schema, all)).map((r) => (r.kind === "file" ? r : undefined)!);
    const config = resolveConfig({ flags: {}, env: {}, cwd: "/" });
    const defs = await evaluateFiles(files.map((f) => ({ path: `${f.ns}/${f.name}.js`, source: f.text })), "schema", config.sandbox, (ev, i) => interpretSchemaFile(ev, files[i]!.ns, files[i]!.name));
    expect(canonicalSchema(buildSchema(defs))).toEqual(canonicalSchema(schema));
  });

  const cases: [string, Table, Schema, ReadonlySet<string>, string][] = [
    ["a name without a namespace", { ...table("x_users"), ref: "users", sqlName: "users" }, schema, all, "tables without a namespace"],
    ["an integer key", table("shop_item", { columns: [{ name: "id", type: { kind: "serial" }, nullable: false, unique: false }] }), schema, all, "primary key (id) is not a col.id() uuid key"],
    ["a composite key", table("shop_pair", { columns: [uuidId, { name: "b", type: { kind: "integer" }, nullable: false, unique: false }], primaryKey: ["id", "b"] }), schema, all, "primary key (id, b)"],
    ["a type without a schema-file form", table("shop_big", { columns: [uuidId, { name: "n", type: { kind: "bigint" }, nullable: false, unique: false }] }), schema, all, "column n: type bigint"],
    ["an index under its own name", table("shop_ix", { columns: [uuidId, { name: "n", type: { kind: "integer" }, nullable: false, unique: false }], indexes: [{ name: "by_n", columns: ["n"], unique: false }] }), schema, all, "index by_n: the schema DSL names it idx_shop_ix_n"],
    ["a relation to a table that is not a file", address, schema, new Set(["shop.address"]), "references shop.customer, which is not a schema file"],
    ["a key under its own name", { ...address, foreignKeys: [{ ...address.foreignKeys[0]!, name: "address_customer" }] }, schema, all, "not named as col.belongs_to() names it"],
    ["a generated column", table("shop_gen", { columns: [uuidId, { name: "g", type: { kind: "integer" }, nullable: true, unique: false, generated: { expr: { k: "sql", sql: { postgres: "1 + 1" } }, stored: true } }] }), schema, all, "column g: a generated column"],
    ["a relation without its index", { ...address, indexes: [] }, schema, all, "indexes customer_id as idx_shop_address_customer_id"],
  ];
  test.each(cases)("refuses %s, saying why", (_what, t, s, managed, why) => {
    const r = writeSchemaFile(t, s, managed);
    expect(r.kind).toBe("unexpressible");
    expect(r.kind === "unexpressible" ? r.why.join("\n") : "").toContain(why);
  });
});

describe("namespacedRef", () => {
  test.each([
    ["order_items", "order.items"],
    ["blog_post_tags", "blog.post_tags"],
    ["users", undefined],
    ["_x", undefined],
    ["x_", undefined],
    ["Shop_Item", undefined],
  ])("%s → %s", (sql, ref) => expect(namespacedRef(sql)).toBe(ref));
});

test("a name in a comment cannot end the comment", () => {
  expect(commentText("a\nexport default 1\u2028b")).toBe("a\\u000aexport default 1\\u2028b");
});
