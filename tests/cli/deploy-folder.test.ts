/**
 * Issue 13, item 3: a wrong working directory is not "up to date". migrate, rollback and status
 * with no migrations folder exit 2 naming the folder they looked for and who chose it, instead of
 * reporting nothing to do; the compiled binary is run as a deploy script would.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { alabBinary, runAlab, tempDir } from "../support/binary";

let dir = "";
let cleanup: () => Promise<void> = async () => {};
beforeAll(async () => {
  await alabBinary();
  ({ dir, cleanup } = await tempDir("alab-folder-"));
}, 120_000);
afterAll(() => cleanup());

let n = 0;
async function folder(files: Record<string, string> = {}): Promise<string> {
  const p = join(dir, `p${++n}`);
  await mkdir(p);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(p, name, ".."), { recursive: true });
    await writeFile(join(p, name), text);
  }
  return p;
}

const COMMANDS: string[][] = [["migrate"], ["migrate", "--dry"], ["migrate", "--json"], ["rollback"], ["status"], ["status", "--json"]];

describe("no migrations folder", () => {
  test.each(COMMANDS.map((c) => [c.join(" "), c] as const))("`alab %s` in a folder without one exits 2 naming ./migrations and the working directory", async (_, args) => {
    const cwd = await folder();
    const r = await runAlab(args, { cwd });
    expect(r.code).toBe(2);
    expect(r.stdout).not.toContain("nothing to");
    const message = `there is no migrations folder at ${join(cwd, "migrations")} (the default, ./migrations in the working directory ${cwd})`;
    if (args.includes("--json")) {
      // With --json the error is a JSON document on stderr.
      expect(JSON.parse(r.stderr).error).toMatchObject({ code: "E_MIGRATIONS_DIR_MISSING", message, exit: 2 });
    } else {
      expect(r.stderr).toContain("error[E_MIGRATIONS_DIR_MISSING]");
      expect(r.stderr).toContain(message);
      expect(r.stderr).toContain("run alab from the project's folder");
    }
    // Nothing was created: no database file, no folder.
    expect(await Bun.file(join(cwd, "alab.db")).exists()).toBe(false);
  });

  test("a folder alab.yaml names that does not exist is named with the key", async () => {
    const cwd = await folder({ "alab.yaml": "migrations: ./db/migrations\n" });
    const r = await runAlab(["migrate"], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`there is no migrations folder at ${join(cwd, "db/migrations")} (set by alab.yaml (migrations))`);
  });

  test("ALAB_MIGRATIONS_DIR naming a missing folder is named as the source", async () => {
    const cwd = await folder();
    const r = await runAlab(["migrate"], { cwd, env: { ALAB_MIGRATIONS_DIR: "nowhere" } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`there is no migrations folder at ${join(cwd, "nowhere")} (set by ALAB_MIGRATIONS_DIR)`);
  });

  test("an empty migrations folder is a project with nothing to migrate (exit 0)", async () => {
    const cwd = await folder();
    await mkdir(join(cwd, "migrations"));
    const r = await runAlab(["migrate"], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("nothing to migrate");
  });
});
