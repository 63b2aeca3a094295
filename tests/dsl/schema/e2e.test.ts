/**
 * Real schema files through the real sandbox: the demo project, errors at real positions, and the
 * cost of a large project.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { interpretSchemaFile, type TableDef } from "../../../src/dsl/schema";
import { stableStringify } from "../../../src/model/json";
import { buildSchema } from "../../../src/model/normalize";
import { createSandbox, type Sandbox } from "../../../src/sandbox";
import { seedDefs } from "../../model/seed";
import { errorOf } from "./helpers";

const ROOT = join(import.meta.dir, "../../..");
const DEMO = ["auth/role", "auth/user", "blog/post"];

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await createSandbox();
});
afterAll(() => sandbox.dispose());

function run(path: string, source: string, ns: string, name: string): TableDef {
  return interpretSchemaFile(sandbox.evaluate({ path, source }, "schema"), ns, name);
}

describe("the demo project in schemas/", () => {
  test("evaluates to the seed's schema", async () => {
    const defs: TableDef[] = [];
    for (const entry of DEMO) {
      const [ns = "", name = ""] = entry.split("/");
      const path = `schemas/${entry}.js`;
      defs.push(run(path, await Bun.file(join(ROOT, path)).text(), ns, name));
    }
    const schema = buildSchema(defs);
    expect(Object.keys(schema.tables)).toEqual(["auth.role", "auth.user", "auth_role_auth_user", "blog.post"]);
    // The hand-built recordings of tests/model/seed.ts describe the same files.
    expect(stableStringify(schema)).toBe(stableStringify(buildSchema(seedDefs())));
  });

  test("locations are the files' own", async () => {
    const source = await Bun.file(join(ROOT, "schemas/blog/post.js")).text();
    const def = run("schemas/blog/post.js", source, "blog", "post");
    const line = source.split("\n").findIndex((l) => l.includes("col.belongs_to")) + 1;
    expect(def.relations[0]?.at).toEqual({ file: "schemas/blog/post.js", line, column: 15, length: 10 });
  });
});

describe("mistakes in real files", () => {
  const file = (body: string) => `import { table, col } from "alab";\n\nexport default table({\n${body}\n});\n`;
  test.each([
    ["  email: col.strng(255),", "E_SCHEMA_UNKNOWN_TYPE", 4, 14, 5, "did you mean `col.string`?"],
    ["  id: col.id,", "E_SCHEMA_NOT_CALLED", 4, 11, 2, undefined],
    ["  n: col.integer().default(\"x\"),", "E_SCHEMA_BAD_DEFAULT", 4, 20, 7, undefined],
    ["  a: col.text().optinal(),", "E_SCHEMA_UNKNOWN_MODIFIER", 4, 17, 7, "did you mean `.optional()`?"],
  ] as [string, string, number, number, number, string | undefined][])("%s", (body, code, line, column, length, label) => {
    const e = errorOf(() => run("schemas/x/y.js", file(body), "x", "y"));
    const at = [e.at?.file, e.at?.line, e.at?.column, e.at?.length, e.at?.label];
    expect([e.code, ...at]).toEqual([code, "schemas/x/y.js", line, column, length, label]);
  });

  test("a file exporting something else", () => {
    const e = errorOf(() => run("schemas/x/y.js", "export default 42;\n", "x", "y"));
    expect(e.code).toBe("E_SCHEMA_NOT_TABLE");
    expect(errorOf(() => run("schemas/x/y.js", "export default col.string(5);\n", "x", "y")).code).toBe("E_SCHEMA_NOT_TABLE");
  });
});

/** A generated table: every kind of column, a relation to the previous table, table methods. */
function generated(i: number): { path: string; source: string; ns: string; name: string } {
  const ns = `ns${i % 10}`;
  const name = `t${i}`;
  const prev = i === 0 ? "" : `  parent: col.belongs_to("ns${(i - 1) % 10}.t${i - 1}").optional().on_delete("set_null"),\n`;
  const source = `import { table, col } from "alab";

export default table({
  id: col.id(),
${prev}  email: col.email().unique(),
  title: col.title(),
  slug: col.slug(),
  body: col.text().optional(),
  price: col.money().min(0),
  stock: col.quantity().default(0),
  rating: col.decimal(3, 2).optional(),
  status: col.enum(["draft", "live", "gone"]).default("draft"),
  starts_on: col.date().optional(),
  data: col.json().default({}),
  active: col.flag(true),
  code: col.string(20).pattern("^[A-Z0-9]+$").index(),
})
  .timestamps()
  .soft_delete()
  .index("title", "status")
  .check("chk_${name}_stock", "stock >= 0");
`;
  return { path: `schemas/${ns}/${name}.js`, source, ns, name };
}

// Speed is measured by the benchmarks (`npm run bench -- --rows new`), not asserted here.
test("500 generated schema files evaluate, interpret and normalize into one schema", () => {
  const files = Array.from({ length: 500 }, (_, i) => generated(i));
  const evaluated = files.map((f) => sandbox.evaluate({ path: f.path, source: f.source }, "schema"));
  const defs = evaluated.map((ev, i) => interpretSchemaFile(ev, files[i]?.ns ?? "", files[i]?.name ?? ""));
  const schema = buildSchema(defs);
  expect(Object.keys(schema.tables).length).toBe(500);
  expect(schema.tables["ns9.t499"]?.foreignKeys[0]?.refTable).toBe("ns8.t498");
});
