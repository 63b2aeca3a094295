/**
 * The project reader on every kind of entry a pull request (or a build step) can leave in a
 * project: regular files, links inside and out, dangling and looping links, FIFOs, devices, /proc
 * files whose size lies, and files at and over the limit.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AlabError } from "../../../src/errors";
import { sourceReader } from "../../../src/cli/render";
import {
  checkProjectFile, type Confinement, confinedTo, MAX_FILE_BYTES, readProjectFile,
} from "../../../src/workflows/project/read-file";

let base = "";
let project = "";
let within: Confinement;
const SECRET = `secret-${crypto.randomUUID()}`;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), "alab-read-"));
  project = join(base, "project");
  within = { root: project, cwd: project };
  const outside = join(base, "beyond");
  await mkdir(join(project, "schemas/auth"), { recursive: true });
  await mkdir(join(project, "shared/ns"), { recursive: true });
  await mkdir(outside, { recursive: true });
  await writeFile(join(outside, "secret.js"), SECRET);
  await writeFile(join(project, "schemas/auth/user.js"), "user\n");
  await writeFile(join(project, "shared/ns/post.js"), "post\n");
  await writeFile(join(project, "at-limit.js"), Buffer.alloc(MAX_FILE_BYTES, 0x61));
  await writeFile(join(project, "over-limit.js"), Buffer.alloc(MAX_FILE_BYTES + 1, 0x61));
  await symlink("../../shared/ns/post.js", join(project, "schemas/auth/inside.js"));
  await symlink("../shared/ns", join(project, "schemas/linked"));
  await symlink(join(outside, "secret.js"), join(project, "schemas/auth/outside.js"));
  await symlink(outside, join(project, "schemas/far"));
  await symlink("/proc/self/environ", join(project, "env-link.js"));
  await symlink("./nothing.js", join(project, "dangling.js"));
  await symlink("./loop-b.js", join(project, "loop-a.js"));
  await symlink("./loop-a.js", join(project, "loop-b.js"));
  await symlink("../../../beyond/secret.js", join(project, "shared/ns/relative-out.js"));
  if (spawnSync("mkfifo", [join(project, "pipe.js")]).status !== 0) throw new Error("mkfifo failed");
});
afterAll(() => rm(base, { recursive: true, force: true }));

function refusal(fn: () => unknown): AlabError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AlabError) return e;
    throw e;
  }
  throw new Error("expected an AlabError");
}

describe("readProjectFile", () => {
  const read: [string, string][] = [
    ["schemas/auth/user.js", "user\n"],
    ["schemas/auth/inside.js", "post\n"],
    ["schemas/linked/post.js", "post\n"],
  ];
  for (const [path, text] of read) {
    test(`${path}: read (links that stay inside the project are followed)`, () => {
      expect(readProjectFile(join(project, path), within)).toBe(text);
    });
  }

  test("exactly at the size limit: read", () => {
    expect(readProjectFile("at-limit.js", within)).toHaveLength(MAX_FILE_BYTES);
  });

  const refused: [string, string, string][] = [
    ["schemas/auth/outside.js", "E_FILE_SYMLINK_ESCAPE", "leads outside the project"],
    ["schemas/far/secret.js", "E_FILE_SYMLINK_ESCAPE", "leads outside the project"],
    ["shared/ns/relative-out.js", "E_FILE_SYMLINK_ESCAPE", "leads outside the project"],
    ["env-link.js", "E_FILE_SYMLINK_ESCAPE", "leads outside the project"],
    ["dangling.js", "E_FILE_UNREADABLE", "does not exist"],
    ["loop-a.js", "E_FILE_UNREADABLE", "loop"],
    ["pipe.js", "E_FILE_NOT_REGULAR", "is a FIFO"],
    ["schemas/auth", "E_FILE_NOT_REGULAR", "is a folder"],
    ["over-limit.js", "E_FILE_TOO_LARGE", "larger than 4 MiB"],
    ["missing.js", "E_FILE_UNREADABLE", "does not exist"],
  ];
  for (const [path, code, words] of refused) {
    test(`${path}: ${code}, naming the path and nothing behind it`, () => {
      const e = refusal(() => readProjectFile(path, within));
      expect({ code: e.code, exit: e.exit, file: e.at?.file }).toEqual({ code, exit: 2, file: path });
      expect(e.message).toStartWith(`${path} `);
      expect(e.message).toContain(words);
      const all = [e.message, e.hint, ...e.details].join("\n");
      for (const hidden of [SECRET, "beyond", "/proc", "nothing.js", "loop-b"]) expect(all).not.toContain(hidden);
    });
  }

  test("optional: a missing entry is undefined, a dangling link is still an error", () => {
    expect(readProjectFile("missing.js", within, { optional: true })).toBeUndefined();
    expect(readProjectFile("no/such/folder/x.js", within, { optional: true })).toBeUndefined();
    expect(refusal(() => readProjectFile("dangling.js", within, { optional: true })).code).toBe("E_FILE_UNREADABLE");
  });

  test("a missing file below a folder that leads outside is refused, not absent", () => {
    const e = refusal(() => readProjectFile("schemas/far/none.json", within, { optional: true }));
    expect({ code: e.code, file: e.at?.file }).toEqual({ code: "E_FILE_SYMLINK_ESCAPE", file: "schemas/far" });
  });

  test("devices are refused by kind, without reading (a root that holds them)", () => {
    const dev = { root: "/dev", cwd: project };
    for (const path of ["/dev/zero", "/dev/urandom", "/dev/null"]) {
      const e = refusal(() => readProjectFile(path, dev));
      expect({ code: e.code, message: e.message }).toEqual({ code: "E_FILE_NOT_REGULAR", message: `${path} is a character device, not a regular file` });
    }
  });

  test("/proc files report size 0: they are still read to the end (and /proc/self/mem fails cleanly)", () => {
    const proc = { root: "/proc/self", cwd: project };
    expect(readProjectFile("/proc/self/cmdline", proc).length).toBeGreaterThan(0);
    expect(refusal(() => readProjectFile("/proc/self/mem", proc)).code).toBe("E_FILE_UNREADABLE");
  });

  test("paths are shown relative to the working directory, absolute outside it", () => {
    const e = refusal(() => readProjectFile(join(project, "pipe.js"), { root: project, cwd: join(project, "schemas") }));
    expect(e.at?.file).toBe(join(project, "pipe.js"));
  });
});

describe("the code frame shows only what the reader returned", () => {
  test("a file read through the reader has a source; one that exists but was never read has none", async () => {
    await writeFile(join(project, "never-read.js"), "x\n");
    readProjectFile("schemas/auth/user.js", within);
    const source = sourceReader(project);
    expect(source("schemas/auth/user.js")).toBe("user\n");
    expect(source("never-read.js")).toBeUndefined();
    expect(source("env-link.js")).toBeUndefined();
    expect(refusal(() => readProjectFile("env-link.js", within)).code).toBe("E_FILE_SYMLINK_ESCAPE");
    expect(source("env-link.js")).toBeUndefined();
  });
});

describe("confinedTo", () => {
  const config = { projectRoot: "/proj", cwd: "/proj" };
  const cases: [string, string][] = [
    ["/proj/schemas", "/proj"],
    ["/proj", "/proj"],
    ["/srv/schemas", "/srv/schemas"],
    ["/projects/x", "/projects/x"],
  ];
  for (const [dir, root] of cases) {
    test(`${dir} is read inside ${root}`, () => {
      expect(confinedTo(config, dir).root).toBe(root);
    });
  }
});

describe("checkProjectFile (a file SQLite opens itself)", () => {
  const cases: [string, string][] = [
    ["schemas/auth/user.js", "file"],
    ["schemas/auth/inside.js", "file"],
    ["new.db", "absent"],
  ];
  for (const [path, want] of cases) {
    test(`${path}: ${want}`, () => {
      expect(checkProjectFile(path, within)).toBe(want as "file" | "absent");
    });
  }
  const refused: [string, string][] = [
    ["schemas/auth/outside.js", "E_FILE_SYMLINK_ESCAPE"],
    ["pipe.js", "E_FILE_NOT_REGULAR"],
    ["dangling.js", "E_FILE_UNREADABLE"],
  ];
  for (const [path, code] of refused) {
    test(`${path}: ${code}`, () => {
      expect(refusal(() => checkProjectFile(path, within)).code).toBe(code);
    });
  }
});
