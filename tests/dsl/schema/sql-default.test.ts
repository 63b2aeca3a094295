/** `.default(sql({ postgres, mysql, sqlite }))` (issue 12, item 7): one SQL expression per database, checked where written. */
import { expect, test } from "bun:test";
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

test("AstrolaDB's generated columns are named as not supported yet, not as unknown modifiers", () => {
  const e = errorOf(() => interpret(table({ full: col.text().call("computed", root("fn").call("concat", "a")) })));
  expect(e.code).toBe("E_SCHEMA_GENERATED_COLUMN");
  expect(errorOf(() => interpret(table({ up: col.text().call("virtual") }))).code).toBe("E_SCHEMA_GENERATED_COLUMN");
});
