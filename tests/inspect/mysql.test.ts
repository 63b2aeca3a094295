/**
 * The MySQL/MariaDB rules without a server: TYPE_MAP read back (both ways: every type alab writes
 * reads back as itself), defaults as each server prints them, derived checks read back, InnoDB's
 * foreign-key indexes, RESTRICT and NO ACTION.
 */
import { describe, expect, test } from "bun:test";
import type { CatalogColumn, CatalogTable } from "../../src/inspect/catalog";
import { mysqlRules } from "../../src/inspect/mysql";
import { columnCheckName } from "../../src/model/names";
import type { Column, ColumnDefault, ColumnType } from "../../src/model/types";
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
  { kind: "decimal", precision: 12 },
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

/** What MariaDB 10.11 prints in COLUMN_TYPE for what alab writes (display widths, no spaces). */
const MARIADB_PRINTS: Readonly<Record<string, string>> = { int: "int(11)", bigint: "bigint(20)", "decimal(10, 2)": "decimal(10,2)", "decimal(12, 0)": "decimal(12,0)", "decimal(65, 30)": "decimal(65,30)" };

describe("mysql column types", () => {
  test.each(EVERY_TYPE.map((t) => [JSON.stringify(t), t] as const))("%s reads back as itself, as MySQL 8 and MariaDB print it", (_name, type) => {
    const written = sqlType(type, "mysql");
    for (const printed of [written.replace(", ", ","), MARIADB_PRINTS[written] ?? written]) {
      expect(mysqlRules.columnType(column(printed), type)).toEqual(type);
    }
  });

  test("serial: an auto_increment int, whatever its display width", () => {
    for (const t of ["int", "int(11)"]) {
      expect(mysqlRules.columnType(column(t, { identity: "auto-increment" }), { kind: "serial" })).toEqual({ kind: "serial" });
      expect(mysqlRules.columnType(column(t, { identity: "auto-increment" }))).toEqual({ kind: "serial" });
      expect(mysqlRules.columnType(column(t), { kind: "serial" })).toEqual({ kind: "integer" });
    }
    expect(mysqlRules.columnType(column("int(11)", { identity: "auto-increment" }), { kind: "integer" })).toEqual({ kind: "serial" });
  });

  test.each([
    ["int(11)", { kind: "integer" }],
    ["bigint(20)", { kind: "bigint" }],
    ["tinyint(1)", { kind: "boolean" }],
    ["double", { kind: "float" }],
    ["decimal(65,30)", { kind: "decimal" }],
    ["decimal(10,0)", { kind: "decimal", precision: 10, scale: 0 }],
    ["varchar(255)", { kind: "string", length: 255 }],
    ["char(36)", { kind: "uuid" }],
    ["longtext", { kind: "text" }],
    ["longblob", { kind: "base64" }],
    ["json", { kind: "json" }],
    ["datetime(6)", { kind: "datetime" }],
    ["time(6)", { kind: "time" }],
    ["date", { kind: "date" }],
  ] as const)("without a hint, %s is the plainest model type", (live, type) => {
    expect(mysqlRules.columnType(column(live))).toEqual(type);
  });

  test.each([
    ["varchar(100)", { kind: "string", length: 200 }, { kind: "string", length: 100 }],
    ["bigint(20)", { kind: "integer" }, { kind: "bigint" }],
    ["varchar(36)", { kind: "uuid" }, { kind: "string", length: 36 }],
    ["char(36)", { kind: "char", length: 36 }, { kind: "char", length: 36 }],
    ["datetime(6)", { kind: "timestamp", timezone: false, precision: 6 }, { kind: "timestamp", timezone: false, precision: 6 }],
    ["datetime", { kind: "timestamp", timezone: false, precision: 0 }, { kind: "timestamp", timezone: false, precision: 0 }],
    ["decimal(10,3)", { kind: "decimal", precision: 10, scale: 2 }, { kind: "decimal", precision: 10, scale: 3 }],
    ["varchar(100)", { kind: "enum", values: ["a"] }, { kind: "string", length: 100 }],
  ] as const)("a live %s against a hint it is not: the live type", (live, hint, type) => {
    expect(mysqlRules.columnType(column(live), hint)).toEqual(type);
  });

  test.each([
    ["tinyint(4)", "tinyint"],
    ["mediumint(9)", "mediumint"],
    ["int(10) zerofill", "int zerofill"],
    ["double unsigned", "double unsigned"],
    ["float", "float"],
    ["char", "char"],
    ["mediumtext", "mediumtext"],
    ["text", "text"],
    ["blob", "blob"],
    ["varbinary(16)", "varbinary(16)"],
    ["time", "time"],
    ["enum('a','b')", "enum('a','b')"],
    ["enum('it''s', 'b')", "enum('it''s','b')"],
    ["set('a','b')", "set('a','b')"],
    ["year(4)", "year"],
    ["year(2)", "year(2)"],
    ["bit(3)", "bit(3)"],
    ["geometry", "geometry"],
  ])("%s, a type the map does not hold, is kept as written: %s", (live, sql) => {
    expect(mysqlRules.columnType(column(live))).toEqual({ kind: "sql_type", sql });
    expect(mysqlRules.columnType(column(live), { kind: "sql_type", sql })).toEqual({ kind: "sql_type", sql });
  });

  test("a type that is not a plain type name, and an auto-increment alab has no kind for, stay unrepresentable", () => {
    expect(mysqlRules.columnType(column("enum('a\\b')"))).toEqual({ unrepresentable: expect.stringContaining("type enum('a\\b')") });
    expect(mysqlRules.columnType(column("mediumint(9)", { identity: "auto-increment" }))).toEqual({ unrepresentable: expect.stringContaining("mediumint(9)") });
  });

  test.each([
    ["smallint(6)", {}, { kind: "smallint" }],
    ["smallint(5) unsigned", {}, { kind: "smallint", unsigned: true }],
    ["int(10) unsigned", {}, { kind: "integer", unsigned: true }],
    ["bigint unsigned", {}, { kind: "bigint", unsigned: true }],
    ["int(10) unsigned", { identity: "auto-increment" }, { kind: "serial", unsigned: true }],
    ["bigint(20)", { identity: "auto-increment" }, { kind: "bigserial" }],
    ["bigint(20) unsigned", { identity: "auto-increment" }, { kind: "bigserial", unsigned: true }],
    ["char(2)", {}, { kind: "char", length: 2 }],
    ["char(36)", {}, { kind: "uuid" }],
    ["datetime", {}, { kind: "timestamp", timezone: false }],
    ["datetime(3)", {}, { kind: "timestamp", timezone: false, precision: 3 }],
    ["datetime(6)", {}, { kind: "datetime" }],
    ["timestamp", {}, { kind: "timestamp", timezone: true }],
    ["timestamp(6)", {}, { kind: "timestamp", timezone: true, precision: 6 }],
  ] as const)("%s %j is %j", (live, extra, type) => {
    expect(mysqlRules.columnType(column(live, extra))).toEqual(type);
  });

  test("a smallint auto_increment and a generated column are unrepresentable", () => {
    expect(mysqlRules.columnType(column("smallint(6)", { identity: "auto-increment" }))).toEqual({ unrepresentable: expect.stringContaining("serials are int and bigint") });
    expect(mysqlRules.columnType(column("int(11)", { generated: { expr: "`a` * 2", stored: false } }), { kind: "integer" })).toEqual({ unrepresentable: "a generated column (virtual: `a` * 2)" });
  });
});

const lit = (value: ColumnDefault extends infer D ? (D extends { kind: "literal"; value: infer V } ? V : never) : never): ColumnDefault => ({ kind: "literal", value });

describe("mysql defaults", () => {
  // [what, type, as printed (MariaDB; MySQL 8 through the introspector), hint default, expected]
  const cases: readonly (readonly [string, ColumnType, string | undefined, ColumnDefault | undefined, ColumnDefault | undefined])[] = [
    ["a quoted string (MariaDB)", { kind: "string", length: 20 }, "'draft'", lit("draft"), lit("draft")],
    ["a string with escapes (MariaDB)", { kind: "string", length: 20 }, "'x\\ny\tz\\\\w''q'", undefined, lit("x\ny\tz\\w'q")],
    ["the string NULL is a string", { kind: "string", length: 20 }, "'NULL'", undefined, lit("NULL")],
    ["an empty string", { kind: "text" }, "''", lit(""), lit("")],
    ["a MySQL 8 expression default on text", { kind: "text" }, "_utf8mb4'hello'", lit("hello"), lit("hello")],
    ["a MySQL 8 string with an escaped quote", { kind: "text" }, "_utf8mb4'it''s'", undefined, lit("it's")],
    ["an integer", { kind: "integer" }, "5", lit(5), lit(5)],
    ["a negative integer", { kind: "integer" }, "-5", undefined, lit(-5)],
    ["a bigint beyond a double", { kind: "bigint" }, "9007199254740993", undefined, lit("9007199254740993")],
    ["a decimal padded to its scale", { kind: "decimal", precision: 10, scale: 2 }, "3.10", lit(3.1), lit(3.1)],
    ["a decimal written as text", { kind: "decimal", precision: 10, scale: 2 }, "-0.50", lit("-0.5"), lit("-0.5")],
    ["a float in MariaDB's notation", { kind: "float" }, "0.00000015", lit(1.5e-7), lit(1.5e-7)],
    ["true printed as 1", { kind: "boolean" }, "1", lit(true), lit(true)],
    ["false printed as 0, no hint", { kind: "boolean" }, "0", undefined, lit(false)],
    ["json text (MariaDB)", { kind: "json" }, `'{"a":[1,"two"]}'`, lit({ a: [1, "two"] }), lit({ a: [1, "two"] })],
    ["json with other spacing is the same value", { kind: "json" }, `'{"a": [1, "two"]}'`, lit({ a: [1, "two"] }), lit({ a: [1, "two"] })],
    ["json without a hint", { kind: "json" }, "'[1,2]'", undefined, lit([1, 2])],
    ["a date", { kind: "date" }, "'2024-02-03'", lit("2024-02-03"), lit("2024-02-03")],
    ["a datetime MariaDB padded", { kind: "datetime" }, "'2024-01-02 03:04:05.000000'", lit("2024-01-02T03:04:05"), lit("2024-01-02T03:04:05")],
    ["a datetime with Z, as alab writes it", { kind: "datetime" }, "'2024-01-02 03:04:05.000000'", lit("2024-01-02T03:04:05Z"), lit("2024-01-02T03:04:05Z")],
    ["a datetime with an offset, in UTC", { kind: "datetime" }, "'2024-01-01 22:30:00.250000'", lit("2024-01-02T00:30:00.25+02:00"), lit("2024-01-02T00:30:00.25+02:00")],
    ["a time MariaDB padded", { kind: "time" }, "'10:00:00.000000'", lit("10:00"), lit("10:00")],
    ["now on datetime", { kind: "datetime" }, "current_timestamp(6)", { kind: "expr", expr: "now" }, { kind: "expr", expr: "now" }],
    ["now on datetime (MySQL 8 spelling)", { kind: "datetime" }, "CURRENT_TIMESTAMP(6)", undefined, { kind: "expr", expr: "now" }],
    ["now on date", { kind: "date" }, "curdate()", { kind: "expr", expr: "now" }, { kind: "expr", expr: "now" }],
    ["now on time", { kind: "time" }, "curtime(6)", { kind: "expr", expr: "now" }, { kind: "expr", expr: "now" }],
    ["uuid on uuid", { kind: "uuid" }, "uuid()", { kind: "expr", expr: "uuid" }, { kind: "expr", expr: "uuid" }],
    ["uuid on a string (MySQL 8 parentheses)", { kind: "string", length: 36 }, "(uuid())", undefined, { kind: "expr", expr: "uuid" }],
    ["no default", { kind: "integer" }, undefined, undefined, undefined],
    ["default null, written so", { kind: "integer" }, undefined, lit(null), lit(null)],
    ["a literal null expression", { kind: "integer" }, "NULL", undefined, undefined],
  ];

  test.each(cases)("%s", (_what, type, printed, hint, expected) => {
    const hintCol = hint === undefined ? undefined : model(type, { default: hint });
    expect(mysqlRules.columnDefault(column("x", printed === undefined ? {} : { default: printed }), type, hintCol)).toEqual(expected);
  });

  test("a live default that differs from the hint is the live one", () => {
    expect(mysqlRules.columnDefault(column("x", { default: "'b'" }), { kind: "string", length: 5 }, model({ kind: "string", length: 5 }, { default: lit("a") }))).toEqual(lit("b"));
    expect(mysqlRules.columnDefault(column("x", { default: "6" }), { kind: "integer" }, model({ kind: "integer" }, { default: lit(5) }))).toEqual(lit(6));
    expect(mysqlRules.columnDefault(column("x", { default: "'2024-01-02 03:04:05.100000'" }), { kind: "datetime" }, model({ kind: "datetime" }, { default: lit("2024-01-02 03:04:05") }))).toEqual(
      lit("2024-01-02 03:04:05.100000"),
    );
    expect(mysqlRules.columnDefault(column("x", { nullable: false }), { kind: "integer" }, model({ kind: "integer" }, { default: lit(null) }))).toBeUndefined();
  });

  test.each([
    ["current_timestamp()", { kind: "datetime" }, "alab's now on a datetime column is current_timestamp(6)"],
    ["current_timestamp(6)", { kind: "string", length: 20 }, "default current_timestamp(6)"],
    ["uuid()", { kind: "integer" }, "uuid() on an integer column"],
    ["(1 + 2)", { kind: "integer" }, "an expression alab does not write"],
    ["concat('a','b')", { kind: "string", length: 9 }, "an expression alab does not write"],
    ["'{oops'", { kind: "json" }, "is not JSON"],
  ] as const)("%s is unrepresentable", (printed, type, why) => {
    expect(mysqlRules.columnDefault(column("x", { default: printed }), type)).toEqual({ unrepresentable: expect.stringContaining(why) });
  });

  test("ON UPDATE makes the default unrepresentable, with or without a default", () => {
    const col = column("datetime(6)", { default: "current_timestamp(6)", onUpdate: "current_timestamp(6)" });
    expect(mysqlRules.columnDefault(col, { kind: "datetime" })).toEqual({ unrepresentable: "default current_timestamp(6) on update current_timestamp(6): alab writes no on-update defaults" });
    expect(mysqlRules.columnDefault(column("datetime(6)", { onUpdate: "current_timestamp(6)" }), { kind: "datetime" })).toEqual({
      unrepresentable: "on update current_timestamp(6): alab writes no on-update defaults",
    });
  });

  test("every default alab writes reads back as itself", () => {
    const defaults: readonly (readonly [ColumnType, ColumnDefault])[] = [
      [{ kind: "string", length: 10 }, lit("it's \\ ok")],
      [{ kind: "text" }, lit("x")],
      [{ kind: "integer" }, lit(-3)],
      [{ kind: "float" }, lit(0.25)],
      [{ kind: "boolean" }, lit(false)],
      [{ kind: "json" }, lit({ k: ["v"] })],
      [{ kind: "datetime" }, { kind: "expr", expr: "now" }],
      [{ kind: "date" }, { kind: "expr", expr: "now" }],
      [{ kind: "time" }, { kind: "expr", expr: "now" }],
      [{ kind: "uuid" }, { kind: "expr", expr: "uuid" }],
      [{ kind: "text" }, { kind: "expr", expr: "uuid" }],
    ];
    for (const [type, d] of defaults) {
      const col = model(type, { default: d });
      const sql = defaultSql("t", col, "mysql")!;
      expect(mysqlRules.columnDefault(column("x", { default: sql }), type, col)).toEqual(d);
    }
  });
});

const tableOf = (columns: readonly string[]): CatalogTable => ({ name: "shop_item", columns: columns.map((c) => column("varchar(10)", { name: c })), primaryKey: [], indexes: [], foreignKeys: [], checks: [] });

describe("mysql derived checks", () => {
  const t = tableOf(["kind", "name", "qty", "code"]);
  test.each([
    ["chk_shop_item_kind_enum", "`kind` in ('a','b')", { column: "kind", what: "enum", values: ["a", "b"] }],
    ["chk_shop_item_kind_enum", "`kind` = 'a'", { column: "kind", what: "enum", values: ["a"] }],
    ["chk_shop_item_kind_enum", "(`kind` in (_utf8mb4'a',_utf8mb4'b'))", { column: "kind", what: "enum", values: ["a", "b"] }],
    ["chk_shop_item_name_min", "char_length(`name`) >= 1", { column: "name", what: "min", value: 1 }],
    ["chk_shop_item_name_max", "(char_length(`name`) <= 40)", { column: "name", what: "max", value: 40 }],
    ["chk_shop_item_qty_min", "`qty` >= -5", { column: "qty", what: "min", value: -5 }],
    ["chk_shop_item_qty_max", "`qty` <= 2.5", { column: "qty", what: "max", value: 2.5 }],
    ["chk_shop_item_code_pattern", "`code` regexp '(?-i)^[a-z]+$'", { column: "code", what: "pattern", value: "^[a-z]+$" }],
    ["chk_shop_item_code_pattern", "regexp_like(`code`,_utf8mb4'(?-i)^a\\\\d$')", { column: "code", what: "pattern", value: "^a\\d$" }],
  ] as const)("%s: %s", (name, expr, derived) => {
    expect(mysqlRules.derivedCheck(name, expr, t)).toEqual(derived);
  });

  test("a name alab shortened with a hash reads back too", () => {
    const long = { ...tableOf(["a_rather_long_column_name_for_a_status"]), name: "inventory_warehouse_items_with_long_names" };
    const name = columnCheckName(long.name, "a_rather_long_column_name_for_a_status", "enum");
    expect(name).toHaveLength(63);
    expect(mysqlRules.derivedCheck(name, "`a_rather_long_column_name_for_a_status` in ('x')", long)).toEqual({ column: "a_rather_long_column_name_for_a_status", what: "enum", values: ["x"] });
  });

  test.each([
    ["chk_shop_item_kind_enum", "`name` in ('a','b')", "another column"],
    ["chk_shop_item_kind_enum", "`kind` in ('a', 1)", "a number among the values"],
    ["chk_shop_item_qty_min", "`qty` > 5", "another comparison"],
    ["chk_shop_item_code_pattern", "`code` regexp '^[a-z]+$'", "no (?-i)"],
    ["chk_shop_item_nope_enum", "`nope` in ('a')", "no such column"],
    ["chk_other_kind_enum", "`kind` in ('a')", "another table's name"],
    ["my_check", "`qty` >= 1", "not a derived name"],
  ])("%s: %s is not derived (%s)", (name, expr) => {
    expect(mysqlRules.derivedCheck(name, expr, t)).toBeUndefined();
  });
});

describe("mysql indexes and foreign keys", () => {
  test("only the index InnoDB made (as the introspector marks it) is implicit", () => {
    const t = tableOf(["a"]);
    expect(mysqlRules.implicitIndex({ name: "fk_t_a", unique: false, parts: [{ column: "a", descending: false }], backs: "foreign-key" }, t)).toBe(true);
    expect(mysqlRules.implicitIndex({ name: "idx_t_a", unique: false, parts: [{ column: "a", descending: false }] }, t)).toBe(false);
  });

  test("RESTRICT and NO ACTION are one action to InnoDB: the hint says which was written", () => {
    const act = mysqlRules.referentialAction!;
    expect(act("RESTRICT")).toBe("NO ACTION");
    expect(act("RESTRICT", "NO ACTION")).toBe("NO ACTION");
    expect(act("RESTRICT", "RESTRICT")).toBe("RESTRICT");
    expect(act("NO ACTION", "RESTRICT")).toBe("RESTRICT");
    expect(act("RESTRICT", "CASCADE")).toBe("NO ACTION");
    expect(act("CASCADE", "NO ACTION")).toBe("CASCADE");
    expect(act("SET NULL")).toBe("SET NULL");
  });
});
