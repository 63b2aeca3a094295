/**
 * The WebAssembly must be embedded in the compiled executable: compile a small program that uses
 * the sandbox, copy it alone into an empty directory (no node_modules), run it.
 */
import { afterAll, expect, test } from "bun:test";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const work = mkdtempSync(join(tmpdir(), "alab-sandbox-bin-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const BUN = join(import.meta.dir, "../../node_modules/.bin/bun");
const SANDBOX = join(import.meta.dir, "../../src/sandbox/index.ts");

test("a compiled binary evaluates files with the embedded WebAssembly", () => {
  const script = join(work, "probe.ts");
  writeFileSync(
    script,
    `import { createSandbox } from ${JSON.stringify(SANDBOX)};
const sb = await createSandbox({ timeoutMs: 200 });
const ev = sb.evaluate({ path: "schemas/a/b.ts", source: "interface X { a: string }\\n\\nexport default table({ id: col.id() });\\n" }, "schema");
const out = [JSON.stringify(ev.value)];
for (const source of ["while (true) {}", "import fs from 'fs';"]) {
  try { sb.evaluate({ path: "x.js", source }, "schema"); } catch (e) { out.push(e.code); }
}
console.log(out.join("\\n"));
`,
  );
  const binary = join(work, "probe");
  const build = Bun.spawnSync([BUN, "build", "--compile", "--minify", "--bytecode", "--format=esm", script, "--outfile", binary], { stderr: "pipe" });
  expect(build.exitCode, build.stderr.toString()).toBe(0);
  const alone = join(work, "empty");
  Bun.spawnSync(["mkdir", "-p", alone]);
  copyFileSync(binary, join(alone, "probe"));
  Bun.spawnSync(["chmod", "+x", join(alone, "probe")]);
  const result = Bun.spawnSync([join(alone, "probe")], { cwd: alone, stderr: "pipe", env: { PATH: "/usr/bin:/bin" } });
  expect(result.exitCode, result.stderr.toString()).toBe(0);
  const [value, timeout, refused] = result.stdout.toString().trim().split("\n");
  const chain = JSON.parse(value ?? "null");
  expect(chain.chain.root).toBe("table");
  // The TypeScript location survives compilation: line 3 of the original, `table` at column 16.
  expect(chain.chain.calls[0].loc).toEqual({ line: 3, column: 16 });
  expect([timeout, refused]).toEqual(["E_SANDBOX_TIMEOUT", "E_SANDBOX_IMPORT"]);
}, 120_000);
