/**
 * Every logical type on every dialect: the CREATE TABLE each gets, an insert that relies on the
 * defaults (generated UUID, now, enum, json), exact decimals, booleans read back, and the
 * constraints the types carry (enum, unique, foreign key, length, json, min/max/pattern) enforced.
 */
import { describe, expect, test } from "bun:test";
import { mysqlDatetime } from "../../src/sql/typemap";
import { runCases, count, expectFailure, type SqlCase } from "./support/cases";
import { col, create, dec, en, fk, id, str, table, timestamps } from "./support/model";
import { SQLITE_NOW, SQLITE_UUID } from "./support/sqlite";

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const all = table("lab.all", [
  id(),
  col("a_bigint", "bigint", { nullable: true }),
  col("a_binary", "binary", { nullable: true }),
  col("a_blob64", "base64", { nullable: true }),
  col("a_bool", "boolean", { default: { kind: "literal", value: false } }),
  col("a_date", "date", { nullable: true }),
  col("a_datetime", "datetime", { nullable: true }),
  col("a_decimal", dec(20, 4), { nullable: true }),
  col("a_decimal_any", dec(), { nullable: true }),
  col("a_enum", en("x", "y"), { default: { kind: "literal", value: "x" } }),
  col("a_float", "float", { nullable: true }),
  col("a_integer", "integer", { nullable: true }),
  col("a_json", "json", { default: { kind: "literal", value: { a: [1, "two"] } } }),
  col("a_string", str(20), { nullable: true }),
  col("a_text", "text", { nullable: true }),
  col("a_time", "time", { nullable: true }),
  col("a_uuid", "uuid", { nullable: true }),
  ...timestamps(),
]);

const typesCase: SqlCase = {
  name: "every logical type, an insert relying on defaults",
  ops: [create(all)],
  sql: {
    postgres: [
      `create table "lab_all" ("id" uuid default gen_random_uuid() not null primary key, "a_bigint" bigint, "a_binary" bytea, "a_blob64" bytea, "a_bool" boolean default false not null, "a_date" date, "a_datetime" timestamptz, "a_decimal" numeric(20, 4), "a_decimal_any" numeric, "a_enum" varchar(255) default 'x' not null, "a_float" double precision, "a_integer" integer, "a_json" jsonb default '{"a":[1,"two"]}' not null, "a_string" varchar(20), "a_text" text, "a_time" time, "a_uuid" uuid, "created_at" timestamptz default now() not null, "updated_at" timestamptz default now() not null, constraint "chk_lab_all_a_enum_enum" check ("a_enum" in ('x', 'y')))`,
    ],
    mysql: [
      "create table `lab_all` (`id` char(36) default (uuid()) not null primary key, `a_bigint` bigint, `a_binary` longblob, `a_blob64` longblob, `a_bool` tinyint(1) default false not null, `a_date` date, `a_datetime` datetime(6), `a_decimal` decimal(20, 4), `a_decimal_any` decimal(65, 30), `a_enum` varchar(255) default 'x' not null, `a_float` double, `a_integer` int, `a_json` json default ('{\"a\":[1,\"two\"]}') not null, `a_string` varchar(20), `a_text` longtext, `a_time` time(6), `a_uuid` char(36), `created_at` datetime(6) default current_timestamp(6) not null, `updated_at` datetime(6) default current_timestamp(6) not null, constraint `chk_lab_all_a_enum_enum` check (`a_enum` in ('x', 'y')))",
    ],
    sqlite: [
      `create table "lab_all" ("id" text default ${SQLITE_UUID} not null primary key, "a_bigint" integer, "a_binary" blob, "a_blob64" blob, "a_bool" integer default 0 not null constraint "chk_lab_all_a_bool_bool" check ("a_bool" in (0, 1)), "a_date" text, "a_datetime" text, "a_decimal" text, "a_decimal_any" text, "a_enum" text default 'x' not null constraint "chk_lab_all_a_enum_enum" check ("a_enum" in ('x', 'y')), "a_float" real, "a_integer" integer, "a_json" text default '{"a":[1,"two"]}' not null constraint "chk_lab_all_a_json_json" check ("a_json" is null or json_valid("a_json")), "a_string" varchar(20) constraint "chk_lab_all_a_string_length" check (length("a_string") <= 20), "a_text" text, "a_time" text, "a_uuid" text, "created_at" text default ${SQLITE_NOW} not null, "updated_at" text default ${SQLITE_NOW} not null)`,
    ],
  },
  verify: async (x) => {
    await x.query(
      "insert into lab_all (a_decimal, a_decimal_any, a_string, a_float, a_bigint) values ('12345678901234.5678', '0.000000000000000000000000000001', 'hé ✓', 0.5, 9007199254740993)",
    );
    await x.query("insert into lab_all (a_bool) values (true)");
    const rows = await x.query("select * from lab_all order by a_bool");
    expect(rows).toHaveLength(2);
    const [r, t] = rows as [Record<string, unknown>, Record<string, unknown>];
    expect(String(r.id)).toMatch(x.dialect === "mysql" ? UUID_RE : UUID_V4); // MariaDB's uuid() is version 1
    expect(r.id).not.toBe(t.id);
    expect(r.a_enum).toBe("x");
    expect(String(r.a_decimal)).toBe("12345678901234.5678");
    expect(String(r.a_decimal_any)).toMatch(/^0\.0{29}1$/);
    expect(await count(x, "lab_all", "a_bigint = 9007199254740993")).toBe(1); // compared in SQL: JS numbers stop at 2^53
    expect(r.a_string).toBe("hé ✓");
    expect(Number(r.a_float)).toBe(0.5);
    const json = typeof r.a_json === "string" ? JSON.parse(r.a_json) : r.a_json;
    expect(json).toEqual({ a: [1, "two"] });
    // Booleans: true/false where the dialect has them, 0/1 where it stores integers.
    expect(r.a_bool).toBe(x.dialect === "postgres" ? false : 0);
    expect(t.a_bool).toBe(x.dialect === "postgres" ? true : 1);
    const created = r.created_at instanceof Date ? r.created_at : new Date(String(r.created_at));
    expect(Math.abs(created.getTime() - Date.now())).toBeLessThan(5 * 60_000);
    if (x.dialect === "sqlite") expect(String(r.created_at)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  },
};

const parent = table("lab.parent", [id(), col("code", str(10), { unique: true })]);
const child = table(
  "lab.child",
  [
    id(),
    col("data", "json", { nullable: true }),
    col("flag", "boolean", { nullable: true }),
    col("name", str(5), { min: 2, pattern: "^[a-z]+$", nullable: true }),
    col("parent_id", "uuid"),
    col("price", dec(10, 2), { min: 0, nullable: true }),
    col("qty", "integer", { min: 1, max: 10 }),
    col("state", en("on", "off")),
  ],
  { foreignKeys: [fk("lab.child", "parent_id", "lab.parent")], checks: [{ name: "chk_child_sane", expr: "qty < 10 or state = 'off'" }] },
);

const enforced: SqlCase = {
  name: "enum, unique, foreign key, length, json, boolean and min/max/pattern are enforced",
  ops: [create(parent), create(child)],
  sql: {
    postgres: [
      `create table "lab_parent" ("id" uuid default gen_random_uuid() not null primary key, "code" varchar(10) not null, constraint "uq_lab_parent_code" unique ("code"))`,
      `create table "lab_child" ("id" uuid default gen_random_uuid() not null primary key, "data" jsonb, "flag" boolean, "name" varchar(5), "parent_id" uuid not null, "price" numeric(10, 2), "qty" integer not null, "state" varchar(255) not null, constraint "fk_lab_child_parent_id" foreign key ("parent_id") references "lab_parent" ("id"), constraint "chk_lab_child_name_min" check (char_length("name") >= 2), constraint "chk_lab_child_name_pattern" check ("name" ~ '^[a-z]+$'), constraint "chk_lab_child_price_min" check ("price" >= 0), constraint "chk_lab_child_qty_min" check ("qty" >= 1), constraint "chk_lab_child_qty_max" check ("qty" <= 10), constraint "chk_lab_child_state_enum" check ("state" in ('on', 'off')), constraint "chk_child_sane" check (qty < 10 or state = 'off'))`,
    ],
    mysql: [
      "create table `lab_parent` (`id` char(36) default (uuid()) not null primary key, `code` varchar(10) not null, constraint `uq_lab_parent_code` unique (`code`))",
      "create table `lab_child` (`id` char(36) default (uuid()) not null primary key, `data` json, `flag` tinyint(1), `name` varchar(5), `parent_id` char(36) not null, `price` decimal(10, 2), `qty` int not null, `state` varchar(255) not null, constraint `fk_lab_child_parent_id` foreign key (`parent_id`) references `lab_parent` (`id`), constraint `chk_lab_child_name_min` check (char_length(`name`) >= 2), constraint `chk_lab_child_name_pattern` check (`name` regexp '(?-i)^[a-z]+$'), constraint `chk_lab_child_price_min` check (`price` >= 0), constraint `chk_lab_child_qty_min` check (`qty` >= 1), constraint `chk_lab_child_qty_max` check (`qty` <= 10), constraint `chk_lab_child_state_enum` check (`state` in ('on', 'off')), constraint `chk_child_sane` check (qty < 10 or state = 'off'))",
    ],
    sqlite: [
      `create table "lab_parent" ("id" text default ${SQLITE_UUID} not null primary key, "code" varchar(10) not null constraint "chk_lab_parent_code_length" check (length("code") <= 10), constraint "uq_lab_parent_code" unique ("code"))`,
      `create table "lab_child" ("id" text default ${SQLITE_UUID} not null primary key, "data" text constraint "chk_lab_child_data_json" check ("data" is null or json_valid("data")), "flag" integer constraint "chk_lab_child_flag_bool" check ("flag" in (0, 1)), "name" varchar(5) constraint "chk_lab_child_name_length" check (length("name") <= 5) constraint "chk_lab_child_name_min" check (length("name") >= 2), "parent_id" text not null, "price" text constraint "chk_lab_child_price_min" check (cast("price" as numeric) >= 0), "qty" integer not null constraint "chk_lab_child_qty_min" check ("qty" >= 1) constraint "chk_lab_child_qty_max" check ("qty" <= 10), "state" text not null constraint "chk_lab_child_state_enum" check ("state" in ('on', 'off')), constraint "fk_lab_child_parent_id" foreign key ("parent_id") references "lab_parent" ("id"), constraint "chk_child_sane" check (qty < 10 or state = 'off'))`,
    ],
  },
  notes: {
    postgres: [],
    mysql: ["MySQL/MariaDB: every DDL statement commits implicitly; if one fails, the statements before it stay applied"],
    sqlite: ["SQLite: pattern of lab_child.name is not enforced (SQLite has no REGEXP function by default)"] },
  verify: async (x) => {
    await x.query("insert into lab_parent (id, code) values ('00000000-0000-4000-8000-000000000001', 'p1')");
    const p = "'00000000-0000-4000-8000-000000000001'";
    const ins = (cols: string, vals: string) => x.query(`insert into lab_child (parent_id, state, qty${cols}) values (${p}, 'on', 5${vals})`);
    await ins("", "");
    await ins(", name, price, data, flag", ", 'ab', '12.50', '[1]', true");
    await expectFailure(x.query("insert into lab_parent (code) values ('p1')"), /unique|duplicate/i);
    await expectFailure(x.query("insert into lab_parent (code) values ('01234567890')"), /too long|length|data too long|chk_lab_parent_code_length/i);
    await expectFailure(x.query("insert into lab_child (parent_id, state, qty) values ('00000000-0000-4000-8000-00000000dead', 'on', 5)"), /foreign key/i);
    await expectFailure(x.query(`insert into lab_child (parent_id, state, qty) values (${p}, 'maybe', 5)`), /chk_lab_child_state_enum/);
    await expectFailure(x.query(`insert into lab_child (parent_id, state, qty) values (${p}, 'on', 0)`), /chk_lab_child_qty_min/);
    await expectFailure(x.query(`insert into lab_child (parent_id, state, qty) values (${p}, 'off', 11)`), /chk_lab_child_qty_max/);
    await expectFailure(x.query(`insert into lab_child (parent_id, state, qty, name) values (${p}, 'on', 5, 'a')`), /chk_lab_child_name_min/);
    await expectFailure(x.query(`insert into lab_child (parent_id, state, qty, price) values (${p}, 'on', 5, -1)`), /chk_lab_child_price_min/);
    await expectFailure(x.query(`insert into lab_child (parent_id, state, qty) values (${p}, 'on', 10)`), /chk_child_sane/);
    await expectFailure(x.query(`insert into lab_child (parent_id, state, qty, data) values (${p}, 'on', 5, '{oops')`), /json|chk_lab_child_data_json|CONSTRAINT/i);
    if (x.dialect !== "sqlite") {
      await expectFailure(x.query(`insert into lab_child (parent_id, state, qty, name) values (${p}, 'on', 5, 'AB')`), /chk_lab_child_name_pattern/);
    }
    if (x.dialect === "sqlite") {
      await expectFailure(x.query(`insert into lab_child (parent_id, state, qty, flag) values (${p}, 'on', 5, 2)`), /chk_lab_child_flag_bool/);
    }
    expect(await count(x, "lab_child")).toBe(2);
  },
};

const serial = table("lab.counter", [col("id", "serial"), col("label", str(20))], { primaryKey: ["id"] });
const pair = table("lab.pair", [col("a", "integer"), col("b", "integer")], { primaryKey: ["a", "b"] });

const keys: SqlCase = {
  name: "serial primary key counts up; a composite primary key is enforced",
  ops: [create(serial), create(pair)],
  sql: {
    postgres: [
      `create table "lab_counter" ("id" integer generated by default as identity not null primary key, "label" varchar(20) not null)`,
      `create table "lab_pair" ("a" integer not null, "b" integer not null, constraint "pk_lab_pair" primary key ("a", "b"))`,
    ],
    mysql: [
      "create table `lab_counter` (`id` int not null primary key auto_increment, `label` varchar(20) not null)",
      "create table `lab_pair` (`a` int not null, `b` int not null, constraint `pk_lab_pair` primary key (`a`, `b`))",
    ],
    sqlite: [
      `create table "lab_counter" ("id" integer not null primary key autoincrement, "label" varchar(20) not null constraint "chk_lab_counter_label_length" check (length("label") <= 20))`,
      `create table "lab_pair" ("a" integer not null, "b" integer not null, constraint "pk_lab_pair" primary key ("a", "b"))`,
    ],
  },
  verify: async (x) => {
    await x.query("insert into lab_counter (label) values ('one')");
    await x.query("insert into lab_counter (label) values ('two')");
    const rows = await x.query("select id, label from lab_counter order by id");
    expect(rows.map((r) => [Number(r.id), r.label])).toEqual([
      [1, "one"],
      [2, "two"],
    ]);
    await x.query("insert into lab_pair (a, b) values (1, 2)");
    await x.query("insert into lab_pair (a, b) values (2, 1)");
    await expectFailure(x.query("insert into lab_pair (a, b) values (1, 2)"), /unique|duplicate|primary/i);
  },
};

runCases("logical types", [typesCase, enforced, keys]);

describe("mysql datetime literals", () => {
  test.each([
    ["2024-01-02T03:04:05Z", "2024-01-02 03:04:05"],
    ["2024-01-02 03:04", "2024-01-02 03:04:00"],
    ["2024-01-02T03:04:05.123456Z", "2024-01-02 03:04:05.123456"],
    ["2024-01-02T00:30:00.25+02:00", "2024-01-01 22:30:00.25"],
    ["2024-12-31T23:30:00-01:00", "2025-01-01 00:30:00"],
    ["2024-02-28T23:00:00-01:30", "2024-02-29 00:30:00"],
    ["now", "now"],
    ["2024-01-02", "2024-01-02"],
  ])("%s is %s", (iso, mysql) => {
    expect(mysqlDatetime(iso)).toBe(mysql);
  });
});
