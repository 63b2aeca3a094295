/**
 * The PostgreSQL rules, without a server: the live side of every row is what PostgreSQL 15
 * printed (pg_get_expr / format_type) for the written side, read from a real server once.
 */
import { describe, expect, test } from "bun:test";
import type { Column, ColumnDefault, ColumnType } from "../../src/model/types";
import type { CatalogColumn, CatalogTable } from "../../src/inspect/catalog";
import { postgresRules as R } from "../../src/inspect/postgres";
import { canonicalType } from "../../src/inspect/postgres-types";
import { tokenize } from "../../src/inspect/postgres-lex";
import { isUnrepresentable } from "../../src/inspect/rules";

const COLUMNS: readonly (readonly [string, string])[] = [
  ["n", "integer"],
  ["b", "bigint"],
  ["f", "double precision"],
  ["r", "real"],
  ["d", "numeric(10,2)"],
  ["s", "character varying(20)"],
  ["c", "character(3)"],
  ["t", "text"],
  ["bo", "boolean"],
  ["ts", "timestamp with time zone"],
  ["dt", "date"],
  ["j", "jsonb"],
  ["u", "uuid"],
];
const table: CatalogTable = { name: "k", columns: COLUMNS.map(([name, type]) => ({ name, type, nullable: true })), primaryKey: [], indexes: [], foreignKeys: [], checks: [] };

describe("type names", () => {
  const cases: [string, string][] = [
    ["varchar(10)", "character varying(10)"],
    ["VARCHAR ( 10 )", "character varying(10)"],
    ["numeric(10, 2)", "numeric(10,2)"],
    ["numeric(10)", "numeric(10,0)"],
    ["decimal", "numeric"],
    ["timestamptz", "timestamp with time zone"],
    ["timestamptz(3)", "timestamp(3) with time zone"],
    ["time", "time without time zone"],
    ["time(3)", "time(3) without time zone"],
    ["int[]", "integer[]"],
    ["int4[3]", "integer[]"],
    ["float8", "double precision"],
    ["bool", "boolean"],
    ["char", "character(1)"],
    ["bpchar", "character"],
    ["pg_catalog.int8", "bigint"],
    ['"MyType"', '"MyType"'],
    ["public.citext", "public.citext"],
  ];
  for (const [written, canonical] of cases) test(`${written} → ${canonical}`, () => expect(canonicalType(written)).toBe(canonical));
});

describe("column types", () => {
  const c = (type: string, extra: Partial<CatalogColumn> = {}): CatalogColumn => ({ name: "x", type, nullable: false, ...extra });
  const cases: [string, CatalogColumn, ColumnType | undefined, ColumnType | string][] = [
    ["uuid", c("uuid"), undefined, { kind: "uuid" }],
    ["varchar(n)", c("character varying(200)"), undefined, { kind: "string", length: 200 }],
    ["varchar(255) with an enum hint", c("character varying(255)"), { kind: "enum", values: ["a"] }, { kind: "enum", values: ["a"] }],
    ["varchar(200) with a string(100) hint: the live length", c("character varying(200)"), { kind: "string", length: 100 }, { kind: "string", length: 200 }],
    ["text", c("text"), undefined, { kind: "text" }],
    ["integer", c("integer"), undefined, { kind: "integer" }],
    ["integer identity by default", c("integer", { identity: "by-default" }), undefined, { kind: "serial" }],
    ["integer serial (owned sequence)", c("integer", { identity: "sequence", default: "nextval('t_id_seq'::regclass)" }), undefined, { kind: "serial" }],
    ["integer with a serial hint but no identity", c("integer"), { kind: "serial" }, { kind: "integer" }],
    ["bigint", c("bigint"), undefined, { kind: "bigint" }],
    ["double precision", c("double precision"), undefined, { kind: "float" }],
    ["numeric(p,s)", c("numeric(10,2)"), undefined, { kind: "decimal", precision: 10, scale: 2 }],
    ["numeric(p,0) with a decimal(p) hint", c("numeric(10,0)"), { kind: "decimal", precision: 10 }, { kind: "decimal", precision: 10 }],
    ["numeric(p,0) without a hint", c("numeric(10,0)"), undefined, { kind: "decimal", precision: 10, scale: 0 }],
    ["numeric", c("numeric"), undefined, { kind: "decimal" }],
    ["boolean", c("boolean"), undefined, { kind: "boolean" }],
    ["date", c("date"), undefined, { kind: "date" }],
    ["time", c("time without time zone"), undefined, { kind: "time" }],
    ["timestamptz", c("timestamp with time zone"), undefined, { kind: "datetime" }],
    ["jsonb", c("jsonb"), undefined, { kind: "json" }],
    ["bytea without a hint: base64", c("bytea"), undefined, { kind: "base64" }],
    ["bytea with a binary hint", c("bytea"), { kind: "binary" }, { kind: "binary" }],
    ["bytea with a base64 hint", c("bytea"), { kind: "base64" }, { kind: "base64" }],
    ["smallint", c("smallint"), undefined, { kind: "smallint" }],
    ["real", c("real"), undefined, { kind: "sql_type", sql: "real" }],
    ["integer with an unsigned hint: the live type", c("integer"), { kind: "integer", unsigned: true }, { kind: "integer" }],
    ["json with a json hint: kept as written", c("json"), { kind: "json" }, { kind: "sql_type", sql: "json" }],
    ["citext", c("public.citext"), undefined, { kind: "sql_type", sql: "public.citext" }],
    ["citext with a sql_type hint", c("citext"), { kind: "sql_type", sql: "citext" }, { kind: "sql_type", sql: "citext" }],
    ["varchar(20)[] with a sql_type hint spelled another way", c("character varying(20)[]"), { kind: "sql_type", sql: "varchar(20)[]" }, { kind: "sql_type", sql: "varchar(20)[]" }],
    ["a quoted type name", c('"MyType"'), undefined, 'type "MyType": not a type alab writes'],
    ["timestamp with a datetime hint: the live type", c("timestamp without time zone"), { kind: "datetime" }, { kind: "timestamp", timezone: false }],
    ["timestamp(3)", c("timestamp(3) without time zone"), undefined, { kind: "timestamp", timezone: false, precision: 3 }],
    ["timestamptz(0)", c("timestamp(0) with time zone"), undefined, { kind: "timestamp", timezone: true, precision: 0 }],
    ["timestamptz with a timestamptz hint", c("timestamp with time zone"), { kind: "timestamp", timezone: true }, { kind: "timestamp", timezone: true }],
    ["char(n)", c("character(3)"), undefined, { kind: "char", length: 3 }],
    ["text[]", c("text[]"), undefined, { kind: "sql_type", sql: "text[]" }],
    ["varchar", c("character varying"), undefined, { kind: "sql_type", sql: "character varying" }],
    ["a user enum", c("mood"), undefined, { kind: "sql_type", sql: "mood" }],
    ["identity always", c("integer", { identity: "always" }), { kind: "serial" }, { kind: "serial", identity: "always" }],
    ["bigint identity always", c("bigint", { identity: "always" }), undefined, { kind: "bigserial", identity: "always" }],
    ["bigserial", c("bigint", { identity: "sequence" }), undefined, { kind: "bigserial" }],
    ["bigint identity by default", c("bigint", { identity: "by-default" }), undefined, { kind: "bigserial" }],
    ["smallint with an identity", c("smallint", { identity: "by-default" }), undefined, "smallint with a sequence or identity (alab's serials are integer and bigint)"],
    ["a generated column", c("integer", { generated: { expr: "(a + 1)", stored: true } }), undefined, "a generated column (GENERATED ALWAYS AS ((a + 1)) STORED)"],
    ["a collation", c("text", { collation: "C" }), { kind: "text" }, 'collation "C" (alab writes the database\'s default)'],
  ];
  for (const [name, col, hint, want] of cases) {
    test(name, () => {
      const got = R.columnType(col, hint);
      if (typeof want === "string") expect(isUnrepresentable(got) ? got.unrepresentable : got).toBe(want);
      else expect(got).toEqual(want);
    });
  }
});

describe("defaults", () => {
  const lit = (value: unknown): ColumnDefault => ({ kind: "literal", value } as ColumnDefault);
  const now: ColumnDefault = { kind: "expr", expr: "now" };
  const uuid: ColumnDefault = { kind: "expr", expr: "uuid" };
  const hintOf = (type: ColumnType, d?: ColumnDefault): Column => ({ name: "x", type, nullable: false, unique: false, ...(d === undefined ? {} : { default: d }) });
  const S: ColumnType = { kind: "string", length: 200 };
  // [name, printed default, column type, hint default (absent: no hint), expected]
  const cases: [string, string | undefined, ColumnType, ColumnDefault | undefined | "none", ColumnDefault | undefined | string][] = [
    ["a string", "'x'::character varying", S, "none", lit("x")],
    ["a string with a quote", "'it''s'::text", { kind: "text" }, "none", lit("it's")],
    ["a string with a backslash", "'a\\b'::character varying", S, lit("a\\b"), lit("a\\b")],
    ["an integer", "5", { kind: "integer" }, "none", lit(5)],
    ["a negative integer", "'-1'::integer", { kind: "integer" }, "none", lit(-1)],
    ["a negative decimal", "'-1.5'::numeric", { kind: "decimal", precision: 10, scale: 2 }, "none", lit(-1.5)],
    ["a big numeric", "'1000000000000000000000'::numeric", { kind: "decimal" }, lit(1e21), lit(1e21)],
    ["a float", "1.5", { kind: "float" }, "none", lit(1.5)],
    ["true", "true", { kind: "boolean" }, "none", lit(true)],
    ["false", "false", { kind: "boolean" }, lit(false), lit(false)],
    ["NULL", "NULL::character varying", S, "none", lit(null)],
    ["NULL against no default", "NULL::character varying", S, undefined, undefined],
    ["no default against NULL", undefined, S, lit(null), lit(null)],
    ["now()", "now()", { kind: "datetime" }, "none", now],
    ["CURRENT_TIMESTAMP", "CURRENT_TIMESTAMP", { kind: "datetime" }, now, now],
    ["transaction_timestamp()", "transaction_timestamp()", { kind: "datetime" }, "none", now],
    ["clock_timestamp() is not now", "clock_timestamp()", { kind: "datetime" }, now, "default clock_timestamp() is not a default alab writes for a datetime column"],
    ["CURRENT_DATE", "CURRENT_DATE", { kind: "date" }, "none", now],
    ["LOCALTIME", "LOCALTIME", { kind: "time" }, "none", now],
    ["now() on a date column", "now()", { kind: "date" }, "none", "default now() is not a default alab writes for a date column"],
    ["gen_random_uuid()", "gen_random_uuid()", { kind: "uuid" }, "none", uuid],
    ["gen_random_uuid() as text", "(gen_random_uuid())::text", { kind: "string", length: 36 }, uuid, uuid],
    ["gen_random_uuid() on a text column, not cast", "gen_random_uuid()", { kind: "text" }, "none", "default gen_random_uuid() is not a default alab writes for a text column"],
    ["json, keys reordered by jsonb", `'{"a": [1, "two"], "b": null}'::jsonb`, { kind: "json" }, lit({ b: null, a: [1, "two"] }), lit({ b: null, a: [1, "two"] })],
    ["json, another value", `'{"a": 2}'::jsonb`, { kind: "json" }, lit({ a: 1 }), lit({ a: 2 })],
    ["json string", `'"abc"'::jsonb`, { kind: "json" }, "none", lit("abc")],
    ["a date", "'2020-01-01'::date", { kind: "date" }, lit("2020-01-01"), lit("2020-01-01")],
    ["a time, seconds added", "'10:00:00'::time without time zone", { kind: "time" }, lit("10:00"), lit("10:00")],
    ["a timestamp, as the server prints it", "'2020-01-01 10:00:00+00'::timestamp with time zone", { kind: "datetime" }, lit("2020-01-01T10:00:00Z"), lit("2020-01-01T10:00:00Z")],
    ["a timestamp, another instant", "'2020-01-01 10:00:00+02'::timestamp with time zone", { kind: "datetime" }, lit("2020-01-01T10:00:00Z"), lit("2020-01-01 10:00:00+02")],
    ["a string default written for an integer", "5", { kind: "integer" }, lit("5"), lit("5")],
    ["a changed string", "'y'::character varying", S, lit("x"), lit("y")],
    ["an expression alab does not write", "(1 + 2)", { kind: "integer" }, "none", "default (1 + 2) is not a default alab writes for a integer column"],
    ["a serial's nextval is no default", "nextval('t_id_seq'::regclass)", { kind: "serial" }, "none", undefined],
    // A string default on bytea is its text's bytes; PostgreSQL prints bytes in hex.
    ["bytea from text", "'\\x61476b3d'::bytea", { kind: "base64" }, lit("aGk="), lit("aGk=")],
    ["bytea from text, no hint", "'\\x61476b3d'::bytea", { kind: "binary" }, "none", lit("aGk=")],
    ["bytea, other bytes", "'\\x61476b3e'::bytea", { kind: "base64" }, lit("aGk="), lit("aGk>")],
    ["bytea that is not text", "'\\x00ff'::bytea", { kind: "binary" }, lit("\\000\\377"), lit("\\000\\377")],
    ["bytea that is not text, no hint", "'\\x00ff'::bytea", { kind: "binary" }, "none", lit("\\x00ff")],
  ];
  for (const [name, text, type, hint, want] of cases) {
    test(name, () => {
      const col: CatalogColumn = { name: "x", type: "whatever", nullable: false, ...(text === undefined ? {} : { default: text }), ...(type.kind === "serial" ? { identity: "sequence" as const } : {}) };
      const got = R.columnDefault(col, type, hint === "none" ? undefined : hintOf(type, hint));
      if (typeof want === "string") expect(isUnrepresentable(got) ? got.unrepresentable : got).toBe(want);
      else expect(got).toEqual(want);
    });
  }
});

/** [what PostgreSQL printed, what was written]: the same expression. */
const SAME: readonly (readonly [string, string])[] = [
  ["((d * (100)::numeric) = floor((d * (100)::numeric)))", "d * 100 = floor(d * 100)"],
  ["((d / (2)::numeric) > (1)::numeric)", "d / 2.0 > 1"],
  ["((f * (2)::double precision) < (10)::double precision)", "f * 2 < 10"],
  ["(n >= '-1'::integer)", `"n" >= -1`],
  ["((n)::numeric >= 1.5)", `"n" >= 1.5`],
  ["(d >= (0)::numeric)", `"d" >= 0`],
  ["(d <= '-2.5'::numeric)", `"d" <= -2.5`],
  ["(f >= (0.1)::double precision)", `"f" >= 0.1`],
  ["(f <= ('1000000000000000000000'::numeric)::double precision)", `"f" <= 1e+21`],
  ["(d >= 1.50)", `"d" >= 1.5`],
  ["(d >= '1000'::numeric)", "d >= 1e3"],
  ["(f >= (0.00000015)::double precision)", "f >= 1.5e-7"],
  ["(n > '2147483648'::bigint)", "n > 2147483648"],
  ["(b <= 10)", `"b" <= 10`],
  ["(r >= (1.5)::double precision)", `"r" >= 1.5`],
  ["((n >= 1) AND (n <= 5))", "n between 1 and 5"],
  ["((n < 1) OR (n > 5))", "n not between 1 and 5"],
  ["((d >= ('-1'::integer)::numeric) AND (d <= '100'::numeric))", "d between -1 and 1e2"],
  ["((s)::text ~~ 'a%'::text)", "s like 'a%'"],
  ["((s)::text !~~* 'a%'::text)", "s not ilike 'a%'"],
  ["((s)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))", `"s" in ('a', 'b')`],
  ["((s)::text <> ALL ((ARRAY['a'::character varying, 'b'::character varying])::text[]))", "s not in ('a','b')"],
  ["(n = ANY (ARRAY[1, 2]))", "n in (1,2)"],
  ["(t = ANY (ARRAY['a'::text, 'b'::text]))", "t in ('a','b')"],
  ["(c = ANY (ARRAY['a'::bpchar, 'b'::bpchar]))", "c in ('a','b')"],
  ["(c ~ 'x'::text)", "c ~ 'x'"],
  ["((s)::text ~ '^\\d+$'::text)", `"s" ~ E'^\\\\d+$'`],
  ["(lower((s)::text) = (s)::text)", "lower(s) = s"],
  ["(char_length((s)::text) <= 5)", `char_length("s") <= 5`],
  ["((n > 0) AND (b > 0) AND (d > (0)::numeric))", "n > 0 and b > 0 and d > 0"],
  ["((n >= 0) AND ((n <= 5) AND (b > 0)))", "n >= 0 and n <= 5 and b > 0"],
  ["((n > 0) OR ((b > 0) AND (d > (0)::numeric)))", "n > 0 or (b > 0 and d > 0)"],
  ["((n > 0) OR ((b > 0) AND (d > (0)::numeric)))", "n > 0 or b > 0 and d > 0"],
  ["(((n + 1) * 2) > 3)", "(n + 1) * 2 > 3"],
  ["((n + (1 * 2)) > 3)", "n + 1 * 2 > 3"],
  ["((s IS NOT NULL) OR (t IS NULL))", "s is not null or t is null"],
  ["(NOT bo)", "not bo"],
  ["(bo IS TRUE)", "bo is true"],
  ["(dt > (CURRENT_DATE - 1))", "dt > current_date - 1"],
  ["(ts < now())", "ts < now()"],
  ["(COALESCE(n, 0) >= 0)", "coalesce(n, 0) >= 0"],
  ["(n IS DISTINCT FROM b)", "n is distinct from b"],
  ["(j ? 'a'::text)", "j ? 'a'"],
  ["(SUBSTRING(s FROM 1 FOR 2) = 'ab'::text)", "substring(s from 1 for 2) = 'ab'"],
  ["(POSITION(('a'::text) IN (s)) > 0)", "position('a' in s) > 0"],
  ["(EXTRACT(year FROM ts) > (2000)::numeric)", "extract(year from ts) > 2000"],
  ["(TRIM(BOTH FROM s) <> ''::text)", "trim(s) <> ''"],
  ["((s)::text <> 'x'::text)", "s != 'x'"],
  ["((n % 2) = 0)", "n % 2 = 0"],
  ["((- n) < 5)", "-n < 5"],
  ["((n)::text <> ''::text)", "n::text <> ''"],
  ["((n)::bigint > 0)", "cast(n as bigint) > 0"],
  ["CASE\n    WHEN (n > 0) THEN (b > 0)\n    ELSE true\nEND", "case when n > 0 then b > 0 else true end"],
  ["(((s)::text || t) <> ''::text)", "s || t <> ''"],
  ["(u <> '00000000-0000-0000-0000-000000000000'::uuid)", "u <> '00000000-0000-0000-0000-000000000000'"],
  ["((n / 2) > 1)", "n / 2 > 1"],
  ["((n)::numeric(5,1) > (1)::numeric)", "n::numeric(5,1) > 1"],
  ["(NULLIF((s)::text, ''::text) IS NOT NULL)", "nullif(s, '') is not null"],
  ["(GREATEST(n, 1) = n)", "greatest(n, 1) = n"],
  ['((t COLLATE "C") > \'a\'::text)', `t collate "C" > 'a'`],
  ["(array_length(ARRAY[n], 1) = 1)", "array_length(array[n], 1) = 1"],
  ["((n > 0) = true)", "(n > 0) = true"],
  ["((t ~* 'x'::text) AND (t !~ 'y'::text))", "t ~* 'x' and t !~ 'y'"],
  ["((n > 0) IS NOT FALSE)", "n > 0 is not false"],
  ["(n > 0)", "N > 0 -- a comment"],
  ["(n > 0)", "n /* nested /* comment */ */ > 0"],
  ["(n > '-1'::integer)", "n>-1"],
  // PostgreSQL stores IN with one value as = (and NOT IN as <>).
  ["((s)::text = 'a'::text)", `"s" in ('a')`],
  ["((s)::text <> 'a'::text)", `"s" not in ('a')`],
  ["(n = 1)", "n in (1)"],
  ["(n = 1)", "n = any (array[1])"],
];

/** Pairs that must not compare equal: they mean different things. */
const DIFFERENT: readonly (readonly [string, string])[] = [
  ["(((n + 1) * 2) > 3)", "n + 1 * 2 > 3"],
  ["((n / 2) > 1)", "n / 2.0 > 1"],
  ["(((n / 2) * (d * (2)::numeric)) > (1)::numeric)", "n / 2.0 * (d * 2) > 1"],
  ["((d * (100)::numeric) = floor((d * (100)::numeric)))", "d * 100 = floor(d * 10)"],
  ["((n > 0) OR ((b > 0) AND (d > (0)::numeric)))", "(n > 0 or b > 0) and d > 0"],
  ["((s)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))", `"s" in ('a', 'c')`],
  ["((s)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))", `"s" in ('b', 'a')`],
  ["(n >= '-1'::integer)", `"n" >= 1`],
  ["(c = ANY (ARRAY['a'::bpchar, 'b'::bpchar]))", "c::text in ('a','b')"],
  ["((n)::text <> ''::text)", "n <> 0"],
  ["((n > 0) IS NOT FALSE)", "n > 0"],
  ["(NOT (bo AND (n > 0)))", "not bo and n > 0"],
  ["((n - (1 - 2)) > 0)", "n - 1 - 2 > 0"],
  ["((2 ^ (3 ^ 2)) > n)", "2 ^ 3 ^ 2 > n"],
  ["((- (2 ^ 2)) < n)", "-2 ^ 2 < n"],
  ["((s)::text ~ 'a'::text)", "s ~* 'a'"],
  ["(d >= 1.5)", "d >= 1.50001"],
  ["((n)::numeric(5,1) > (1)::numeric)", "n > 1"],
  ["(f > (1.5)::double precision)", "f > 1.5::integer"],
  ["(COALESCE(n, 0) >= 0)", "coalesce(n, 1) >= 0"],
  ["(n > 0)", "b > 0"],
  ["(t > 'a'::text)", "t > 'A'"],
  ["(t ~~ 'a\\%'::text)", "t like 'a%'"],
  // The parser does not read a subquery: compared as text, and this text differs.
  ["(n > ALL (SELECT 1))", "n > all (select 2)"],
];

describe("expressions", () => {
  for (const [live, written] of SAME) test(`same: ${written}`, () => expect(R.sameExpression(live, written, table)).toBe(true));
  for (const [live, written] of DIFFERENT) test(`different: ${live} vs ${written}`, () => expect(R.sameExpression(live, written, table)).toBe(false));
  test("without the table, a cast the server adds on a varchar column is kept (no guess)", () => {
    expect(R.sameExpression("(char_length((s)::text) <= 5)", `char_length("s") <= 5`)).toBe(false);
  });
  test("the canonical form is what it is compared by, and reads back to itself", () => {
    for (const [live, written] of SAME) {
      const c = R.canonicalExpression(live, table);
      expect(R.canonicalExpression(c, table)).toBe(c);
      expect(R.sameExpression(c, written, table)).toBe(true);
    }
  });
  test("canonical forms of alab's own checks", () => {
    expect(R.canonicalExpression("((s)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))", table)).toBe(`"s" IN ('a', 'b')`);
    expect(R.canonicalExpression("((n)::numeric >= 1.5)", table)).toBe(`"n" >= 1.5`);
    expect(R.canonicalExpression("(char_length((s)::text) <= 5)", table)).toBe(`char_length("s") <= 5`);
    expect(R.canonicalExpression("((s)::text ~ '^\\d+$'::text)", table)).toBe(`"s" ~ E'^\\\\d+$'`);
    expect(R.canonicalExpression("((n > 0) OR ((b > 0) AND (d > (0)::numeric)))", table)).toBe(`"n" > 0 OR "b" > 0 AND "d" > 0`);
    expect(R.canonicalExpression("(((n)::numeric / 2.0) > (1)::numeric)", table)).toBe(`"n"::numeric / 2 > 1`);
  });
  test("text the parser does not read is kept as it is", () => {
    expect(R.canonicalExpression("n > ALL (SELECT 1)", table)).toBe("n > ALL (SELECT 1)");
    expect(R.sameExpression("n > ALL (SELECT 1)", "N >   all (select 1)", table)).toBe(true);
  });
});

describe("derived checks read back", () => {
  const t: CatalogTable = { ...table, name: "shop_item" };
  const cases: [string, string, unknown][] = [
    ["chk_shop_item_s_enum", "((s)::text = ANY ((ARRAY['a'::character varying, 'b b'::character varying])::text[]))", { column: "s", what: "enum", values: ["a", "b b"] }],
    ["chk_shop_item_t_enum", "(t = ANY (ARRAY['x'::text, 'y'::text]))", { column: "t", what: "enum", values: ["x", "y"] }],
    ["chk_shop_item_s_enum", "((s)::text = 'only'::text)", { column: "s", what: "enum", values: ["only"] }],
    ["chk_shop_item_s_min", "(char_length((s)::text) >= 2)", { column: "s", what: "min", value: 2 }],
    ["chk_shop_item_s_max", "(char_length((s)::text) <= 20)", { column: "s", what: "max", value: 20 }],
    ["chk_shop_item_n_min", "((n)::numeric >= 1.5)", { column: "n", what: "min", value: 1.5 }],
    ["chk_shop_item_d_max", "(d <= '-2.5'::numeric)", { column: "d", what: "max", value: -2.5 }],
    ["chk_shop_item_f_min", "(f >= ('-1.5'::numeric)::double precision)", { column: "f", what: "min", value: -1.5 }],
    ["chk_shop_item_s_pattern", "((s)::text ~ '^\\d+$'::text)", { column: "s", what: "pattern", value: "^\\d+$" }],
    ["another name", "((s)::text = ANY ((ARRAY['a'::character varying])::text[]))", undefined],
    ["chk_shop_item_s_max", "(char_length((s)::text) >= 20)", undefined],
    ["chk_shop_item_n_min", "(char_length((n)::text) >= 2)", undefined],
    ["chk_shop_item_s_min", "((s)::text >= '2'::text)", undefined],
    ["chk_shop_item_s_enum", "((s)::text <> ALL ((ARRAY['a'::character varying])::text[]))", undefined],
    ["chk_shop_item_n_enum", "(n = ANY (ARRAY[1, 2]))", undefined],
    ["chk_shop_item_s_pattern", "((s)::text ~* 'x'::text)", undefined],
  ];
  for (const [name, expr, want] of cases) test(`${name}: ${expr}`, () => expect(R.derivedCheck(name, expr, t)).toEqual(want as never));
});

describe("tokens", () => {
  test("strings, names, dollar quotes and operators as PostgreSQL reads them", () => {
    expect(tokenize(`E'a\\'b\\n' 'c''d' "Mixed ""Q""" $x$ $$ $x$ a>-1 b<>c x::int`)).toEqual([
      { t: "str", v: "a'b\n" },
      { t: "str", v: "c'd" },
      { t: "ident", v: 'Mixed "Q"', quoted: true },
      { t: "str", v: " $$ " },
      { t: "ident", v: "a", quoted: false },
      { t: "op", v: ">" },
      { t: "op", v: "-" },
      { t: "num", v: "1" },
      { t: "ident", v: "b", quoted: false },
      { t: "op", v: "<>" },
      { t: "ident", v: "c", quoted: false },
      { t: "ident", v: "x", quoted: false },
      { t: "punct", v: "::" },
      { t: "ident", v: "int", quoted: false },
    ]);
  });
  test("text it cannot read is an error, not a guess", () => {
    for (const bad of ["'open", "$1 > 0", "U&'x'", "/* open", "1abc"]) expect(() => tokenize(bad)).toThrow();
  });
});

test("no index is implicit on PostgreSQL", () => {
  expect(R.implicitIndex({ name: "t_pkey", unique: true, parts: [{ column: "id", descending: false }], backs: "primary" }, table)).toBe(false);
});
