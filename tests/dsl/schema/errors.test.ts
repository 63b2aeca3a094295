import { describe, expect, test } from "bun:test";
import { interpretSchemaFile } from "../../../src/dsl/schema";
import { errorOf, expectError, FILE, interpret } from "./helpers";
import { col, type Rec, root, schemaFile, table, tableAt } from "./record";

/** [what, recording, code, line, column]: each recording has one mistake at line:column. */
type Case = [string, () => unknown, string, number, number];

const t = (columns: Record<string, unknown>): Rec => tableAt(1, 16)(columns);
const one = (rec: Rec): (() => unknown) => () => interpret(t({ v: rec }));
const on = (rec: Rec): (() => unknown) => () => interpret(rec);

const cases: Case[] = [
  // types
  ["unknown type", one(col.at(4, 10).call("strng", 255)), "E_SCHEMA_UNKNOWN_TYPE", 4, 10],
  ["string without length", one(col.at(2, 6).string()), "E_SCHEMA_STRING_LENGTH", 2, 6],
  ["string(0)", one(col.at(2, 6).string(0)), "E_SCHEMA_STRING_LENGTH", 2, 6],
  ["string(2.5)", one(col.at(2, 6).string(2.5)), "E_SCHEMA_STRING_LENGTH", 2, 6],
  ['string("255")', one(col.at(2, 6).string("255")), "E_SCHEMA_STRING_LENGTH", 2, 6],
  ["string too long", one(col.at(2, 6).string(100000)), "E_SCHEMA_STRING_LENGTH", 2, 6],
  ["decimal()", one(col.at(3, 3).decimal()), "E_SCHEMA_DECIMAL", 3, 3],
  ["decimal(10)", one(col.at(3, 3).decimal(10)), "E_SCHEMA_DECIMAL", 3, 3],
  ["decimal(0, 0)", one(col.at(3, 3).decimal(0, 0)), "E_SCHEMA_DECIMAL", 3, 3],
  ["decimal scale > precision", one(col.at(3, 3).decimal(5, 6)), "E_SCHEMA_DECIMAL", 3, 3],
  ["decimal precision too big", one(col.at(3, 3).decimal(66, 2)), "E_SCHEMA_DECIMAL", 3, 3],
  ["decimal negative scale", one(col.at(3, 3).decimal(10, -1)), "E_SCHEMA_DECIMAL", 3, 3],
  ["enum()", one(col.at(5, 9).enum()), "E_SCHEMA_ENUM_EMPTY", 5, 9],
  ["enum([])", one(col.at(5, 9).enum([])), "E_SCHEMA_ENUM_EMPTY", 5, 9],
  ["enum duplicate value", one(col.at(5, 9).enum(["a", "b", "a"])), "E_SCHEMA_ENUM_DUPLICATE", 5, 9],
  ["enum non-string value", one(col.at(5, 9).enum(["a", 1])), "E_SCHEMA_ENUM_VALUE", 5, 9],
  ["enum empty string", one(col.at(5, 9).enum([""])), "E_SCHEMA_ENUM_VALUE", 5, 9],
  ["enum not an array", one(col.at(5, 9).enum("a")), "E_SCHEMA_BAD_ARGUMENT", 5, 9],
  ["arguments to a simple type", one(col.at(2, 6).text(5)), "E_SCHEMA_BAD_ARGUMENT", 2, 6],
  ["col.flag with a non-boolean", one(col.at(2, 6).flag("yes")), "E_SCHEMA_BAD_ARGUMENT", 2, 6],
  ["col.id read, not called", one(col.at(2, 7).read("id")), "E_SCHEMA_NOT_CALLED", 2, 7],
  // modifiers
  ["unknown modifier", one(col.string(5).at(6, 20).call("uniqe")), "E_SCHEMA_UNKNOWN_MODIFIER", 6, 20],
  ["modifier read, not called", one(col.string(5).at(6, 20).read("unique")), "E_SCHEMA_NOT_CALLED", 6, 20],
  ["optional on col.id()", one(col.id().at(2, 15).optional()), "E_SCHEMA_MODIFIER_NOT_APPLICABLE", 2, 15],
  ["on_delete on a plain column", one(col.text().at(2, 15).on_delete("cascade")), "E_SCHEMA_MODIFIER_NOT_APPLICABLE", 2, 15],
  ["min on a boolean", one(col.boolean().at(2, 15).min(1)), "E_SCHEMA_MODIFIER_NOT_APPLICABLE", 2, 15],
  ["pattern on an integer", one(col.integer().at(2, 15).pattern("^1")), "E_SCHEMA_MODIFIER_NOT_APPLICABLE", 2, 15],
  ["index on a relation", one(col.belongs_to("a.b").at(2, 15).index()), "E_SCHEMA_MODIFIER_NOT_APPLICABLE", 2, 15],
  ["unique on belongs_to_any", one(col.belongs_to_any(["a.b"]).at(2, 15).unique()), "E_SCHEMA_MODIFIER_NOT_APPLICABLE", 2, 15],
  ["unique twice", one(col.text().unique().at(3, 30).unique()), "E_SCHEMA_DUPLICATE_MODIFIER", 3, 30],
  ["optional and nullable", one(col.text().optional().at(3, 30).nullable()), "E_SCHEMA_DUPLICATE_MODIFIER", 3, 30],
  ["backfill on an optional column", one(col.integer().optional().at(3, 30).backfill(1)), "E_SCHEMA_CONFLICTING_MODIFIERS", 3, 30],
  ["index on a unique column", one(col.text().unique().at(3, 30).index()), "E_SCHEMA_CONFLICTING_MODIFIERS", 3, 30],
  ["index on col.slug()", one(col.slug().at(3, 30).index()), "E_SCHEMA_CONFLICTING_MODIFIERS", 3, 30],
  ["set_null on a required relation", one(col.belongs_to("a.b").at(3, 30).on_delete("set_null")), "E_SCHEMA_CONFLICTING_MODIFIERS", 3, 30],
  ["set_default without a default", one(col.belongs_to("a.b").at(3, 30).on_update("set_default")), "E_SCHEMA_CONFLICTING_MODIFIERS", 3, 30],
  ["unknown action", one(col.belongs_to("a.b").at(3, 30).on_delete("explode")), "E_SCHEMA_BAD_ACTION", 3, 30],
  [".default() without a value", one(col.integer().at(3, 20).default()), "E_SCHEMA_BAD_ARGUMENT", 3, 20],
  [".min() with a string", one(col.integer().at(3, 20).min("1")), "E_SCHEMA_BAD_ARGUMENT", 3, 20],
  [".docs() with a number", one(col.text().at(3, 20).docs(3)), "E_SCHEMA_BAD_ARGUMENT", 3, 20],
  ["min > max", one(col.integer().min(5).at(3, 25).max(1)), "E_SCHEMA_BAD_RANGE", 3, 25],
  ["negative length bound", one(col.string(5).at(3, 25).min(-1)), "E_SCHEMA_BAD_RANGE", 3, 25],
  ["fractional length bound", one(col.text().at(3, 25).max(2.5)), "E_SCHEMA_BAD_RANGE", 3, 25],
  ["length bound beyond string(n)", one(col.string(255).at(3, 25).max(300)), "E_SCHEMA_BAD_RANGE", 3, 25],
  ["invalid pattern", one(col.text().at(3, 25).pattern("(")), "E_SCHEMA_BAD_PATTERN", 3, 25],
  ["empty pattern", one(col.text().at(3, 25).pattern("")), "E_SCHEMA_BAD_PATTERN", 3, 25],
  // defaults and backfills
  ['integer default "x"', one(col.integer().at(7, 30).default("x")), "E_SCHEMA_BAD_DEFAULT", 7, 30],
  ["integer default 1.5", one(col.integer().at(7, 30).default(1.5)), "E_SCHEMA_BAD_DEFAULT", 7, 30],
  ["integer default out of range", one(col.integer().at(7, 30).default(2147483648)), "E_SCHEMA_BAD_DEFAULT", 7, 30],
  ["enum default not in values", one(col.enum(["a"]).at(7, 30).default("b")), "E_SCHEMA_BAD_DEFAULT", 7, 30],
  ["string default too long", one(col.string(3).at(7, 30).default("abcd")), "E_SCHEMA_BAD_DEFAULT", 7, 30],
  ["NOT NULL default null", one(col.text().at(7, 30).default(null)), "E_SCHEMA_BAD_DEFAULT", 7, 30],
  ["impossible date", one(col.date().at(7, 30).default("2023-02-29")), "E_SCHEMA_BAD_DEFAULT", 7, 30],
  ["bad time", one(col.time().at(7, 30).default("25:00")), "E_SCHEMA_BAD_DEFAULT", 7, 30],
  ["bad datetime", one(col.datetime().at(7, 30).default("yesterday")), "E_SCHEMA_BAD_DEFAULT", 7, 30],
  ['boolean default "true"', one(col.boolean().at(7, 30).default("true")), "E_SCHEMA_BAD_DEFAULT", 7, 30],
  ["uuid default not a uuid", one(col.uuid().at(7, 30).default("x")), "E_SCHEMA_BAD_DEFAULT", 7, 30],
  ["base64 default not base64", one(col.base64().at(7, 30).default("a")), "E_SCHEMA_BAD_DEFAULT", 7, 30],
  ["decimal default too many digits", one(col.decimal(5, 2).at(7, 30).default(1234.5)), "E_SCHEMA_BAD_DEFAULT", 7, 30],
  ["decimal default too many places", one(col.decimal(5, 2).at(7, 30).default("1.234")), "E_SCHEMA_BAD_DEFAULT", 7, 30],
  ["float default a string", one(col.float().at(7, 30).default("1")), "E_SCHEMA_BAD_DEFAULT", 7, 30],
  ["default is an expression", one(col.integer().at(7, 30).default(col.integer())), "E_SCHEMA_BAD_DEFAULT", 7, 30],
  ["default below min", one(col.integer().min(1).at(7, 30).default(0)), "E_SCHEMA_BAD_DEFAULT", 7, 30],
  ["default not matching the pattern", one(col.string(5).pattern("^a").at(7, 30).default("b")), "E_SCHEMA_BAD_DEFAULT", 7, 30],
  ["built-in default outside the bounds", one(col.counter().at(7, 30).min(1)), "E_SCHEMA_BAD_DEFAULT", 7, 30],
  ["backfill(null)", one(col.integer().at(8, 12).backfill(null)), "E_SCHEMA_BAD_BACKFILL", 8, 12],
  ['backfill("now")', one(col.datetime().at(8, 12).backfill("now")), "E_SCHEMA_BAD_BACKFILL", 8, 12],
  ["backfill of the wrong type", one(col.integer().at(8, 12).backfill("x")), "E_SCHEMA_BAD_BACKFILL", 8, 12],
  ["relation default not a uuid", one(col.belongs_to("a.b").at(8, 12).default("x")), "E_SCHEMA_BAD_DEFAULT", 8, 12],
  // relations
  ["reference that is not a table name", one(col.at(4, 11).belongs_to("User")), "E_SCHEMA_BAD_REFERENCE", 4, 11],
  ["reference with two dots", one(col.at(4, 11).belongs_to("a.b.c")), "E_SCHEMA_BAD_REFERENCE", 4, 11],
  ["reference not a string", one(col.at(4, 11).one_to_one(5)), "E_SCHEMA_BAD_ARGUMENT", 4, 11],
  ["belongs_to_any([])", one(col.at(4, 11).belongs_to_any([])), "E_SCHEMA_BAD_ARGUMENT", 4, 11],
  ["belongs_to_any duplicate", one(col.at(4, 11).belongs_to_any(["a.b", "a.b"])), "E_SCHEMA_BAD_ARGUMENT", 4, 11],
  ["belongs_to_any unknown option", one(col.at(4, 11).belongs_to_any(["a.b"], { name: "x" })), "E_SCHEMA_BAD_ARGUMENT", 4, 11],
  ["belongs_to_any bad as", one(col.at(4, 11).belongs_to_any(["a.b"], { as: "X" })), "E_BAD_IDENTIFIER", 4, 11],
  ["alias not an identifier", one(col.belongs_to("a.b").at(4, 40).as("Author")), "E_BAD_IDENTIFIER", 4, 40],
  ["relation key `post_id` beside a relation `post`", () => interpret(t({ post: col.belongs_to("a.b"), post_id: col.at(4, 14).belongs_to("a.b") })), "E_SCHEMA_DUPLICATE_COLUMN", 4, 14],
  // table-level
  ["column key not an identifier", () => interpret(t({ Email: col.at(3, 10).email() })), "E_BAD_IDENTIFIER", 3, 10],
  ["column not a col chain", () => interpret(t({ x: "text" })), "E_SCHEMA_BAD_COLUMN", 1, 16],
  ["column from another root", () => interpret(t({ x: root("m").at(2, 6).string(5) })), "E_SCHEMA_BAD_COLUMN", 2, 6],
  ["column is col itself", () => interpret(t({ x: root("col") })), "E_SCHEMA_BAD_COLUMN", 1, 16],
  ["empty table", () => interpret(t({})), "E_SCHEMA_EMPTY_TABLE", 1, 16],
  ["table() of an array", () => interpret(tableAt(1, 16)([])), "E_SCHEMA_BAD_ARGUMENT", 1, 16],
  ["duplicate column by relation", () => interpret(t({ author: col.at(2, 11).belongs_to("a.b"), author_id: col.at(3, 14).uuid() })), "E_SCHEMA_DUPLICATE_COLUMN", 3, 14],
  ["duplicate column by timestamps", () => interpret(t({ created_at: col.at(2, 15).datetime() }).at(9, 4).timestamps()), "E_SCHEMA_DUPLICATE_COLUMN", 9, 4],
  ["duplicate column by soft_delete", () => interpret(t({ deleted_at: col.at(2, 15).datetime() }).at(9, 4).soft_delete()), "E_SCHEMA_DUPLICATE_COLUMN", 9, 4],
  ["duplicate column by polymorphic", () => interpret(t({ target_id: col.at(2, 15).uuid(), target: col.at(3, 11).belongs_to_any(["a.b"]) })), "E_SCHEMA_DUPLICATE_COLUMN", 3, 11],
  ["two col.id()", () => interpret(t({ id: col.at(2, 7).id(), other: col.at(3, 10).id() })), "E_SCHEMA_DUPLICATE_PRIMARY_KEY", 3, 10],
  ["unknown table method", on(t({ id: col.id() }).at(5, 4).call("timestamp")), "E_SCHEMA_UNKNOWN_METHOD", 5, 4],
  ["table method read, not called", on(t({ id: col.id() }).at(5, 4).read("timestamps")), "E_SCHEMA_NOT_CALLED", 5, 4],
  ["timestamps twice", on(t({ id: col.id() }).timestamps().at(5, 17).timestamps()), "E_SCHEMA_DUPLICATE_METHOD", 5, 17],
  ["many_to_many twice", on(t({ id: col.id() }).many_to_many("a.b").at(5, 4).many_to_many("a.b")), "E_SCHEMA_DUPLICATE_METHOD", 5, 4],
  ["many_to_many with itself", on(t({ id: col.id() }).at(5, 4).many_to_many("self")), "E_SCHEMA_JUNCTION_SELF", 5, 4],
  ["many_to_many bad reference", on(t({ id: col.id() }).at(5, 4).many_to_many("Auth.role")), "E_SCHEMA_BAD_REFERENCE", 5, 4],
  ["index on an unknown column", on(t({ id: col.id() }).at(6, 4).index("nope")), "E_SCHEMA_UNKNOWN_COLUMN", 6, 4],
  ["index without columns", on(t({ id: col.id() }).at(6, 4).index()), "E_SCHEMA_BAD_ARGUMENT", 6, 4],
  ["index listing a column twice", on(t({ a: col.text() }).at(6, 4).index("a", "a")), "E_SCHEMA_BAD_ARGUMENT", 6, 4],
  ["same index twice", on(t({ a: col.text(), b: col.text() }).index("a", "b").at(6, 20).index("a", "b")), "E_SCHEMA_DUPLICATE_INDEX", 6, 20],
  ["unique on an already unique column", on(t({ a: col.slug() }).at(6, 4).unique("a")), "E_SCHEMA_DUPLICATE_INDEX", 6, 4],
  ["check with one argument", on(t({ a: col.integer() }).at(7, 4).check("chk_a")), "E_SCHEMA_BAD_ARGUMENT", 7, 4],
  ["check name not an identifier", on(t({ a: col.integer() }).at(7, 4).check("Chk A", "a > 0")), "E_BAD_IDENTIFIER", 7, 4],
  ["check with empty expression", on(t({ a: col.integer() }).at(7, 4).check("chk_a", " ")), "E_SCHEMA_BAD_ARGUMENT", 7, 4],
  ["check twice", on(t({ a: col.integer() }).check("chk_a", "a > 0").at(7, 30).check("chk_a", "a < 9")), "E_SCHEMA_DUPLICATE_CHECK", 7, 30],
  ["table belongs_to_any without as", on(t({ id: col.id() }).at(7, 4).belongs_to_any(["a.b"], {})), "E_SCHEMA_BAD_ARGUMENT", 7, 4],
  ["default export is col.*", () => interpret(col.at(1, 16).string(5)), "E_SCHEMA_NOT_TABLE", 1, 16],
  ["default export is migration()", () => interpret(root("migration").at(1, 16).migration({})), "E_SCHEMA_NOT_TABLE", 1, 16],
];

describe("every schema mistake has a code, a location and a hint", () => {
  test.each(cases)("%s", (_what, fn, code, line, column) => {
    const e = expectError(fn, code, line, column);
    expect(e.at?.file).toBe(FILE);
    expect(e.exit).toBe(2);
  });
});

describe("error details", () => {
  test("unknown type suggests the nearest constructor", () => {
    expect(errorOf(one(col.call("strng", 255))).at?.label).toBe("did you mean `col.string`?");
    expect(errorOf(one(col.call("emial"))).at?.label).toBe("did you mean `col.email` or `col.serial`?");
    expect(errorOf(one(col.call("zzzzzz"))).at?.label).toBeUndefined();
  });

  test("unknown modifier and table method suggest the nearest name", () => {
    expect(errorOf(one(col.text().call("optinal"))).at?.label).toBe("did you mean `.optional()`?");
    expect(errorOf(on(t({ id: col.id() }).call("softdelete"))).at?.label).toBe("did you mean `.soft_delete()`?");
  });

  test("unknown action suggests the nearest", () => {
    expect(errorOf(one(col.belongs_to("a.b").on_delete("cascde"))).at?.label).toBe("did you mean `cascade`?");
  });

  test("a duplicate column names both origins", () => {
    const e = errorOf(() => interpret(t({ created_at: col.at(2, 15).datetime() }).at(9, 4).timestamps()));
    expect(e.message).toBe("column `created_at` is defined twice: by the key `created_at` (line 2) and by `.timestamps()` (line 9)");
  });

  test("namespace and table names come from the path", () => {
    expectError(() => interpret(t({ id: col.id() }), "Blog", "post"), "E_BAD_IDENTIFIER");
    expectError(() => interpret(t({ id: col.id() }), "blog", "1post"), "E_BAD_IDENTIFIER");
  });

  test("no default export", () => {
    const e = errorOf(() => interpretSchemaFile({ file: FILE, value: { $alab: "undefined" }, logs: [], source: "" }, "a", "b"));
    expect([e.code, e.message]).toEqual(["E_SCHEMA_NOT_TABLE", "schema file has no default export, not `table({...})`"]);
    expectError(() => interpretSchemaFile(schemaFile("table"), "a", "b"), "E_SCHEMA_NOT_TABLE");
  });

  test("the first mistake in a file is the one reported", () => {
    const e = errorOf(() => interpret(t({ a: col.at(2, 1).call("strng"), b: col.at(3, 1).call("txt") })));
    expect(e.at?.line).toBe(2);
  });

  test("a table() without the column object", () => {
    const noArgs = tableAt(1, 16) as unknown as () => Rec;
    expectError(() => interpret(noArgs()), "E_SCHEMA_BAD_ARGUMENT", 1, 16);
    expect(interpret(table({ id: col.id() })).ref).toBe("test.thing");
  });
});
