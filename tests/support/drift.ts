/**
 * The strongest oracle the suite has: after migrations ran, the live database, introspected and
 * normalized, must be exactly the schema the migrations say they built — no difference, and
 * nothing the model cannot hold. Every end-to-end test that applies migrations ends with it.
 */
import { expect } from "bun:test";
import type { Driver } from "../../src/db/driver";
import { openIntrospector } from "../../src/db/open";
import { describeChange } from "../../src/diff/describe";
import { compareSchemas } from "../../src/inspect/compare";
import { RULES } from "../../src/inspect/dialects";
import { normalizeCatalog } from "../../src/inspect/normalize";
import type { Schema } from "../../src/model/types";

/** The differences (in words) and unmanaged objects of the live database against `expected`. */
export async function driftOf(driver: Driver, expected: Schema): Promise<string[]> {
  const catalog = await (await openIntrospector(driver)).catalog();
  const live = normalizeCatalog(catalog, RULES[driver.dialect], { expected });
  return [
    ...compareSchemas(expected, live.schema, { strict: true }).map(describeChange),
    ...live.unmanaged.map((u) => `unmanaged ${u.kind} ${u.table === undefined ? "" : `${u.table}.`}${u.name}: ${u.why}`),
  ];
}

export async function expectNoDrift(driver: Driver, expected: Schema): Promise<void> {
  expect(await driftOf(driver, expected)).toEqual([]);
}
