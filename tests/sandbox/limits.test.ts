/** Time, memory and stack limits: each failure names the limit and the file, and the next file still runs. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { DEFAULT_LIMITS, type Sandbox } from "../../src/sandbox/index";
import { calls, chain, expectCode, failure, run, sandbox } from "./helpers";

let sb: Sandbox;
const limits = { timeoutMs: 300, memoryBytes: 32 * 1024 * 1024 };
beforeAll(async () => {
  sb = await sandbox(limits);
});
afterAll(() => sb.dispose());

function expectHealthy(s: Sandbox): void {
  expect(calls(chain(run(s, "export default col.ok();").value))).toEqual([["ok", []]]);
}

describe("limits", () => {
  test.each([
    ["an endless loop", "while (true) {}", "E_SANDBOX_TIMEOUT", /within 300 ms/, 1],
    ["an endless loop that catches everything", "for (;;) { try { while (true) {} } catch {} }", "E_SANDBOX_TIMEOUT", /within 300 ms/, 1],
    ["an endless chain of promise callbacks that logs", "let n = 0;\nPromise.resolve().then(function f() { if (++n % 1000 === 0) console.log(n); return Promise.resolve().then(f); });\nexport default 1;", "E_SANDBOX_JOBS", /more than 10000 promise callbacks/, null],
    ["an endless chain of async functions", "async function f() { await null; return f(); }\nf();\nexport default 1;", "E_SANDBOX_JOBS", /more than 10000 promise callbacks/, null],
    ["an endless loop in a callback the DSL invokes", "export default table({ f: () => { for (;;) {} } });", "E_SANDBOX_TIMEOUT", /within 300 ms/, 1],
    ["catastrophic regex backtracking", "/^(a+)+$/.test('a'.repeat(40) + 'b');", "E_SANDBOX_TIMEOUT", /within 300 ms/, 1],
    ["one huge builtin call (Array.fill)", "const a = Array(1e9).fill(0);", "E_SANDBOX_MEMORY", /32 MiB/, 1],
    ["an array that grows without end", "const a = [];\nwhile (true) a.push('x'.repeat(1e6));", "E_SANDBOX_MEMORY", /32 MiB/, 2],
    ["a string that doubles without end", "let s = 'x';\nwhile (true) s += s;", "E_SANDBOX_MEMORY", /32 MiB/, 2],
    ["endless recursion", "function f(n) { return f(n + 1) + 1; }\nf(0);", "E_SANDBOX_STACK", /stack limit 128 KiB/, 1],
    ["recursion that catches the overflow and recurses again", "function f() { try { return f(); } catch { return f(); } }\nf();", "E_SANDBOX_TIMEOUT", /within 300 ms/, null],
    ["code nested too deeply to parse", `export default ${"[".repeat(100000)}${"]".repeat(100000)};`, "E_SANDBOX_STACK", /stack limit/, null],
    ["a top-level await that never settles", "await new Promise(() => {});\nexport default 1;", "E_SANDBOX_PENDING", /never settles/, null],
  ])("%s", (_, src, code, message, line) => {
    const e = failure(sb, src);
    expectCode(e, code);
    expect(e.message).toMatch(message);
    expect(e.message).toContain("schemas/blog/post.js");
    expect(e.at?.file).toBe("schemas/blog/post.js");
    if (line !== null) expect(e.at?.line).toBe(line);
    expectHealthy(sb);
  });

  test("a file may await a long but finite chain of promises", () => {
    const src = "let n = 0;\nfor (let i = 0; i < 2000; i++) await Promise.resolve().then(() => n++);\nexport default col.ok(n);";
    expect(calls(chain(run(sb, src).value))).toEqual([["ok", [2000]]]);
  });

  test("defaults: 5 s, 64 MiB, 128 KiB of stack", () => {
    expect(DEFAULT_LIMITS).toEqual({ timeoutMs: 5000, memoryBytes: 64 * 1024 * 1024, stackBytes: 128 * 1024 });
  });

  test.each([
    [{ timeoutMs: 0 }, "timeoutMs"],
    [{ memoryBytes: -1 }, "memoryBytes"],
    [{ stackBytes: Number.NaN }, "stackBytes"],
    [{ stackBytes: 8 * 1024 * 1024 }, "stackBytes"],
  ])("a bad limit %p is refused", async (bad, key) => {
    const e = await sandbox(bad).then(
      () => null,
      (err: unknown) => err as { code: string; message: string },
    );
    expect(e?.code).toBe("E_SANDBOX_LIMITS");
    expect(e?.message).toContain(key);
  });
});

/** The spare WebAssembly instance loads in the background; give it time, as a next command would. */
async function spareLoaded(): Promise<void> {
  await Bun.sleep(300);
}

describe("one file's trouble does not reach the next file", () => {
  test("promise jobs a failing file leaves queued do not run in the next file", async () => {
    await spareLoaded();
    const e = failure(sb, "let n = 0;\nPromise.resolve().then(function f() { n++; console.log('late'); return Promise.resolve().then(f); });\nthrow new Error('early');");
    expectCode(e, "E_SANDBOX_THROWN");
    const ev = run(sb, "export default col.ok();");
    expect(ev.logs).toEqual([]);
  });

  test("memory a file caught running out of is there again for the next file", async () => {
    // Its own sandbox with time to spare: this is about memory, and a spare instance compiling in
    // the background must not turn it into a timeout. Catching the error does not save the file
    // (tests/sandbox/memory.test.ts); the next file still gets the whole limit.
    const sb = await sandbox({ ...limits, timeoutMs: 10_000 });
    const greedy = "const a = []; let n = 0;\ntry { while (true) { a.push('x'.repeat(1e6)); n++; } } catch { console.log(String(n)); }\nexport default 1;";
    const needy = "const a = [];\nfor (let i = 0; i < 16; i++) a.push('x'.repeat(1e6) + i);\nexport default col.ok(a.length);";
    for (let i = 0; i < 2; i++) {
      expectCode(failure(sb, greedy), "E_SANDBOX_MEMORY");
      expect(calls(chain(run(sb, needy).value))).toEqual([["ok", [16]]]);
    }
    expectHealthy(sb);
    sb.dispose();
  });

  test("limits hit outside promise callbacks keep the sandbox usable, file after file", () => {
    for (let i = 0; i < 10; i++) {
      expectCode(failure(sb, "while (true) {}"), "E_SANDBOX_TIMEOUT");
      expectCode(failure(sb, "const a = [];\nwhile (true) a.push('x'.repeat(1e6));"), "E_SANDBOX_MEMORY");
      expectCode(failure(sb, "function f() { return f(); }\nf();"), "E_SANDBOX_STACK");
      expectHealthy(sb);
    }
  }, 30_000);

  test("an endless loop in a promise callback is stopped at the time limit; a spare instance takes over", async () => {
    await spareLoaded();
    const e = failure(sb, "Promise.resolve().then(() => { for (;;) {} });\nexport default 1;");
    expectCode(e, "E_SANDBOX_TIMEOUT");
    expect(e.message).toMatch(/within 300 ms/);
    expectHealthy(sb);
    await spareLoaded();
  });

  // A limit hit inside a promise job (here the deadline) may leave QuickJS's heap inconsistent, so
  // the WebAssembly instance is retired and a spare takes over.
  test("a limit hit inside a promise callback retires the instance; with no spare left, files are refused until one loads", async () => {
    const sb = await sandbox(limits);
    const loop = "Promise.resolve().then(() => { for (;;) {} });\nexport default 1;";
    const runChain = (): void => expectCode(failure(sb, loop), "E_SANDBOX_TIMEOUT");
    for (let i = 0; i < 2; i++) {
      runChain();
      expectHealthy(sb); // a spare took over
    }
    runChain();
    const refused = failure(sb, "export default col.ok();");
    expectCode(refused, "E_SANDBOX_EXHAUSTED");
    expect(refused.exit).toBe(1);
    await spareLoaded();
    expectHealthy(sb);
    sb.dispose();
  }, 30_000);
});

describe("an overflow of the host's own stack", () => {
  // With a QuickJS stack limit this large, WebAssembly frames exhaust Bun's stack before QuickJS
  // notices: the host RangeError must become E_SANDBOX_STACK, and evaluation must go on.
  test("becomes E_SANDBOX_STACK, and later files still evaluate", async () => {
    const big = await sandbox({ stackBytes: 4 * 1024 * 1024, timeoutMs: 2000 });
    const e = failure(big, "function f(n) { return f(n + 1) + 1; }\nf(0);");
    expectCode(e, "E_SANDBOX_STACK");
    // The spare WebAssembly instance takes over (loaded in the background since creation).
    await spareLoaded();
    expectHealthy(big);
    expectHealthy(big);
    big.dispose();
  });
});
