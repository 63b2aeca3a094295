import { afterEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { AlabError, AlabErrors } from "../../src/errors";
import { generate } from "../../src/workflows/new";
import { makeMigration } from "../../src/workflows/make-migration";
import { readSnapshot } from "../../src/workflows/project/snapshot-file";
import { type Project, project } from "./project";

let p: Project | undefined;
afterEach(async () => {
  await p?.dispose();
  p = undefined;
});

async function failure(run: Promise<unknown>): Promise<AlabError> {
  try {
    await run;
  } catch (e) {
    if (e instanceof AlabError) return e;
    if (e instanceof AlabErrors && e.errors[0] !== undefined) return e.errors[0];
    throw e;
  }
  throw new Error("expected an AlabError");
}

const GOLDEN = join(import.meta.dir, "../codegen/golden/001_start.js");

describe("alab new", () => {
  test("the demo generates the seed's first migration, then says no changes and writes nothing", async () => {
    p = await project();
    const first = await generate(p.config, { name: "start" });
    expect(first.kind).toBe("written");
    expect(await p.migrations()).toEqual(["001_start.js", "alab.snapshot.json"]);
    expect(await p.read("migrations/001_start.js")).toBe(await Bun.file(GOLDEN).text());
    const snapshot = await readSnapshot(p.config);
    expect(snapshot?.head).toBe("001_start.js");
    expect(Object.keys(snapshot?.schema.tables ?? {})).toEqual(["auth.role", "auth.user", "auth_role_auth_user", "blog.post"]);
    const before = await p.read("migrations/alab.snapshot.json");
    expect((await generate(p.config, { name: "again" })).kind).toBe("noChanges");
    expect(await p.migrations()).toEqual(["001_start.js", "alab.snapshot.json"]);
    expect(await p.read("migrations/alab.snapshot.json")).toBe(before);
  });

  test("the next change is the next number, and the snapshot follows", async () => {
    p = await project();
    await generate(p.config, { name: "start" });
    await p.write("schemas/blog/tag.js", 'export default table({ id: col.id(), label: col.string(40).unique() }).many_to_many("blog.post");\n');
    const result = await generate(p.config, { name: "Add tags" });
    if (result.kind !== "written") throw new Error("expected a file");
    expect(result.changes).toEqual(["add table blog.tag", "add table blog_post_blog_tag"]);
    expect(await p.migrations()).toEqual(["001_start.js", "002_add_tags.js", "alab.snapshot.json"]);
    expect((await readSnapshot(p.config))?.head).toBe("002_add_tags.js");
  });

  test("a possible rename without a TTY: exit 2 naming the flag; --rename, a person, or --yes decides", async () => {
    p = await project();
    await generate(p.config, { name: "start" });
    const post = await p.read("schemas/blog/post.js");
    await p.remove("schemas/blog/post.js");
    await p.write("schemas/blog/article.js", post);
    const e = await failure(generate(p.config, { name: "rename" }));
    expect(e.code).toBe("E_RENAME_UNDECIDED");
    expect(e.exit).toBe(2);
    expect(e.hint).toContain("--rename blog.post=blog.article");
    expect(await p.migrations()).toEqual(["001_start.js", "alab.snapshot.json"]);

    const byFlag = await generate(p.config, { name: "rename", renames: ["blog.post=blog.article"] });
    if (byFlag.kind !== "written") throw new Error("expected a file");
    const text = await p.read("migrations/002_rename.js");
    expect(text).toContain('m.rename_table("blog.post", "blog.article");');
    expect(text).not.toContain("DESTRUCTIVE");
  });

  test("on a TTY the person is asked; --yes drops and adds", async () => {
    p = await project();
    await generate(p.config, { name: "start" });
    const user = await p.read("schemas/auth/user.js");
    await p.write("schemas/auth/user.js", user.replace("username: col.username()", "handle: col.username()"));
    const asked: string[] = [];
    await generate(p.config, { name: "ask" }, async (q) => {
      asked.push(q);
      return true;
    });
    expect(asked).toEqual(["column auth.user.username is gone and handle is new: is username renamed to handle?"]);
    expect(await p.read("migrations/002_ask.js")).toContain('m.rename_column("auth.user", "username", "handle");');

    await p.write("schemas/auth/user.js", user.replace("username: col.username()", "nick: col.username().optional()"));
    await generate(p.config, { name: "yes", yes: true });
    const text = await p.read("migrations/003_yes.js");
    expect(text).toContain('m.drop_column("auth.user", "handle"); // DESTRUCTIVE');
    expect(text).toContain('t.string("nick", 50).optional().unique()');
  });

  test("a NOT NULL column added without default or backfill is refused, naming both fixes", async () => {
    p = await project();
    await generate(p.config, { name: "start" });
    const post = await p.read("schemas/blog/post.js");
    await p.write("schemas/blog/post.js", post.replace("body: col.text(),", "body: col.text(),\n  views: col.integer(),"));
    const e = await failure(generate(p.config, { name: "views" }));
    expect(e.code).toBe("E_GENERATE_NOT_NULL");
    expect(e.hint).toContain(".default(value)");
    expect(e.hint).toContain(".backfill(value)");
    await p.write("schemas/blog/post.js", post.replace("body: col.text(),", "body: col.text(),\n  views: col.integer().backfill(0),"));
    await generate(p.config, { name: "views" });
    expect(await p.read("migrations/002_views.js")).toContain('t.integer("views").backfill(0);');
  });

  test("--empty writes an empty migration and moves the snapshot's head", async () => {
    p = await project();
    await generate(p.config, { name: "start" });
    await generate(p.config, { name: "hand made", empty: true });
    expect(await p.read("migrations/002_hand_made.js")).toBe("// Migration: hand_made\n\nexport default migration({\n  up(m) {},\n\n  down(m) {},\n});\n");
    expect((await readSnapshot(p.config))?.head).toBe("002_hand_made.js");
  });

  test("hand-written migrations newer than the snapshot are caught up with", async () => {
    p = await project();
    await generate(p.config, { name: "start" });
    const path = await makeMigration(p.config, "add-articles", new Date(Date.UTC(2024, 0, 2, 3, 4, 5)));
    expect(path).toBe(join(p.dir, "migrations/20240102030405_add_articles.js"));
    expect((await generate(p.config, { name: "nothing" })).kind).toBe("noChanges");
    await p.write("migrations/20240102030405_add_articles.js", "exports.change = function (schema) {\n  schema.createTable('articles', function (table) { table.string('title'); });\n};\n");
    // The Azul table is in the migrations' state now; the schema files do not have it.
    const result = await generate(p.config, { name: "cleanup" });
    if (result.kind !== "written") throw new Error("expected a file");
    expect(result.changes).toEqual(["drop table articles"]);
    expect(await p.read("migrations/20240102030406_cleanup.js")).toContain('m.drop_table("articles"); // DESTRUCTIVE');
  });

  test("an Azul-era table outside any namespace may become a schema-file table by a rename", async () => {
    p = await project({ demo: false });
    await p.write("migrations/20240101000000_articles.js", "exports.change = function (schema) {\n  schema.createTable('articles', function (table) { table.string('title'); });\n};\n");
    await p.write("schemas/blog/article.js", "export default table({ id: col.id(), title: col.string(255).optional() });\n");
    const e = await failure(generate(p.config, { name: "adopt" }));
    expect(e.code).toBe("E_RENAME_UNDECIDED");
    expect(e.hint).toContain("--rename articles=blog.article");
    await generate(p.config, { name: "adopt", renames: ["articles=blog.article"] });
    const text = await p.read("migrations/20240101000001_adopt.js");
    expect(text).toContain('m.rename_table("articles", "blog.article");');
    expect(text).toContain('m.alter_column("blog.article", "id", (t) => t.uuid("id").default_uuid()); // DESTRUCTIVE: changes type serial to uuid');
  });

  test("a snapshot whose head is gone, and a broken snapshot, say how to rebuild", async () => {
    p = await project();
    await generate(p.config, { name: "start" });
    const snapshot = await p.read("migrations/alab.snapshot.json");
    await p.write("migrations/alab.snapshot.json", snapshot.replace("001_start.js", "001_gone.js"));
    const gone = await failure(generate(p.config, { name: "x" }));
    expect(gone.code).toBe("E_SNAPSHOT_HEAD_MISSING");
    expect(gone.hint).toContain("alab snapshot --rebuild");
    await p.write("migrations/alab.snapshot.json", "<<<<<<< HEAD\n");
    const corrupt = await failure(generate(p.config, { name: "x" }));
    expect(corrupt.code).toBe("E_SNAPSHOT_CORRUPT");
    expect(corrupt.hint).toContain("alab snapshot --rebuild");
  });
});
