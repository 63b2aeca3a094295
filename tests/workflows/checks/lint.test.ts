/**
 * `alab check`'s lint step: a pull request's own migrations (--base), or the ones pending in the
 * database, fail the check on an error-level finding until it is fixed or allowed; offline with
 * neither, the step says it did not run.
 */
import { afterAll, beforeAll, expect, setDefaultTimeout, test } from "bun:test";
import { join } from "node:path";
import { resolveConfig } from "../../../src/config";
import { openDriver } from "../../../src/db/open";
import { alabBinary } from "../../support/binary";
import { expectNoDriftFromApplied } from "../../support/drift";
import { expectOk, makeRepo, type Repo, USER_TABLE } from "../../support/git";

setDefaultTimeout(60_000);
beforeAll(() => alabBinary(), 120_000);
let r: Repo;
beforeAll(async () => {
  r = await makeRepo();
});
afterAll(() => r.cleanup());

test("a branch that drops a column: check fails on the finding, by --base and by the database, until it is allowed", async () => {
  await r.git("checkout", "-q", "-b", "feature");
  await r.write("schemas/app/user.js", USER_TABLE.replace("  name: col.string(100),\n", ""));
  await expectOk(r.alab(["new", "drop_name"]));
  const file = (await r.migrations()).find((f) => f.startsWith("002_"))!;
  await r.commit("drop label");

  const byBase = await r.alab(["check", "--base", "main"]);
  expect(byBase.code).toBe(3);
  expect(byBase.stderr).toContain("error[E_CHECK_LINT]: lint found 1 error in 1 migration of this branch's own for SQLite ");
  expect(byBase.stderr).toMatch(new RegExp(`migrations/${file}:\\d+:\\d+: L_DROP_COLUMN: drops column app\\.user\\.name and its data`));

  // No database yet and no --base: nothing says which migrations are new.
  const offline = await expectOk(r.alab(["check"]));
  expect(offline.stdout).toContain("ok lint: not run: without a database or --base");

  // With a database where 001 is applied, 002 is pending.
  await expectOk(r.alab(["migrate", "--to", "001"]));
  const driver = await openDriver(`sqlite:${join(r.dir, "alab.db")}`, "sqlite");
  try {
    await expectNoDriftFromApplied(driver, resolveConfig({ flags: {}, env: {}, cwd: r.dir }));
  } finally {
    await driver.close();
  }
  const byDatabase = await r.alab(["check"]);
  expect(byDatabase.code).toBe(3);
  expect(byDatabase.stderr).toContain("error[E_CHECK_LINT]: lint found 1 error in 1 pending migration for SQLite ");

  const text = await r.read(`migrations/${file}`);
  const lines = text.split("\n");
  const at = lines.findIndex((l) => l.includes("m.drop_column("));
  lines.splice(at, 0, `${/^\s*/.exec(lines[at]!)![0]}// alab:allow L_DROP_COLUMN nothing reads name since v2`);
  await r.write(`migrations/${file}`, lines.join("\n"));
  const allowed = await expectOk(r.alab(["check", "--base", "main"]));
  expect(allowed.stdout).toContain("ok lint: no errors in 1 migration of this branch's own for SQLite ");
  expect(allowed.stdout).toContain("(1 allowed: `alab lint` shows them)");
  expect((await expectOk(r.alab(["check"]))).stdout).toContain("ok lint: no errors in 1 pending migration for SQLite ");
  expect((await expectOk(r.alab(["check", "--offline"]))).stdout).toContain("ok lint: not run");
});
