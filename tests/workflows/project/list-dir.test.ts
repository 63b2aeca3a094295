/** Listing a project folder: the same confinement as reading, applied to every entry alab would use. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AlabError, AlabErrors } from "../../../src/errors";
import { listProjectDir } from "../../../src/workflows/project/list-dir";
import type { Confinement } from "../../../src/workflows/project/read-file";

let base = "";
let project = "";
let within: Confinement;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), "alab-list-"));
  project = join(base, "project");
  await mkdir(join(project, "ok/sub"), { recursive: true });
  await mkdir(join(project, "bad"), { recursive: true });
  await mkdir(join(base, "elsewhere"), { recursive: true });
  await writeFile(join(base, "elsewhere/x.js"), "");
  await writeFile(join(project, "ok/a.js"), "");
  await symlink("a.js", join(project, "ok/b.js"));
  await symlink("sub", join(project, "ok/c"));
  await writeFile(join(project, "bad/fine.js"), "");
  await symlink(join(base, "elsewhere/x.js"), join(project, "bad/escape.js"));
  await symlink(join(base, "elsewhere"), join(project, "bad/escape-dir"));
  await symlink("./gone.js", join(project, "bad/dangling.js"));
  await symlink("/dev/zero", join(project, "bad/zero.js"));
  if (spawnSync("mkfifo", [join(project, "bad/pipe.js")]).status !== 0) throw new Error("mkfifo failed");
  if (spawnSync("mkfifo", [join(project, "bad/.ignored-pipe")]).status !== 0) throw new Error("mkfifo failed");
  await symlink(join(base, "elsewhere"), join(project, "linked-out"));
  await writeFile(join(project, "plain-file"), "");
  within = { root: project, cwd: project };
});
afterAll(() => rm(base, { recursive: true, force: true }));

describe("listProjectDir", () => {
  test("files, folders and links inside the project, sorted; each path as named, not as resolved", () => {
    expect(listProjectDir("ok", within)).toEqual([
      { name: "a.js", path: join(project, "ok/a.js"), kind: "file" },
      { name: "b.js", path: join(project, "ok/b.js"), kind: "file" },
      { name: "c", path: join(project, "ok/c"), kind: "dir" },
      { name: "sub", path: join(project, "ok/sub"), kind: "dir" },
    ]);
  });

  test("a missing folder is undefined", () => {
    expect(listProjectDir("nope", within)).toBeUndefined();
  });

  test("every refused entry is reported, each by its path; ignored names are never looked at", () => {
    let caught: unknown;
    try {
      listProjectDir("bad", within, (name) => name.startsWith("."));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(AlabErrors);
    const found = (caught as AlabErrors).errors.map((e) => [e.at?.file, e.code]);
    expect(found).toEqual([
      ["bad/dangling.js", "E_FILE_UNREADABLE"],
      ["bad/escape-dir", "E_FILE_SYMLINK_ESCAPE"],
      ["bad/escape.js", "E_FILE_SYMLINK_ESCAPE"],
      ["bad/pipe.js", "E_FILE_NOT_REGULAR"],
      ["bad/zero.js", "E_FILE_SYMLINK_ESCAPE"],
    ]);
  });

  test("with an error list: refused entries go there, the rest is returned", () => {
    const errors: AlabError[] = [];
    const entries = listProjectDir("bad", within, (name) => name.startsWith("."), errors);
    expect(entries?.map((e) => e.name)).toEqual(["fine.js"]);
    expect(errors).toHaveLength(5);
  });

  test("the folder itself: linked outside is refused; a file is not a folder", () => {
    const escape = (() => {
      try {
        listProjectDir("linked-out", within);
      } catch (e) {
        return e as AlabError;
      }
    })();
    expect({ code: escape?.code, file: escape?.at?.file }).toEqual({ code: "E_FILE_SYMLINK_ESCAPE", file: "linked-out" });
    expect(() => listProjectDir("plain-file", within)).toThrow("plain-file is a regular file, not a folder");
  });

  test("an operator's folder outside the project is its own confinement", () => {
    expect(listProjectDir(join(base, "elsewhere"), { root: join(base, "elsewhere"), cwd: project })?.map((e) => e.name)).toEqual(["x.js"]);
  });
});
