/** `.default(sql({ postgres, mysql, sqlite }))` (issue 12, item 7): one SQL expression per database, checked where written. */
import { describe, expect, test } from "bun:test";
import { columnOf, errorOf, interpret } from "./helpers";
import { col, root, table } from "./record";

/** `sql({...})` as the sandbox records it: a call on the `sql` root. */
const sql = (arg: unknown) => root("sql").call("sql", arg);

test("a default per database, kept as written", () => {
  const c = columnOf(table({ v: col.string(20).default(sql({ postgres: " upper('x') ", sqlite: "upper('x')" })) }), "v");
  expect(c.default).toEqual({ kind: "sql", sql: { postgres: "upper('x')", sqlite: "upper('x')" } });
});

test.each([
  ["an unknown database", sql({ oracle: "1" }), /keys are postgres, mysql and sqlite/],
  ["no database", sql({}), /no database/],
  ["not one expression", sql({ postgres: "1); drop table x; --" }), /not one SQL expression/],
  ["not a string", sql({ mysql: 5 }), /non-empty SQL expression string/],
])("%s is refused at the call", (_name, value, message) => {
  const e = errorOf(() => interpret(table({ v: col.string(20).default(value) })));
  expect(e.code).toBe("E_SCHEMA_BAD_DEFAULT");
  expect(e.message).toMatch(message);
});

test("a backfill is a value, not SQL", () => {
  expect(errorOf(() => interpret(table({ v: col.string(20).backfill(sql({ postgres: "'x'" })) }))).code).toBe("E_SCHEMA_BAD_BACKFILL");
});

describe("generated columns (AstrolaDB's .computed / .virtual)", () => {
  const fn = (name: string, ...args: unknown[]) => root("fn").call(name, ...args);
  test("stored and virtual, built from fn.*, strings and numbers", () => {
    const def = interpret(table({ a: col.string(10), b: col.integer(), full: col.text().call("computed", fn("concat", fn("col", "a"), " ", fn("upper", fn("col", "a")))), twice: col.integer().call("computed", fn("mul", fn("col", "b"), 2)).call("virtual") }));
    const by = new Map(def.columns.map((c) => [c.column.name, c.column.generated]));
    expect(by.get("full")).toEqual({ stored: true, expr: { k: "fn", fn: "concat", args: [{ k: "col", name: "a" }, { k: "lit", value: " " }, { k: "fn", fn: "upper", args: [{ k: "col", name: "a" }] }] } });
    expect(by.get("twice")).toEqual({ stored: false, expr: { k: "fn", fn: "mul", args: [{ k: "col", name: "b" }, { k: "lit", value: 2 }] } });
  });

  test.each([
    ["`.virtual()` alone (an app-only column)", () => interpret(table({ up: col.text().call("virtual") })), /app-only/],
    ["an unknown column", () => interpret(table({ a: col.text(), x: col.text().call("computed", fn("upper", fn("col", "b"))) })), /not a column of the table/],
    ["another generated column", () => interpret(table({ a: col.text(), x: col.text().call("computed", fn("upper", fn("col", "a"))), y: col.text().call("computed", fn("lower", fn("col", "x"))) })), /the generated column `x`/],
    ["an unknown function", () => interpret(table({ a: col.text(), x: col.text().call("computed", fn("uper", fn("col", "a"))) })), /not a function alab knows/],
    ["a wrong number of arguments", () => interpret(table({ a: col.text(), x: col.text().call("computed", fn("upper")) })), /takes 1 argument/],
  ])("%s is refused", (_name, run, message) => {
    const e = errorOf(run);
    expect(e.code).toBe("E_SCHEMA_GENERATED_COLUMN");
    expect(e.message).toMatch(message);
  });

  test("a default on a generated column contradicts it", () => {
    expect(errorOf(() => interpret(table({ a: col.text(), x: col.text().default("z").call("computed", fn("upper", fn("col", "a"))) }))).code).toBe("E_SCHEMA_CONFLICTING_MODIFIERS");
  });
});
