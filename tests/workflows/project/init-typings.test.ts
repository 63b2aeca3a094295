/**
 * The editor typings `alab init` writes (init-typings.d.ts.txt) against the DSL itself:
 * - every DSL vocabulary (col.*, column and relation modifiers, table methods, m.*, t.*, Azul's
 *   schema/table/column calls) is exactly the members of its typings interface, read with the
 *   TypeScript checker, so a DSL call added without typings (or typings for a call that does not
 *   exist) fails here;
 * - every migration the suite generates (the codegen goldens, 120 random schema pairs (a third with `--online`), the
 *   repository's own migrations/, `new --empty` and `make-migration` output) and the demo schemas
 *   type-check with zero errors under the jsconfig `alab init` writes (checkJs on);
 * - a misspelt type, modifier or method is an error the editor shows.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { writeAzulChangeMigration, writeEmptyMigration, writeMigration } from "../../../src/codegen/write";
import { diffSchemas } from "../../../src/diff/diff";
import { withOnlineForms } from "../../../src/diff/online";
import { operationsFor } from "../../../src/diff/plan-ops";
import { TABLE_METHODS as AZUL_ALTER_METHODS } from "../../../src/dsl/azul/alter-table";
import { COLUMN_ATTRIBUTES, COLUMN_METHODS } from "../../../src/dsl/azul/columns";
import { CREATE_TABLE_CHAIN } from "../../../src/dsl/azul/create-table";
import { SCHEMA_METHODS } from "../../../src/dsl/azul/statements";
import { COLUMN_MODIFIERS, POLYMORPHIC_MODIFIERS, RELATION_MODIFIERS, T_METHODS } from "../../../src/dsl/migration/columns";
import { M_METHODS } from "../../../src/dsl/migration/interpret";
import { COLUMN_CONSTRUCTORS } from "../../../src/dsl/schema/catalog";
import { ALLOWED } from "../../../src/dsl/schema/modifiers";
import { TABLE_METHOD_NAMES } from "../../../src/dsl/schema/table-methods";
import { initProject } from "../../../src/workflows/init";
import { randomPair, rngOf } from "../../diff/random-schemas";

const ROOT = join(import.meta.dir, "..", "..", "..");
const TYPINGS = join(ROOT, "src", "workflows", "project", "init-typings.d.ts.txt");
const TSC = join(ROOT, "node_modules", ".bin", "tsc");

/** The member names of each `Alab.<name>` interface, inherited ones included. */
function interfaceMembers(): Map<string, string[]> {
  const file = "/alab.d.ts";
  const text = require("node:fs").readFileSync(TYPINGS, "utf8") as string;
  const options: ts.CompilerOptions = { target: ts.ScriptTarget.ES2022, types: [] };
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile;
  host.getSourceFile = (name, lang, ...rest) => (name === file ? ts.createSourceFile(file, text, lang) : read.call(host, name, lang, ...rest));
  const program = ts.createProgram([file], options, host);
  const checker = program.getTypeChecker();
  const out = new Map<string, string[]>();
  const visit = (node: ts.Node): void => {
    if (ts.isInterfaceDeclaration(node)) {
      const type = checker.getTypeAtLocation(node.name);
      out.set(node.name.text, [...new Set(checker.getPropertiesOfType(type).map((p) => p.name))].sort());
    }
    ts.forEachChild(node, visit);
  };
  visit(program.getSourceFile(file) as ts.SourceFile);
  return out;
}

const sorted = (xs: readonly string[]): string[] => [...new Set(xs)].sort();

describe("the typings name exactly the DSL", () => {
  const members = interfaceMembers();
  test.each([
    ["Col", COLUMN_CONSTRUCTORS],
    ["Column", ALLOWED.typed],
    ["PrimaryKey", ALLOWED.primary_key],
    ["Relation", ALLOWED.relation],
    ["Polymorphic", ALLOWED.polymorphic],
    ["Table", TABLE_METHOD_NAMES],
    ["Migrator", M_METHODS],
    ["TableBuilder", T_METHODS],
    ["MigrationColumn", COLUMN_MODIFIERS],
    ["MigrationRelation", RELATION_MODIFIERS],
    ["MigrationPolymorphic", POLYMORPHIC_MODIFIERS],
    ["AzulSchema", SCHEMA_METHODS],
    ["AzulColumns", COLUMN_METHODS],
    ["AzulAlter", AZUL_ALTER_METHODS],
    ["AzulColumn", COLUMN_ATTRIBUTES],
    ["AzulCreate", [...CREATE_TABLE_CHAIN, "then", "execute"]],
  ] as const)("Alab.%s", (name, dsl) => {
    expect(members.get(name)).toEqual(sorted(dsl));
  });
});

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "alab-typings-"));
  await initProject(dir, { demo: false });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function tsc(project: string): Promise<{ code: number; out: string }> {
  const proc = Bun.spawn([TSC, "-p", join(project, "jsconfig.json")], { cwd: project, stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { code, out: out + err };
}

describe("what alab writes type-checks against the typings", () => {
  test("jsconfig.json turns on checkJs", async () => {
    const jsconfig = JSON.parse(await Bun.file(join(dir, "jsconfig.json")).text());
    expect(jsconfig.compilerOptions.checkJs).toBe(true);
  });

  test("the demo schemas, the repository's migrations, the codegen goldens, 120 generated migrations, new --empty and make-migration: zero errors", async () => {
    await cp(join(ROOT, "schemas"), join(dir, "schemas"), { recursive: true });
    await cp(join(ROOT, "migrations"), join(dir, "migrations"), { recursive: true });
    const golden = join(ROOT, "tests", "codegen", "golden");
    for (const f of ["001_start.js", "002_edits.js", "003_empty.js"]) await cp(join(golden, f), join(dir, "migrations", `golden_${f}`));
    for (let seed = 1; seed <= 120; seed++) {
      const { from, to, renames } = randomPair(rngOf(seed));
      const planned = operationsFor(from, diffSchemas(from, to, renames));
      // Every third one as `alab new --online` writes it (concurrently / online options).
      const plan = seed % 3 === 0 ? withOnlineForms(planned) : planned;
      await writeFile(join(dir, "migrations", `${String(100 + seed)}_pair_${seed}.js`), writeMigration(plan.up, plan.down, { name: `pair_${seed}`, destructive: plan.destructive }));
    }
    await writeFile(join(dir, "migrations", "300_empty.js"), writeEmptyMigration("empty"));
    await writeFile(join(dir, "migrations", "20260101000000_by_hand.js"), writeAzulChangeMigration());
    const { code, out } = await tsc(dir);
    expect(out).toBe("");
    expect(code).toBe(0);
  }, 120_000);

  test("a misspelt type, modifier or method is reported, each at its name", async () => {
    const bad = await mkdtemp(join(tmpdir(), "alab-typings-bad-"));
    try {
      await initProject(bad, { demo: false });
      await writeFile(join(bad, "schemas", "x.js"), 'export default table({ id: col.id(), email: col.emial(), age: col.integer().optionl() }).timestamp();\n');
      await writeFile(
        join(bad, "migrations", "001_x.js"),
        'export default migration({\n  up(m) {\n    m.create_tabel("a.b", (t) => { t.id(); });\n    m.create_table("a.c", (t) => { t.strng("x", 1); t.integer("n").defualt(1); t.belongs_to("a.b").on_delete("explode"); });\n  },\n});\n',
      );
      await writeFile(join(bad, "migrations", "20260101000000_azul.js"), "/** @type {Alab.AzulMigration} */\nexports.change = function (schema) {\n  schema.createTabel('x');\n};\n");
      const { code, out } = await tsc(bad);
      expect(code).not.toBe(0);
      for (const name of ["emial", "optionl", "timestamp", "create_tabel", "strng", "defualt", '"explode"', "createTabel"]) expect({ name, reported: out.includes(name) }).toEqual({ name, reported: true });
    } finally {
      await rm(bad, { recursive: true, force: true });
    }
  }, 60_000);
});
