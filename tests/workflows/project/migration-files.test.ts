import { afterEach, describe, expect, test } from "bun:test";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AlabError } from "../../../src/errors";
import {
  checksumOf, listMigrationFiles, scanMigrationFiles, nextMigrationFileName, nextNumber, snakeName, timestampFileName,
} from "../../../src/workflows/project/migration-files";

const dirs: string[] = [];
async function folder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "alab-mf-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}
/** A project whose migrations folder is `dir`. */
const at = (dir: string) => ({ migrationsDir: dir, projectRoot: dir, cwd: dir });
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function failure(p: Promise<unknown>): Promise<AlabError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AlabError) return e;
    throw e;
  }
  throw new Error("expected an AlabError");
}

describe("listMigrationFiles", () => {
  test("numeric order: 1000 after 999, timestamps after both; snapshot and non-migrations ignored", async () => {
    const dir = await folder({
      "1000_d.js": "", "999_c.js": "", "001_a.js": "", "20240101120000_e.ts": "", "002_b.ts": "", "20150101000000_create-Articles.js": "",
      "alab.snapshot.json": "{}", "README.md": "", "alab.d.ts": "", ".keep": "", "notes.txt": "",
    });
    const files = await listMigrationFiles(at(dir));
    expect(files.map((f) => f.file)).toEqual(["001_a.js", "002_b.ts", "999_c.js", "1000_d.js", "20150101000000_create-Articles.js", "20240101120000_e.ts"]);
    expect(files[3]).toMatchObject({ revision: "1000", order: 1000n, name: "d", path: join(dir, "1000_d.js") });
    expect(files[4]?.name).toBe("create-Articles");
    expect(files[5]?.order).toBe(20240101120000n);
  });

  test("a missing folder has no migrations", async () => {
    expect(await listMigrationFiles(at(join(tmpdir(), "alab-no-such-dir-xyz")))).toEqual([]);
  });

  test("checksum: sha256 of the text with CRLF as LF", async () => {
    const dir = await folder({ "001_a.js": "a\r\nb\n", "002_b.js": "a\nb\n" });
    const [a, b] = await listMigrationFiles(at(dir));
    expect(a?.checksum).toBe(b?.checksum as string);
    expect(a?.checksum).toBe(checksumOf("a\nb\n"));
    expect(a?.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(a?.source).toBe("a\r\nb\n");
  });

  test("two files with one number: an error naming both and `alab rebase` as the fix", async () => {
    const dir = await folder({ "003_a.js": "", "003_b.js": "", "001_x.js": "" });
    const e = await failure(listMigrationFiles(at(dir)));
    expect(e.code).toBe("E_MIGRATION_DUPLICATE_NUMBER");
    expect(e.message).toContain("003_a.js and 003_b.js");
    expect(e.hint).toContain("`alab rebase`");
    expect(e.hint).toContain("`alab rebase --move 003_a.js` or `alab rebase --move 003_b.js`, whichever is this branch's");
    // Shown relative to the working directory, here the migrations folder itself.
    expect(e.details).toEqual(["003_a.js", "003_b.js"]);
  });

  test("scanMigrationFiles lists clashing files instead of refusing them", async () => {
    const dir = await folder({ "003_a.js": "a", "003_b.js": "b", "001_x.js": "", "3_c.js": "c", "004_d.js": "" });
    const scan = await scanMigrationFiles(at(dir));
    expect(scan.files.map((f) => f.file)).toEqual(["001_x.js", "003_a.js", "003_b.js", "3_c.js", "004_d.js"]);
    expect(scan.clashes.map((c) => [c.order, c.files.map((f) => f.file)])).toEqual([[3n, ["003_a.js", "003_b.js", "3_c.js"]]]);
  });

  test("the same number written differently is the same number", async () => {
    const dir = await folder({ "7_a.js": "", "007_b.js": "" });
    expect((await failure(listMigrationFiles(at(dir)))).code).toBe("E_MIGRATION_DUPLICATE_NUMBER");
  });

  test("a .js file not named like a migration is an error, not skipped", async () => {
    const dir = await folder({ "001_a.js": "", "helpers.js": "" });
    const e = await failure(listMigrationFiles(at(dir)));
    expect(e.code).toBe("E_MIGRATION_FILENAME");
  });
});

describe("numbering", () => {
  const f = (order: bigint) => ({ revision: String(order), order, name: "x", file: "", path: "", source: "", checksum: "" });
  const cases: [bigint[], string][] = [
    [[], "001"],
    [[1n], "002"],
    [[1n, 2n, 9n], "010"],
    [[999n], "1000"],
    [[1000n, 5n], "1001"],
    [[20240101120000n], "20240101120001"],
  ];
  for (const [orders, next] of cases) {
    test(`after [${orders.join(", ")}] comes ${next}`, () => {
      expect(nextNumber(orders)).toBe(next);
      expect(nextMigrationFileName(orders.map(f), "Add users")).toBe(`${next}_add_users.js`);
    });
  }

  const names: [string, string][] = [
    ["add_user_auth", "add_user_auth"],
    ["Add user auth", "add_user_auth"],
    ["add-user-auth", "add_user_auth"],
    ["addUserAuth", "add_user_auth"],
    ["  init ", "init"],
    ["v2 schema", "v2_schema"],
  ];
  for (const [raw, snake] of names) test(`name ${JSON.stringify(raw)} -> ${snake}`, () => expect(snakeName(raw)).toBe(snake));

  test("names that cannot be file names are errors", () => {
    for (const raw of ["", "   ", "a/b", "café", "x;rm"]) {
      expect(() => snakeName(raw)).toThrow(AlabError);
    }
  });

  test("make-migration: UTC timestamp, after anything already there", () => {
    const now = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));
    expect(timestampFileName([], "create-articles", now)).toBe("20240102030405_create_articles.js");
    expect(timestampFileName([f(1n), f(2n)], "x", now)).toBe("20240102030405_x.js");
    expect(timestampFileName([f(20240102030405n)], "x", now)).toBe("20240102030406_x.js");
  });
});
