/** Every error the interpreter raises for a statement, with its code, message and location. */
import { describe, expect, test } from "bun:test";
import { interpretAzul } from "../../../src/dsl/azul";
import { AZUL_CODES } from "../../../src/dsl/azul/fail";
import { errorOf, locOf, migrationFile, type R } from "./record";

interface Case {
  readonly name: string;
  readonly up: (schema: R, query: R) => unknown;
  readonly code: string;
  /** Exact message, or a fragment when it starts with "~". */
  readonly message: string;
  /** The call the error points at, and which occurrence (0-based). */
  readonly at: string;
  readonly nth?: number;
  readonly hint?: string;
}

const mk = (name: string, body: (t: R) => void) => (s: R) => s.createTable(name, body);
const alt = (body: (t: R) => void) => (s: R) => s.alterTable("a", body);

const CASES: Case[] = [
  // the two messages the issue quotes from Azul
  { name: "two pk() columns", up: mk("a", (t) => { t.integer("x").pk(); t.integer("y").pk(); }), code: "E_AZUL_MULTIPLE_PK", message: "Table may only have one primary key column.", at: "integer", nth: 1 },
  { name: "an `id` column beside a pk() column (Azul makes `id` the key too)", up: mk("a", (t) => { t.integer("id"); t.string("code").pk(); }), code: "E_AZUL_MULTIPLE_PK", message: "Table may only have one primary key column.", at: "string" },
  { name: ".pk('x') beside another pk() column", up: (s) => s.createTable("a", (t: R) => { t.integer("x"); t.integer("y").pk(); }).pk("x"), code: "E_AZUL_MULTIPLE_PK", message: "Table may only have one primary key column.", at: "integer", nth: 1 },
  { name: "createTable without a callback", up: (s) => s.createTable("a"), code: "E_AZUL_MISSING_CALLBACK", message: "Missing callback to create columns.", at: "createTable" },
  { name: "createTable with .pk() but no callback", up: (s) => s.createTable("a").pk("b"), code: "E_AZUL_MISSING_CALLBACK", message: "Missing callback to create columns.", at: "createTable" },
  { name: "alterTable without a callback", up: (s) => s.alterTable("a"), code: "E_AZUL_MISSING_CALLBACK", message: "Missing callback to create columns.", at: "alterTable" },
  // Azul's own messages for the rest
  { name: "decimal scale without precision", up: mk("a", (t) => t.decimal("x", { scale: 2 })), code: "E_AZUL_DECIMAL_SCALE", message: "Must specify precision if specifying scale.", at: "decimal" },
  { name: "an unknown foreign key action", up: mk("a", (t) => t.integer("x").references("b.id").onDelete("setnull")), code: "E_AZUL_FK_ACTION", message: 'Unknown foreign key action "setnull"', at: "onDelete" },
  { name: "a non-string foreign key action", up: mk("a", (t) => t.integer("x").references("b.id").onUpdate(1)), code: "E_AZUL_FK_ACTION", message: 'Unknown foreign key action "the number 1"', at: "onUpdate" },
  { name: "a reference with two dots", up: mk("a", (t) => t.integer("x").references("s.b.id")), code: "E_AZUL_REFERENCE", message: 'Invalid reference format "s.b.id"', at: "references" },
  { name: "an empty reference part", up: mk("a", (t) => t.integer("x").references("b.")), code: "E_AZUL_REFERENCE", message: 'Invalid reference format "b."', at: "references" },
  { name: "onDelete without references", up: mk("a", (t) => t.integer("x").onDelete("cascade")), code: "E_AZUL_REFERENCE", message: "`onDelete` on `x` has no foreign key to act on", at: "onDelete" },
  { name: "a self-reference to a missing column", up: mk("a", (t) => t.integer("x").references("nope")), code: "E_AZUL_UNKNOWN_COLUMN", message: "`x` references `a.nope`, which `a` does not define", at: "integer" },
  { name: "an index on a missing column", up: mk("a", (t) => { t.string("x"); t.index("y"); }), code: "E_AZUL_UNKNOWN_COLUMN", message: "index `a_y_idx` names `y`, which `a` does not define", at: "index" },
  // defaults: numbers and strings only, and they must fit
  { name: "default(true)", up: mk("a", (t) => t.bool("x").default(true)), code: "E_AZUL_DEFAULT", message: "`default(value)` accepts only numbers and strings, got `true`", at: "default" },
  { name: "default(null)", up: mk("a", (t) => t.string("x").default(null)), code: "E_AZUL_DEFAULT", message: "`default(value)` accepts only numbers and strings, got null", at: "default" },
  { name: "default({})", up: mk("a", (t) => t.string("x").default({})), code: "E_AZUL_DEFAULT", message: "`default(value)` accepts only numbers and strings, got an object", at: "default" },
  { name: "a string default on an integer", up: mk("a", (t) => t.integer("x").default("many")), code: "E_AZUL_DEFAULT", message: '~default of `x` does not fit a integer column: "many" is not an integer', at: "default" },
  { name: "a default on a serial", up: mk("a", (t) => t.serial("x").default(1)), code: "E_AZUL_DEFAULT", message: "~does not fit a serial column", at: "default" },
  { name: "a bool default that is no boolean", up: mk("a", (t) => t.bool("x").default("maybe")), code: "E_AZUL_DEFAULT", message: "~does not fit a bool column", at: "default" },
  { name: "a default longer than the string", up: mk("a", (t) => t.string("x", { length: 2 }).default("abc")), code: "E_AZUL_DEFAULT", message: "~longer than 2 characters", at: "default" },
  // rename needs the type
  { name: "rename without a type", up: alt((t) => t.rename("a", "b")), code: "E_AZUL_RENAME_TYPE", message: "`table.rename('a', 'b')` is missing the column's type", at: "rename" },
  { name: "rename with an unknown type", up: alt((t) => t.rename("a", "b", "varchar")), code: "E_AZUL_RENAME_TYPE", message: "`varchar` is not an Azul column type", at: "rename" },
  // structure
  { name: "a column defined twice", up: mk("a", (t) => { t.string("x"); t.text("x"); }), code: "E_AZUL_DUPLICATE", message: "column `x` is defined twice in `a`", at: "text" },
  { name: "an index name used twice", up: mk("a", (t) => { t.string("x"); t.index("x"); t.index("x"); }), code: "E_AZUL_DUPLICATE", message: "index `a_x_idx` is defined twice", at: "index", nth: 1 },
  { name: "a column added twice", up: alt((t) => { t.string("x"); t.string("x"); }), code: "E_AZUL_DUPLICATE", message: "column `x` is added twice to `a`", at: "string", nth: 1 },
  { name: "a primary key added by alterTable", up: alt((t) => t.integer("x").pk()), code: "E_AZUL_UNSUPPORTED", message: "`x` is added as a primary key, which alterTable cannot do", at: "integer" },
  // unknown methods, with suggestions
  { name: "a snake_case schema method", up: (s) => s.create_table("a", () => {}), code: "E_AZUL_UNKNOWN_METHOD", message: "unknown method `schema.create_table`", at: "create_table", hint: "did you mean `createTable`?" },
  { name: "a misspelt column type", up: mk("a", (t) => t.strng("x")), code: "E_AZUL_UNKNOWN_METHOD", message: "unknown method `table.strng`", at: "strng", hint: "did you mean `string`?" },
  { name: "a schema-DSL modifier on an Azul column", up: mk("a", (t) => t.string("x").optional()), code: "E_AZUL_UNKNOWN_METHOD", message: "unknown method `column.optional`", at: "optional" },
  { name: "an alterTable method in createTable", up: mk("a", (t) => t.drop("x")), code: "E_AZUL_UNKNOWN_METHOD", message: "unknown method `table.drop` in createTable (it belongs to alterTable)", at: "drop" },
  { name: "an unknown createTable chain method", up: (s) => s.createTable("a", (t: R) => t.string("x")).ifNotExists(), code: "E_AZUL_UNKNOWN_METHOD", message: "unknown method `createTable(...).ifNotExists`", at: "ifNotExists" },
  { name: "an unknown dropTable chain method", up: (s) => s.dropTable("a").cascade(), code: "E_AZUL_UNKNOWN_METHOD", message: "unknown method `dropTable(...).cascade`", at: "cascade" },
  { name: "a chain on renameTable", up: (s) => s.renameTable("a", "b").unlessExists(), code: "E_AZUL_UNKNOWN_METHOD", message: "unknown method `renameTable(...).unlessExists`", at: "unlessExists" },
  { name: "a chain on alterTable", up: (s) => s.alterTable("a", (t: R) => t.string("x")).pk("x"), code: "E_AZUL_UNKNOWN_METHOD", message: "unknown method `alterTable(...).pk`", at: "pk" },
  { name: "a chain on table.index", up: mk("a", (t) => { t.string("x"); t.index("x").unique(); }), code: "E_AZUL_UNKNOWN_METHOD", message: "unknown method `table.index(...).unique`", at: "unique" },
  { name: "a query builder method other than raw", up: (_s, q) => q.select("a"), code: "E_AZUL_UNKNOWN_METHOD", message: "unknown method `query.select` (a sequential migration captures `query.raw` only)", at: "select" },
  { name: "a method read but not called", up: mk("a", (t) => t.string("x").notNull), code: "E_AZUL_NOT_CALLED", message: "`table.string(...).notNull` is read but never called", at: "notNull" },
  // bad arguments
  { name: "a table name that is not a string", up: (s) => s.createTable(5, () => {}), code: "E_AZUL_BAD_ARGUMENT", message: "table name of `createTable` must be a string, got the number 5", at: "createTable" },
  { name: "a callback that is not a function", up: (s) => s.createTable("a", "cols"), code: "E_AZUL_BAD_ARGUMENT", message: 'the callback of `createTable` must be a function, got the string "cols"', at: "createTable" },
  { name: "too many arguments", up: mk("a", (t) => t.integer("x", {}, 3)), code: "E_AZUL_BAD_ARGUMENT", message: "`integer` takes at most 2 arguments, got 3", at: "integer" },
  { name: "arguments to notNull", up: mk("a", (t) => t.integer("x").notNull(true)), code: "E_AZUL_BAD_ARGUMENT", message: "`notNull` takes at most 0 arguments, got 1", at: "notNull" },
  { name: "options that are not an object", up: mk("a", (t) => t.string("x", 80)), code: "E_AZUL_BAD_ARGUMENT", message: "the options of `string` must be an object, got the number 80", at: "string" },
  { name: "a flag option that is not a boolean", up: mk("a", (t) => t.serial("x", { primaryKey: "yes" })), code: "E_AZUL_BAD_ARGUMENT", message: 'option `primaryKey` must be true or false, got the string "yes"', at: "serial" },
  { name: "an option of another type", up: mk("a", (t) => t.integer("x", { length: 3 })), code: "E_AZUL_BAD_ARGUMENT", message: "`integer` has no option `length`", at: "integer" },
  { name: "a misspelt option", up: mk("a", (t) => t.string("x", { lenght: 3 })), code: "E_AZUL_BAD_ARGUMENT", message: "`string` has no option `lenght`", at: "string", hint: "did you mean `length`?" },
  { name: "a zero length", up: mk("a", (t) => t.string("x", { length: 0 })), code: "E_AZUL_BAD_ARGUMENT", message: "`length` must be a positive whole number, got the number 0", at: "string" },
  { name: "a scale above the precision", up: mk("a", (t) => t.decimal("x", { precision: 2, scale: 3 })), code: "E_AZUL_BAD_ARGUMENT", message: "`scale` 3 is larger than `precision` 2", at: "decimal" },
  { name: "an index on no columns", up: alt((t) => t.index([])), code: "E_AZUL_BAD_ARGUMENT", message: "the columns of `index` must name at least one column", at: "index" },
  { name: "an index listing a column twice", up: alt((t) => t.index(["x", "x"])), code: "E_AZUL_BAD_ARGUMENT", message: "the columns of `index` lists `x` twice", at: "index" },
  { name: "a non-boolean unique option", up: alt((t) => t.index("x", { unique: 1 })), code: "E_AZUL_BAD_ARGUMENT", message: "`unique` must be `true` or `false`, got the number 1", at: "index" },
  { name: "dropIndex({}) without a name", up: alt((t) => t.dropIndex({})), code: "E_AZUL_BAD_ARGUMENT", message: "the index name of `dropIndex` must be a string, got nothing", at: "dropIndex" },
  { name: ".pk() without a column or null", up: (s) => s.createTable("a", (t: R) => t.string("x")).pk(), code: "E_AZUL_BAD_ARGUMENT", message: "the primary key column of `pk` must be a string, got nothing", at: "pk" },
  { name: "empty raw SQL", up: (_s, q) => q.raw("  "), code: "E_AZUL_BAD_ARGUMENT", message: "`query.raw` is given empty SQL", at: "raw" },
  // raw arguments
  { name: "raw args that are not an array", up: (_s, q) => q.raw("SELECT ?", 1), code: "E_AZUL_RAW_ARGS", message: "the arguments of `query.raw` must be an array, got the number 1", at: "raw" },
  { name: "raw args of a wrong type", up: (_s, q) => q.raw("SELECT ?", [{ a: 1 }]), code: "E_AZUL_RAW_ARGS", message: "argument 1 of `query.raw` is an object", at: "raw" },
  { name: "more placeholders than args", up: (_s, q) => q.raw("SELECT ?, ?", [1]), code: "E_AZUL_RAW_ARGS", message: "`query.raw` has 2 `?` placeholders but 1 argument", at: "raw" },
  { name: "more args than placeholders", up: (_s, q) => q.raw("SELECT '?'", [1]), code: "E_AZUL_RAW_ARGS", message: "`query.raw` has 0 `?` placeholders but 1 argument", at: "raw" },
  // names
  { name: "a table name with capitals", up: mk("Articles", (t) => t.string("x")), code: "E_BAD_IDENTIFIER", message: "table name `Articles` is not a valid identifier", at: "createTable" },
  { name: "a table name with a dot (no namespaces in Azul files)", up: (s) => s.dropTable("blog.post"), code: "E_BAD_IDENTIFIER", message: "table name `blog.post` is not a valid identifier", at: "dropTable" },
  { name: "a column name with a space", up: mk("a", (t) => t.string("first name")), code: "E_BAD_IDENTIFIER", message: "column name `first name` is not a valid identifier", at: "string" },
  { name: "a table name over 63 characters", up: (s) => s.renameTable("a", "t".repeat(64)), code: "E_AZUL_NAME_TOO_LONG", message: `the new table name \`${"t".repeat(64)}\` is 64 characters long; databases allow 63`, at: "renameTable" },
  { name: "a default index name over 63 characters", up: (s) => s.alterTable("t".repeat(40), (t: R) => t.index("c".repeat(20))), code: "E_AZUL_NAME_TOO_LONG", message: "~is 65 characters long", at: "index", hint: "use a shorter name (for an index, pass `{ name: ... }`)" },
];

describe("statement errors", () => {
  for (const c of CASES) {
    test(`${c.code}: ${c.name}`, () => {
      const ev = migrationFile({ up: c.up });
      const e = errorOf(() => interpretAzul(ev));
      expect(e.code).toBe(c.code);
      if (c.message.startsWith("~")) expect(e.message).toContain(c.message.slice(1));
      else expect(e.message).toBe(c.message);
      expect(e.at).toEqual(locOf(ev, c.at, c.nth));
      expect(e.exit).toBe(2);
      expect(e.hint ?? "").not.toBe("");
      if (c.hint !== undefined) expect(e.hint).toContain(c.hint);
    });
  }

  test("every Azul error code is raised by some case here or in forms/reverse tests", () => {
    const elsewhere = ["E_AZUL_EXPORTS", "E_AZUL_IRREVERSIBLE", "E_AZUL_CHANGE_MANUAL", "E_AZUL_SEQUENTIAL_QUERY"];
    const here = new Set(CASES.map((c) => c.code));
    expect(AZUL_CODES.filter((code) => !here.has(code) && !elsewhere.includes(code))).toEqual([]);
  });
});
