import { describe, expect, test } from "bun:test";
import type { Column } from "../../../src/model/types";
import { columnOf, interpret } from "./helpers";
import { col, type Rec, table } from "./record";

describe("modifiers", () => {
  const cases: [string, Rec, Partial<Column>][] = [
    ["optional", col.text().optional(), { nullable: true }],
    ["nullable", col.text().nullable(), { nullable: true }],
    ["unique", col.string(10).unique(), { unique: true }],
    ["default", col.integer().default(7), { default: { kind: "literal", value: 7 } }],
    ["backfill", col.integer().backfill(3), { backfill: 3 }],
    ["default + backfill", col.string(20).default("free").backfill("free"), { default: { kind: "literal", value: "free" }, backfill: "free" }],
    ["min", col.integer().min(0), { min: 0 }],
    ["max", col.float().max(1.5), { max: 1.5 }],
    ["min + max on a string (length)", col.string(50).min(3).max(40), { min: 3, max: 40 }],
    ["pattern", col.string(20).pattern("^[A-Z]+$"), { pattern: "^[A-Z]+$" }],
    ["pattern on text", col.text().pattern("^#"), { pattern: "^#" }],
    ["docs", col.text().docs("the body"), { docs: "the body" }],
    ["deprecated with a reason", col.text().deprecated("use body"), { deprecated: "use body" }],
    ["deprecated without a reason", col.text().deprecated(), { deprecated: "" }],
  ];
  test.each(cases)("%s", (_name, rec, expected) => {
    const column = columnOf(table({ v: rec }), "v");
    for (const [key, value] of Object.entries(expected)) expect(column[key as keyof Column]).toEqual(value as never);
  });

  test("columns are NOT NULL and not unique unless told", () => {
    const column = columnOf(table({ v: col.text() }), "v");
    expect(column.nullable).toBe(false);
    expect(column.unique).toBe(false);
    expect(Object.keys(column).sort()).toEqual(["name", "nullable", "type", "unique"]);
  });

  test(".index() marks the column for an index", () => {
    const def = interpret(table({ v: col.integer().index(), w: col.integer() }));
    expect(def.columns.map((c) => [c.column.name, c.index])).toEqual([
      ["v", true],
      ["w", false],
    ]);
  });

  test("a redundant .unique() on col.slug() is accepted", () => {
    expect(columnOf(table({ s: col.slug().unique() }), "s").unique).toBe(true);
  });

  test("a datetime backfill is a fixed value", () => {
    expect(columnOf(table({ t: col.datetime().backfill("2024-01-01T00:00:00Z") }), "t").backfill).toBe("2024-01-01T00:00:00Z");
  });

  test("modifier order does not matter", () => {
    const a = columnOf(table({ v: col.integer().default(null).optional() }), "v");
    const b = columnOf(table({ v: col.integer().optional().default(null) }), "v");
    expect(a).toEqual(b);
    expect(a.default).toEqual({ kind: "literal", value: null });
  });
});

describe("defaults that fit each type", () => {
  const cases: [string, Rec, Column["default"]][] = [
    ["string", col.string(5).default("abcde"), { kind: "literal", value: "abcde" }],
    ["text", col.text().default(""), { kind: "literal", value: "" }],
    ["integer", col.integer().default(-2147483648), { kind: "literal", value: -2147483648 }],
    ["float", col.float().default(0.25), { kind: "literal", value: 0.25 }],
    ["decimal as number", col.decimal(5, 2).default(123.45), { kind: "literal", value: 123.45 }],
    ["decimal as string", col.decimal(19, 4).default("0.0001"), { kind: "literal", value: "0.0001" }],
    ["boolean", col.boolean().default(true), { kind: "literal", value: true }],
    ["date", col.date().default("2024-02-29"), { kind: "literal", value: "2024-02-29" }],
    ["time", col.time().default("23:59:59"), { kind: "literal", value: "23:59:59" }],
    ["datetime literal", col.datetime().default("2024-01-01T00:00:00Z"), { kind: "literal", value: "2024-01-01T00:00:00Z" }],
    ["datetime now", col.datetime().default("now"), { kind: "expr", expr: "now" }],
    ["datetime now()", col.datetime().default("now()"), { kind: "expr", expr: "now" }],
    ["datetime CURRENT_TIMESTAMP", col.datetime().default("CURRENT_TIMESTAMP"), { kind: "expr", expr: "now" }],
    ["uuid", col.uuid().default("00000000-0000-4000-8000-000000000000"), { kind: "literal", value: "00000000-0000-4000-8000-000000000000" }],
    ["json object", col.json().default({ a: [1, { b: null }] }), { kind: "literal", value: { a: [1, { b: null }] } }],
    ["json array", col.json().default([]), { kind: "literal", value: [] }],
    ["base64", col.base64().default("aGk="), { kind: "literal", value: "aGk=" }],
    ["enum", col.enum(["draft", "live"]).default("draft"), { kind: "literal", value: "draft" }],
    ["inside min/max", col.integer().min(1).max(5).default(5), { kind: "literal", value: 5 }],
    ["matching the pattern", col.string(9).pattern("^[a-z]+$").default("abc"), { kind: "literal", value: "abc" }],
    ["json that looks like an expression stays a literal", col.json().default({ now: true }), { kind: "literal", value: { now: true } }],
    ['"now" on a string column is just text', col.string(5).default("now"), { kind: "literal", value: "now" }],
  ];
  test.each(cases)("%s", (_name, rec, expected) => {
    expect(columnOf(table({ v: rec }), "v").default).toEqual(expected);
  });
});
