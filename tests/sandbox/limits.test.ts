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
    ["an endless chain of promise callbacks", "Promise.resolve().then(function f() { return Promise.resolve().then(f); });\nexport default 1;", "E_SANDBOX_TIMEOUT", /within 300 ms/, null],
    ["an endless loop in a callback the DSL invokes", "export default table({ f: () => { for (;;) {} } });", "E_SANDBOX_TIMEOUT", /within 300 ms/, 1],
    ["catastrophic regex backtracking", "/^(a+)+$/.test('a'.repeat(40) + 'b');", "E_SANDBOX_TIMEOUT", /within 300 ms/, 1],
    ["one huge builtin call (Array.fill)", "const a = Array(1e9).fill(0);", "E_SANDBOX_MEMORY", /32 MiB/, 1],
    ["an array that grows without end", "const a = [];\nwhile (true) a.push('x'.repeat(1e6) + a.length);", "E_SANDBOX_MEMORY", /32 MiB/, 2],
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

  test("defaults: 5 s, 64 MiB, 128 KiB of stack", () => {
    expect(DEFAULT_LIMITS).toEqual({ timeoutMs: 5000, memoryBytes: 64 * 1024 * 1024, stackBytes: 128 * 1024 });
  });

  test.each([
    [{ timeoutMs: 0 }, "timeoutMs"],
    [{ memoryBytes: -1 }, "memoryBytes"],
    [{ stackBytes: Number.NaN }, "stackBytes"],
  ])("a bad limit %p is refused", async (bad, key) => {
    const e = await sandbox(bad).then(
      () => null,
      (err: unknown) => err as { code: string; message: string },
    );
    expect(e?.code).toBe("E_SANDBOX_LIMITS");
    expect(e?.message).toContain(key);
  });
});

describe("an overflow of the host's own stack", () => {
  // With a QuickJS stack limit this large, WebAssembly frames exhaust Bun's stack before QuickJS
  // notices: the host RangeError must become E_SANDBOX_STACK, and evaluation must go on.
  test("becomes E_SANDBOX_STACK, and later files still evaluate", async () => {
    const big = await sandbox({ stackBytes: 4 * 1024 * 1024, timeoutMs: 2000 });
    const e = failure(big, "function f(n) { return f(n + 1) + 1; }\nf(0);");
    expectCode(e, "E_SANDBOX_STACK");
    // A fresh WebAssembly instance is loaded in the background and swapped in between files.
    await Bun.sleep(500);
    expectHealthy(big);
    expectHealthy(big);
    big.dispose();
  });
});
