/** `sql_type` text reaches CREATE TABLE verbatim: only a plain type name passes (src/sql/raw-type.ts). */
import { describe, expect, test } from "bun:test";
import { AlabError } from "../../src/errors";
import { assertRawType, rawTypeProblem } from "../../src/sql/raw-type";

describe("raw SQL types", () => {
  test.each([
    "citext", "public.citext", "inet", "integer[]", "varchar(20)[]", "character varying", "double precision",
    "time(3) with time zone", "numeric(10, 2)", "int unsigned", "enum('a','b')", "enum('it''s', 'b c')", "set('x')",
    "year", "bit varying(8)", "text[][]", "geometry", "tsvector",
  ])("%s is a type", (text) => {
    expect(rawTypeProblem(text)).toBeUndefined();
    expect(assertRawType(text, "x")).toBe(text);
  });

  test.each([
    ["", "empty"],
    ["text; drop table users", "not a plain type name"],
    ["text -- comment", "not a plain type name"],
    ["text /* c */", "not a plain type name"],
    ["text default 'x'", "not a plain type name"],
    ["text not null", "`not` starts a clause"],
    ["int primary key", "`primary` starts a clause"],
    ["text collate c", "`collate` starts a clause"],
    ["int references users", "`references` starts a clause"],
    ["int generated always as identity", "`generated` starts a clause"],
    ["int auto_increment", "`auto_increment` starts a clause"],
    ['"MyType"', "not a plain type name"],
    ["enum('a\\')", "not a plain type name"],
    ["enum('a'", "not a plain type name"],
    ["text)", "not a plain type name"],
    ["$1", "not a plain type name"],
    ["int\nunsigned", "not a plain type name"],
    ["x".repeat(201), "longer than 200"],
  ])("%j is refused: %s", (text, why) => {
    expect(rawTypeProblem(text)).toContain(why);
    let error: unknown;
    try {
      assertRawType(text, "a sql_type column");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AlabError);
    expect((error as AlabError).code).toBe("E_SQL_BAD_TYPE");
  });

  test("a quoted string may hold words that would be clauses outside it", () => {
    expect(rawTypeProblem("enum('not','null','default')")).toBeUndefined();
  });
});
