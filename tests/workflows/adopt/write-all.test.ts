import { expect, test } from "bun:test";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WriteFailure, writeAll } from "../../../src/workflows/adopt/write-all";

async function tree(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).map(String).sort();
}

test("all files are written, replacing what was there", async () => {
  const dir = await mkdtemp(join(tmpdir(), "alab-write-"));
  try {
    await writeFile(join(dir, "old.js"), "old");
    await writeAll(
      [
        { path: join(dir, "old.js"), text: "new" },
        { path: join(dir, "a/b/c.js"), text: "c" },
      ],
      [join(dir, "empty/folder")],
    );
    expect(await readFile(join(dir, "old.js"), "utf8")).toBe("new");
    expect(await readFile(join(dir, "a/b/c.js"), "utf8")).toBe("c");
    expect(await tree(dir)).toEqual(["a", "a/b", "a/b/c.js", "empty", "empty/folder", "old.js"]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a failure on the way leaves every file and folder as it was", async () => {
  const dir = await mkdtemp(join(tmpdir(), "alab-write-"));
  try {
    await writeFile(join(dir, "old.js"), "old");
    // A folder where the last file should go: renaming a file over it fails.
    await mkdir(join(dir, "blocked.json"));
    await writeFile(join(dir, "blocked.json", "keep"), "x");
    const before = await tree(dir);
    const e = await writeAll(
      [
        { path: join(dir, "old.js"), text: "new" },
        { path: join(dir, "ns/table.js"), text: "t" },
        { path: join(dir, "blocked.json"), text: "{}" },
      ],
      [join(dir, "schemas")],
    ).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(WriteFailure);
    expect((e as WriteFailure).path).toBe(join(dir, "blocked.json"));
    expect(await tree(dir)).toEqual(before);
    expect(await readFile(join(dir, "old.js"), "utf8")).toBe("old");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
