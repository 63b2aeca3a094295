/** Generated columns (AstrolaDB's .computed / .virtual): the SQL each database gets, run, read back with no drift. */
import { expect, test } from "bun:test";
import { AlabError } from "../../src/errors";
import { plan } from "../../src/sql/plan";
import { CAPS, schemaAfter } from "./support/cases";
import type { GeneratedExpr } from "../../src/model/types";
import { runCases, type SqlCase } from "./support/cases";
import { col, create, dec, id, str, table } from "./support/model";
import { SQLITE_UUID } from "./support/sqlite";

const c = (name: string): GeneratedExpr => ({ k: "col", name });
const person = table("crm.person", [
  id(),
  col("first", str(20)),
  col("shout", "text", { generated: { stored: true, expr: { k: "fn", fn: "concat", args: [c("first"), { k: "lit", value: "!" }] } } }),
  col("len", "integer", { nullable: true, generated: { stored: false, expr: { k: "fn", fn: "length", args: [c("first")] } } }),
  col("price", dec(10, 2)),
  col("twice", dec(12, 2), { generated: { stored: true, expr: { k: "fn", fn: "add", args: [c("price"), c("price")] } } }),
]);

const cases: SqlCase[] = [
  {
    name: "create a table with stored and virtual generated columns",
    ops: [create(person)],
    sql: {
      postgres: [
        `create table "crm_person" ("id" uuid default gen_random_uuid() not null primary key, "first" varchar(20) not null, "shout" text generated always as (("first" || '!')) stored not null, "len" integer generated always as (char_length("first")) stored, "price" numeric(10, 2) not null, "twice" numeric(12, 2) generated always as (("price" + "price")) stored not null)`,
      ],
      mysql: [
        "create table `crm_person` (`id` char(36) default (uuid()) not null primary key, `first` varchar(20) not null, `shout` longtext generated always as (concat(`first`, '!')) stored, `len` int generated always as (char_length(`first`)) virtual, `price` decimal(10, 2) not null, `twice` decimal(12, 2) generated always as ((`price` + `price`)) stored)",
      ],
      sqlite: [
        `create table "crm_person" ("id" text default ${SQLITE_UUID} not null primary key, "first" varchar(20) not null constraint "chk_crm_person_first_length" check (length("first") <= 20), "shout" text generated always as (("first" || '!')) stored not null, "len" integer generated always as (length("first")) virtual, "price" text not null, "twice" text generated always as (("price" + "price")) stored not null)`,
      ],
    },
    verify: async (x) => {
      await x.query("insert into crm_person (first, price) values ('ada', '1.25')");
      const [row] = await x.query("select shout, len, twice from crm_person");
      expect([String(row!.shout), Number(row!.len), Number(row!.twice)]).toEqual(["ada!", 3, 2.5]);
    },
  },
];

runCases("generated columns", cases);

test.each(["postgres", "mysql", "sqlite"] as const)("a column a generated column is computed from cannot be dropped or renamed [%s]", (d) => {
  const from = schemaAfter([create(person)], CAPS[d]);
  for (const op of [{ op: "drop_column", ref: "crm.person", column: "first" }, { op: "rename_column", ref: "crm.person", from: "price", to: "cost" }] as const) {
    let error: unknown;
    try {
      plan([op], from, CAPS[d]);
    } catch (e) {
      error = e;
    }
    expect((error as AlabError).code).toBe("E_SQL_COLUMN_IN_GENERATED");
  }
});
