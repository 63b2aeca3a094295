/**
 * The SQLite rules without a database: TYPE_MAP read back (every type alab writes reads back as
 * itself with its hint, and as the plainest type without), defaults as SQLite keeps them,
 * expressions compared as written (and what ALTER TABLE RENAME COLUMN does to them), the derived
 * checks read back, autoindexes, and the stored CREATE text read where the pragmas are silent.
 */
import { describe, expect, test } from "bun:test";
import { parseCreateIndex } from "../../src/db/sqlite/create-index";
import { DdlError, parseCreateTable } from "../../src/db/sqlite/create-table";
import type { CatalogColumn, CatalogTable } from "../../src/inspect/catalog";
import type { DerivedCheck } from "../../src/inspect/rules";
import { sqliteRules } from "../../src/inspect/sqlite";
import { columnCheckName } from "../../src/model/names";
import type { Column, ColumnDefault, ColumnType } from "../../src/model/types";
import { columnChecks } from "../../src/sql/checks";
import { defaultSql, sqlType } from "../../src/sql/typemap";

const column = (type: string, extra: Partial<CatalogColumn> = {}): CatalogColumn => ({ name: "c", type, nullable: true, ...extra });
const model = (type: ColumnType, extra: Partial<Column> = {}): Column => ({ name: "c", type, nullable: true, unique: false, ...extra });

const EVERY_TYPE: readonly ColumnType[] = [
  { kind: "uuid" },
  { kind: "string", length: 200 },
  { kind: "text" },
  { kind: "integer" },
  { kind: "bigint" },
  { kind: "float" },
  { kind: "decimal", precision: 10, scale: 2 },
  { kind: "decimal" },
  { kind: "boolean" },
  { kind: "date" },
  { kind: "time" },
  { kind: "datetime" },
  { kind: "json" },
  { kind: "base64" },
  { kind: "binary" },
  { kind: "enum", values: ["a", "b"] },
];

describe("sqlite column types", () => {
  test.each(EVERY_TYPE.map((t) => [JSON.stringify(t), t] as const))("%s reads back as itself with its hint, in any case and spacing", (_name, type) => {
    const written = sqlType(type, "sqlite");
    for (const spelling of [written, written.toUpperCase(), written.replace("(", " ( ")]) {
      expect(sqliteRules.columnType(column(spelling), type)).toEqual(type);
    }
  });

  test("serial is the autoincrementing rowid; integer the plain one, whatever the hint says", () => {
    expect(sqliteRules.columnType(column("integer", { identity: "autoincrement" }), { kind: "serial" })).toEqual({ kind: "serial" });
    expect(sqliteRules.columnType(column("integer", { identity: "autoincrement" }))).toEqual({ kind: "serial" });
    expect(sqliteRules.columnType(column("integer", { identity: "rowid" }), { kind: "serial" })).toEqual({ kind: "integer" });
    expect(sqliteRules.columnType(column("integer", { identity: "autoincrement" }), { kind: "integer" })).toEqual({ kind: "serial" });
  });

  test.each([
    ["integer", {}, { kind: "integer" }],
    ["real", {}, { kind: "float" }],
    ["blob", {}, { kind: "base64" }],
    ["text", {}, { kind: "text" }],
    // A varchar is a string only with its length check (read back by the normalizer): alone it holds any length.
    ["varchar(20)", {}, { kind: "text" }],
    ["text", { default: "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')" }, { kind: "datetime" }],
    ["text", { default: "date('now')" }, { kind: "date" }],
    ["text", { default: "(strftime('%H:%M:%f', 'now'))" }, { kind: "time" }],
    ["text", { default: defaultSql("t", model({ kind: "uuid" }, { default: { kind: "expr", expr: "uuid" } }), "sqlite")! }, { kind: "uuid" }],
    ["text", { default: "'x'" }, { kind: "text" }],
  ] as const)("%s %j without a hint is %j", (type, extra, expected) => {
    expect(sqliteRules.columnType(column(type, extra as Partial<CatalogColumn>))).toEqual(expected);
  });

  test("a hint whose SQLite spelling differs from the live type is not taken", () => {
    expect(sqliteRules.columnType(column("varchar(30)"), { kind: "string", length: 20 })).toEqual({ kind: "text" });
    expect(sqliteRules.columnType(column("text"), { kind: "boolean" })).toEqual({ kind: "text" });
    expect(sqliteRules.columnType(column("real"), { kind: "integer" })).toEqual({ kind: "float" });
  });

  test.each([
    ["int", undefined, { kind: "sql_type", sql: "int" }],
    ["DATETIME", undefined, { kind: "sql_type", sql: "datetime" }],
    ["numeric(10, 2)", { kind: "sql_type", sql: "NUMERIC(10,2)" }, { kind: "sql_type", sql: "NUMERIC(10,2)" }],
    ["char(2)", undefined, { kind: "char", length: 2 }],
    ["char(2)", { kind: "char", length: 2 }, { kind: "char", length: 2 }],
    ["integer", { kind: "bigserial" }, { kind: "integer" }],
  ] as const)("a declared %s (hint %j) is %j", (type, hint, want) => {
    expect(sqliteRules.columnType(column(type), hint)).toEqual(want);
  });

  test("bigserial and serial are both integer autoincrement: the hint decides", () => {
    expect(sqliteRules.columnType(column("integer", { identity: "autoincrement" }), { kind: "bigserial" })).toEqual({ kind: "bigserial" });
    expect(sqliteRules.columnType(column("integer", { identity: "autoincrement" }))).toEqual({ kind: "serial" });
  });

  test.each([
    [column("int 'x'"), "type int 'x': not a plain type name"],
    [column(""), "no declared type (any value is stored as it comes)"],
    [column("text", { collation: "nocase" }), "collation nocase: alab writes no collations"],
    [column("integer", { generated: { expr: "a * 2", stored: true } }), "a generated column (stored: a * 2)"],
  ])("%j is not managed", (col, why) => {
    expect(sqliteRules.columnType(col, { kind: "text" })).toEqual({ unrepresentable: why });
  });
});

/** A live default as SQLite keeps it: what alab wrote, without the parentheses around an expression. */
function kept(col: Column): string {
  const sql = defaultSql("t", col, "sqlite")!;
  return sql.startsWith("(") && sql.endsWith(")") ? sql.slice(1, -1) : sql;
}

describe("sqlite defaults", () => {
  const cases: readonly (readonly [ColumnType, ColumnDefault])[] = [
    [{ kind: "text" }, { kind: "literal", value: "it's" }],
    [{ kind: "integer" }, { kind: "literal", value: -5 }],
    [{ kind: "float" }, { kind: "literal", value: 1.5 }],
    [{ kind: "decimal", precision: 10, scale: 2 }, { kind: "literal", value: "3.10" }],
    [{ kind: "decimal", precision: 10, scale: 2 }, { kind: "literal", value: 3.1 }],
    [{ kind: "boolean" }, { kind: "literal", value: true }],
    [{ kind: "boolean" }, { kind: "literal", value: false }],
    [{ kind: "json" }, { kind: "literal", value: { a: [1, "two"] } }],
    [{ kind: "enum", values: ["a", "b"] }, { kind: "literal", value: "b" }],
    [{ kind: "datetime" }, { kind: "expr", expr: "now" }],
    [{ kind: "date" }, { kind: "expr", expr: "now" }],
    [{ kind: "time" }, { kind: "expr", expr: "now" }],
    [{ kind: "uuid" }, { kind: "expr", expr: "uuid" }],
    [{ kind: "string", length: 36 }, { kind: "expr", expr: "uuid" }],
    [{ kind: "datetime" }, { kind: "literal", value: "2024-01-02T03:04:05Z" }],
  ];
  test.each(cases.map(([t, d]) => [JSON.stringify(t), JSON.stringify(d), t, d] as const))("%s default %s reads back as itself, with and without the hint", (_t, _d, type, dflt) => {
    const col = model(type, { default: dflt });
    expect(sqliteRules.columnDefault(column("", { default: kept(col) }), type, col)).toEqual(dflt);
    expect(sqliteRules.columnDefault(column("", { default: kept(col) }), type)).toEqual(dflt);
  });

  test.each([
    ["null", { kind: "text" }, undefined],
    ["NULL", { kind: "text" }, undefined],
    ["+1.50", { kind: "float" }, { kind: "literal", value: 1.5 }],
    ["true", { kind: "boolean" }, { kind: "literal", value: true }],
    ["'{\"a\": 1}'", { kind: "json" }, { kind: "literal", value: { a: 1 } }],
    ["'not json'", { kind: "json" }, { kind: "literal", value: "not json" }],
    ["1", { kind: "boolean" }, { kind: "literal", value: true }],
    ["current_timestamp", { kind: "datetime" }, { unrepresentable: "default current_timestamp: not a value, and not how alab writes now or uuid on a datetime column" }],
    ["1 + 2", { kind: "integer" }, { unrepresentable: "default 1 + 2: not a value, and not how alab writes now or uuid on an integer column" }],
    ["date('now')", { kind: "datetime" }, { unrepresentable: "default date('now'): not a value, and not how alab writes now or uuid on a datetime column" }],
  ] as const)("%s on %j is %j", (text, type, expected) => {
    expect(sqliteRules.columnDefault(column("", { default: text }), type as ColumnType)).toEqual(expected);
  });

  test("NULL is the expected default(null) when the migrations wrote it", () => {
    const col = model({ kind: "text" }, { default: { kind: "literal", value: null } });
    expect(sqliteRules.columnDefault(column("text", { default: "null" }), { kind: "text" }, col)).toEqual({ kind: "literal", value: null });
  });
});

describe("sqlite expressions", () => {
  test.each([
    [`"qty" >= 0`, "qty >= 0"],
    ["price > 0 AND  n <> 'x'", `("PRICE" > 0 and n != 'x')`],
    ["a = 1", "[a] == 1"],
    ["`a` in (0, 1)", "a IN (0,1)"],
    ["a > 0 -- note", "a > 0"],
    // RENAME COLUMN rewrites a bare name as a quoted one.
    [`length(name) <= 20`, `length("name") <= 20`],
  ])("%s is the same as %s", (a, b) => {
    expect(sqliteRules.sameExpression(a, b)).toBe(true);
  });

  test.each([
    ["a > 0", "a >= 0"],
    ["a = 'x'", "a = 'X'"],
    ["a + b * c", "(a + b) * c"],
    ["1.5", "1.50"],
    ["a > 0 and b > 0", "b > 0 and a > 0"],
    // A keyword quoted is a name.
    [`"and" > 0`, "and > 0"],
  ])("%s differs from %s", (a, b) => {
    expect(sqliteRules.sameExpression(a, b)).toBe(false);
  });

  test("the canonical form is the text as written, without parentheses around the whole", () => {
    expect(sqliteRules.canonicalExpression(" ((a > 0) and (b > 0)) ")).toBe("(a > 0) and (b > 0)");
    expect(sqliteRules.canonicalExpression("(a) + (b)")).toBe("(a) + (b)");
  });
});

describe("sqlite derived checks read back", () => {
  const t: CatalogTable = {
    name: "t",
    columns: [{ name: "kind", type: "text", nullable: true }, { name: "flag", type: "integer", nullable: false }, { name: "doc", type: "text", nullable: true }, { name: "code", type: "varchar(20)", nullable: true }, { name: "qty", type: "integer", nullable: true }, { name: "price", type: "text", nullable: true }],
    primaryKey: [],
    indexes: [],
    foreignKeys: [],
    checks: [],
  };
  const written = (col: Column) => columnChecks("t", col, "sqlite").checks;

  test("every check alab writes reads back as what it says", () => {
    const cases: readonly [Column, readonly DerivedCheck[]][] = [
      [model({ kind: "enum", values: ["a", "it's"] }, { name: "kind" }), [{ column: "kind", what: "enum", values: ["a", "it's"] }]],
      [model({ kind: "boolean" }, { name: "flag" }), [{ column: "flag", what: "bool" }]],
      [model({ kind: "json" }, { name: "doc" }), [{ column: "doc", what: "json" }]],
      [model({ kind: "string", length: 20 }, { name: "code", min: 2 }), [{ column: "code", what: "length", value: 20 }, { column: "code", what: "min", value: 2 }]],
      [model({ kind: "integer" }, { name: "qty", min: -1, max: 10 }), [{ column: "qty", what: "min", value: -1 }, { column: "qty", what: "max", value: 10 }]],
      [model({ kind: "decimal", precision: 10, scale: 2 }, { name: "price", min: 0.5 }), [{ column: "price", what: "min", value: 0.5 }]],
    ];
    for (const [col, expected] of cases) expect(written(col).map((c) => sqliteRules.derivedCheck(c.name, c.expr, t))).toEqual([...expected]);
  });

  test("json: the form written before NULL had to pass (`json_valid(doc)`) reads back too", () => {
    expect(sqliteRules.derivedCheck(columnCheckName("t", "doc", "json"), "json_valid(doc)", t)).toEqual({ column: "doc", what: "json" });
    expect(sqliteRules.derivedCheck(columnCheckName("t", "doc", "json"), `"doc" IS NULL OR json_valid("doc")`, t)).toEqual({ column: "doc", what: "json" });
  });

  test.each([
    ["kind", "enum", `kind in ('a', 1)`],
    ["flag", "bool", "flag in (0, 1, 2)"],
    ["doc", "json", "json_valid(doc) or doc is null"],
    // The length must be the varchar's own.
    ["code", "length", `length("code") <= 30`],
    ["qty", "max", "qty < 10"],
    ["kind", "min", "kind >= 1"],
  ])("%s %s saying `%s` is not read back", (col, what, expr) => {
    expect(sqliteRules.derivedCheck(columnCheckName("t", col, what), expr, t)).toBeUndefined();
  });

  test("autoindexes are SQLite's own", () => {
    expect(sqliteRules.implicitIndex({ name: "sqlite_autoindex_t_2", unique: true, parts: [] }, t)).toBe(true);
    expect(sqliteRules.implicitIndex({ name: "idx_t_code", unique: true, parts: [] }, t)).toBe(false);
  });
});

describe("the stored CREATE text", () => {
  test("names, checks, keys and options that the pragmas do not tell", () => {
    const p = parseCreateTable(`CREATE TABLE "t" (
      id integer primary key desc autoincrement,
      "a b" varchar ( 10 ) not null constraint c1 check (length("a b") <= 10) unique on conflict replace collate NOCASE,
      [p] text references parent on delete cascade deferrable initially deferred,
      g int generated always as (id * 2) stored,
      h as (id + 1),
      "constraint" text default (1 + 2),
      CONSTRAINT pk2 UNIQUE (g, h),
      constraint fk2 foreign key (g, h) references other (x, y) on update set null match simple not deferrable,
      check (g > 0)
    ) strict, without rowid`);
    expect(p.columns.map((c) => c.name)).toEqual(["id", "a b", "p", "g", "h", "constraint"]);
    expect(p.columns[0]).toEqual({ name: "id", autoincrement: true, primaryKeyDesc: true });
    expect(p.columns[1]).toEqual({ name: "a b", autoincrement: false, primaryKeyDesc: false, collate: "NOCASE" });
    expect(p.columns[3]!.generated).toEqual({ expr: "id * 2", stored: true });
    expect(p.columns[4]!.generated).toEqual({ expr: "id + 1", stored: false });
    expect(p.checks).toEqual([
      { name: "c1", expr: `length("a b") <= 10`, column: "a b" },
      { expr: "g > 0" },
    ]);
    expect(p.uniques).toEqual([{ columns: ["a b"] }, { name: "pk2", columns: ["g", "h"] }]);
    expect(p.foreignKeys).toEqual([
      { columns: ["p"], refTable: "parent", refColumns: [], deferred: true },
      { name: "fk2", columns: ["g", "h"], refTable: "other", refColumns: ["x", "y"], deferred: false },
    ]);
    expect([p.strict, p.withoutRowid]).toEqual([true, true]);
    expect(p.conflicts).toEqual(["unique (a b) on conflict replace"]);
  });

  test("table constraints one after another without commas, as SQLite takes them", () => {
    const p = parseCreateTable("CREATE TABLE t (a int, b int, constraint ca check (a > 0) constraint ub unique (b) check (b > 0))");
    expect([p.checks, p.uniques]).toEqual([[{ name: "ca", expr: "a > 0" }, { expr: "b > 0" }], [{ name: "ub", columns: ["b"] }]]);
  });

  test("an index's key parts and WHERE as written", () => {
    expect(parseCreateIndex(`CREATE UNIQUE INDEX IF NOT EXISTS "i" ON t (lower(a) COLLATE nocase DESC, "b", c + 1) WHERE a > 'x' AND b IS NOT NULL`)).toEqual({
      parts: ["lower(a)", `"b"`, "c + 1"],
      where: "a > 'x' AND b IS NOT NULL",
    });
  });

  test.each(["CREATE TABLE t", "CREATE TABLE t (a text, check (a > 0)", "CREATE TABLE t (a text 'x)"])("%s cannot be read: an error, never a guess", (sql) => {
    expect(() => parseCreateTable(sql)).toThrow(DdlError);
  });
});
