/**
 * The compiled binary reads nothing of Bun's own configuration from the directory it runs in: a
 * project's `.env` does not change the database or folders alab uses, and a `bunfig.toml` cannot
 * preload a script (which would run outside the sandbox, before alab starts). Bun's executables
 * autoload both unless built with `--no-compile-autoload-*` (scripts/build.ts, NO_AUTOLOAD).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { buildArgs, NO_AUTOLOAD } from "../../scripts/build";
import { alabBinary, runAlab, tempDir } from "../support/binary";

let dir = "";
let cleanup: () => Promise<void> = async () => {};

beforeAll(async () => {
  await alabBinary();
  ({ dir, cleanup } = await tempDir("alab-autoload-"));
}, 120_000);
afterAll(() => cleanup());

/** Values that, were they read, would send alab elsewhere: an unreachable server, missing folders. */
const HOSTILE_ENV = "DATABASE_URL=postgres://nobody@127.0.0.1:1/elsewhere\nALAB_MIGRATIONS_DIR=./nowhere\nALAB_SCHEMAS_DIR=./nowhere\n";

describe("the binary ignores Bun's per-directory configuration", () => {
  test("every autoload is turned off in the build flags", () => {
    const args = buildArgs("/tmp/x");
    for (const flag of NO_AUTOLOAD) expect(args).toContain(flag);
  });

  test.each([".env", ".env.local", ".env.production", ".env.development"])("%s does not change the database or the folders", async (name) => {
    const cwd = join(dir, name.replaceAll(".", "_"));
    await mkdir(join(cwd, "migrations"), { recursive: true });
    await writeFile(join(cwd, name), HOSTILE_ENV);
    // Bun reads `.env.<NODE_ENV>` too: give each file the NODE_ENV that would select it.
    const r = await runAlab(["status"], { cwd, env: { NODE_ENV: name === ".env.development" ? "development" : "production" } });
    expect(r.stderr).toBe("");
    expect(r).toMatchObject({ code: 0 });
    expect(r.stdout).toContain(`SQLite at ${join(cwd, "alab.db")}`);
  });

  test("bunfig.toml cannot preload a script", async () => {
    const cwd = join(dir, "bunfig");
    await mkdir(join(cwd, "migrations"), { recursive: true });
    const marker = join(cwd, "preloaded");
    await writeFile(join(cwd, "bunfig.toml"), 'preload = ["./evil.js"]\n[run]\npreload = ["./evil.js"]\n');
    await writeFile(join(cwd, "evil.js"), `require("node:fs").writeFileSync(${JSON.stringify(marker)}, "ran");\nconsole.log("PRELOADED");\n`);
    const r = await runAlab(["status"], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain("PRELOADED");
    expect(await Bun.file(marker).exists()).toBe(false);
  });
});
