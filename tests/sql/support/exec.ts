/**
 * Runs the SQL tests on the real servers through alab's own drivers (src/db) on a fresh database
 * per test (tests/support/db.ts). A Plan runs the way the runner runs it: `before` outside the
 * transaction, `statements` inside, `after` once the transaction ended either way.
 */
import type { Driver } from "../../../src/db/driver";
import type { Dialect, Statement } from "../../../src/sql/dialect";
import { capabilitiesFor, type Capabilities, type Plan } from "../../../src/sql/plan";
import { withTestDatabase } from "../../support/db";

export type Row = Record<string, unknown>;

export interface Exec {
  readonly dialect: Dialect;
  readonly caps: Capabilities;
  readonly driver: Driver;
  query<T extends Row = Row>(sql: string, args?: readonly (string | number | boolean | null)[]): Promise<T[]>;
  run(statements: readonly Statement[]): Promise<void>;
  /** before; BEGIN; statements; COMMIT (ROLLBACK and rethrow on failure); after. */
  apply(plan: Plan): Promise<void>;
}

export async function withDatabase(dialect: Dialect, fn: (x: Exec) => Promise<void>): Promise<void> {
  await withTestDatabase(dialect, async (_url, driver) => {
    await fn({
      dialect,
      caps: capabilitiesFor(driver.dialect, driver.version),
      driver,
      query: <T extends Row>(sql: string, args?: readonly (string | number | boolean | null)[]) => driver.query<T>(args ? { sql, args } : { sql }),
      run: (statements) => driver.exec(statements),
      apply: async (plan) => {
        await driver.exec(plan.before);
        try {
          // As the runner does: a statement that cannot run inside a transaction takes the plan out of one.
          if (plan.statements.some((s) => s.outside !== undefined)) await driver.exec(plan.statements);
          else await driver.transaction(() => driver.exec(plan.statements));
        } finally {
          await driver.exec(plan.after);
        }
      },
    });
  });
}
