import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { baseline } from "../../src/workflows/baseline";
import { migrate } from "../../src/workflows/migrate";
import { createTable, historyOf, MIGRATE_DEFAULTS, withProject } from "../db/fixtures";
import { availableDialects } from "../support/db";
import { driftOf } from "../support/drift";
import { failure } from "../support/failure";
import { loadMigrations, replayMigrations } from "../../src/workflows/project/replay-migrations";
import { listMigrationFiles } from "../../src/workflows/project/migration-files";
import { emptySchema } from "../../src/model/types";

setDefaultTimeout(60_000);

const dialects = await availableDialects();
const THREE = { "001_a.js": createTable("a"), "002_b.js": createTable("b"), "003_c.js": createTable("c") };

describe.each(dialects)("alab baseline on %s", (dialect) => {
  test("REV records the migrations up to it, proven against the database; migrate applies the rest; again records nothing", () =>
    withProject(dialect, THREE, async (project, driver) => {
      // A database made by the first two migrations, by someone else: no tracking table.
      await migrate(project.config, { ...MIGRATE_DEFAULTS, to: "2" }, () => undefined);
      await driver.exec([{ sql: "drop table alab_migrations" }]);
      const r = await baseline(project.config, { rev: "002", lockTimeoutSeconds: 10 });
      expect(r.recorded).toEqual(["001_a.js", "002_b.js"]);
      expect(r.overridden).toEqual([]);
      expect(await historyOf(driver)).toEqual(["001:1", "002:1"]);
      expect((await migrate(project.config, MIGRATE_DEFAULTS, () => undefined)).applied.map((a) => a.name)).toEqual(["c"]);
      const files = await listMigrationFiles(project.config);
      await expect(driftOf(driver, replayMigrations(emptySchema, await loadMigrations(files, project.config)).schema)).resolves.toEqual([]);
      const again = await baseline(project.config, { lockTimeoutSeconds: 10 });
      expect(again.recorded).toEqual([]);
      expect(again.alreadyApplied).toBe(3);
    }));

  test("the database lacks what a migration makes: refused, with the table named, nothing recorded", () =>
    withProject(dialect, THREE, async (project, driver) => {
      await migrate(project.config, { ...MIGRATE_DEFAULTS, to: "2" }, () => undefined);
      await driver.exec([{ sql: "drop table alab_migrations" }]);
      const e = await failure(baseline(project.config, { lockTimeoutSeconds: 10 }));
      expect(e.code).toBe("E_BASELINE_MISMATCH");
      expect(e.details.join("\n")).toContain("app.c");
      expect(e.message).toContain("nothing recorded");
    }));

  test("a revision before migrations already applied is refused", () =>
    withProject(dialect, THREE, async (project, driver) => {
      await migrate(project.config, MIGRATE_DEFAULTS, () => undefined);
      await driver.exec([{ sql: "delete from alab_migrations where revision = '001'" }]);
      const e = await failure(baseline(project.config, { rev: "1", lockTimeoutSeconds: 10 }));
      expect(e.code).toBe("E_BASELINE_AFTER_APPLIED");
      expect(await historyOf(driver)).toEqual(["002:1", "003:1"]);
    }));

  test("without migrations there is nothing to record", () =>
    withProject(dialect, {}, async (project) => {
      expect((await failure(baseline(project.config, { lockTimeoutSeconds: 10 }))).code).toBe("E_BASELINE_NO_MIGRATIONS");
    }));
});
