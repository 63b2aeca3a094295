/**
 * Literal DSL files are read without running them (src/sandbox/literal-*.ts); the recording must
 * be exactly what QuickJS records for the same text, or the file must go to QuickJS (null).
 * Compared on a corpus: generated migrations of random schema pairs, the benchmark's files, the
 * codegen goldens, and hand-written variants (formatting, comments, unicode, shadowing).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { diffSchemas } from "../../src/diff/diff";
import { operationsFor } from "../../src/diff/plan-ops";
import { writeMigration } from "../../src/codegen/write";
import { createSandbox, type Sandbox } from "../../src/sandbox/index";
import { readLiteralFile } from "../../src/sandbox/literal-record";
import type { FileKind } from "../../src/sandbox/protocol";
import { benchTables, migrationSource, schemaSource } from "../../scripts/bench/workload";
import { randomPair, rngOf } from "../diff/random-schemas";

let sb: Sandbox;
beforeAll(async () => {
  sb = await createSandbox();
});
afterAll(() => sb.dispose());

const path = (kind: FileKind): string => (kind === "schema" ? "schemas/blog/post.js" : "migrations/001_x.js");

/** Reads `source` both ways; the literal reader must agree with QuickJS, or decline. */
function both(source: string, kind: FileKind, file = path(kind)): { literal: unknown; sandbox: unknown } {
  const literal = readLiteralFile({ path: file, source }, kind);
  let sandbox: unknown;
  try {
    sandbox = sb.evaluate({ path: file, source }, kind);
  } catch (e) {
    sandbox = { error: (e as Error).message };
  }
  return { literal, sandbox };
}

function expectSame(source: string, kind: FileKind, file?: string): void {
  const { literal, sandbox } = both(source, kind, file);
  expect(literal).not.toBeNull();
  expect(literal).toEqual(sandbox);
}

describe("files alab writes are literal, and read as QuickJS reads them", () => {
  test("generated migrations of 120 random schema pairs", () => {
    for (let seed = 1; seed <= 120; seed++) {
      const { from, to, renames } = randomPair(rngOf(seed));
      const plan = operationsFor(from, diffSchemas(from, to, renames));
      const text = writeMigration(plan.up, plan.down, { name: `pair_${seed}`, destructive: plan.destructive });
      const { literal, sandbox } = both(text, "migration");
      expect({ seed, literal: literal !== null }).toEqual({ seed, literal: true });
      expect({ seed, value: literal }).toEqual({ seed, value: sandbox });
    }
  }, 60_000);

  test("the codegen goldens", () => {
    const dir = join(import.meta.dir, "../codegen/golden");
    for (const f of readdirSync(dir).sort()) expectSame(readFileSync(join(dir, f), "utf8"), "migration", `migrations/${f}`);
  });

  test("the benchmark's schema files and migrations", () => {
    for (const t of benchTables(3)) {
      expectSame(schemaSource(t), "schema");
      expectSame(migrationSource(t), "migration");
    }
  });

  test("one migration of many tables, as `alab new` writes a first migration: equal at 100 tables, literal up to 1100 (budgets.ts)", () => {
    expectSame(manyTables(100), "migration");
    expect(readLiteralFile({ path: path("migration"), source: manyTables(1100) }, "migration")).not.toBeNull();
  });

  test("the benchmark's schema files with code in them go to QuickJS and describe the same table", () => {
    for (const t of benchTables(3)) {
      const computed = schemaSource(t, 100, true);
      expect(readLiteralFile({ path: path("schema"), source: computed }, "schema")).toBeNull();
      const evaluated = sb.evaluate({ path: path("schema"), source: computed }, "schema");
      const literal = readLiteralFile({ path: path("schema"), source: schemaSource(t) }, "schema");
      // Two more lines at the top shift every location; what is recorded must be the same.
      const noLoc = (v: unknown): string => JSON.stringify(v, (k, x: unknown) => (k === "loc" ? undefined : x));
      expect(noLoc(evaluated.value)).toBe(noLoc(literal?.value));
    }
  });
});

/** The benchmark's per-table migrations as one file, in the format alab writes. */
function manyTables(n: number): string {
  const files = benchTables(n).map((t) => migrationSource(t));
  const part = (text: string, re: RegExp): string => (re.exec(text) as RegExpExecArray)[1] as string;
  const up = files.map((f) => part(f, /  up\(m\) \{\n([\s\S]*?)\n  \},\n\n  down/)).join("\n\n");
  const down = files.map((f) => part(f, /  down\(m\) \{\n([\s\S]*?)\n  \},\n\}\);/)).reverse().join("\n");
  return `// Migration: init\n\nexport default migration({\n  up(m) {\n${up}\n  },\n\n  down(m) {\n${down}\n  },\n});\n`;
}

const SCHEMA_VARIANTS: [string, string][] = [
  ["AstrolaDB's sql({...}) default, API metadata, an import of sql", `import { table, col, sql } from "alab";\nexport default table({\n  id: col.id().read_only(),\n  code: col.string(20).default(sql({ postgres: "upper('x')", sqlite: "upper('x')" })).format("slug"),\n}).searchable(["code"]).sort_by(["-code"]).deprecated("old");\n`],
  ["import line, comments, trailing commas", `import { table, col } from "alab";\n// users\nexport default table({\n  /* key */ id: col.id(), // pk\n  name: col.string(100).optional(),\n}).timestamps();\n`],
  ["a chain over lines, space after the dot", `export default table({\n  x: col\n    .string(100)\n    .  optional(),\n  y: col.integer() .min(-5).max(1e3),\n})\n  .index("x");`],
  ["unicode before and inside values", `// ünïcödé 😀 comment\nexport default table({ "naïve key 😀": col.text().default("日本 😀"), e: col.enum(["a\\u2028b", 'it\\'s', "tab\\t", "\\x41"]) }).docs("😀 x");\n`],
  ["nested literals", `export default table({ j: col.json().default({ a: [1, null, true, false, { b: -0, c: 0.5 }], "a-b": [] }) });`],
  ["reserved words as keys and names", `export default table({ default: col.string(1), delete: col.text() }).index("default", "delete");`],
  ["a file name with spaces", `export default table({ id: col.id() });`],
  ["string keys and escapes", `export default table({ "a\\"b": col.string(2), 'c': col.text().pattern("^\\\\d+$") });`],
];

const MIGRATION_VARIANTS: [string, string][] = [
  ["AstrolaDB's header, revisions, partial alter_column and sql({...})", `// Migration: x\n// Generated at: 2026-02-01 14:30:22\n\nexport default migration({\n  description: null,\n  up_revision: "002_20260201_143022",\n  down_revision: "001_20260101_000000",\n\n  up(m) {\n    m.alter_column("auth.user", "email", (c) => c.set_type("varchar", 500).set_not_null());\n    m.alter_column("auth.user", "n", (c) => c.set_server_default(sql({ postgres: "1 + 2", mysql: "1 + 2" })));\n    m.rename_table("blog.tag", "label");\n  },\n});\n`],
  ["empty up and down", `export default migration({ up(m) {}, down(m) {} });`],
  ["arrow forms, outer parameters, extra arguments", `export default migration({\n  up(m) {\n    m.create_table("a.b", t => { t.id(); m.sql("select 1"); }, { if_not_exists: true });\n    m.alter_column("a.b", "c", (t) => t.string("c", 5).optional());\n    m.add_column("a.b", function (t) { t.text("d"); });\n    m.add_column("a.b", () => { m.sql("x"); });\n    m.add_column("a.b", (t, u) => { u.x(); t.y() });\n  },\n  down(m) { m.drop_table("a.b"); },\n});\n`],
  ["the same callback text twice (location of the first match from the call)", `export default migration({\n  up(m) {\n    m.alter_column("a.b", "c", (t) => t.text("c"));\n    m.alter_column("a.b", "c", (t) => t.text("c"));\n    m.x((t) => t.text("c"), (t) => t.text("c"));\n  },\n});\n`],
  ["a parameter shadowing a root", `export default migration({ up(migration) { migration.sql("x"); } });`],
  ["import of migration", `import { migration } from "alab";\nexport default migration({ up(m) { m.sql("select 'x'"); } })`],
  ["chains passed as arguments", `export default migration({ up(m) { m.a(m.b(1), [m.c()], { d: m.e() }); } });`],
];

describe("hand-written literal files read as QuickJS reads them", () => {
  for (const [name, source] of SCHEMA_VARIANTS) test(`schema: ${name}`, () => expectSame(source, "schema", name.includes("spaces") ? "schemas/my ns/a b.js" : undefined));
  for (const [name, source] of MIGRATION_VARIANTS) test(`migration: ${name}`, () => expectSame(source, "migration"));
});

/** Forms outside the grammar, or whose sandbox result might differ: they must go to QuickJS. */
const NOT_LITERAL: [string, string, FileKind][] = [
  ["a variable", `const x = col.id();\nexport default table({ id: x });`, "schema"],
  ["a template literal", "export default table({ id: col.string(`x`) });", "schema"],
  ["a comment between dot and name", `export default table({ id: col./* c */id() });`, "schema"],
  ["a comment between root and call", `export default table /* c */ ({ id: col.id() });`, "schema"],
  ["a property read without a call", `export default table({ id: col.id });`, "schema"],
  ["calling a root that is not callable", `export default table({ id: col(1) });`, "schema"],
  ["a root of the other kind", `export default migration({});`, "schema"],
  ["an unknown global", `export default table({ id: Math.max(1) });`, "schema"],
  ["CRLF line ends", `export default table({\r\n  id: col.id(),\r\n});\r\n`, "schema"],
  ["a duplicate key", `export default table({ a: col.id(), a: col.text() });`, "schema"],
  ["a __proto__ key", `export default table({ __proto__: col.id() });`, "schema"],
  ["an integer key", `export default table({ 1: col.id() });`, "schema"],
  ["a number with separators", `export default table({ a: col.string(1_000) });`, "schema"],
  ["a hex number", `export default table({ a: col.string(0x10) });`, "schema"],
  ["undefined", `export default table({ a: col.string(undefined) });`, "schema"],
  ["a spread", `export default table({ ...x });`, "schema"],
  [".then", `export default table({ a: col.then() });`, "schema"],
  ["optional chaining", `export default table({ a: col?.id() });`, "schema"],
  ["an import of another module", `import { x } from "fs";\nexport default table({});`, "schema"],
  ["an import of a name the kind lacks", `import { migration } from "alab";\nexport default table({});`, "schema"],
  ["an aliased import", `import { table as t } from "alab";\nexport default t({});`, "schema"],
  ["a TypeScript-only shape", `export default table({ a: col.id() as any });`, "schema"],
  ["a return statement", `export default migration({ up(m) { return m.sql("x"); } });`, "migration"],
  ["a line break before =>", `export default migration({ up(m) { m.a((t)\n=> {}); } });`, "migration"],
  ["a reserved parameter name", `export default migration({ up(eval) { eval.sql("x"); } });`, "migration"],
  ["duplicate parameters", `export default migration({ up(m, m) { m.sql("x"); } });`, "migration"],
  ["a named function expression", `export default migration({ up(m) { m.a(function t(t) { t.x(); }); } });`, "migration"],
  ["an async method", `export default migration({ async up(m) { m.sql("x"); } });`, "migration"],
  ["CommonJS exports", `exports.up = function (schema) { schema.createTable("a"); };`, "migration"],
  ["a missing semicolon between statements", `export default migration({ up(m) { m.a() m.b() } });`, "migration"],
  ["an octal escape", `export default migration({ up(m) { m.sql("\\1"); } });`, "migration"],
  ["a line continuation", `export default migration({ up(m) { m.sql("a\\\nb"); } });`, "migration"],
  ["trailing code after the export", `export default migration({ up(m) {} });\nconsole.log(1);`, "migration"],
];

describe("anything else goes to QuickJS", () => {
  for (const [name, source, kind] of NOT_LITERAL) {
    test(name, () => expect(readLiteralFile({ path: path(kind), source }, kind)).toBeNull());
  }
  test("TypeScript files", () => {
    expect(readLiteralFile({ path: "schemas/a/b.ts", source: "export default table({ id: col.id() });" }, "schema")).toBeNull();
  });
});
