/**
 * Running out of memory fails the file with E_SANDBOX_MEMORY, every time: in a promise callback
 * or at the top level, caught by the file or not, turned into a rejection nobody awaits, after the
 * top level finished, in the first file of a sandbox or the tenth. QuickJS turns an out-of-memory
 * inside a job into a rejection, and a file can catch the error; either way the file's result was
 * computed in a heap that hit its limit, and would depend on what ran before it.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { AlabError } from "../../src/errors";
import type { Sandbox } from "../../src/sandbox/index";
import { runLive } from "../../src/sandbox/live";
import { calls, chain, expectCode, failure, run, sandbox } from "./helpers";

const MEMORY = { memoryBytes: 32 * 1024 * 1024, timeoutMs: 10_000 };
let sb: Sandbox;
beforeAll(async () => {
  sb = await sandbox(MEMORY);
});
afterAll(() => sb.dispose());

/** Allocates until out of memory, keeping everything. */
const GREEDY = "const keep = []; for (;;) keep.push('x'.repeat(1 << 20) + keep.length);";

/** [name, source]: each runs out of memory somewhere and must end in E_SANDBOX_MEMORY. */
const FORMS: [string, string][] = [
  ["uncaught, at the top level", `${GREEDY}\nexport default 1;`],
  ["caught, at the top level", `try { ${GREEDY} } catch {}\nexport default table({});`],
  ["one huge allocation, caught", "try { 'x'.repeat(1e8); } catch {}\nexport default table({});"],
  ["in a .then callback, uncaught (a rejection nobody awaits)", `Promise.resolve().then(() => { ${GREEDY} });\nexport default table({});`],
  ["in a .then callback, caught inside it", `Promise.resolve().then(() => { try { ${GREEDY} } catch {} });\nexport default table({});`],
  ["one huge allocation in a .then callback, caught", "Promise.resolve().then(() => { try { 'x'.repeat(1e8); } catch {} });\nexport default table({});"],
  ["50 callbacks of 1 MiB each, kept alive", "const keep = [];\nlet p = Promise.resolve();\nfor (let i = 0; i < 50; i++) p = p.then(() => { keep.push('y'.repeat(1 << 20) + i); });\np.catch(() => {});\nexport default table({});"],
  ["in an async function's continuation, caught", `async function f() { await null; try { ${GREEDY} } catch {} }\nf();\nexport default table({});`],
  ["in an async function's continuation, the rejection ignored", `async function f() { await null; ${GREEDY} }\nf().catch(() => {});\nexport default table({});`],
  ["in a callback that runs after the top level awaited", `await null;\nPromise.resolve().then(() => { try { ${GREEDY} } catch {} });\nexport default table({});`],
  ["in a callback the DSL invokes, caught", `export default table({ a: (t) => { try { ${GREEDY} } catch {} } });`],
  ["in a getter the DSL reads, caught", `export default table({ a: col.x({ get v() { try { ${GREEDY} } catch {} return 1; } }) });`],
];

function expectMemory(e: AlabError): void {
  expectCode(e, "E_SANDBOX_MEMORY");
  expect(e.exit).toBe(2);
  expect(e.at?.file).toBe("schemas/blog/post.js");
}

function expectHealthy(s: Sandbox): void {
  expect(calls(chain(run(s, "export default col.ok();").value))).toEqual([["ok", []]]);
}

/** The spare WebAssembly instances load in the background; a limit hit in a job retires one. */
async function sparesLoaded(): Promise<void> {
  await Bun.sleep(300);
}

describe("out of memory is E_SANDBOX_MEMORY whatever the file does with it", () => {
  test.each(FORMS)("%s", async (_, source) => {
    await sparesLoaded();
    expectMemory(failure(sb, source));
    await sparesLoaded();
    expectHealthy(sb);
  });

  test("every time, in the second and the tenth file of a sandbox", async () => {
    const s = await sandbox(MEMORY);
    const inJob = FORMS[4]?.[1] as string;
    const atTop = FORMS[1]?.[1] as string;
    for (let i = 1; i <= 10; i++) {
      await sparesLoaded();
      expectMemory(failure(s, i % 2 === 0 ? inJob : atTop));
      await sparesLoaded();
      expectHealthy(s);
    }
    s.dispose();
  }, 60_000);

  test("memory the file ran out of is there again for the next file", async () => {
    await sparesLoaded();
    expectMemory(failure(sb, FORMS[1]?.[1] as string));
    // Half the limit in one file, after the greedy one.
    const half = run(sb, "const keep = []; for (let i = 0; i < 12; i++) keep.push('z'.repeat(1 << 20) + i);\nexport default col.ok(keep.length);");
    expect(calls(chain(half.value))).toEqual([["ok", [12]]]);
  });

  test("a file that stays under the limit is not reported", () => {
    const ev = run(sb, "const a = [];\nfor (let i = 0; i < 8; i++) a.push('w'.repeat(1 << 20) + i);\nPromise.resolve().then(() => a.push('v'.repeat(1 << 20)));\nexport default col.ok(a.length);");
    expect(calls(chain(ev.value))).toEqual([["ok", [8]]]);
  });
});

describe("the same in Azul manual mode", () => {
  test.each([
    ["caught inside up", `try { ${GREEDY} } catch {}`],
    ["in a callback after a query, caught", `await query.raw("SELECT 1");\nPromise.resolve().then(() => { try { ${GREEDY} } catch {} });`],
  ])("%s", async (_, body) => {
    const file = { path: "migrations/20150101000000_manual.js", source: `exports.up = async function (schema, query) {\n${body}\n};` };
    let caught: unknown;
    try {
      await runLive({ file, name: "up", limits: MEMORY, execute: async () => ({ rows: [] }), onLog: () => {} });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(AlabError);
    expectCode(caught as AlabError, "E_SANDBOX_MEMORY");
  });
});
