/**
 * End-to-end: hostile files in a pull request, through the compiled binary as CI runs it. Each
 * must end in exit 2 with a sandbox error code, promptly, with no crash banner and no internal
 * error. The files are generated here, never committed.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { alabBinary, runAlab, tempDir } from "../support/binary";

let dir = "";
let cleanup: () => Promise<void> = async () => {};
beforeAll(async () => {
  await alabBinary();
  ({ dir, cleanup } = await tempDir("alab-hostile-"));
}, 120_000);
afterAll(() => cleanup());

let n = 0;
/** A project whose one schema file is `source` (and an alab.yaml when given). */
async function project(source: string, yaml?: string): Promise<string> {
  const p = join(dir, `p${++n}`);
  await mkdir(join(p, "schemas", "blog"), { recursive: true });
  await writeFile(join(p, "schemas", "blog", "post.js"), source);
  if (yaml !== undefined) await writeFile(join(p, "alab.yaml"), yaml);
  return p;
}

const REVOKED = "const { proxy: revoked, revoke } = Proxy.revocable({}, {}); revoke();\n";

const FILES: [string, () => string, string | undefined, RegExp][] = [
  ["a 50 MB array literal", () => `export default table({ a: col.x([${"0,".repeat(25_000_000)}]) });`, undefined, /^E_SANDBOX_MEMORY$|^E_FILE_/],
  ["a 2 MB array literal at a 16 MiB memory limit", () => `export default table({ a: col.x([${"0,".repeat(1_000_000)}]) });`, "sandbox:\n  memory_mb: 16\n", /^E_SANDBOX_MEMORY$/],
  ["arrays nested 100 000 deep", () => `export default table({ a: col.x(${"[".repeat(100_000)}${"]".repeat(100_000)}) });`, undefined, /^E_SANDBOX_(STACK|SYNTAX)$/],
  ["a recording that doubles 30 times", () => {
    let body = "u.z()";
    for (let i = 0; i < 30; i++) body = `u.y((u) => ${body})`;
    return `export default table({ a: col.x((u) => ${body}) });`;
  }, undefined, /^E_SANDBOX_RECORDING$/],
  ["a thrown revoked proxy", () => `${REVOKED}throw revoked;`, undefined, /^E_SANDBOX_THROWN$/],
  ["a rejection with a revoked proxy", () => `${REVOKED}await Promise.reject(revoked);\nexport default table({});`, undefined, /^E_SANDBOX_THROWN$/],
  // A small memory limit and time to spare: the point is memory, on a machine however loaded.
  ["an out-of-memory caught in a promise callback", () => "Promise.resolve().then(() => { try { const a = []; for (;;) a.push('x'.repeat(1 << 20) + a.length); } catch {} });\nexport default table({});", "sandbox:\n  memory_mb: 16\n  timeout_ms: 60000\n", /^E_SANDBOX_MEMORY$/],
];

describe("hostile schema files: exit 2, a sandbox code, no crash", () => {
  for (const command of [["check", "--offline"], ["new", "x"]]) {
    test.each(FILES)(`alab ${command.join(" ")}: %s`, async (_, make, yaml, code) => {
      const cwd = await project(make(), yaml);
      const r = await runAlab(command, { cwd });
      expect({ exit: r.code, stderr: r.stderr.slice(0, 600) }).toMatchObject({ exit: 2 });
      const codes = [...r.stderr.matchAll(/error\[(E_[A-Z_]+)\]/g)].map((m) => m[1]);
      expect(codes.length).toBeGreaterThan(0);
      for (const c of codes) expect(c).toMatch(code);
      expect(r.stderr).not.toContain("E_INTERNAL");
      expect(r.stderr).not.toMatch(/Bun v\d|panic|RangeError|Maximum call stack|at .*\.ts:\d+/);
    }, 60_000);
  }
});
