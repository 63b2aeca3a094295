/**
 * Raw SQL with arguments: `?` placeholders are found outside quotes, quoted names, comments and
 * dollar-quoted bodies; PostgreSQL gets $1, $2, …; a count mismatch is refused.
 */
import { describe, expect, test } from "bun:test";
import { AlabError } from "../../src/errors";
import type { Dialect } from "../../src/sql/dialect";
import { inlineArgs, placeholders, rawStatement } from "../../src/sql/params";

describe("placeholders", () => {
  test.each([
    ["select ?", "postgres", [7]],
    ["select '?', \"?\", ?", "postgres", [17]],
    ["select 'it''s ?', ?", "sqlite", [18]],
    ["select E'\\' ?', ?", "postgres", [16]],
    ["select 'a\\' ?', ?", "mysql", [16]],
    ["select 'a\\', ?", "postgres", [13]],
    ["select `?`, ? -- ?\n, ?", "mysql", [12, 21]],
    ["select ? # ?\n", "mysql", [7]],
    ["select ? /* ? */ , ?", "sqlite", [7, 19]],
    ["select $$ ? $$, $tag$ ? $tag$, ?", "postgres", [31]],
    ["select 'unterminated ?", "sqlite", []],
  ] as [string, Dialect, number[]][])("%p on %s", (sql, dialect, at) => {
    expect(placeholders(sql, dialect)).toEqual(at);
  });
});

describe("rawStatement", () => {
  test("without arguments the text is untouched (a `?` may be PostgreSQL's jsonb operator)", () => {
    expect(rawStatement("select '{}'::jsonb ? 'a'", undefined, "postgres")).toEqual({ sql: "select '{}'::jsonb ? 'a'" });
  });
  test("PostgreSQL numbers its placeholders; the others keep `?`", () => {
    const sql = "update t set a = ?, b = '?' where c = ?";
    expect(rawStatement(sql, [1, "x"], "postgres")).toEqual({ sql: "update t set a = $1, b = '?' where c = $2", args: [1, "x"] });
    expect(rawStatement(sql, [1, "x"], "mysql")).toEqual({ sql, args: [1, "x"] });
    expect(rawStatement(sql, [1, null], "sqlite")).toEqual({ sql, args: [1, null] });
  });
  test("a placeholder count that does not match the arguments is refused", () => {
    let error: unknown;
    try {
      rawStatement("select ?, '?'", [1, 2], "sqlite");
    } catch (e) {
      error = e;
    }
    expect((error as AlabError).code).toBe("E_SQL_PARAM_COUNT");
    expect((error as AlabError).message).toContain("1 `?` placeholder(s) but 2 argument(s)");
  });
});

describe("inlineArgs (for --dry scripts)", () => {
  test.each([
    ["postgres", "update t set a = ?, b = '?' where c = ? -- ?", ["it's", null], "update t set a = 'it''s', b = '?' where c = null -- ?"],
    ["mysql", "select ?, `?`, ?", ["a\\b", true], "select 'a\\\\b', `?`, true"],
    ["sqlite", "select ?, '?', ?", [1.5, false], "select 1.5, '?', 0"],
  ] as [Dialect, string, (string | number | boolean | null)[], string][])("%s", (dialect, sql, args, expected) => {
    expect(inlineArgs(rawStatement(sql, args, dialect), dialect)).toBe(expected);
  });
  test("PostgreSQL placeholders are matched by number, $10 after $1", () => {
    const args = Array.from({ length: 10 }, (_, i) => i + 1);
    const sql = `select ${args.map(() => "?").join(", ")}`;
    expect(inlineArgs(rawStatement(sql, args, "postgres"), "postgres")).toBe(`select ${args.join(", ")}`);
  });
  test("a statement without arguments is returned as it is", () => {
    expect(inlineArgs({ sql: "select '?'" }, "sqlite")).toBe("select '?'");
  });
});
