/** Schema DSL for existing databases (issue 11): the kinds and keys an adopted table needs. */
import { describe, expect, test } from "bun:test";
import type { Column } from "../../../src/model/types";
import { columnOf, expectError, interpret } from "./helpers";
import { col, type Rec, table } from "./record";

const base = (name: string, type: Column["type"], extra: Partial<Column> = {}): Column => ({ name, type, nullable: false, unique: false, ...extra });

describe("column kinds", () => {
  const cases: [string, Rec, Column["type"]][] = [
    ["smallint", col.call("smallint"), { kind: "smallint" }],
    ["bigint", col.call("bigint"), { kind: "bigint" }],
    ["unsigned smallint", col.call("smallint").call("unsigned"), { kind: "smallint", unsigned: true }],
    ["unsigned integer", col.integer().call("unsigned"), { kind: "integer", unsigned: true }],
    ["unsigned bigint", col.call("bigint").call("unsigned"), { kind: "bigint", unsigned: true }],
  ];
  test.each(cases)("%s", (_name, rec, type) => {
    expect(columnOf(table({ value: rec }), "value")).toEqual(base("value", type));
  });
});

describe("serial keys", () => {
  test.each([
    ["serial", col.call("serial"), { kind: "serial" }],
    ["bigserial", col.call("bigserial"), { kind: "bigserial" }],
    ["unsigned serial", col.call("serial").call("unsigned"), { kind: "serial", unsigned: true }],
  ] as const)("col.%s() is the primary key, with no default (the database numbers rows)", (_n, rec, type) => {
    const def = interpret(table({ id: rec }));
    expect(def.columns[0]?.primaryKey).toBe(true);
    expect(def.columns[0]?.column).toEqual(base("id", type));
  });

  test("a serial key takes no `.optional()` or `.default()`", () => {
    expectError(() => interpret(table({ id: col.call("serial").at(2, 9).optional() })), "E_SCHEMA_MODIFIER_NOT_APPLICABLE", 2, 9);
    expectError(() => interpret(table({ id: col.call("bigserial").at(2, 9).default(1) })), "E_SCHEMA_MODIFIER_NOT_APPLICABLE", 2, 9);
  });
});

describe("unsigned", () => {
  test("applies to whole numbers only", () => {
    const e = expectError(() => interpret(table({ v: col.text().at(3, 4).call("unsigned") })), "E_SCHEMA_MODIFIER_NOT_APPLICABLE", 3, 4);
    expect(e.message).toContain("text");
    expectError(() => interpret(table({ v: col.float().at(3, 4).call("unsigned") })), "E_SCHEMA_MODIFIER_NOT_APPLICABLE", 3, 4);
  });

  test("defaults are checked against the unsigned range", () => {
    expectError(() => interpret(table({ v: col.integer().call("unsigned").at(5, 6).default(-1) })), "E_SCHEMA_BAD_DEFAULT", 5, 6);
    expect(columnOf(table({ v: col.integer().call("unsigned").default(4294967295) }), "v").default).toEqual({ kind: "literal", value: 4294967295 });
    expectError(() => interpret(table({ v: col.call("smallint").at(5, 6).default(40000) })), "E_SCHEMA_BAD_DEFAULT", 5, 6);
    expectError(() => interpret(table({ v: col.call("bigint").call("unsigned").at(5, 6).default("-5") })), "E_SCHEMA_BAD_DEFAULT", 5, 6);
  });
});
