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

  const tag = table("shop_tag", { columns: [{ name: "id", type: { kind: "serial", unsigned: true }, nullable: false, unique: false }] });
  const tagging = table("shop_tagging", {
    columns: [
      { name: "a", type: { kind: "char", length: 2 }, nullable: false, unique: false },
      { name: "tag_id", type: { kind: "integer", unsigned: true }, nullable: false, unique: false },
      { name: "at", type: { kind: "timestamp", timezone: false, precision: 3 }, nullable: true, unique: false },
      { name: "n", type: { kind: "sql_type", sql: "citext" }, nullable: true, unique: false },
    ],
    primaryKey: ["a", "tag_id"],
    indexes: [
      { name: "idx_shop_tagging_tag_id", columns: ["tag_id"], unique: false },
      { name: "recent", columns: ["at", "a"], unique: false, descending: ["at"], where: "at is not null" },
    ],
    foreignKeys: [{ name: "fk_shop_tagging_tag_id", columns: ["tag_id"], refTable: "shop.tag", refColumns: ["id"], onDelete: "CASCADE", onUpdate: "NO ACTION" }],
  });
  const currency = table("shop_currency", {
    columns: [
      { name: "code", type: { kind: "char", length: 3 }, nullable: false, unique: false },
      { name: "units", type: { kind: "smallint" }, nullable: false, unique: false, default: { kind: "literal", value: 2 } },
      { name: "total", type: { kind: "bigint", unsigned: true }, nullable: true, unique: false },
      { name: "seen", type: { kind: "timestamp", timezone: true }, nullable: true, unique: false },
    ],
    primaryKey: ["code"],
    indexes: [{ name: "currency_seen", columns: ["seen"], unique: true }],
  });
  const log = table("shop_log", { columns: [{ name: "id", type: { kind: "bigserial", identity: "always" }, nullable: false, unique: false }] });
  const keyed: Schema = { tables: { "shop.tag": tag, "shop.tagging": tagging, "shop.currency": currency, "shop.log": log } };

  test("keys other than uuid, composite keys, relations to them, kinds of existing databases, indexes as they are", async () => {
    const managed = new Set(Object.keys(keyed.tables));
    const files = [tag, tagging, currency, log].map((t) => writeSchemaFile(t, keyed, managed)).map((r) => (r.kind === "file" ? r : undefined)!);
    expect(files[0]!.text).toContain("  id: col.serial().unsigned(),\n");
    expect(files[2]!.text).toContain(`export default table({
  code: col.char(3).primary_key(),
  units: col.smallint().default(2),
  total: col.bigint().unsigned().optional(),
  seen: col.timestamptz().optional(),
})
  .unique("seen", { name: "currency_seen" });
`);
    expect(files[3]!.text).toContain("  id: col.bigserial().always(),\n");
    expect(files[1]!.text).toBe(`// Table shop.tagging (SQL name shop_tagging), written by \`alab pull\`. Column types and modifiers: docs/schema.md
export default table({
  a: col.char(2),
  tag: col.belongs_to("shop.tag").on_delete("cascade"),
  at: col.timestamp(3).optional(),
  n: col.sql_type("citext").optional(),
})
  .primary_key("a", "tag")
  .index("at desc", "a", { name: "recent", where: "at is not null" });
`);
    const config = resolveConfig({ flags: {}, env: {}, cwd: "/" });
    const defs = await evaluateFiles(files.map((f) => ({ path: `${f.ns}/${f.name}.js`, source: f.text })), "schema", config.sandbox, (ev, i) => interpretSchemaFile(ev, files[i]!.ns, files[i]!.name));
    expect(canonicalSchema(buildSchema(defs))).toEqual(canonicalSchema(keyed));
  });

  const cases: [string, Table, Schema, ReadonlySet<string>, string][] = [
    ["a name without a namespace", { ...table("x_users"), ref: "users", sqlName: "users" }, schema, all, "tables without a namespace"],
    ["a nullable key", table("shop_item", { columns: [{ name: "k", type: { kind: "integer" }, nullable: true, unique: false }], primaryKey: ["k"] }), schema, all, "primary key k has no schema-file form"],
    ["a binary column (Azul's alone)", table("shop_big", { columns: [uuidId, { name: "n", type: { kind: "binary" }, nullable: false, unique: false }] }), schema, all, "column n: type binary"],
    ["a relation to a table that is not a file", address, schema, new Set(["shop.address"]), "references shop.customer, which is not a schema file"],
    ["a key under its own name", { ...address, foreignKeys: [{ ...address.foreignKeys[0]!, name: "address_customer" }] }, schema, all, "not named as col.belongs_to() names it"],
    ["a generated column", table("shop_gen", { columns: [uuidId, { name: "g", type: { kind: "integer" }, nullable: true, unique: false, generated: { expr: { k: "sql", sql: { postgres: "1 + 1" } }, stored: true } }] }), schema, all, "column g: a generated column"],
    ["a relation without its index", { ...address, indexes: [] }, schema, all, "indexes customer_id as idx_shop_address_customer_id"],
    ["a relation of another type than the key", { ...address, columns: [uuidId, { name: "customer_id", type: { kind: "text" }, nullable: true, unique: false }] }, schema, all, "column customer_id is text"],
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
