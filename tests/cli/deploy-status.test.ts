/**
 * Issue 13, item 4: `alab status --exit-code` answers "is the database up to date?" for a deploy
 * script — 0 when everything is applied, 3 when anything is pending, modified or missing — with the
 * listing (or JSON) printed either way. The compiled binary on each dialect.
 */
import { beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Dialect } from "../../src/sql/dialect";
import { createTable } from "../db/fixtures";
import { alabBinary } from "../support/binary";
import { availableDialects } from "../support/db";
import { withDeployProject } from "./deploy-support";

setDefaultTimeout(60_000);
const dialects = await availableDialects();
beforeAll(() => alabBinary(), 120_000);

describe.each(dialects)("status --exit-code on %s", (dialect: Dialect) => {
  test("pending 3 → applied 0 → modified 3 → missing 3; plain status stays 0; --json keeps its document", () =>
    withDeployProject(dialect, { "001_a.js": createTable("a"), "002_b.js": createTable("b") }, async (p) => {
      const pending = await p.alab(["status", "--exit-code"]);
      expect(pending.code).toBe(3);
      expect(pending.stdout).toContain("0 applied · 2 pending");
      expect(pending.stderr).toBe("");
      expect((await p.alab(["status"])).code).toBe(0);

      const json = await p.alab(["status", "--exit-code", "--json"]);
      expect(json.code).toBe(3);
      expect(JSON.parse(json.stdout).counts).toEqual({ applied: 0, pending: 2, modified: 0, missing: 0, renumbered: 0 });

      expect((await p.alab(["migrate"])).code).toBe(0);
      const upToDate = await p.alab(["status", "--exit-code"]);
      expect(upToDate.code).toBe(0);
      expect(upToDate.stdout).toContain("2 applied · 0 pending · 0 modified · 0 missing");
      const expected = await p.expected();

      await p.write("002_b.js", createTable("b", ' t.text("x");'));
      const modified = await p.alab(["status", "--exit-code"]);
      expect(modified.code).toBe(3);
      expect(modified.stdout).toContain("1 modified");

      await p.remove("002_b.js");
      const missing = await p.alab(["status", "--exit-code"]);
      expect(missing.code).toBe(3);
      expect(missing.stdout).toContain("1 missing");
      await p.expectNoDrift(expected);
    }));
});

test("--exit-code takes no value", async () => {
  await withDeployProject("sqlite", {}, async (p) => {
    const r = await p.alab(["status", "--exit-code=maybe"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("E_USAGE_BAD_VALUE");
  });
});
