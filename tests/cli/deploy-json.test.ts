/**
 * Issue 13, item 5: `--json` where output is data — migrate, rollback, check, new, snapshot —
 * each one document on stdout with `format`; errors as one JSON line on stderr; and progress lines
 * for a migration that runs longer than ~2 s.
 */
import { beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Dialect } from "../../src/sql/dialect";
import { createTable } from "../db/fixtures";
import { alabBinary, runAlab, tempDir } from "../support/binary";
import { availableDialects } from "../support/db";
import { withDeployProject } from "./deploy-support";

setDefaultTimeout(60_000);
const dialects = await availableDialects();
beforeAll(() => alabBinary(), 120_000);

const broken = `export default migration({
  up(m) {
    m.create_table("app.c", (t) => { t.id(); });
    m.sql("insert into no_such_table values (1)");
  },
  down(m) { m.drop_table("app.c"); },
});
`;

/** The error document on stderr: one line, parsed. */
function errorOf(stderr: string): { version: number; format: number; error: Record<string, unknown>; errors: unknown[] } {
  const lines = stderr.trimEnd().split("\n");
  expect(lines.length).toBe(1);
  return JSON.parse(lines[0] as string);
}

describe.each(dialects)("--json on %s", (dialect: Dialect) => {
  test("migrate and rollback print one document; a failure is a JSON error on stderr and nothing on stdout", () =>
    withDeployProject(dialect, { "001_a.js": createTable("a"), "002_b.js": createTable("b") }, async (p) => {
      const m = await p.alab(["migrate", "--json"]);
      expect(m.stderr.replace(/^warning: .*\n/m, "")).toBe("");
      expect(m.code).toBe(0);
      const doc = JSON.parse(m.stdout);
      expect(Object.keys(doc)).toEqual(["version", "format", "command", "dialect", "dry", "pending", "applied", "batch", "renumbered", "duration_ms", "script", "commit", "warnings", "notes", "logs"]);
      expect(doc).toMatchObject({ format: 1, command: "migrate", dialect, dry: false, pending: 2, batch: 1, renumbered: [], script: null, commit: null, notes: [], logs: [] });
      expect(doc.applied.map((a: { file: string }) => a.file)).toEqual(["migrations/001_a.js", "migrations/002_b.js"]);
      expect(Object.keys(doc.applied[0])).toEqual(["revision", "name", "file", "duration_ms"]);
      // MySQL's warning about implicit commits is in the document, not on stderr.
      expect(doc.warnings.length).toBe(dialect === "mysql" ? 1 : 0);

      const none = JSON.parse((await p.alab(["migrate", "--json"])).stdout);
      expect(none).toMatchObject({ pending: 0, applied: [], batch: null });

      const dry = JSON.parse((await p.alab(["rollback", "--json", "--dry"])).stdout);
      expect(dry).toMatchObject({ command: "rollback", dry: true, selected: 1 });
      expect(dry.script).toContain("alab rollback");

      const rb = await p.alab(["rollback", "--json"]);
      expect(rb.code).toBe(0);
      const rdoc = JSON.parse(rb.stdout);
      expect(Object.keys(rdoc)).toEqual(["version", "format", "command", "dialect", "dry", "selected", "reverted", "renumbered", "duration_ms", "script", "warnings", "notes", "logs"]);
      expect(rdoc.reverted.map((r: { name: string }) => r.name)).toEqual(["b"]);

      const refused = await p.alab(["rollback", "--all", "--json"]);
      expect(refused.code).toBe(2);
      expect(refused.stdout).toBe("");
      expect(errorOf(refused.stderr).error).toMatchObject({ code: "E_ROLLBACK_NEEDS_YES", exit: 2 });

      await p.write("002_b.js", createTable("b"));
      await p.write("003_c.js", broken);
      const failed = await p.alab(["migrate", "--json"]);
      expect(failed.code).toBe(1);
      expect(failed.stdout).toBe("");
      const e = errorOf(failed.stderr);
      expect(e.format).toBe(1);
      expect(e.error).toMatchObject({ code: "E_DB_STATEMENT", exit: 1, file: "migrations/003_c.js", line: 4 });
      expect([e.version, e.format]).toEqual([1, 1]);
      expect(Object.keys(e.error)).toEqual(["code", "message", "hint", "exit", "file", "line", "column", "details"]);
      expect((e.error.details as string[]).some((d) => d.startsWith("statement: insert into no_such_table"))).toBe(true);
      await p.remove("003_c.js");
      // MySQL kept the DDL before the failed statement (the error said so): undone by hand, as its hint says.
      if (dialect === "mysql") await (await p.driver()).exec([{ sql: "drop table app_c" }]);
      expect((await p.alab(["migrate", "--json"])).code).toBe(0);
      await p.expectNoDrift();
    }));
});

describe("--json without a database", () => {
  test("new, check --offline and snapshot --rebuild; usage errors are JSON too, without the usage text", async () => {
    const { dir, cleanup } = await tempDir("alab-json-");
    try {
      await mkdir(join(dir, "schemas/app"), { recursive: true });
      await mkdir(join(dir, "migrations"));
      await writeFile(join(dir, "schemas/app/user.js"), "export default table({ id: col.id(), name: col.string(50) });\n");
      const run = (args: string[]) => runAlab(args, { cwd: dir, env: { NO_COLOR: "1" } });
      const created = await run(["new", "init", "--json"]);
      expect(created.code).toBe(0);
      expect(JSON.parse(created.stdout)).toEqual({ version: 1, format: 1, command: "new", written: true, file: "migrations/001_init.js", snapshot: "migrations/alab.snapshot.json", changes: expect.any(Array), destructive: [], not_replayable: [] });
      expect(JSON.parse((await run(["new", "again", "--json"])).stdout)).toMatchObject({ written: false, file: null, changes: [] });

      const check = await run(["check", "--offline", "--json"]);
      expect(check.code).toBe(0);
      const c = JSON.parse(check.stdout);
      expect(c).toMatchObject({ format: 1, command: "check", ok: true, offline: true, logs: [] });
      expect(c.steps.map((s: { step: string }) => s.step).length).toBeGreaterThan(2);

      const snap = await run(["snapshot", "--rebuild", "--json"]);
      expect(JSON.parse(snap.stdout)).toEqual({ version: 1, format: 1, command: "snapshot", file: "migrations/alab.snapshot.json", written: false, head: "001_init.js", tables: 1, not_replayable: [] });

      // An ungenerated change: check fails with exit 3 and a JSON error.
      await writeFile(join(dir, "schemas/app/user.js"), "export default table({ id: col.id(), name: col.string(80) });\n");
      const behind = await run(["check", "--offline", "--json"]);
      expect(behind.code).toBe(3);
      expect(behind.stdout).toBe("");
      expect(errorOf(behind.stderr).error.code).toBe("E_CHECK_UNGENERATED");

      const usage = await run(["migrate", "--json", "--dyr"]);
      expect(usage.code).toBe(2);
      expect(errorOf(usage.stderr).error).toMatchObject({ code: "E_USAGE_UNKNOWN_FLAG", exit: 2 });
    } finally {
      await cleanup();
    }
  });
});

const SLEEP: Partial<Record<Dialect, string>> = { postgres: "select pg_sleep(2.5)", mysql: "select sleep(2.5)" };
describe.each(dialects.filter((d) => SLEEP[d] !== undefined))("progress on %s", (dialect: Dialect) => {
  test("a migration still running after ~2 s is announced before it ends; a quick one is not", () =>
    withDeployProject(dialect, { "001_a.js": createTable("a") }, async (p) => {
      await p.write("002_slow.js", `export default migration({\n  up(m) { m.sql(${JSON.stringify(SLEEP[dialect])}); },\n  down(m) {},\n});\n`);
      const r = await p.alab(["migrate"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("applied  migrations/001_a.js");
      expect(r.stdout).not.toContain("applying migrations/001_a.js");
      const lines = r.stdout.split("\n");
      const waiting = lines.indexOf("applying migrations/002_slow.js …");
      expect(waiting).toBeGreaterThan(-1);
      expect(lines.findIndex((l) => l.startsWith("applied  migrations/002_slow.js"))).toBeGreaterThan(waiting);
      // With --json the waiting line goes to stderr: stdout stays one document.
      expect((await p.alab(["rollback"])).code).toBe(0);
      const json = await p.alab(["migrate", "--json"]);
      expect(json.stderr).toContain("applying migrations/002_slow.js …");
      expect(JSON.parse(json.stdout).applied.length).toBe(1);
      await p.expectNoDrift();
    }));
});
