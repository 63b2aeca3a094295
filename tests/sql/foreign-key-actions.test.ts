/**
 * ON DELETE/UPDATE SET DEFAULT: PostgreSQL and SQLite carry it out; MariaDB's InnoDB accepted it
 * and stored no action (the drift oracle over random migrations found it), MySQL's refuses the
 * table. The planner refuses it on MySQL/MariaDB, by name, before anything is sent.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Operation } from "../../src/dsl/operations";
import { emptySchema, type ForeignKey } from "../../src/model/types";
import { plan } from "../../src/sql/plan";
import { availableDialects, withTestDatabase } from "../support/db";
import { expectNoDrift } from "../support/drift";
import { CAPS } from "./support/cases";
import { col, create, id, table } from "./support/model";

setDefaultTimeout(60_000);

const parent = table("shop.parent", [id()]);
const key = (onDelete: ForeignKey["onDelete"], onUpdate: ForeignKey["onUpdate"]): ForeignKey => ({ name: "fk_shop_child_parent_id", columns: ["parent_id"], refTable: "shop.parent", refColumns: ["id"], onDelete, onUpdate });
const child = (fk: ForeignKey) => table("shop.child", [id(), col("parent_id", "uuid", { nullable: true, default: { kind: "literal", value: "00000000-0000-4000-8000-000000000000" } })], { foreignKeys: [fk] });

const PATHS: readonly (readonly [string, (fk: ForeignKey) => Operation[]])[] = [
  ["in create_table", (fk) => [create(parent), create(child(fk))]],
  ["in add_foreign_key", (fk) => [create(parent), create(child(key("NO ACTION", "NO ACTION"))), { op: "drop_foreign_key", ref: "shop.child", name: fk.name }, { op: "add_foreign_key", ref: "shop.child", foreignKey: fk }]],
];

describe("SET DEFAULT on MySQL/MariaDB is refused by the planner", () => {
  for (const [where, ops] of PATHS) {
    for (const [onDelete, onUpdate, clause] of [["SET DEFAULT", "NO ACTION", "ON DELETE"], ["CASCADE", "SET DEFAULT", "ON UPDATE"], ["SET DEFAULT", "SET DEFAULT", "ON DELETE and ON UPDATE"]] as const) {
      test(`${where}: ${clause}`, () => {
        let error: unknown;
        try {
          plan(ops(key(onDelete, onUpdate)), emptySchema, CAPS.mysql);
        } catch (e) {
          error = e;
        }
        expect(error).toMatchObject({ code: "E_SQL_MYSQL_SET_DEFAULT", message: `foreign key fk_shop_child_parent_id on shop.child: MySQL/MariaDB (InnoDB) does not carry out ${clause} SET DEFAULT` });
      });
    }
  }
});

const dialects = (await availableDialects()).filter((d) => d !== "mysql");

describe.each(dialects)("SET DEFAULT on %s", (dialect) => {
  test("is planned, runs, and reads back as written", () =>
    withTestDatabase(dialect, async (_url, driver) => {
      const p = plan(PATHS[1]![1](key("SET DEFAULT", "SET DEFAULT")), emptySchema, CAPS[dialect]);
      expect(p.statements.some((s) => /on delete set default on update set default/i.test(s.sql))).toBe(true);
      await driver.exec(p.before);
      await driver.exec(p.statements);
      await driver.exec(p.after);
      await expectNoDrift(driver, p.schema);
    }));
});
