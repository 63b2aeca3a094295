import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { resolveConfig } from "../../../src/config";
import { AlabError, AlabErrors } from "../../../src/errors";
import { findSchemaFiles, loadSchemas } from "../../../src/workflows/project/load-schemas";

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "alab-load-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function files(tree: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(tree)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
}
const config = () => resolveConfig({ flags: {}, env: {}, cwd: dir });

function codes(e: unknown): string[] {
  if (e instanceof AlabErrors) return e.errors.map((x) => x.code);
  if (e instanceof AlabError) return [e.code];
  throw e;
}

describe("findSchemaFiles", () => {
  test("finds schemas/<ns>/<table>.{js,ts} sorted, ignoring dotfiles, notes and typings", async () => {
    await files({
      "schemas/blog/post.js": "",
      "schemas/auth/user.ts": "",
      "schemas/auth/role.js": "",
      "schemas/auth/.gitkeep": "",
      "schemas/README.md": "",
      "schemas/auth/notes.md": "",
      "schemas/auth/types.d.ts": "",
      "schemas/.hidden/x.js": "",
    });
    const found = await findSchemaFiles(config());
    expect(found.map((f) => [f.file, f.ns, f.name])).toEqual([
      ["schemas/auth/role.js", "auth", "role"],
      ["schemas/auth/user.ts", "auth", "user"],
      ["schemas/blog/post.js", "blog", "post"],
    ]);
    expect(found[0]?.absolute).toBe(join(dir, "schemas/auth/role.js"));
  });

  test("an empty schema folder is no tables", async () => {
    await mkdir(join(dir, "schemas"));
    expect(await findSchemaFiles(config())).toEqual([]);
  });

  test("a missing schema folder says how to create it", async () => {
    await expect(findSchemaFiles(config())).rejects.toMatchObject({ code: "E_SCHEMAS_DIR_MISSING", exit: 2 });
  });

  test("every misplaced or misnamed file is reported, each naming its path", async () => {
    await files({
      "schemas/User.js": "",
      "schemas/notes.txt": "",
      "schemas/Auth/user.js": "",
      "schemas/blog/Post.js": "",
      "schemas/blog/post.mjs": "",
      "schemas/blog/deep/x.js": "",
      "schemas/shop/item.js": "",
      "schemas/shop/item.ts": "",
    });
    const e = await findSchemaFiles(config()).catch((x: unknown) => x);
    expect(codes(e)).toEqual(Array(7).fill("E_SCHEMA_PATH"));
    const messages = (e as AlabErrors).errors.map((x) => x.message).join("\n");
    for (const p of ["schemas/User.js", "schemas/notes.txt", "schemas/Auth", "schemas/blog/Post.js", "schemas/blog/post.mjs", "schemas/blog/deep", "schemas/shop/item.ts"]) {
      expect(messages).toContain(p);
    }
    expect((e as AlabErrors).errors.every((x) => x.at?.file !== undefined)).toBe(true);
  });
});

describe("tables without a namespace (issue 11)", () => {
  test("a file directly in schemas/ is a table of that name; SQL names with underscores stay as they are", async () => {
    await files({
      "schemas/users.js": "export default table({ id: col.serial(), email: col.string(255).unique() });\n",
      "schemas/order_items.js": 'export default table({ id: col.bigserial(), buyer: col.belongs_to("users").on_delete("cascade"), note: col.text().optional() });\n',
      "schemas/shop/item.js": 'export default table({ id: col.id(), owner: col.belongs_to("users").optional() });\n',
    });
    const loaded = await loadSchemas(config());
    expect(Object.keys(loaded.schema.tables).sort()).toEqual(["order_items", "shop.item", "users"]);
    const items = loaded.schema.tables["order_items"]!;
    expect(items.sqlName).toBe("order_items");
    expect(items.columns.find((c) => c.name === "buyer_id")?.type).toEqual({ kind: "integer" });
    expect(items.foreignKeys[0]).toMatchObject({ name: "fk_order_items_buyer_id", refTable: "users", onDelete: "CASCADE" });
    expect(loaded.schema.tables["shop.item"]?.foreignKeys[0]?.refTable).toBe("users");
  });

  test("a root table and a namespaced one with the same SQL name clash", async () => {
    await files({
      "schemas/blog_post.js": "export default table({ id: col.id() });\n",
      "schemas/blog/post.js": "export default table({ id: col.id() });\n",
    });
    const e = await loadSchemas(config()).catch((x: unknown) => x);
    expect(codes(e)).toContain("E_SCHEMA_NAME_CLASH");
  });
});

describe("loadSchemas", () => {
  test("evaluates, interprets and normalizes; logs are returned with their file", async () => {
    await files({
      "schemas/auth/user.js": 'console.log("hi");\nexport default table({ id: col.id(), email: col.email().unique() }).timestamps();\n',
      "schemas/blog/post.ts": 'import { table, col } from "alab";\nconst t: string = "x";\nexport default table({ id: col.id(), author: col.belongs_to("auth.user"), title: col.title() });\n',
    });
    const loaded = await loadSchemas(config());
    expect(Object.keys(loaded.schema.tables).sort()).toEqual(["auth.user", "blog.post"]);
    expect(loaded.schema.tables["blog.post"]?.columns.map((c) => c.name)).toContain("author_id");
    expect(loaded.logs).toEqual([{ file: "schemas/auth/user.js", line: "hi" }]);
  });

  test("a mistake in one file and another in a second: both reported, with locations", async () => {
    await files({
      "schemas/auth/user.js": "export default table({\n  id: col.id(),\n  email: col.strng(255),\n});\n",
      "schemas/blog/post.js": "export default table({\n  id: col.id(),\n  title: col.string(),\n});\n",
    });
    const e = await loadSchemas(config()).catch((x: unknown) => x);
    expect(codes(e)).toHaveLength(2);
    const [first, second] = (e as AlabErrors).errors;
    expect(first?.at).toMatchObject({ file: "schemas/auth/user.js", line: 3 });
    expect(second?.at).toMatchObject({ file: "schemas/blog/post.js", line: 3 });
  });

  // Files that hold code run in QuickJS, first without recording call locations; a failure is
  // evaluated again with them, so each error still points at its file, line and column.
  const CODE = "const LEN = 255;\n";
  test.each([
    ["an unknown column type", "export default table({\n  id: col.id(),\n  email: col.strng(LEN),\n});\n", "E_SCHEMA_UNKNOWN_TYPE", 4, 14],
    ["a value the DSL cannot record", "export default table({\n  id: col.id(),\n  n: col.integer().default(1n),\n});\n", "E_SANDBOX_VALUE", 4, 20],
    ["a reference to a missing table", "export default table({\n  id: col.id(),\n  author: col.belongs_to(\"auth.usr\"),\n});\n", "E_SCHEMA_UNKNOWN_REFERENCE", 4, 15],
  ])("a file with code in it: %s points at its line and column", async (_, body, code, line, column) => {
    await files({ "schemas/blog/post.js": CODE + body });
    const e = await loadSchemas(config()).catch((x: unknown) => x);
    const first = e instanceof AlabErrors ? e.errors[0] : (e as AlabError);
    expect(first?.code).toBe(code);
    expect(first?.at).toMatchObject({ file: "schemas/blog/post.js", line, column });
  });

  test("a file with code in it loads to the same schema as its literal form", async () => {
    const body = 'export default table({\n  id: col.id(),\n  title: col.string(LEN).index(),\n  status: col.enum(["a", "b"]).default("a"),\n}).timestamps().unique("title", "status");\n';
    await files({ "schemas/blog/post.js": CODE + body });
    const evaluated = await loadSchemas(config());
    await files({ "schemas/blog/post.js": body.replace("LEN", "255") });
    const literal = await loadSchemas(config());
    expect(evaluated.schema).toEqual(literal.schema);
  });

  test("a reference to a missing table is an error from normalization", async () => {
    await files({ "schemas/blog/post.js": 'export default table({ id: col.id(), author: col.belongs_to("auth.usr") });\n' });
    const e = await loadSchemas(config()).catch((x: unknown) => x);
    expect(codes(e).length).toBeGreaterThan(0);
    expect(e instanceof AlabError ? e.at?.file : (e as AlabErrors).errors[0]?.at?.file).toBe("schemas/blog/post.js");
  });
});
