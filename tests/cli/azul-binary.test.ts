/**
 * Azul files through the compiled binary, as a user runs them: a manual-mode migration really runs
 * its queries (it used to be recorded as applied having done nothing), progress lines come as for
 * other migrations, `--dry` says what it cannot show, a failure points into the file, and
 * `rollback --batch` undoes the run.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Dialect } from "../../src/sql/dialect";
import { historyOf, withProject } from "../db/fixtures";
import { runAlab } from "../support/binary";
import { availableDialects } from "../support/db";
import { rowsOf } from "../workflows/azul-support";

setDefaultTimeout(120_000);
const dialects = await availableDialects();

const FILES: Record<string, string> = {
  "20150101000000_people.js": `exports.change = function (schema) {
  schema.createTable('people', function (table) { table.string('name'); });
};
`,
  "20150101000001_fill.js": `exports.up = async function (schema, query) {
  await query.raw("INSERT INTO people (name) VALUES (?)", ["x'); DROP TABLE people; --"]);
  const r = await query.raw('SELECT count(*) AS n FROM people');
  await query.raw('INSERT INTO people (name) VALUES (?)', ['count was ' + r.rows[0].n]);
};
exports.down = async function (schema, query) {
  await query.raw('DELETE FROM people');
};
`,
};

const FAILING = `exports.up = async function (schema, query) {
  await query.raw('INSERT INTO people (name) VALUES (?)', ['never kept']);
  await query.raw('SELECT * FROM no_such_table');
};
`;

describe.each(dialects)("Azul manual mode through the binary on %s", (dialect: Dialect) => {
  test("migrate runs the manual queries; --dry and rollback --batch; a failure points into the file", () =>
    withProject(dialect, FILES, async (project, driver) => {
      const alab = (...args: string[]) => runAlab([...args, "--url", project.url, "--no-color"], { cwd: project.dir });

      const dry = await alab("migrate", "--dry");
      expect(dry.code).toBe(0);
      expect(dry.stdout).toContain("-- `up` returns a promise (Azul manual mode): it runs its own queries when it runs, so they are not shown here\ninsert into");

      const up = await alab("migrate");
      expect([up.code, up.stderr.replace(/^warning: MySQL\/MariaDB commits every DDL statement implicitly.*\n/, "")]).toEqual([0, ""]);
      expect(up.stdout).toMatch(/^applied  migrations\/20150101000000_people\.js \(\d+ ms\)\napplied  migrations\/20150101000001_fill\.js \(\d+ ms\)\napplied 2 migrations in \d+ ms \(batch 1\)\n$/);
      expect(await rowsOf(driver, "SELECT name FROM people ORDER BY id")).toEqual([["x'); DROP TABLE people; --"], ["count was 1"]]);

      await project.write("20150101000002_failing.js", FAILING);
      const failed = await alab("migrate");
      expect(failed.code).toBe(1);
      expect(failed.stderr).toContain("error[E_DB_STATEMENT]: migrations/20150101000002_failing.js: statement 2 it ran (manual mode) failed");
      expect(failed.stderr).toContain("--> migrations/20150101000002_failing.js:3:15");
      expect(await rowsOf(driver, "SELECT count(*) FROM people")).toEqual([["2"]]);
      await project.remove("20150101000002_failing.js");

      const back = await alab("rollback", "--batch");
      expect(back.code).toBe(0);
      expect(back.stdout).toMatch(/^reverted migrations\/20150101000001_fill\.js \(\d+ ms\)\nreverted migrations\/20150101000000_people\.js \(\d+ ms\)\n/);
      expect(await historyOf(driver)).toEqual([]);
    }));
});
