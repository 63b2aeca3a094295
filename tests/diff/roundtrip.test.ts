/**
 * The round-trip property: for many random schema pairs, replaying the generated `up` on `from`
 * gives `to`, replaying `down` on `to` gives `from`, and the written file reads back (through the
 * real sandbox) as exactly the operations it was written from.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { stableStringify } from "../../src/model/json";
import type { Schema } from "../../src/model/types";
import { canonicalSchema } from "../../src/diff/canonical";
import { diffSchemas } from "../../src/diff/diff";
import { operationsFor } from "../../src/diff/plan-ops";
import { replay } from "../../src/diff/replay";
import { writeMigration } from "../../src/codegen/write";
import { comparableOps } from "../../src/codegen/roundtrip";
import { createSandbox, type Sandbox } from "../../src/sandbox/index";
import { interpretMigration } from "../../src/dsl/migration/index";
import { parseSchema } from "../../src/model/schema-valibot";
import { namesAreUnique, randomPair, rngOf } from "./random-schemas";

const PAIRS = 250;

/** Table docs are documentation no operation carries (see src/diff/diff.ts). */
function comparable(s: Schema): string {
  const tables = Object.fromEntries(Object.entries(canonicalSchema(s).tables).map(([ref, t]) => {
    const { docs: _docs, ...rest } = t;
    return [ref, rest];
  }));
  return stableStringify({ tables });
}

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await createSandbox();
});
afterAll(() => sandbox.dispose());

describe(`round trip over ${PAIRS} random schema pairs`, () => {
  test("up(from) = to, down(to) = from, text reads back as the operations", () => {
    let operations = 0;
    let destructive = 0;
    for (let seed = 1; seed <= PAIRS; seed++) {
      const { from, to, renames } = randomPair(rngOf(seed));
      parseSchema(JSON.parse(stableStringify(to)), `seed ${seed}`);
      expect({ seed, unique: namesAreUnique(to) }).toEqual({ seed, unique: true });
      const changes = diffSchemas(from, to, renames);
      const plan = operationsFor(from, changes);
      operations += plan.up.length;
      destructive += plan.destructive.size;
      const after = replay(from, plan.up);
      expect({ seed, schema: comparable(after) }).toEqual({ seed, schema: comparable(to) });
      expect({ seed, schema: comparable(replay(after, plan.down)) }).toEqual({ seed, schema: comparable(from) });
      const text = writeMigration(plan.up, plan.down, { name: `pair_${seed}`, destructive: plan.destructive });
      const def = interpretMigration(sandbox.evaluate({ path: `migrations/${seed}_pair.js`, source: text }, "migration"));
      expect({ seed, up: comparableOps(def.up.map((o) => o.value)) }).toEqual({ seed, up: comparableOps(plan.up) });
      expect({ seed, down: comparableOps((def.down ?? []).map((o) => o.value)) }).toEqual({ seed, down: comparableOps(plan.down) });
      expect(writeMigration(plan.up, plan.down, { name: `pair_${seed}`, destructive: plan.destructive })).toBe(text);
      expect(diffSchemas(after, to, { tables: {}, columns: {}, declined: [] })).toEqual([]);
    }
    // The generator must exercise the planner, not hand it empty pairs.
    expect(operations).toBeGreaterThan(PAIRS * 3);
    expect(destructive).toBeGreaterThan(PAIRS / 5);
  }, 120_000);
});
