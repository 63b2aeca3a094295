/** Schema DSL for existing databases (issue 11): the kinds and keys an adopted table needs. */
import { describe, expect, test } from "bun:test";
import type { Column } from "../../../src/model/types";
import { columnOf, errorOf, expectError, interpret } from "./helpers";
import { col, type Rec, table } from "./record";

const base = (name: string, type: Column["type"], extra: Partial<Column> = {}): Column => ({ name, type, nullable: false, unique: false, ...extra });

describe("column kinds", () => {
  const cases: [string, Rec, Column["type"]][] = [
    ["smallint", col.call("smallint"), { kind: "smallint" }],
    ["bigint", col.call("bigint"), { kind: "bigint" }],
    ["unsigned smallint", col.call("smallint").call("unsigned"), { kind: "smallint", unsigned: true }],
    ["unsigned integer", col.integer().call("unsigned"), { kind: "integer", unsigned: true }],
    ["unsigned bigint", col.call("bigint").call("unsigned"), { kind: "bigint", unsigned: true }],
    ["char", col.call("char", 2), { kind: "char", length: 2 }],
    ["timestamp", col.call("timestamp"), { kind: "timestamp", timezone: false }],
    ["timestamp(3)", col.call("timestamp", 3), { kind: "timestamp", timezone: false, precision: 3 }],
    ["timestamptz", col.call("timestamptz"), { kind: "timestamp", timezone: true }],
    ["timestamptz(0)", col.call("timestamptz", 0), { kind: "timestamp", timezone: true, precision: 0 }],
    ["sql_type", col.call("sql_type", "citext"), { kind: "sql_type", sql: "citext" }],
    ["native_enum", col.call("native_enum", "mood", ["happy", "sad"]), { kind: "native_enum", name: "mood", values: ["happy", "sad"] }],
    ["sql_type with arguments", col.call("sql_type", "varchar(20)[]"), { kind: "sql_type", sql: "varchar(20)[]" }],
  ];
  test.each(cases)("%s", (_name, rec, type) => {
    expect(columnOf(table({ value: rec }), "value")).toEqual(base("value", type));
  });
});

describe("char and timestamp arguments", () => {
  test.each([
    ["char without a length", col.call("char"), "E_SCHEMA_STRING_LENGTH"],
    ["char(0)", col.call("char", 0), "E_SCHEMA_STRING_LENGTH"],
    ["char(256)", col.call("char", 256), "E_SCHEMA_STRING_LENGTH"],
    ["timestamp(7)", col.call("timestamp", 7), "E_SCHEMA_BAD_ARGUMENT"],
    ["timestamptz(1.5)", col.call("timestamptz", 1.5), "E_SCHEMA_BAD_ARGUMENT"],
    ["sql_type with a clause", col.call("sql_type", "text not null"), "E_SCHEMA_SQL_TYPE"],
    ["sql_type with a second statement", col.call("sql_type", "text; drop table x"), "E_SCHEMA_SQL_TYPE"],
    ["sql_type without a type", col.call("sql_type"), "E_SCHEMA_BAD_ARGUMENT"],
    ["native_enum with a bad type name", col.call("native_enum", "Mood", ["a"]), "E_BAD_IDENTIFIER"],
    ["native_enum without values", col.call("native_enum", "mood", []), "E_SCHEMA_ENUM_EMPTY"],
    ["native_enum with a value twice", col.call("native_enum", "mood", ["a", "a"]), "E_SCHEMA_ENUM_DUPLICATE"],
  ] as const)("%s is refused", (_n, rec, code) => {
    expectError(() => interpret(table({ v: rec })), code, 1, 1);
  });

  test("a char default fits its length; timestamps take now and ISO-8601 values", () => {
    expectError(() => interpret(table({ v: col.call("char", 2).at(2, 2).default("abc") })), "E_SCHEMA_BAD_DEFAULT", 2, 2);
    expect(columnOf(table({ v: col.call("timestamp").default("now") }), "v").default).toEqual({ kind: "expr", expr: "now" });
    expect(columnOf(table({ v: col.call("timestamptz", 3).default("2024-01-01T00:00:00Z") }), "v").default).toEqual({ kind: "literal", value: "2024-01-01T00:00:00Z" });
    expectError(() => interpret(table({ v: col.call("timestamp").at(2, 2).default("yesterday") })), "E_SCHEMA_BAD_DEFAULT", 2, 2);
  });
});

describe("serial keys", () => {
  test.each([
    ["serial", col.call("serial"), { kind: "serial" }],
    ["bigserial", col.call("bigserial"), { kind: "bigserial" }],
    ["unsigned serial", col.call("serial").call("unsigned"), { kind: "serial", unsigned: true }],
    ["always-generated bigserial", col.call("bigserial").call("always"), { kind: "bigserial", identity: "always" }],
  ] as const)("col.%s() is the primary key, with no default (the database numbers rows)", (_n, rec, type) => {
    const def = interpret(table({ id: rec }));
    expect(def.columns[0]?.primaryKey).toBe(true);
    expect(def.columns[0]?.column).toEqual(base("id", type));
  });

  test("`.always()` applies to serial keys only", () => {
    expectError(() => interpret(table({ v: col.integer().at(2, 9).call("always") })), "E_SCHEMA_MODIFIER_NOT_APPLICABLE", 2, 9);
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

describe("primary keys", () => {
  test("`.primary_key()` makes a typed column the key", () => {
    const def = interpret(table({ code: col.call("char", 2).call("primary_key"), name: col.text() }));
    expect(def.columns.find((c) => c.column.name === "code")?.primaryKey).toBe(true);
    expect(def.primaryKey).toBeUndefined();
  });

  test("a table-level `.primary_key(a, b)` keeps its order and takes relations by their key", () => {
    const def = interpret(table({ tag: col.belongs_to("shop.tag"), post: col.belongs_to("shop.post"), pos: col.integer() }).call("primary_key", "post", "tag"));
    expect(def.primaryKey).toEqual(["post_id", "tag_id"]);
    expect(def.columns.filter((c) => c.primaryKey).map((c) => c.column.name).sort()).toEqual(["post_id", "tag_id"]);
  });

  test.each([
    ["two column-level keys", () => table({ a: col.integer().call("primary_key"), b: col.at(3, 3).integer().call("primary_key") }), "E_SCHEMA_DUPLICATE_PRIMARY_KEY", 3, 3],
    ["a column key and a table key", () => table({ id: col.call("serial"), b: col.integer() }).at(4, 2).call("primary_key", "b"), "E_SCHEMA_DUPLICATE_PRIMARY_KEY", 4, 2],
    ["an optional key column", () => table({ a: col.integer().optional(), b: col.integer() }).at(4, 2).call("primary_key", "a", "b"), "E_SCHEMA_CONFLICTING_MODIFIERS", 4, 2],
    ["an unknown key column", () => table({ a: col.integer() }).at(4, 2).call("primary_key", "a", "zz"), "E_SCHEMA_UNKNOWN_COLUMN", 4, 2],
    ["`.optional().primary_key()`", () => table({ a: col.integer().at(2, 8).optional().call("primary_key") }), "E_SCHEMA_CONFLICTING_MODIFIERS", 2, 8],
    ["`.primary_key()` twice on the table", () => table({ a: col.integer() }).call("primary_key", "a").at(5, 1).call("primary_key", "a"), "E_SCHEMA_DUPLICATE_METHOD", 5, 1],
  ] as const)("%s is refused", (_n, rec, code, line, column) => {
    expectError(() => interpret(rec()), code, line, column);
  });
});

describe("indexes as they exist", () => {
  test("a name, descending columns and a condition are kept as written", () => {
    const def = interpret(table({ at: col.datetime(), level: col.string(10), gone: col.datetime().optional() })
      .index("at desc", "level", { name: "log_recent" })
      .unique("level", { name: "log_live_level", where: "gone is null" }));
    expect(def.indexes.map(({ at: _at, ...rest }) => rest)).toEqual([
      { columns: ["at", "level"], unique: false, name: "log_recent", descending: ["at"] },
      { columns: ["level"], unique: true, name: "log_live_level", where: "gone is null" },
    ]);
  });

  test.each([
    ["a condition that leaves its parentheses", () => table({ a: col.integer() }).at(2, 3).index("a", { where: "a > 0) or (1 = 1" }), "E_SQL_UNSAFE_EXPRESSION"],
    ["an unknown option", () => table({ a: col.integer() }).at(2, 3).index("a", { using: "gin" }), "E_SCHEMA_BAD_ARGUMENT"],
    ["a bad direction", () => table({ a: col.integer() }).at(2, 3).index("a sideways"), "E_SCHEMA_BAD_ARGUMENT"],
    ["a bad name", () => table({ a: col.integer() }).at(2, 3).index("a", { name: "Bad Name" }), "E_BAD_IDENTIFIER"],
  ] as const)("%s is refused", (_n, rec, code) => {
    expect(errorOf(() => interpret(rec())).code).toBe(code);
  });
});

describe("tables without a namespace", () => {
  test("a file directly in schemas/ is a table named after it; references reach root tables", () => {
    const def = interpret(table({ buyer: col.belongs_to("users"), other: col.belongs_to(".accounts"), owner: col.belongs_to("auth.user") }), "", "order_items", "schemas/order_items.js");
    expect(def.ref).toBe("order_items");
    expect(def.relations.map((r) => r.target)).toEqual(["users", "accounts", "auth.user"]);
  });

  test("in a namespaced file `.x` stays in the namespace and `x` is a root table", () => {
    const def = interpret(table({ a: col.belongs_to(".tag"), b: col.belongs_to("tag") }), "blog", "post");
    expect(def.relations.map((r) => r.target)).toEqual(["blog.tag", "tag"]);
  });
});
