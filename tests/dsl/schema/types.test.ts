import { describe, expect, test } from "bun:test";
import { COLUMN_CONSTRUCTORS, SEMANTIC_TYPES } from "../../../src/dsl/schema";
import type { Column } from "../../../src/model/types";
import { columnOf, interpret } from "./helpers";
import { col, type Rec, table } from "./record";

const base = (name: string, type: Column["type"], extra: Partial<Column> = {}): Column => ({ name, type, nullable: false, unique: false, ...extra });

describe("base types", () => {
  const cases: [string, Rec, Column["type"]][] = [
    ["uuid", col.uuid(), { kind: "uuid" }],
    ["string", col.string(42), { kind: "string", length: 42 }],
    ["text", col.text(), { kind: "text" }],
    ["integer", col.integer(), { kind: "integer" }],
    ["float", col.float(), { kind: "float" }],
    ["decimal", col.decimal(10, 2), { kind: "decimal", precision: 10, scale: 2 }],
    ["boolean", col.boolean(), { kind: "boolean" }],
    ["date", col.date(), { kind: "date" }],
    ["time", col.time(), { kind: "time" }],
    ["datetime", col.datetime(), { kind: "datetime" }],
    ["json", col.json(), { kind: "json" }],
    ["base64", col.base64(), { kind: "base64" }],
    ["enum", col.enum(["a", "b"]), { kind: "enum", values: ["a", "b"] }],
  ];
  test.each(cases)("col.%s()", (_name, rec, type) => {
    expect(columnOf(table({ value: rec }), "value")).toEqual(base("value", type));
  });

  test("col.id() is a UUID primary key defaulting to a new UUID", () => {
    const def = interpret(table({ id: col.id() }));
    expect(def.columns).toHaveLength(1);
    expect(def.columns[0]?.primaryKey).toBe(true);
    expect(def.columns[0]?.column).toEqual(base("id", { kind: "uuid" }, { default: { kind: "expr", expr: "uuid" } }));
  });

  test("decimal edge sizes are accepted", () => {
    expect(columnOf(table({ v: col.decimal(65, 30) }), "v").type).toEqual({ kind: "decimal", precision: 65, scale: 30 });
    expect(columnOf(table({ v: col.decimal(1, 0) }), "v").type).toEqual({ kind: "decimal", precision: 1, scale: 0 });
    expect(columnOf(table({ v: col.string(16383) }), "v").type).toEqual({ kind: "string", length: 16383 });
  });
});

describe("semantic types", () => {
  const str = (length: number): Column["type"] => ({ kind: "string", length });
  const cases: [string, Column["type"], Partial<Column>][] = [
    ["email", str(255), {}],
    ["username", str(50), {}],
    ["password_hash", str(255), {}],
    ["phone", str(50), {}],
    ["name", str(100), {}],
    ["title", str(200), {}],
    ["slug", str(255), { unique: true }],
    ["body", { kind: "text" }, {}],
    ["markdown", { kind: "text" }, {}],
    ["html", { kind: "text" }, {}],
    ["summary", str(500), {}],
    ["url", str(2048), {}],
    ["ip", str(45), {}],
    ["ipv4", str(15), {}],
    ["ipv6", str(45), {}],
    ["user_agent", str(500), {}],
    ["money", { kind: "decimal", precision: 19, scale: 4 }, {}],
    ["percentage", { kind: "decimal", precision: 5, scale: 2 }, {}],
    ["counter", { kind: "integer" }, { default: { kind: "literal", value: 0 } }],
    ["quantity", { kind: "integer" }, {}],
    ["rating", { kind: "decimal", precision: 2, scale: 1 }, {}],
    ["duration", { kind: "integer" }, {}],
    ["token", str(64), {}],
    ["code", str(20), {}],
    ["country", str(2), {}],
    ["currency", str(3), {}],
    ["locale", str(10), {}],
    ["timezone", str(50), {}],
    ["color", str(7), {}],
    ["flag", { kind: "boolean" }, { default: { kind: "literal", value: false } }],
  ];

  test("the table covers every semantic type", () => {
    expect(cases.map(([n]) => n).sort()).toEqual(Object.keys(SEMANTIC_TYPES).sort());
  });

  test.each(cases)("col.%s()", (name, type, extra) => {
    const rec = col.call(name);
    expect(columnOf(table({ value: rec }), "value")).toEqual(base("value", type, extra));
  });

  test("col.flag(true) defaults to true", () => {
    expect(columnOf(table({ on: col.flag(true) }), "on").default).toEqual({ kind: "literal", value: true });
  });

  test("a semantic type's built-in default can be replaced", () => {
    expect(columnOf(table({ n: col.counter().default(5) }), "n").default).toEqual({ kind: "literal", value: 5 });
  });

  test("every constructor name is listed once for suggestions", () => {
    expect(new Set(COLUMN_CONSTRUCTORS).size).toBe(COLUMN_CONSTRUCTORS.length);
    expect(COLUMN_CONSTRUCTORS).toContain("belongs_to_any");
    expect(COLUMN_CONSTRUCTORS).toContain("string");
  });
});
