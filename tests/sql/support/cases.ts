/**
 * Table-driven SQL cases: one case states the SQL every dialect gets (checked against fixed server
 * versions) and is then executed on the real servers (planned for the server actually running):
 * setup ops, seed rows, the ops under test, then checks on the resulting database.
 */
import { describe, expect, test } from "bun:test";
import type { Operation } from "../../../src/dsl/operations";
import { emptySchema, type Schema } from "../../../src/model/types";
import type { Dialect } from "../../../src/sql/dialect";
import { capabilitiesFor, plan, type Capabilities } from "../../../src/sql/plan";
import { driftOf, expectNoDrift } from "../../support/drift";
import { requireService } from "../../support/services";
import { withDatabase, type Exec } from "./exec";

export const DIALECTS: readonly Dialect[] = ["postgres", "mysql", "sqlite"];

/** The versions the expected SQL is written for. */
export const CAPS: Record<Dialect, Capabilities> = {
  postgres: capabilitiesFor("postgres", "15.19"),
  mysql: capabilitiesFor("mysql", "10.11.19-MariaDB"),
  sqlite: capabilitiesFor("sqlite", "3.54.0"),
};

export interface SqlCase {
  readonly name: string;
  /** Applied first, from the empty schema. */
  readonly setup?: readonly Operation[];
  /** Rows put in after setup. */
  readonly seed?: (x: Exec) => Promise<void>;
  readonly ops: readonly Operation[];
  /** Expected `plan.statements` per dialect (null: the plan itself must fail with `error`). */
  readonly sql: Record<Dialect, readonly string[]>;
  readonly notes?: Partial<Record<Dialect, readonly string[]>>;
  /** Applying the plan must fail with a message matching this (per dialect). */
  readonly fails?: Partial<Record<Dialect, RegExp>>;
  /** The dialects the case is for (a kind only one dialect has); the others' `sql` is left empty. */
  readonly only?: readonly Dialect[];
  /** What introspection reports after the case beyond the planned schema (objects the model has no place for); none by default. */
  readonly drift?: readonly string[];
  /** Checks on the database after the plan ran (or failed). */
  readonly verify?: (x: Exec) => Promise<void>;
}

export function schemaAfter(ops: readonly Operation[], caps: Capabilities): Schema {
  return plan(ops, emptySchema, caps).schema;
}

/** Rejects with a message matching `pattern`. */
export async function expectFailure(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  let error: unknown;
  try {
    await p;
  } catch (e) {
    error = e;
  }
  expect(error).toBeDefined();
  expect(String((error as Error).message ?? error)).toMatch(pattern);
}

export async function count(x: Exec, table: string, where = ""): Promise<number> {
  const [r] = await x.query(`select count(*) as n from ${table}${where ? ` where ${where}` : ""}`);
  return Number(r!.n);
}

const services = {
  postgres: await requireService("postgres"),
  mysql: await requireService("mysql"),
  sqlite: { url: "" },
};

export function runCases(title: string, cases: readonly SqlCase[]): void {
  describe(title, () => {
    for (const c of cases) {
      for (const d of DIALECTS) {
        if (c.only !== undefined && !c.only.includes(d)) continue;
        test(`${c.name} — SQL [${d}]`, () => {
          const from = schemaAfter(c.setup ?? [], CAPS[d]);
          const p = plan(c.ops, from, CAPS[d]);
          // ALAB_PRINT_SQL=1 prints what was planned, to write a new case's expectations from (after reading it).
          if (process.env.ALAB_PRINT_SQL) console.log(`@@@ ${c.name} [${d}]\n${JSON.stringify(p.statements.map((s) => s.sql), null, 2)}\nnotes: ${JSON.stringify(p.notes)}\n@@@`);
          expect(p.statements.map((s) => s.sql)).toEqual([...c.sql[d]]);
          if (c.notes?.[d]) expect(p.notes).toEqual([...c.notes[d]!]);
        });
        test.skipIf(services[d] === null)(`${c.name} — runs [${d}]`, async () => {
          await withDatabase(d, async (x) => {
            const setup = plan(c.setup ?? [], emptySchema, x.caps);
            await x.apply(setup);
            await c.seed?.(x);
            const p = plan(c.ops, setup.schema, x.caps);
            const fail = c.fails?.[d];
            if (fail) await expectFailure(x.apply(p), fail);
            else await x.apply(p);
            await c.verify?.(x);
            // A failed plan left the setup's schema, except where DDL commits as it goes (MySQL, outside a transaction).
            const atomic = x.caps.transactionalDdl && !p.statements.some((s) => s.outside !== undefined);
            // Every case that applies its plan ends with the database holding exactly the schema it built (tests/support/drift.ts).
            const schema = fail ? setup.schema : p.schema;
            if (!fail || atomic) {
              if (c.drift === undefined) await expectNoDrift(x.driver, schema);
              else expect(await driftOf(x.driver, schema)).toEqual([...c.drift]);
            }
          });
        });
      }
    }
  });
}
