/** JSON Schema, Mermaid and DBML: what each says about the seed's schema and every column kind. */
import { describe, expect, test } from "bun:test";
import { dbmlName, exportDbml } from "../../src/export/dbml";
import { exportJsonSchema } from "../../src/export/json-schema";
import { entityName, exportMermaid } from "../../src/export/mermaid";
import { seedSchema, schema, table, col } from "../diff/fixtures";
import { richSchema } from "./fixtures";

describe("json-schema", () => {
  const doc = JSON.parse(exportJsonSchema(richSchema())) as { $schema: string; $defs: Record<string, { properties: Record<string, unknown>; required: string[]; additionalProperties: boolean; description?: string }> };
  const item = doc.$defs.shop_item!;
  test("one schema per table, keyed by SQL name", () => {
    expect(doc.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(Object.keys(doc.$defs)).toEqual(["auth_role", "auth_role_auth_user", "auth_user", "blog_post", "loop_a", "loop_b", "shop_item", "shop_tick"]);
    expect(item.additionalProperties).toBe(false);
    expect(item.description).toBe("Things for sale");
  });
  const cases: [string, unknown][] = [
    ["id", { type: "string", format: "uuid" }],
    ["code", { type: "string", maxLength: 12, minLength: 2, pattern: "^[A-Z]+$", description: "the item's code */ not a comment end" }],
    ["day", { type: ["string", "null"], format: "date" }],
    ["starts", { type: ["string", "null"], format: "time" }],
    ["when_at", { type: "string", format: "date-time" }],
    ["kind", { type: "string", enum: ["a", "b c", 'quote"d'], default: "a" }],
    ["qty", { type: "integer", minimum: 0, maximum: 1000, default: 1 }],
    ["big", { type: "integer" }],
    ["price", { type: "string", pattern: "^-?[0-9]+(\\.[0-9]+)?$" }],
    ["ratio", { type: ["number", "null"], deprecated: true }],
    ["flag", { type: "boolean" }],
    ["meta", {}],
    ["bin", { type: ["string", "null"], contentEncoding: "base64" }],
  ];
  for (const [column, want] of cases) test(`column ${column}`, () => expect(item.properties[column]).toEqual(want));
  test("required: NOT NULL without a default (serial keys have one)", () => {
    expect(item.required).toEqual(["big", "code", "flag", "price"]);
    expect(doc.$defs.shop_tick!.required).toEqual(["label"]);
  });
  test("a nullable enum admits null", () => {
    const s = JSON.parse(exportJsonSchema(schema(table("a.b", [col("e", { kind: "enum", values: ["x"] }, { nullable: true })])))) as { $defs: { a_b: { properties: { e: unknown } } } };
    expect(s.$defs.a_b.properties.e).toEqual({ type: ["string", "null"], enum: ["x", null] });
  });
  test("AstrolaDB's API hints: format, readOnly, writeOnly, a deprecated table; hidden and table metadata write nothing", () => {
    const t = table("a.b", [
      col("email", { kind: "string", length: 255 }, { api: { format: "email", hidden: true } }),
      col("at", { kind: "datetime" }, { api: { readOnly: true } }),
      col("secret", { kind: "text" }, { api: { writeOnly: true } }),
    ], { deprecated: "use a.c", api: { searchable: ["email"], sortBy: ["-at"] } });
    const s = JSON.parse(exportJsonSchema(schema(t))) as { $defs: { a_b: { deprecated?: boolean; properties: Record<string, unknown> } } };
    expect(s.$defs.a_b.deprecated).toBe(true);
    expect(s.$defs.a_b.properties).toEqual({
      at: { type: "string", format: "date-time", readOnly: true },
      email: { type: "string", maxLength: 255, format: "email" },
      secret: { type: "string", writeOnly: true },
    });
  });
  test("a column named __proto__ is a property like any other", () => {
    const s = JSON.parse(exportJsonSchema(schema(table("a.b", [col("__proto__", { kind: "text" })])))) as { $defs: { a_b: { properties: Record<string, unknown> } } };
    expect(Object.keys(s.$defs.a_b.properties)).toEqual(["__proto__"]);
  });
});

describe("mermaid", () => {
  const text = exportMermaid(richSchema());
  test("every table and column, key markers, full type and nullability in the comment", () => {
    expect(text.startsWith("erDiagram\n")).toBe(true);
    expect(text).toContain("  auth_user {\n    uuid id PK\n    string email UK \"string(255)\"\n");
    expect(text).toContain('    uuid owner_id FK "nullable"');
    expect(text).toContain('    uuid twin_id FK, UK "nullable"');
    expect(text).toContain('    enum kind "a | b c | quote#quot;d"');
    expect(text).toContain('    decimal price "decimal(10,2)"');
  });
  const rels: [string, string][] = [
    ["belongs_to, NOT NULL: exactly one to zero-or-many", '  auth_user ||--o{ blog_post : "author_id"'],
    ["belongs_to, nullable: zero-or-one to zero-or-many", '  auth_user |o--o{ shop_item : "owner_id"'],
    ["one_to_one (unique key), nullable, to itself", '  shop_item |o--o| shop_item : "twin_id"'],
    ["many_to_many through its junction", '  auth_role ||--o{ auth_role_auth_user : "role_id (many_to_many)"'],
    ["both ends of a cycle", '  loop_a ||--o{ loop_b : "a_id"'],
    ["the other end of the cycle", '  loop_b |o--o{ loop_a : "b_id"'],
  ];
  for (const [name, line] of rels) test(name, () => expect(text.split("\n")).toContain(line));
  test("with --dialect the SQL types", () => expect(exportMermaid(seedSchema(), { dialect: "mysql" })).toContain('    varchar email UK "varchar(255)"'));
  test("names outside Mermaid's word characters are quoted", () => {
    expect(entityName("auth_user")).toBe("auth_user");
    expect(entityName('my "odd" table')).toBe('"my #quot;odd#quot; table"');
  });
});

describe("dbml", () => {
  const text = exportDbml(richSchema(), { dialect: "postgres" });
  const lines = text.split("\n");
  const cases: [string, string][] = [
    ["primary key, default expression", "  id uuid [pk, not null, default: `gen_random_uuid()`]"],
    ["unique", "  email varchar(255) [not null, unique]"],
    ["literal default and enum values as a note", "  kind varchar(255) [not null, default: 'a', note: 'one of: a, b c, quote\"d']"],
    ["a type with a space is quoted", '  ratio "double precision" [null, note: \'deprecated: use price\']'],
    ["a serial key increments", "  seq integer [pk, increment, not null]"],
    ["composite unique index", "    (code, day) [unique, name: 'idx_shop_item_code_day']"],
    ["many-to-one reference with its actions", "Ref fk_shop_item_owner_id: shop_item.owner_id > auth_user.id [delete: set null, update: no action]"],
    ["one-to-one reference", "Ref fk_shop_item_twin_id: shop_item.twin_id - shop_item.id [delete: no action, update: no action]"],
    ["the table's docs", "  Note: 'shop.item: Things for sale'"],
  ];
  for (const [name, line] of cases) test(name, () => expect(lines).toContain(line));
  test("names outside DBML's word characters are quoted", () => {
    expect(["auth_user", "my table", 'q"uote', "back\\slash", "1st"].map(dbmlName)).toEqual(["auth_user", '"my table"', '"q\\"uote"', '"back\\\\slash"', '"1st"']);
  });
  test("MySQL types with --dialect mysql", () => expect(exportDbml(seedSchema(), { dialect: "mysql" })).toContain("  id char(36) [pk, not null, default: `(uuid())`]"));
});

test("every format is byte-identical for the same schema", () => {
  for (const f of [() => exportJsonSchema(richSchema()), () => exportMermaid(richSchema()), () => exportDbml(richSchema(), { dialect: "sqlite" })]) expect(f()).toBe(f());
});
