/** Changing migration files and the snapshot together: all of it, or none of it. */
import { afterEach, describe, expect, test } from "bun:test";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AlabError } from "../../../src/errors";
import { applyFileChanges } from "../../../src/workflows/project/renumber";

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function folder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "alab-renum-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

async function contents(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of (await readdir(dir)).sort()) out[f] = await readFile(join(dir, f), "utf8").catch(() => "(folder)");
  return out;
}

const at = (dir: string) => ({ migrationsDir: dir, cwd: dir });

describe("applyFileChanges", () => {
  test("renames, rewrites and the snapshot, with no backup left behind", async () => {
    const dir = await folder({ "001_a.js": "a", "002_x.js": "x", "003_y.js": "y", "alab.snapshot.json": "<<<<<<< conflict" });
    await applyFileChanges(at(dir), [{ from: "002_x.js", to: { file: "003_x.js", text: "x" } }, { from: "003_y.js", to: { file: "004_y.js", text: "y2" } }], { text: "{}\n" });
    expect(await contents(dir)).toEqual({ "001_a.js": "a", "003_x.js": "x", "004_y.js": "y2", "alab.snapshot.json": "{}\n" });
  });

  test("a file renamed onto a name another changed file gives up works (names are freed first)", async () => {
    const dir = await folder({ "002_x.js": "x", "003_x.js": "old" });
    await applyFileChanges(at(dir), [{ from: "002_x.js", to: { file: "003_x.js", text: "x" } }, { from: "003_x.js", to: { file: "004_x.js", text: "old" } }]);
    expect(await contents(dir)).toEqual({ "003_x.js": "x", "004_x.js": "old" });
  });

  test("a removal and a snapshot removed", async () => {
    const dir = await folder({ "001_a.js": "a", "alab.snapshot.json": "{}" });
    await applyFileChanges(at(dir), [{ from: "001_a.js" }], { text: null });
    expect(await contents(dir)).toEqual({});
  });

  test("a snapshot written where there was none", async () => {
    const dir = await folder({ "001_a.js": "a" });
    await applyFileChanges(at(dir), [], { text: "{}\n" });
    expect(await contents(dir)).toEqual({ "001_a.js": "a", "alab.snapshot.json": "{}\n" });
  });

  test("a new name that is taken: nothing changes, nothing is replaced", async () => {
    const dir = await folder({ "001_a.js": "a", "002_x.js": "x", "003_y.js": "y", "alab.snapshot.json": "snap" });
    const before = await contents(dir);
    const e = await applyFileChanges(at(dir), [{ from: "002_x.js", to: { file: "004_x.js", text: "x" } }, { from: "003_y.js", to: { file: "001_a.js", text: "y" } }], { text: "new" }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(AlabError);
    expect((e as AlabError).code).toBe("E_FILES_NOT_CHANGED");
    expect((e as AlabError).message).toContain("everything was put back as it was");
    expect(await contents(dir)).toEqual(before);
  });

  test("the snapshot cannot be written (a folder in its place): the migrations are put back", async () => {
    const dir = await folder({ "001_a.js": "a", "002_x.js": "x" });
    await mkdir(join(dir, "alab.snapshot.json"));
    await writeFile(join(dir, "alab.snapshot.json", "keep"), "");
    const before = await contents(dir);
    const e = await applyFileChanges(at(dir), [{ from: "002_x.js", to: { file: "003_x.js", text: "x" } }], { text: "{}" }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect((e as AlabError).code).toBe("E_FILES_NOT_CHANGED");
    expect(await contents(dir)).toEqual(before);
  });

  test("a file that vanished before the change: nothing else is touched", async () => {
    const dir = await folder({ "001_a.js": "a", "002_x.js": "x", "alab.snapshot.json": "snap" });
    const before = await contents(dir);
    const e = await applyFileChanges(at(dir), [{ from: "002_x.js", to: { file: "003_x.js", text: "x" } }, { from: "009_gone.js", to: { file: "010_gone.js", text: "" } }], { text: "new" }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect((e as AlabError).code).toBe("E_FILES_NOT_CHANGED");
    expect(await contents(dir)).toEqual(before);
  });
});
