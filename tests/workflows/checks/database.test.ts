import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveConfig } from "../../../src/config";
import type { Dialect } from "../../../src/sql/dialect";
import { databaseStep } from "../../../src/workflows/checks/database";
import { migrate } from "../../../src/workflows/migrate";
import { availableDialects } from "../../support/db";
import { createTable, MIGRATE_DEFAULTS, withProject } from "../../db/fixtures";

setDefaultTimeout(30_000);
const dialects = await availableDialects();
const run = (config: Parameters<typeof databaseStep.run>[0]) => databaseStep.run(config, { logs: [] });

describe.each(dialects)("check's database step on %s", (dialect: Dialect) => {
  test("applied files unchanged: a summary with the pending count", () =>
    withProject(dialect, { "001_a.js": createTable("a"), "002_b.js": createTable("b"), "003_c.js": createTable("c") }, async (project) => {
      await migrate(project.config, { ...MIGRATE_DEFAULTS, to: "2" }, () => undefined);
      expect(await run(project.config)).toMatch(/^2 migrations applied and unchanged, 1 pending, in /);
    }));

  test("an edited applied file and a lost one: exit 3, each named", () =>
    withProject(dialect, { "001_a.js": createTable("a"), "002_b.js": createTable("b"), "003_c.js": createTable("c") }, async (project) => {
      await migrate(project.config, { ...MIGRATE_DEFAULTS, to: "2" }, () => undefined);
      await project.write("002_b.js", createTable("b", ' t.text("x");'));
      await project.remove("001_a.js");
      await project.write("003_c.js", createTable("c", ' t.text("y");'));
      const e = await run(project.config).then(
        () => null,
        (err: unknown) => err,
      );
      expect(e).toMatchObject({ code: "E_CHECK_APPLIED_CHANGED", exit: 3 });
      expect((e as { details: string[] }).details).toEqual([
        "missing   001_a (applied in batch 1): the file is gone",
        "modified  002_b.js (applied in batch 1): the file changed after it was applied",
      ]);
    }));
});

test("with only the embedded default and no ./alab.db there is nothing to compare, and nothing is created", async () => {
  const dir = await mkdtemp(join(tmpdir(), "alab-check-db-"));
  try {
    const config = resolveConfig({ flags: {}, env: {}, cwd: dir });
    expect(await run(config)).toContain("no database configured");
    expect(await Bun.file(join(dir, "alab.db")).exists()).toBe(false);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
