/**
 * The oracle over generated migrations: random schema pairs (tests/diff/random-schemas.ts) are
 * created, migrated up and back down on PostgreSQL, and after each step the database holds
 * exactly the schema the plan says it built. The seeds are ones whose migrations PostgreSQL can
 * run (the generator also changes types PostgreSQL cannot cast, e.g. integer to jsonb); among
 * them, 29/34/39 have base64 defaults and 36/40 enums of one value.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Driver } from "../../../src/db/driver";
import { diffSchemas } from "../../../src/diff/diff";
import type { Operation } from "../../../src/dsl/operations";
import { operationsFor } from "../../../src/diff/plan-ops";
import { emptySchema, type Schema } from "../../../src/model/types";
import { capabilitiesFor, plan } from "../../../src/sql/plan";
import { withTestDatabase } from "../../support/db";
import { driftOf } from "../../support/drift";
import { requireService } from "../../support/services";
import { randomPair, rngOf } from "../../diff/random-schemas";

setDefaultTimeout(120_000);
const pg = await requireService("postgres");
const SEEDS = [3, 5, 16, 25, 29, 34, 36, 39, 40, 61, 70, 73];

async function apply(driver: Driver, ops: readonly Operation[], from: Schema): Promise<Schema> {
  const p = plan(ops, from, capabilitiesFor("postgres", driver.version));
  await driver.exec(p.before);
  await driver.transaction(() => driver.exec(p.statements));
  await driver.exec(p.after);
  return p.schema;
}

describe.skipIf(pg === null)("random migrations on PostgreSQL leave no drift", () => {
  test("create, up and down, for each seed", () =>
    withTestDatabase("postgres", async (_url, driver) => {
      for (const seed of SEEDS) {
        await driver.exec([{ sql: "drop schema public cascade; create schema public" }]);
        const { from, to, renames } = randomPair(rngOf(seed));
        const created = await apply(driver, operationsFor(emptySchema, diffSchemas(emptySchema, from, { tables: {}, columns: {}, declined: [] })).up, emptySchema);
        expect({ seed, step: "create", drift: await driftOf(driver, created) }).toEqual({ seed, step: "create", drift: [] });
        const ops = operationsFor(created, diffSchemas(created, to, renames));
        const up = await apply(driver, ops.up, created);
        expect({ seed, step: "up", drift: await driftOf(driver, up) }).toEqual({ seed, step: "up", drift: [] });
        const down = await apply(driver, ops.down, up);
        expect({ seed, step: "down", drift: await driftOf(driver, down) }).toEqual({ seed, step: "down", drift: [] });
      }
    }));
});
