import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { AlabError, AlabErrors } from "../../src/errors";
import type { Dialect } from "../../src/sql/dialect";
import { migrate } from "../../src/workflows/migrate";
import { rollback, type RollbackOptions, type RollbackTarget } from "../../src/workflows/rollback";
import { availableDialects } from "../support/db";
import { expectNoDriftFromApplied } from "../support/drift";
import { createTable, historyOf, MIGRATE_DEFAULTS, recorder, tablesOf, withProject } from "../db/fixtures";

setDefaultTimeout(30_000);
const dialects = await availableDialects();

const FILES = {
  "001_a.js": createTable("a"),
  "002_b.js": createTable("b"),
  "003_c.js": createTable("c"),
  "004_d.js": createTable("d"),
};

const opts = (target: RollbackTarget, more: Partial<RollbackOptions> = {}): RollbackOptions => ({ target, dry: false, tx: "all", lockTimeoutSeconds: 10, yes: true, ...more });

/** Applies 001-002 in batch 1 and 003-004 in batch 2. */
async function twoBatches(config: Parameters<typeof migrate>[0]): Promise<void> {
  await migrate(config, { ...MIGRATE_DEFAULTS, to: "2" }, () => undefined);
  await migrate(config, MIGRATE_DEFAULTS, () => undefined);
}

async function failure(p: Promise<unknown>): Promise<AlabError[]> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AlabError) return [e];
    if (e instanceof AlabErrors) return [...e.errors];
    throw e;
  }
  throw new Error("expected a failure");
}

describe.each(dialects)("rollback on %s", (dialect: Dialect) => {
  const cases: { name: string; target: RollbackTarget; left: string[]; tables: string[] }[] = [
    { name: "default: the newest one", target: { kind: "steps", n: 1 }, left: ["001:1", "002:1", "003:2"], tables: ["app_a", "app_b", "app_c"] },
    { name: "N = 3", target: { kind: "steps", n: 3 }, left: ["001:1"], tables: ["app_a"] },
    { name: "--batch: the last batch", target: { kind: "batch" }, left: ["001:1", "002:1"], tables: ["app_a", "app_b"] },
    { name: "--to 1: everything newer than 001", target: { kind: "to", revision: "001" }, left: ["001:1"], tables: ["app_a"] },
    { name: "--all", target: { kind: "all" }, left: [], tables: [] },
  ];
  test.each(cases)("$name", (c) =>
    withProject(dialect, FILES, async (project, driver) => {
      await twoBatches(project.config);
      const r = recorder();
      const result = await rollback(project.config, opts(c.target), r.on);
      expect(await historyOf(driver)).toEqual(c.left);
      expect(await tablesOf(driver)).toEqual(c.tables);
      await expectNoDriftFromApplied(driver, project.config);
      // Newest first.
      const files = r.events.flatMap((e) => (e.kind === "migration" ? [e.file] : []));
      expect(files).toEqual([...files].sort().reverse());
      expect(result.reverted.length).toBe(4 - c.left.length);
    }),
  );

  test("re-applying after a rollback works and starts a new batch", () =>
    withProject(dialect, FILES, async (project, driver) => {
      await twoBatches(project.config);
      await rollback(project.config, opts({ kind: "batch" }), () => undefined);
      const again = await migrate(project.config, MIGRATE_DEFAULTS, () => undefined);
      expect(again.batch).toBe(2);
      expect(await historyOf(driver)).toEqual(["001:1", "002:1", "003:2", "004:2"]);
      await expectNoDriftFromApplied(driver, project.config);
    }));

  test("nothing applied: nothing to do", () =>
    withProject(dialect, FILES, async (project) => {
      const r = await rollback(project.config, opts({ kind: "steps", n: 1 }), () => undefined);
      expect(r.selected).toBe(0);
    }));

  test("a migration without `down` is refused by name before any SQL runs", () =>
    withProject(
      dialect,
      {
        ...FILES,
        "003_c.js": `export default migration({ up(m) { m.create_table("app.c", (t) => { t.id(); }); } });\n`,
        "004_d.js": `export default migration({ up(m) { m.create_table("app.d", (t) => { t.id(); }); } });\n`,
      },
      async (project, driver) => {
        await twoBatches(project.config);
        const errors = await failure(rollback(project.config, opts({ kind: "all" }), () => undefined));
        expect(errors.map((e) => e.code)).toEqual(["E_ROLLBACK_IRREVERSIBLE", "E_ROLLBACK_IRREVERSIBLE"]);
        expect(errors.map((e) => e.message)).toEqual([
          "migrations/004_d.js cannot be rolled back: it has no `down`",
          "migrations/003_c.js cannot be rolled back: it has no `down`",
        ]);
        expect(await historyOf(driver)).toEqual(["001:1", "002:1", "003:2", "004:2"]);
        expect(await tablesOf(driver)).toEqual(["app_a", "app_b", "app_c", "app_d"]);
      },
    ));

  test("a `down` that does not fit the schema is refused, located, before any SQL runs", () =>
    withProject(
      dialect,
      { "001_a.js": createTable("a"), "002_b.js": `export default migration({\n  up(m) { m.create_table("app.b", (t) => { t.id(); }); },\n  down(m) { m.drop_table("app.b"); m.drop_column("app.a", "nope"); },\n});\n` },
      async (project, driver) => {
        await migrate(project.config, MIGRATE_DEFAULTS, () => undefined);
        const [e] = await failure(rollback(project.config, opts({ kind: "all" }), () => undefined));
        expect(e?.at).toEqual({ file: "migrations/002_b.js", line: 3, column: expect.any(Number) });
        expect(await historyOf(driver)).toEqual(["001:1", "002:1"]);
      },
    ));

  const failingDowns = [
    { name: "at its first statement", down: `m.sql("drop table no_such_table"); m.drop_table("app.b");`, partial: false },
    { name: "after a DDL statement", down: `m.drop_table("app.b"); m.sql("drop table no_such_table");`, partial: dialect === "mysql" },
  ];
  test.each(failingDowns)("a `down` that fails $name: the file stays applied, and the help does not say to edit it", (c) =>
    withProject(
      dialect,
      { "001_a.js": createTable("a"), "002_b.js": `export default migration({\n  up(m) { m.create_table("app.b", (t) => { t.id(); }); },\n  down(m) { ${c.down} },\n});\n` },
      async (project, driver) => {
        await migrate(project.config, MIGRATE_DEFAULTS, () => undefined);
        const [e] = await failure(rollback(project.config, opts({ kind: "steps", n: 1 }), () => undefined));
        expect(e?.code).toBe("E_DB_STATEMENT");
        expect(e?.message).toStartWith("migrations/002_b.js: statement");
        expect(e?.hint).not.toContain("fix migrations/002_b.js");
        expect(await historyOf(driver)).toEqual(["001:1", "002:1"]);
        if (c.partial) {
          expect(e?.details.join("\n")).toContain("these statements of migrations/002_b.js stay applied:\n  1. drop table `app_b`");
          expect(e?.details).toContain("migrations/002_b.js is still recorded as applied in alab_migrations (its row was not deleted)");
          expect(e?.hint).toStartWith("either finish the rollback by hand (run the statements listed as not applied, then delete revision 002 from alab_migrations), or redo by hand");
          expect(await tablesOf(driver)).toEqual(["app_a"]);
        } else {
          expect(e?.hint).toStartWith("migrations/002_b.js is still applied and the database is as it was:");
          expect(e?.details).toContain("rolled back: migrations/002_b.js (none of it is reverted)");
          expect(await tablesOf(driver)).toEqual(["app_a", "app_b"]);
        }
      },
    ),
  );

  test("--to with an unknown revision is a usage error", () =>
    withProject(dialect, FILES, async (project) => {
      await twoBatches(project.config);
      const [e] = await failure(rollback(project.config, opts({ kind: "to", revision: "77" }), () => undefined));
      expect(e?.code).toBe("E_USAGE_UNKNOWN_REVISION");
      expect(e?.exit).toBe(2);
    }));
});
