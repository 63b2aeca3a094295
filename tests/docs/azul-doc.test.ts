/**
 * Every Azul migration shown in docs/azul.md runs as written on every database (issue 12, item
 * 15): each example after a migration that creates the tables it uses, then rolled back to
 * nothing. An example this test has no setup for fails, so a new example is tested too.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Dialect } from "../../src/sql/dialect";
import { migrate } from "../../src/workflows/migrate";
import { rollback } from "../../src/workflows/rollback";
import { historyOf, MIGRATE_DEFAULTS, tablesOf, withProject } from "../db/fixtures";
import { schemaOfFirst } from "../support/applied-schema";
import { availableDialects } from "../support/db";
import { expectNoDrift } from "../support/drift";

setDefaultTimeout(60_000);
const dialects = await availableDialects();
const DOC = readFileSync(join(import.meta.dir, "../../docs/azul.md"), "utf8");

/** Fenced js blocks that are whole migrations (not the sketch of the export forms, which elides bodies). */
const examples = [...DOC.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1] as string).filter((code) => code.includes("exports.") && !code.includes("{ ... }"));

const SETTINGS = "  schema.createTable('settings', function (table) { table.string('name'); table.string('value'); });\n";

/** What an example needs first, found by what it names. */
const SETUPS: { readonly when: RegExp; readonly setup: string; readonly rows?: readonly string[] }[] = [
  { when: /references\("authors\.id"\)/, setup: "  schema.createTable('authors', function (table) { table.string('name'); });\n" },
  {
    when: /FROM people/,
    setup: `  schema.createTable('people', function (table) { table.string('name'); });\n${SETTINGS}`,
    rows: ["INSERT INTO people (name) VALUES ('ann'), ('bob')"],
  },
  {
    when: /alterTable\("employees"/,
    setup: "  schema.createTable('employees', function (table) { table.integer('boss_id'); table.string('first_name'); table.string('last_name'); });\n",
  },
  {
    when: /alterTable\("articles"/,
    setup: `  schema.createTable('articles', function (table) { table.string('title'); });\n${SETTINGS}`,
    rows: ["INSERT INTO articles (title) VALUES ('Hello World')"],
  },
  { when: /createTable\("employees"\)\.pk\("code"\)/, setup: "" },
];

test("the examples found are the ones this test knows", () => {
  expect(examples.length).toBe(5);
  for (const code of examples) expect(SETUPS.filter((s) => s.when.test(code)).length).toBe(1);
});

describe.each(dialects)("docs/azul.md examples on %s", (dialect: Dialect) => {
  examples.forEach((code, i) => {
    test(`example ${i + 1}: ${code.split("\n").find((l) => l.includes("schema.") || l.includes("query."))?.trim()}`, () => {
      const s = SETUPS.find((x) => x.when.test(code));
      if (s === undefined) throw new Error(`no setup for the example:\n${code}`);
      const files: Record<string, string> = { "20150101000001_example.js": code };
      if (s.setup !== "") files["20150101000000_setup.js"] = `exports.change = function (schema) {\n${s.setup}};\n`;
      return withProject(dialect, files, async (project, driver) => {
        const setupCount = s.setup === "" ? 0 : 1;
        if (setupCount > 0) {
          await migrate(project.config, { ...MIGRATE_DEFAULTS, to: "20150101000000" }, () => undefined);
          for (const sql of s.rows ?? []) await driver.exec([{ sql }]);
        }
        const before = await tablesOf(driver);
        await migrate(project.config, MIGRATE_DEFAULTS, () => undefined);
        // A manual migration's tables are not part of alab's schema state (docs/azul.md, Manual mode).
        const manual = /=\s*async function/.test(code);
        if (!manual) await expectNoDrift(driver, await schemaOfFirst(project.config, setupCount + 1));
        await rollback(project.config, { target: { kind: "steps", n: 1 }, dry: false, tx: "all", lockTimeoutSeconds: 10 }, () => undefined);
        expect(await tablesOf(driver)).toEqual(before);
        await rollback(project.config, { target: { kind: "all" }, dry: false, tx: "all", lockTimeoutSeconds: 10, yes: true }, () => undefined);
        expect([await tablesOf(driver), await historyOf(driver)]).toEqual([[], []]);
      });
    });
  });
});
