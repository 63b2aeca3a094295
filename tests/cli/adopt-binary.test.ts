/** Adopting a database as a user does it, through the compiled binary: exit codes and what is printed. */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Dialect } from "../../src/sql/dialect";
import { availableDialects, withTestDatabase } from "../support/db";
import { runAlab, tempDir } from "../support/binary";
import { loadFixture } from "../workflows/adopt-support";

setDefaultTimeout(120_000);

const servers = (await availableDialects()).filter((d): d is Exclude<Dialect, "sqlite"> => d !== "sqlite");

describe.each(servers)("adopting a %s database with the binary", (dialect) => {
  test("untracked until pulled and baselined; then status, check and migrate are at home", () =>
    withTestDatabase(dialect, async (url, driver) => {
      await loadFixture(driver, dialect);
      const { dir, cleanup } = await tempDir("alab-adopt-");
      try {
        const alab = (...args: string[]) => runAlab([...args, "-d", url], { cwd: dir, env: { NO_COLOR: "1" } });
        await runAlab(["init"], { cwd: dir, env: { NO_COLOR: "1" } });

        const before = await alab("status");
        expect(before.code).toBe(0);
        expect(before.stdout).toContain("unmanaged tables, no tracking table (alab_migrations) — see `alab pull` / `alab baseline`");
        const migrate = await alab("migrate");
        expect(migrate.code).toBe(3);
        expect(migrate.stderr).toContain("error[E_UNTRACKED_DATABASE]");
        expect(migrate.stderr).toContain("alab pull");

        const pulled = await alab("pull");
        expect(pulled.code).toBe(0);
        expect(pulled.stdout).toContain("wrote 4 schema files, migrations/001_baseline.js and migrations/alab.snapshot.json");
        expect(pulled.stdout).toContain("not managed");
        expect(pulled.stdout).toContain("product_");

        const check = await alab("check");
        expect(check.code).toBe(3);
        expect(check.stderr).toContain("E_UNTRACKED_DATABASE");

        const again = await alab("pull");
        expect(again.code).toBe(2);
        expect(again.stderr).toContain("error[E_PULL_HAS_MIGRATIONS]");

        const baseline = await alab("baseline");
        expect(baseline.code).toBe(0);
        expect(baseline.stdout).toContain("recorded 001_baseline.js as applied (batch 1, not run): the database matches what they build");

        expect((await alab("check")).code).toBe(0);
        const after = await alab("status");
        expect(after.stdout).toContain("1 applied · 0 pending");
        expect(after.stdout).not.toContain("untracked");
        expect((await alab("migrate")).code).toBe(0);
      } finally {
        await cleanup();
      }
    }));

  test("a baseline the database does not match exits 3, names the difference, and records nothing", () =>
    withTestDatabase(dialect, async (url, driver) => {
      await loadFixture(driver, dialect);
      const { dir, cleanup } = await tempDir("alab-adopt-");
      try {
        const alab = (...args: string[]) => runAlab([...args, "-d", url], { cwd: dir, env: { NO_COLOR: "1" } });
        expect((await alab("pull")).code).toBe(0);
        await driver.exec([{ sql: "alter table shop_customer add column note text" }]);
        const refused = await alab("baseline");
        expect(refused.code).toBe(3);
        expect(refused.stderr).toContain("error[E_BASELINE_MISMATCH]");
        expect(refused.stderr).toContain("note");
        expect((await alab("status")).stdout).toContain("untracked");
        const forced = await alab("baseline", "--force");
        expect(forced.code).toBe(0);
        expect(forced.stdout).toContain("forced");
      } finally {
        await cleanup();
      }
    }));
});
