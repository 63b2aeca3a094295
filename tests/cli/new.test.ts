/**
 * The command files of generation, run through citty as the dispatcher runs them (the binary tests
 * cover them end to end once the registry maps them).
 */
import { afterEach, describe, expect, test } from "bun:test";
import { runCommand } from "citty";
import { AlabError } from "../../src/errors";
import newCommand, { renameFlags } from "../../src/cli/new";
import makeMigrationCommand from "../../src/cli/make-migration";
import snapshotCommand from "../../src/cli/snapshot";
import { type Project, project } from "../workflows/project";

let p: Project | undefined;
const home = process.cwd();
afterEach(async () => {
  process.chdir(home);
  await p?.dispose();
  p = undefined;
});

describe("--rename flags", () => {
  test("every occurrence, in both spellings, in order", () => {
    expect(renameFlags(["x", "--rename", "a.b=c", "--yes", "--rename=a.c=a.d", "--", "--rename", "z=y"])).toEqual(["a.b=c", "a.c=a.d"]);
  });
});

describe("commands", () => {
  test("new, then make-migration, then snapshot --rebuild", async () => {
    p = await project();
    process.chdir(p.dir);
    const { result } = await runCommand(newCommand, { rawArgs: ["start"] });
    expect(result).toBe(0);
    expect(await p.migrations()).toEqual(["001_start.js", "alab.snapshot.json"]);
    expect((await runCommand(newCommand, { rawArgs: ["again"] })).result).toBe(0);
    expect(await p.migrations()).toEqual(["001_start.js", "alab.snapshot.json"]);
    expect((await runCommand(makeMigrationCommand, { rawArgs: ["create-articles"] })).result).toBe(0);
    const files = await p.migrations();
    expect(files).toHaveLength(3);
    expect(files[1]).toMatch(/^\d{14}_create_articles\.js$/);
    expect(await p.read(`migrations/${files[1]}`)).toBe("/** @type {Alab.AzulMigration} */\nexports.change = function (schema) {\n};\n");
    expect((await runCommand(snapshotCommand, { rawArgs: ["--rebuild"] })).result).toBe(0);
  });

  test("snapshot without --rebuild is a usage error", async () => {
    p = await project();
    process.chdir(p.dir);
    try {
      await runCommand(snapshotCommand, { rawArgs: [] });
      throw new Error("expected an error");
    } catch (e) {
      expect((e as AlabError).code).toBe("E_USAGE_MISSING_FLAG");
      expect((e as AlabError).exit).toBe(2);
    }
  });

  test("a rename question with no TTY: exit 2 naming --rename", async () => {
    p = await project();
    process.chdir(p.dir);
    await runCommand(newCommand, { rawArgs: ["start"] });
    const post = await p.read("schemas/blog/post.js");
    await p.remove("schemas/blog/post.js");
    await p.write("schemas/blog/article.js", post);
    try {
      await runCommand(newCommand, { rawArgs: ["move"] });
      throw new Error("expected an error");
    } catch (e) {
      expect((e as AlabError).code).toBe("E_RENAME_UNDECIDED");
      expect((e as AlabError).exit).toBe(2);
    }
    expect((await runCommand(newCommand, { rawArgs: ["move", "--rename", "blog.post=blog.article"] })).result).toBe(0);
    expect(await p.read("migrations/002_move.js")).toContain('m.rename_table("blog.post", "blog.article");');
  });
});
