/**
 * The fast snapshot check (src/model/schema-check.ts) may only ever say "valid" where valibot's
 * SchemaSchema does, with the same values: checked on random schemas and on thousands of random
 * mutations of them (a key removed, added or renamed to `__proto__`, a value of another type or
 * out of range), plus the cases valibot's records treat specially.
 */
import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { jsonEqual } from "../../src/model/json";
import { isSchemaShape } from "../../src/model/schema-check";
import { SchemaSchema } from "../../src/model/schema-valibot";
import { randomSchema, rngOf, type Rng } from "../diff/random-schemas";

function agrees(json: unknown): void {
  if (!isSchemaShape(json)) return; // valibot decides: nothing to prove
  const r = v.safeParse(SchemaSchema, json);
  expect(r.success).toBe(true);
  if (r.success) expect(jsonEqual(r.output, json)).toBe(true);
}

const ODD: readonly unknown[] = [null, undefined, 0, -1, 1.5, Number.POSITIVE_INFINITY, "", "X", "a.b.c", "__proto__", true, [], {}, [1], { kind: "uuid" }, "x".repeat(64)];

/** Every object and array inside `root`, with a way to change it. */
function spots(root: unknown): { parent: Record<string, unknown> | unknown[]; key: string | number }[] {
  const out: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach((v, i) => (out.push({ parent: x, key: i }), walk(v)));
    else if (typeof x === "object" && x !== null) for (const k of Object.keys(x)) out.push({ parent: x as Record<string, unknown>, key: k }), walk((x as Record<string, unknown>)[k]);
  };
  walk(root);
  return out;
}

function mutate(json: unknown, rng: Rng): unknown {
  const copy = JSON.parse(JSON.stringify(json)) as unknown;
  const all = spots(copy);
  const at = all[Math.floor(rng() * all.length)];
  if (at === undefined) return copy;
  const { parent, key } = at;
  const odd = ODD[Math.floor(rng() * ODD.length)];
  const choice = rng();
  if (Array.isArray(parent)) {
    if (choice < 0.3) parent.splice(key as number, 1);
    else parent[key as number] = odd;
  } else if (choice < 0.25) delete parent[key as string];
  else if (choice < 0.4) parent[`${String(key)}_x`] = odd;
  else if (choice < 0.5) Object.defineProperty(parent, "__proto__", { value: parent[key as string], enumerable: true, configurable: true, writable: true });
  else parent[key as string] = odd;
  return copy;
}

describe("isSchemaShape never accepts what valibot refuses", () => {
  test("random valid schemas: both accept them", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const json = JSON.parse(JSON.stringify(randomSchema(rngOf(seed))));
      expect(isSchemaShape(json)).toBe(true);
      agrees(json);
    }
  });

  test("random mutations: where the fast check says yes, valibot says yes with the same values", () => {
    const rng = rngOf(4242);
    let refused = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const base = JSON.parse(JSON.stringify(randomSchema(rngOf(seed))));
      for (let i = 0; i < 40; i++) {
        const m = mutate(base, rng);
        if (!isSchemaShape(m)) refused++;
        agrees(m);
      }
    }
    expect(refused).toBeGreaterThan(1000); // the mutations do reach the check
  });

  test.each([
    ["a table keyed __proto__", '{"tables":{"__proto__":{"ref":"__proto__","sqlName":"__proto__","columns":[],"primaryKey":[],"indexes":[],"foreignKeys":[],"checks":[]}}}'],
    ["a literal default with a __proto__ key", '{"tables":{"t":{"ref":"t","sqlName":"t","columns":[{"name":"j","type":{"kind":"json"},"nullable":false,"unique":false,"default":{"kind":"literal","value":{"__proto__":1}}}],"primaryKey":[],"indexes":[],"foreignKeys":[],"checks":[]}}}'],
    ["tables as an array", '{"tables":[]}'],
    ["a column type of no known kind", '{"tables":{"t":{"ref":"t","sqlName":"t","columns":[{"name":"a","type":{"kind":"money"},"nullable":false,"unique":false}],"primaryKey":[],"indexes":[],"foreignKeys":[],"checks":[]}}}'],
    ["an identifier of 64 characters", `{"tables":{"t":{"ref":"t","sqlName":"t","columns":[{"name":"${"a".repeat(64)}","type":{"kind":"text"},"nullable":false,"unique":false}],"primaryKey":[],"indexes":[],"foreignKeys":[],"checks":[]}}}`],
  ])("%s: sent to valibot", (_what, text) => {
    const json = JSON.parse(text);
    expect(isSchemaShape(json)).toBe(false);
  });
});
