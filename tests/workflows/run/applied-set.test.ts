/**
 * Every transaction of a run confirms that alab_migrations still holds the applied set the run
 * planned against. Something that ignores alab's lock changes it here from inside a migration
 * (raw SQL on the tracking table), which is the one place such a change is deterministic.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Dialect } from "../../../src/sql/dialect";
import { AppliedSet } from "../../../src/workflows/run/applied-set";
import { migrate } from "../../../src/workflows/migrate";
import { rollback } from "../../../src/workflows/rollback";
import { availableDialects } from "../../support/db";
import { failure } from "../../support/failure";
import { createTable, historyOf, MIGRATE_DEFAULTS, tablesOf, withProject } from "../../db/fixtures";

setDefaultTimeout(30_000);
const dialects = await availableDialects();

/** Creates a table; runs `sql` too, in `up` or in `down`. */
function touching(sql: string, name: string, where: "up" | "down"): string {
  const raw = `m.sql(${JSON.stringify(sql)});`;
  return `export default migration({
  up(m) { m.create_table("app.${name}", (t) => { t.id(); }); ${where === "up" ? raw : ""} },
  down(m) { ${where === "down" ? raw : ""} m.drop_table("app.${name}"); },
});
`;
}

describe("AppliedSet", () => {
  const planned = [
    { revision: "001", batch: 1 },
    { revision: "002", batch: 1 },
  ];
  const cases: { name: string; committed: [string, number | undefined][]; now: { revision: string; batch: number }[]; changes: string[] }[] = [
    { name: "unchanged", committed: [], now: planned, changes: [] },
    { name: "numbers match as numbers", committed: [], now: [{ revision: "1", batch: 1 }, { revision: "0002", batch: 1 }], changes: [] },
    { name: "this run's own work counts", committed: [["003", 2], ["002", undefined]], now: [{ revision: "001", batch: 1 }, { revision: "003", batch: 2 }], changes: [] },
    { name: "reverted by someone else", committed: [], now: [{ revision: "001", batch: 1 }], changes: ["migration 002 was reverted (its row is gone)"] },
    { name: "applied by someone else", committed: [], now: [...planned, { revision: "003", batch: 2 }], changes: ["migration 003 was applied (batch 2)"] },
    { name: "reverted and applied again", committed: [], now: [{ revision: "001", batch: 1 }, { revision: "002", batch: 3 }], changes: ["migration 002 was applied again (batch 3, planned with batch 1)"] },
  ];
  test.each(cases)("$name", (c) => {
    const set = new AppliedSet(planned);
    for (const [revision, batch] of c.committed) set.committed(revision, batch);
    let details: readonly string[] = [];
    try {
      set.confirm(c.now);
    } catch (e) {
      details = (e as { details: readonly string[] }).details;
      expect((e as { code: string }).code).toBe("E_HISTORY_CHANGED");
    }
    expect(details).toEqual(c.changes);
  });
});

describe.each(dialects)("a run on %s whose applied set changes under it", (dialect: Dialect) => {
  test("migrate --tx each stops before the next migration, keeping what it committed", () =>
    withProject(
      dialect,
      { "001_a.js": createTable("a"), "002_b.js": touching("delete from alab_migrations where revision = '001'", "b", "up"), "003_c.js": createTable("c") },
      async (project, driver) => {
        await migrate(project.config, { ...MIGRATE_DEFAULTS, to: "1" }, () => undefined);
        const e = await failure(migrate(project.config, { ...MIGRATE_DEFAULTS, tx: "each" }, () => undefined));
        expect(e.code).toBe("E_HISTORY_CHANGED");
        expect(e.exit).toBe(1);
        expect(e.details).toEqual(["migration 001 was reverted (its row is gone)", "applied and recorded before the failure: migrations/002_b.js"]);
        expect(await historyOf(driver)).toEqual(["002:2"]);
        expect(await tablesOf(driver)).toEqual(["app_a", "app_b"]);
      },
    ));

  test("rollback --tx each stops before the next migration, keeping what it reverted", () =>
    withProject(
      dialect,
      {
        "001_a.js": createTable("a"),
        "002_b.js": touching("insert into alab_migrations (revision, name, checksum, batch, applied_at, duration_ms) values ('009', 'x', 'x', 7, '2020-01-01 00:00:00', 0)", "b", "down"),
        "003_c.js": createTable("c"),
      },
      async (project, driver) => {
        await migrate(project.config, MIGRATE_DEFAULTS, () => undefined);
        const e = await failure(rollback(project.config, { target: { kind: "all" }, dry: false, tx: "each", lockTimeoutSeconds: 10, yes: true }, () => undefined));
        expect(e.code).toBe("E_HISTORY_CHANGED");
        expect(e.details).toEqual(["migration 009 was applied (batch 7)", "reverted and recorded before the failure: migrations/003_c.js, migrations/002_b.js"]);
        expect(await historyOf(driver)).toEqual(["001:1", "009:7"]);
        expect(await tablesOf(driver)).toEqual(["app_a"]);
      },
    ));
});
