import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AlabError } from "../../src/errors";
import { scaffoldTable, starterSchema } from "../../src/workflows/table";

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "alab-scaffold-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const config = () => ({ cwd: dir, schemasDir: join(dir, "schemas") });

describe("scaffoldTable", () => {
  test("writes schemas/<ns>/<name>.js with a starter table and returns its path", async () => {
    const path = await scaffoldTable(config(), "auth", "user");
    expect(path).toBe(join(dir, "schemas", "auth", "user.js"));
    const text = await readFile(path, "utf8");
    expect(text).toBe(starterSchema("auth", "user"));
    expect(text).toContain("export default table({");
    expect(text).toContain("id: col.id(),");
    expect(text).toContain("}).timestamps();");
  });

  test("refuses to overwrite a .js or .ts file of the same table, leaving it untouched", async () => {
    await mkdir(join(dir, "schemas", "blog"), { recursive: true });
    await writeFile(join(dir, "schemas", "blog", "post.ts"), "// mine\n");
    const e = await scaffoldTable(config(), "blog", "post").catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AlabError);
    expect((e as AlabError).code).toBe("E_FILE_EXISTS");
    expect((e as AlabError).message).toContain("schemas/blog/post.ts");
    expect(await readFile(join(dir, "schemas", "blog", "post.ts"), "utf8")).toBe("// mine\n");
    expect(await Bun.file(join(dir, "schemas", "blog", "post.js")).exists()).toBe(false);

    await scaffoldTable(config(), "blog", "tag");
    await expect(scaffoldTable(config(), "blog", "tag")).rejects.toMatchObject({ code: "E_FILE_EXISTS" });
  });

  const bad: [string, string][] = [
    ["Auth", "user"],
    ["auth", "User"],
    ["auth", "1user"],
    ["auth", "us-er"],
    ["../x", "user"],
    ["auth", "user.js"],
  ];
  for (const [ns, name] of bad) {
    test(`rejects ${ns}/${name} before writing anything`, async () => {
      await expect(scaffoldTable(config(), ns, name)).rejects.toMatchObject({ code: "E_BAD_IDENTIFIER", exit: 2 });
      expect(await Bun.file(join(dir, "schemas")).exists()).toBe(false);
    });
  }
});
