import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AlabError } from "../../src/errors";
import { gitignoreAddition, initFiles, initProject } from "../../src/workflows/init";

const TSC = join(import.meta.dir, "..", "..", "node_modules", ".bin", "tsc");
let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "alab-init-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("initProject", () => {
  test("writes config, folders and editor typings", async () => {
    const { created } = await initProject(dir, { demo: false });
    expect(created).toEqual(["schemas/", "migrations/", "alab.yaml", "alab.d.ts", "jsconfig.json", ".gitignore"]);
    expect(await readFile(join(dir, "alab.yaml"), "utf8")).toContain("url: sqlite:./alab.db");
    const jsconfig = JSON.parse(await readFile(join(dir, "jsconfig.json"), "utf8"));
    expect(jsconfig.include).toContain("alab.d.ts");
    expect(jsconfig.include).toContain("schemas/**/*");
    expect(await readFile(join(dir, "alab.d.ts"), "utf8")).toContain('declare module "alab"');
  });

  test("--demo adds the example schema files (auth.role, auth.user, blog.post)", () => {
    const demo = Object.keys(initFiles(true)).filter((p) => p.startsWith("schemas/"));
    expect(demo).toEqual(expect.arrayContaining(["schemas/auth/role.js", "schemas/auth/user.js", "schemas/blog/post.js"]));
  });

  test("refuses when any file exists, names every conflict, and writes nothing", async () => {
    await writeFile(join(dir, "alab.yaml"), "# mine\n");
    await writeFile(join(dir, "jsconfig.json"), "{}\n");
    const e = await initProject(dir, { demo: false }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AlabError);
    expect((e as AlabError).code).toBe("E_INIT_CONFLICT");
    expect((e as AlabError).details).toEqual(["exists: alab.yaml", "exists: jsconfig.json"]);
    expect(await readFile(join(dir, "alab.yaml"), "utf8")).toBe("# mine\n");
    expect(await Bun.file(join(dir, "alab.d.ts")).exists()).toBe(false);
  });
});

describe(".gitignore", () => {
  test("a new project's .gitignore keeps the embedded database, its journals and lock out of git", async () => {
    await initProject(dir, { demo: false });
    await Bun.$`git init -q ${dir}`.quiet();
    const names = ["alab.db", "alab.db-journal", "alab.db-wal", "alab.db-shm", "alab.db-alab-lock", "alab.db-alab-lock-journal"];
    await Promise.all(names.map((n) => writeFile(join(dir, n), "")));
    const ignored = await Bun.$`git -C ${dir} check-ignore ${names}`.nothrow().text();
    expect(ignored.trim().split("\n")).toEqual(names);
    // Only the database: the project's own files stay visible to git.
    const kept = await Bun.$`git -C ${dir} check-ignore alab.yaml schemas/x.db migrations/alab.snapshot.json`.nothrow().quiet();
    expect(kept.exitCode).toBe(1);
  });

  test("an existing .gitignore keeps its lines and gets only what it lacks; a second run adds nothing", async () => {
    await writeFile(join(dir, ".gitignore"), "node_modules/\n/alab.db");
    const { created, updated } = await initProject(dir, { demo: false });
    expect(created).not.toContain(".gitignore");
    expect(updated).toEqual([".gitignore"]);
    const text = await readFile(join(dir, ".gitignore"), "utf8");
    expect(text).toBe("node_modules/\n/alab.db\n\n# alab's embedded SQLite database (sqlite:./alab.db), its journal and lock files\n/alab.db-*\n");
    expect(gitignoreAddition(text)).toBe("");
  });

  test.each([
    [null, "# alab's embedded SQLite database (sqlite:./alab.db), its journal and lock files\n/alab.db\n/alab.db-*\n"],
    ["", "# alab's embedded SQLite database (sqlite:./alab.db), its journal and lock files\n/alab.db\n/alab.db-*\n"],
    ["dist/\n", "\n# alab's embedded SQLite database (sqlite:./alab.db), its journal and lock files\n/alab.db\n/alab.db-*\n"],
    ["/alab.db\r\n/alab.db-*\r\n", ""],
  ])("addition to %p", (existing, addition) => {
    expect(gitignoreAddition(existing)).toBe(addition);
  });
});

/** Type-checks the project with the jsconfig `alab init` wrote, as VS Code would. */
async function tsc(): Promise<{ code: number; out: string }> {
  const proc = Bun.spawn([TSC, "-p", join(dir, "jsconfig.json"), "--checkJs"], { cwd: dir, stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { code, out: out + err };
}

describe("editor typings", () => {
  test("accept the DSL of schema and migration files", async () => {
    await initProject(dir, { demo: false });
    await Bun.write(
      join(dir, "schemas/blog/post.js"),
      `export default table({
  id: col.id(),
  author: col.belongs_to("auth.user").on_delete("cascade"),
  editor: col.belongs_to(".person").as("editor").optional().on_update("SET NULL"),
  title: col.title(),
  slug: col.slug(),
  body: col.text(),
  price: col.decimal(10, 2).min(0).default(0),
  code: col.string(20).pattern("^[A-Z]+$").unique().index(),
  status: col.enum(["draft", "published", "archived"]).default("draft"),
  published_at: col.datetime().optional(),
  owner: col.belongs_to_any(["auth.user", "auth.team"], { as: "owner" }).nullable(),
  legacy: col.integer().deprecated("use price").docs("old"),
  live: col.flag(true),
}).timestamps().soft_delete().sortable().auditable().index("title", "slug").unique("code", "slug")
  .check("chk_price", "price >= 0").many_to_many("blog.tag").docs("posts");
`,
    );
    await Bun.write(join(dir, "schemas/auth/user.ts"), `import { table, col } from "alab";\nexport default table({ id: col.id(), email: col.email().unique() });\n`);
    await Bun.write(
      join(dir, "migrations/001_init.js"),
      `export default migration({
  up(m) {
    m.create_table("auth.user", (t) => { t.id(); t.string("email", 255).unique(); t.boolean("is_active").default(true); t.timestamps(); });
    m.create_table("auth_role_auth_user", (t) => { t.belongs_to("auth.role"); t.belongs_to("auth.user").as("member").on_delete("cascade"); });
    m.create_index("auth_role_auth_user", ["role_id", "user_id"], { unique: true, name: "idx_auth_role_auth_user_unique" });
    m.add_column("auth.user", (t) => { t.string("phone", 20).optional(); });
    m.add_check("auth.user", "chk_age", "age >= 18");
    m.add_foreign_key("blog.post", ["author_id"], "auth.user", ["id"], { on_delete: "cascade" });
    m.sql("SELECT 1");
  },
  down(m) { m.drop_table("auth.user"); m.drop_index("idx_user_email"); },
});
`,
    );
    await Bun.write(
      join(dir, "migrations/002_articles.js"),
      `/** @param {Alab.AzulSchema} schema */
exports.change = function (schema) {
  schema.createTable("articles", (table) => { table.string("title", { length: 100 }).notNull(); table.integer("author_id").references("users.id").onDelete("cascade"); }).pk("id");
  schema.alterTable("articles", (table) => { table.text("body"); table.rename("title", "headline", "string"); table.index(["headline"], { unique: true }); });
};
`,
    );
    const { code, out } = await tsc();
    expect(out).toBe("");
    expect(code).toBe(0);
  }, 60_000);

  test("reject mistakes an editor should underline", async () => {
    await initProject(dir, { demo: false });
    await Bun.write(join(dir, "schemas/auth/user.js"), `export default table({ id: col.id(), email: col.strng(255) }).timestamp();\n`);
    const { code, out } = await tsc();
    expect(code).not.toBe(0);
    expect(out).toContain("strng");
    expect(out).toContain("timestamp");
  }, 60_000);
});
