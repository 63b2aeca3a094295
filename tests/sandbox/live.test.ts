/**
 * Azul manual mode in the sandbox (src/sandbox/live.ts), with a host that answers queries from a
 * script instead of a database: what the file executes reaches the host in order, the file sees
 * the answers, its errors point at its lines, and the limits hold — the time limit counting only
 * time spent in QuickJS.
 */
import { describe, expect, test } from "bun:test";
import { AlabError } from "../../src/errors";
import { type LiveEnd, runLive } from "../../src/sandbox/live";
import type { Chain } from "../../src/sandbox/protocol";
import type { Json } from "../../src/sandbox/recording";

interface Seen {
  readonly root: string;
  readonly calls: string[];
  readonly args: unknown;
}

interface Run {
  readonly end: LiveEnd;
  readonly seen: Seen[];
  readonly logs: string[];
}

const FILE = "migrations/20150101000000_manual.js";

async function live(source: string, opts: { answer?: (c: Chain, i: number) => Json | undefined | Promise<Json | undefined>; timeoutMs?: number; path?: string; name?: "up" | "down" } = {}): Promise<Run> {
  const seen: Seen[] = [];
  const logs: string[] = [];
  const end = await runLive({
    file: { path: opts.path ?? FILE, source },
    name: opts.name ?? "up",
    limits: { timeoutMs: opts.timeoutMs ?? 2000 },
    execute: async (chain) => {
      seen.push({ root: chain.root, calls: chain.calls.map((c) => c.name), args: chain.calls[0]?.args });
      return opts.answer === undefined ? (chain.root === "query" ? { rows: [] } : undefined) : await opts.answer(chain, seen.length - 1);
    },
    onLog: (line) => logs.push(line),
  });
  return { end, seen, logs };
}

async function liveError(source: string, opts: Parameters<typeof live>[1] = {}): Promise<AlabError> {
  try {
    await live(source, opts);
  } catch (e) {
    if (e instanceof AlabError) return e;
    throw e;
  }
  throw new Error("expected an error");
}

describe("executing calls", () => {
  test("await, .then, .execute() and Promise.all reach the host in the order executed; results come back as the file's own objects", async () => {
    const r = await live(
      `exports.up = async function (schema, query) {
  const count = await query.raw("SELECT count(*) AS n FROM people");
  console.log(Array.isArray(count.rows), count.rows[0].n);
  await query.raw("INSERT INTO people (name) VALUES (?)", ["n=" + count.rows[0].n]).execute();
  await query.raw("SELECT 1").then(function (r) { console.log("then", r.rows.length); });
  await Promise.all([query.raw("SELECT 2"), query.raw("SELECT 3")]);
  await schema.createTable("t", function (table) { table.string("x"); });
};`,
      { answer: (c, i) => (c.root === "query" ? { rows: i === 0 ? [{ n: 7 }] : [] } : undefined) },
    );
    expect(r.end).toEqual({ kind: "fulfilled", unexecuted: [] });
    expect(r.seen.map((s) => [s.root, s.calls, s.args])).toEqual([
      ["query", ["raw"], ["SELECT count(*) AS n FROM people"]],
      ["query", ["raw"], ["INSERT INTO people (name) VALUES (?)", ["n=7"]]],
      ["query", ["raw"], ["SELECT 1"]],
      ["query", ["raw"], ["SELECT 2"]],
      ["query", ["raw"], ["SELECT 3"]],
      ["schema", ["createTable"], ["t", { $alab: "fn", fn: expect.anything() }]],
    ]);
    expect(r.logs).toEqual(["true 7", "then 0"]);
  });

  test("a query runs once however often it is awaited; a returned query chain with .then is manual mode", async () => {
    const r = await live(`exports.up = function (schema, query) {
  const q = query.raw("SELECT 1");
  return q.then(function () { return q; }).then(function () { return q.execute(); });
};`);
    expect(r.seen.length).toBe(1);
    expect(r.end.kind).toBe("fulfilled");
  });

  test("calls made but never executed are reported, in the order written", async () => {
    const r = await live(`exports.up = async function (schema, query) {
  schema.createTable("a", function (t) { t.string("x"); });
  await query.raw("SELECT 1");
  query.raw("DELETE FROM a");
};`);
    expect(r.seen.length).toBe(1);
    if (r.end.kind !== "fulfilled") throw new Error(r.end.kind);
    expect(r.end.unexecuted.map((c) => [c.root, c.calls[0]?.name, c.calls[0]?.loc])).toEqual([
      ["schema", "createTable", { line: 2, column: 10 }],
      ["query", "raw", { line: 4, column: 9 }],
    ]);
  });

  test("down is found in every export form; console output of the file's top level is not repeated", async () => {
    for (const form of [
      "exports.up = async function () {}; exports.down = async function (schema, query) { await query.raw('SELECT 9'); };",
      "module.exports = { async up() {}, async down(schema, query) { await query.raw('SELECT 9'); } };",
      "export default { async up() {}, async down(schema, query) { await query.raw('SELECT 9'); } };",
    ]) {
      const r = await live(`console.log("top"); ${form}`, { name: "down" });
      expect([r.seen.map((s) => s.args), r.logs]).toEqual([[["SELECT 9"]], []]);
    }
  });

  test("a promise that never settles is reported as pending", async () => {
    const r = await live(`exports.up = async function (schema, query) { await query.raw("SELECT 1"); await new Promise(function () {}); };`);
    expect(r.end.kind).toBe("pending");
  });
});

describe("failures point into the file", () => {
  test("a throw after a query: E_SANDBOX_THROWN at its line and column; nothing after it runs", async () => {
    const e = await liveError(`exports.up = async function (schema, query) {
  await query.raw("SELECT 1");
  throw new Error("no rows to fix");
  await query.raw("SELECT 2");
};`);
    expect([e.code, e.message, e.at]).toEqual(["E_SANDBOX_THROWN", "Error: no rows to fix", { file: FILE, line: 3, column: 18 }]);
  });

  test("a rejected promise of the file's own", async () => {
    const e = await liveError(`exports.up = function (schema, query) {
  return query.raw("SELECT 1").then(function (r) { return r.rows[0].missing.deep; });
};`);
    expect(e.code).toBe("E_SANDBOX_THROWN");
    expect(e.message).toContain("TypeError");
    expect(e.at?.line).toBe(2);
  });

  test("the host's error stops the file at once and is rethrown as it is", async () => {
    const boom = new Error("database refused");
    let caught: unknown;
    const seen: string[] = [];
    try {
      await runLive({
        file: { path: FILE, source: `exports.up = async function (s, query) { try { await query.raw("BAD"); } catch (e) {} await query.raw("AFTER"); };` },
        name: "up",
        execute: async (c) => {
          seen.push(String(c.calls[0]?.args?.[0]));
          throw boom;
        },
        onLog: () => undefined,
      });
    } catch (e) {
      caught = e;
    }
    expect([caught, seen]).toEqual([boom, ["BAD"]]);
  });

  test("TypeScript files map back to the original lines", async () => {
    const e = await liveError(
      `interface Row { n: number }
exports.up = async function (schema: unknown, query: any): Promise<void> {
  const r: { rows: Row[] } = await query.raw("SELECT 1");
  throw new Error("at " + r.rows.length);
};`,
      { path: "migrations/20150101000000_manual.ts" },
    );
    expect([e.message, e.at?.line, e.at?.column]).toEqual(["Error: at 0", 4, 18]);
  });
});

describe("limits and authority", () => {
  test("the time limit counts QuickJS time only: waiting on the database does not use it up", async () => {
    const r = await live(`exports.up = async function (s, query) { for (let i = 0; i < 3; i++) await query.raw("SELECT pg_sleep(0.15)"); };`, {
      timeoutMs: 100,
      answer: async () => {
        await Bun.sleep(150);
        return { rows: [] };
      },
    });
    expect([r.end.kind, r.seen.length]).toEqual(["fulfilled", 3]);
  });

  test("an endless loop after a query still hits the time limit", async () => {
    const e = await liveError(`exports.up = async function (s, query) { await query.raw("SELECT 1"); for (;;) {} };`, { timeoutMs: 100 });
    expect([e.code, e.message]).toEqual(["E_SANDBOX_TIMEOUT", `${FILE} did not finish within 100 ms, the sandbox time limit`]);
  });

  test("memory and stack limits hold in manual mode", async () => {
    const memory = await liveError(`exports.up = async function (s, query) { await query.raw("SELECT 1"); const a = []; for (;;) a.push("x".repeat(1000) + a.length); };`);
    expect(memory.code).toBe("E_SANDBOX_MEMORY");
    const stack = await liveError(`exports.up = async function (s, query) { await query.raw("SELECT 1"); const f = (n) => f(n + 1) + 1; f(0); };`);
    expect(stack.code).toBe("E_SANDBOX_STACK");
  });

  test("no ambient authority: host globals are absent and the live objects reach no constructor", async () => {
    const r = await live(`exports.up = async function (schema, query) {
  const q = query.raw("SELECT 1");
  let compiled = "refused";
  try { q.execute.constructor("return globalThis")(); compiled = "compiled"; } catch (e) {}
  console.log(typeof process, typeof Bun, typeof require, typeof fetch, typeof Date, typeof setTimeout, compiled);
  const r = await q;
  try { r.constructor.constructor("return 1")(); compiled = "compiled"; } catch (e) {}
  console.log(compiled);
};`);
    expect(r.logs).toEqual(["undefined undefined undefined undefined undefined undefined refused", "refused"]);
  });
});
