/**
 * The runner as a deploy script meets it: `alab migrate` processes on one database — six at once,
 * or one killed with SIGKILL halfway — and what the commands print.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Dialect } from "../../../src/sql/dialect";
import { availableDialects } from "../../support/db";
import { createTable, historyOf, runAlabIn, spawnAlab, tablesOf, withProject } from "../../db/fixtures";

setDefaultTimeout(60_000);
const dialects = await availableDialects();

/** A statement that keeps the database busy for about `seconds` (SQLite: a counting loop). */
function slow(dialect: Dialect, seconds: number): string {
  switch (dialect) {
    case "postgres":
      return `select pg_sleep(${seconds})`;
    case "mysql":
      return `select sleep(${seconds})`;
    case "sqlite":
      return `with recursive c(x) as (select 1 union all select x + 1 from c where x < ${Math.round(seconds * 5_000_000)}) select count(*) from c`;
  }
}

function slowMigration(dialect: Dialect, name: string, seconds: number): string {
  return `export default migration({
  up(m) {
    m.create_table("app.${name}", (t) => { t.id(); t.string("name", 100); });
    m.sql(${JSON.stringify(slow(dialect, seconds))});
  },
  down(m) { m.drop_table("app.${name}"); },
});
`;
}

async function readUntil(stream: ReadableStream<Uint8Array>, needle: string, timeoutMs: number): Promise<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const deadline = Date.now() + timeoutMs;
  while (!text.includes(needle)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${JSON.stringify(needle)}; got ${JSON.stringify(text)}`);
    const { value, done } = await reader.read();
    if (done) throw new Error(`stream ended before ${JSON.stringify(needle)}; got ${JSON.stringify(text)}`);
    text += decoder.decode(value);
  }
  reader.releaseLock();
  return text;
}

describe.each(dialects)("alab migrate processes on %s", (dialect: Dialect) => {
  test("six concurrent runs: every process exits 0 and each migration is applied exactly once", () =>
    withProject(dialect, { "001_a.js": slowMigration(dialect, "a", 0.3), "002_b.js": createTable("b"), "003_c.js": createTable("c") }, async (project, driver) => {
      const runs = await Promise.all(Array.from({ length: 6 }, () => runAlabIn(project, ["migrate", "--lock-timeout", "30"])));
      for (const r of runs) {
        expect(r.stderr).not.toContain("error");
        expect(r.code).toBe(0);
      }
      const appliedLines = runs.flatMap((r) => r.stdout.split("\n").filter((l) => l.startsWith("applied ") && l.includes("migrations/")));
      expect(appliedLines.length).toBe(3);
      expect(await historyOf(driver)).toEqual(["001:1", "002:1", "003:1"]);
      expect(await tablesOf(driver)).toEqual(["app_a", "app_b", "app_c"]);
    }));

  test("kill -9 in the middle of a run, then a clean re-run", () =>
    withProject(dialect, { "001_a.js": createTable("a"), "002_b.js": slowMigration(dialect, "b", 20), "003_c.js": createTable("c") }, async (project, driver) => {
      const { proc } = spawnAlab(project, ["migrate"]);
      // 001 reports as it finishes; the process is then inside 002's long statement.
      await readUntil(proc.stdout as ReadableStream<Uint8Array>, "applied  migrations/001_a.js", 15_000);
      proc.kill("SIGKILL");
      await proc.exited;
      // PostgreSQL and SQLite roll the whole run back; MySQL kept 001 (committed on its own).
      expect(await historyOf(driver)).toEqual(dialect === "mysql" ? ["001:1"] : []);
      await project.write("002_b.js", createTable("b"));
      // The killed run's server session may still be inside its 20 s statement, holding the lock
      // (MySQL's GET_LOCK lives as long as the session): wait longer than that, as a deploy would.
      const again = await runAlabIn(project, ["migrate", "--lock-timeout", "30"]);
      expect(again.stderr.replace(/^warning: MySQL\/MariaDB commits every DDL statement implicitly.*\n/, "")).toBe("");
      expect(again.code).toBe(0);
      expect(await tablesOf(driver)).toEqual(["app_a", "app_b", "app_c"]);
      const third = await runAlabIn(project, ["migrate"]);
      expect(third.stdout).toBe("nothing to migrate: the database is up to date\n");
    }));

  test("what migrate, status and rollback print", () =>
    withProject(dialect, { "001_a.js": createTable("a"), "002_b.js": createTable("b") }, async (project) => {
      const dry = await runAlabIn(project, ["migrate", "--dry"]);
      expect(dry.code).toBe(0);
      expect(dry.stdout.startsWith("-- alab migrate --dry: 2 migrations on ")).toBe(true);
      expect(dry.stdout).toContain("COMMIT;\n");

      const m = await runAlabIn(project, ["migrate"]);
      expect(m.code).toBe(0);
      const lines = m.stdout.trimEnd().split("\n");
      expect(lines.slice(0, 2).map((l) => l.replace(/\(\d+ ms\)/, "(N ms)"))).toEqual(["applied  migrations/001_a.js (N ms)", "applied  migrations/002_b.js (N ms)"]);
      expect(lines[2]).toMatch(/^applied 2 migrations in \d+ ms \(batch 1\)$/);
      if (dialect === "mysql") expect(m.stderr).toContain("warning: MySQL/MariaDB commits every DDL statement implicitly");
      else expect(m.stderr).toBe("");

      const st = await runAlabIn(project, ["status"]);
      expect(st.code).toBe(0);
      expect(st.stdout).toMatch(/ {2}applied {2}001_a\.js {2}batch 1 {2}\d{4}-\d\d-\d\dT[\d:.]+Z {2}\d+ ms\n/);
      const stLines = st.stdout.trimEnd().split("\n");
      expect(stLines.at(-2)).toBe("2 applied · 0 pending · 0 modified · 0 missing");
      expect(stLines.at(-1)).toBe("no drift: the database matches what its applied migrations build");
      const json = JSON.parse((await runAlabIn(project, ["status", "--json"])).stdout);
      expect(json.counts).toEqual({ applied: 2, pending: 0, modified: 0, missing: 0, renumbered: 0 });

      const rb = await runAlabIn(project, ["rollback"]);
      expect(rb.code).toBe(0);
      expect(rb.stdout).toMatch(/^reverted migrations\/002_b\.js \(\d+ ms\)\nreverted 1 migration in \d+ ms\n$/);
      const bad = await runAlabIn(project, ["rollback", "2", "--all"]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain("error[E_USAGE_CONFLICTING_FLAGS]");
    }));

  test("a connection failure is one line on stderr, exit 1", async () => {
    const url = { postgres: "postgres://postgres@127.0.0.1:1/x", mysql: "mysql://root@127.0.0.1:1/x", sqlite: "sqlite:/nonexistent-alab/x.db" }[dialect];
    await withProject(dialect, { "001_a.js": createTable("a") }, async (project) => {
      const r = await runAlabIn({ ...project, url }, ["migrate"]);
      expect(r.code).toBe(1);
      const lines = r.stderr.trimEnd().split("\n");
      expect(lines[0]).toMatch(/^error\[E_DB_CONNECT\]: cannot connect to /);
      expect(lines.length).toBe(2); // the message and its help line, no stack trace
      expect(lines[1]).toMatch(/^help: /);
    });
  });
});
