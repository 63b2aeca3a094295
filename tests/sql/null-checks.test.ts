/**
 * Issue 12, bug 3: every CHECK alab derives from a column lets NULL through on an optional column,
 * on every database — and on SQLite whatever library version the other client links against:
 * `json_valid(NULL)` is 0 before SQLite 3.45 (Debian 12's sqlite3 is 3.40), so a plain
 * `check (json_valid(c))` refused NULL there while bun's newer SQLite accepted it.
 */
import { expect, test } from "bun:test";
import { emptySchema } from "../../src/model/types";
import { capabilitiesFor, plan } from "../../src/sql/plan";
import { withTestDatabase } from "../support/db";
import { count, expectFailure, runCases, type SqlCase } from "./support/cases";
import { col, create, dec, en, id, str, table } from "./support/model";
import { SQLITE_UUID } from "./support/sqlite";

/** One optional column per derived check: enum, boolean (SQLite), json (SQLite), length (SQLite), min/max, pattern. */
const opt = table("lab.opt", [
  id(),
  col("a_bool", "boolean", { nullable: true }),
  col("a_dec", dec(10, 2), { nullable: true, min: 0, max: 100 }),
  col("a_enum", en("x", "y"), { nullable: true }),
  col("a_int", "integer", { nullable: true, min: 1, max: 9 }),
  col("a_json", "json", { nullable: true }),
  col("a_name", str(10), { nullable: true, min: 2, pattern: "^[a-z]+$" }),
  col("a_text", "text", { nullable: true, max: 50 }),
]);

const NULLS = "insert into lab_opt (a_bool, a_dec, a_enum, a_int, a_json, a_name, a_text) values (null, null, null, null, null, null, null)";

const nulls: SqlCase = {
  name: "optional columns take NULL through every derived check",
  ops: [create(opt)],
  sql: {
    postgres: [
      `create table "lab_opt" ("id" uuid default gen_random_uuid() not null primary key, "a_bool" boolean, "a_dec" numeric(10, 2), "a_enum" varchar(255), "a_int" integer, "a_json" jsonb, "a_name" varchar(10), "a_text" text, constraint "chk_lab_opt_a_dec_min" check ("a_dec" >= 0), constraint "chk_lab_opt_a_dec_max" check ("a_dec" <= 100), constraint "chk_lab_opt_a_enum_enum" check ("a_enum" in ('x', 'y')), constraint "chk_lab_opt_a_int_min" check ("a_int" >= 1), constraint "chk_lab_opt_a_int_max" check ("a_int" <= 9), constraint "chk_lab_opt_a_name_min" check (char_length("a_name") >= 2), constraint "chk_lab_opt_a_name_pattern" check ("a_name" ~ '^[a-z]+$'), constraint "chk_lab_opt_a_text_max" check (char_length("a_text") <= 50))`,
    ],
    mysql: [
      "create table `lab_opt` (`id` char(36) default (uuid()) not null primary key, `a_bool` tinyint(1), `a_dec` decimal(10, 2), `a_enum` varchar(255), `a_int` int, `a_json` json, `a_name` varchar(10), `a_text` longtext, constraint `chk_lab_opt_a_dec_min` check (`a_dec` >= 0), constraint `chk_lab_opt_a_dec_max` check (`a_dec` <= 100), constraint `chk_lab_opt_a_enum_enum` check (`a_enum` in ('x', 'y')), constraint `chk_lab_opt_a_int_min` check (`a_int` >= 1), constraint `chk_lab_opt_a_int_max` check (`a_int` <= 9), constraint `chk_lab_opt_a_name_min` check (char_length(`a_name`) >= 2), constraint `chk_lab_opt_a_name_pattern` check (`a_name` regexp '(?-i)^[a-z]+$'), constraint `chk_lab_opt_a_text_max` check (char_length(`a_text`) <= 50))",
    ],
    sqlite: [
      `create table "lab_opt" ("id" text default ${SQLITE_UUID} not null primary key, "a_bool" integer constraint "chk_lab_opt_a_bool_bool" check ("a_bool" in (0, 1)), "a_dec" text constraint "chk_lab_opt_a_dec_min" check (cast("a_dec" as numeric) >= 0) constraint "chk_lab_opt_a_dec_max" check (cast("a_dec" as numeric) <= 100), "a_enum" text constraint "chk_lab_opt_a_enum_enum" check ("a_enum" in ('x', 'y')), "a_int" integer constraint "chk_lab_opt_a_int_min" check ("a_int" >= 1) constraint "chk_lab_opt_a_int_max" check ("a_int" <= 9), "a_json" text constraint "chk_lab_opt_a_json_json" check ("a_json" is null or json_valid("a_json")), "a_name" varchar(10) constraint "chk_lab_opt_a_name_length" check (length("a_name") <= 10) constraint "chk_lab_opt_a_name_min" check (length("a_name") >= 2), "a_text" text constraint "chk_lab_opt_a_text_max" check (length("a_text") <= 50))`,
    ],
  },
  notes: { sqlite: ["SQLite: pattern of lab_opt.a_name is not enforced (SQLite has no REGEXP function by default)"] },
  verify: async (x) => {
    await x.query(NULLS);
    expect(await count(x, "lab_opt", "a_json is null")).toBe(1);
    await expectFailure(x.query("insert into lab_opt (a_json) values ('{oops')"), /json|chk_lab_opt_a_json_json|CONSTRAINT/i);
  },
};

runCases("NULL and derived checks", [nulls]);

// The sqlite3 command-line shell links the system's SQLite library (3.40 on Debian 12), not bun's.
const shell = Bun.which("sqlite3");
test.skipIf(shell === null)("SQLite: a database alab created takes NULL in an optional json column from the system's sqlite3 shell", async () => {
  await withTestDatabase("sqlite", async (url, driver) => {
    const caps = capabilitiesFor("sqlite", driver.version);
    await driver.exec(plan([create(opt)], emptySchema, caps).statements);
    const file = url.slice("sqlite:".length);
    await driver.close();
    const run = Bun.spawnSync([shell as string, file, NULLS, "select count(*) from lab_opt where a_json is null", "select sqlite_version()"]);
    expect({ stderr: run.stderr.toString(), code: run.exitCode }).toEqual({ stderr: "", code: 0 });
    expect(run.stdout.toString().split("\n")[0]).toBe("1");
  });
});
