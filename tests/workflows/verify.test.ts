/**
 * `alab verify --dev-url` on each server: the migration files applied to a database created for
 * the run, read back, compared with the snapshot, and the database dropped afterwards — after a
 * success, a difference, a failing migration, and a SIGTERM in the middle.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDriver } from "../../src/db/open";
import type { Dialect } from "../../src/sql/dialect";
import { rebuildSnapshot } from "../../src/workflows/snapshot";
import { verify, verifyJson } from "../../src/workflows/verify";
import { availableDialects } from "../support/db";
import { failure } from "../support/failure";
import { serviceUrl } from "../support/services";
import { makeProject, type Project, runAlabIn, spawnAlab } from "../db/fixtures";

setDefaultTimeout(60_000);
const servers = (await availableDialects()).filter((d): d is "postgres" | "mysql" => d !== "sqlite");

const GOLDEN = join(import.meta.dir, "../codegen/golden");
const FILES = {
  "001_start.js": readFileSync(join(GOLDEN, "001_start.js"), "utf8"),
  "002_edits.js": readFileSync(join(GOLDEN, "002_edits.js"), "utf8"),
};

const RAW_COLUMN = `export default migration({
  up(m) { m.sql("alter table auth_role add column legacy_code varchar(10)"); },
  down(m) { m.sql("alter table auth_role drop column legacy_code"); },
});
`;

const SLEEP = { postgres: "select pg_sleep(30)", mysql: "select sleep(30)" } as const;

async function scratchDatabases(dialect: "postgres" | "mysql"): Promise<string[]> {
  const d = await openDriver(serviceUrl(dialect), dialect);
  try {
    const sql = dialect === "postgres" ? "select datname as n from pg_database where datname like 'alab\\_verify\\_%'" : "select schema_name as n from information_schema.schemata where schema_name like 'alab\\_verify\\_%'";
    return (await d.query<{ n: string }>({ sql })).map((r) => String(r.n));
  } finally {
    await d.close();
  }
}

/** A project (no database of its own: verify makes one) with the golden migrations, its snapshot, and `extra` files after. */
async function withVerifyProject(dialect: Dialect, extra: Record<string, string>, fn: (p: Project) => Promise<void>): Promise<void> {
  const project = await makeProject(dialect, serviceUrl(dialect as "postgres" | "mysql"), FILES);
  try {
    await rebuildSnapshot(project.config);
    for (const [file, text] of Object.entries(extra)) await project.write(file, text);
    await fn(project);
  } finally {
    await project.cleanup();
  }
}

describe.each(servers)("alab verify --dev-url on %s", (dialect) => {
  const devUrl = serviceUrl(dialect);

  test("the files build exactly the snapshot: ok, and the scratch database is gone", () =>
    withVerifyProject(dialect, {}, async (project) => {
      const before = await scratchDatabases(dialect);
      const r = await verify(project.config, { devUrl });
      expect(verifyJson(r)).toEqual({ format: 1, drift: false, dialect, files: 2, differences: [], unmanaged: [], notes: [] });
      expect(r.scratch).toMatch(/^a scratch database alab_verify_[0-9a-f]{16} on /);
      expect(await scratchDatabases(dialect)).toEqual(before);
    }));

  test("a column only a raw m.sql added is a difference (exit 3 from the command, named)", () =>
    withVerifyProject(dialect, { "003_raw.js": RAW_COLUMN }, async (project) => {
      // 003 is newer than the snapshot's head: it is replayed onto it (raw SQL adds nothing there).
      const r = await verify(project.config, { devUrl });
      expect(r.differences.map((d) => [d.kind, d.message])).toEqual([["extra-column", "add column auth.role.legacy_code string(10) (optional)"]]);
      expect(r.notes).toEqual(["1 file newer than the snapshot's head replayed onto it: 003_raw.js"]);
      const cli = await runAlabIn(project, ["verify", "--dev-url", devUrl, "--json"]);
      expect(cli.code).toBe(3);
      expect(JSON.parse(cli.stdout).differences[0]).toMatchObject({ kind: "extra-column", table: "auth.role", column: "legacy_code", expected: null });
      const text = await runAlabIn(project, ["verify", "--dev-url", devUrl]);
      expect(text.code).toBe(3);
      expect(text.stdout).toContain("do not build the snapshot (1 difference)");
      expect(text.stdout).toContain("add column auth.role.legacy_code string(10) (optional)");
    }));

  test("a migration that fails on a fresh database fails verify, and the scratch database is dropped", () =>
    withVerifyProject(dialect, { "003_bad.js": `export default migration({ up(m) { m.sql("insert into no_such_table values (1)"); }, down(m) {} });\n` }, async (project) => {
      const before = await scratchDatabases(dialect);
      const e = await failure(verify(project.config, { devUrl }));
      expect(e.code).toBe("E_DB_STATEMENT");
      expect(e.at?.file).toBe("migrations/003_bad.js");
      expect(await scratchDatabases(dialect)).toEqual(before);
    }));

  test("SIGTERM in the middle: the scratch database is dropped, exit 1, E_VERIFY_INTERRUPTED", () =>
    withVerifyProject(dialect, { "003_slow.js": `export default migration({ up(m) { m.sql(${JSON.stringify(SLEEP[dialect])}); }, down(m) {} });\n` }, async (project) => {
      const before = await scratchDatabases(dialect);
      const run = spawnAlab(project, ["verify", "--dev-url", devUrl]);
      // Wait until the scratch database exists (and the run has reached the slow statement).
      const until = Date.now() + 30_000;
      while ((await scratchDatabases(dialect)).length === before.length && Date.now() < until) await Bun.sleep(100);
      await Bun.sleep(1500);
      run.proc.kill("SIGTERM");
      const r = await run.done();
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("E_VERIFY_INTERRUPTED");
      expect(r.stderr).toContain("was dropped");
      expect(await scratchDatabases(dialect)).toEqual(before);
    }));

  test("a user who may not create databases: an error naming the privilege", async () => {
    const admin = await openDriver(devUrl, dialect);
    const user = `alab_nocreate_${crypto.randomUUID().replaceAll("-", "").slice(0, 10)}`;
    const hosts = ["%", "localhost"];
    try {
      if (dialect === "postgres") await admin.exec([{ sql: `create role ${user} login` }]);
      else await admin.exec(hosts.map((h) => ({ sql: `create user '${user}'@'${h}'` })));
      const u = new URL(devUrl);
      u.username = user;
      // A MySQL URL without a database: verify opens information_schema, which every user may.
      if (dialect === "mysql") u.pathname = "/";
      await withVerifyProject(dialect, {}, async (project) => {
        const e = await failure(verify(project.config, { devUrl: u.toString() }));
        expect(e.code).toBe("E_VERIFY_CREATE_DATABASE");
        expect(e.exit).toBe(1);
        expect(e.hint).toContain(dialect === "postgres" ? "CREATEDB" : "GRANT CREATE, DROP");
      });
    } finally {
      if (dialect === "postgres") await admin.exec([{ sql: `drop role if exists ${user}` }]);
      else await admin.exec(hosts.map((h) => ({ sql: `drop user if exists '${user}'@'${h}'` })));
      await admin.close();
    }
  });
});

describe("alab verify: bad --dev-url and the default scratch", () => {
  test("a SQLite --dev-url is refused, and its password is not printed", async () => {
    const project = await makeProject("sqlite", "sqlite:x.db", FILES);
    try {
      const e = await failure(verify(project.config, { devUrl: "sqlite:other.db" }));
      expect(e.code).toBe("E_VERIFY_DEV_URL");
      const bad = await failure(verify(project.config, { devUrl: "http://u:hunter2@host/x" }));
      expect(bad.code).toBe("E_VERIFY_DEV_URL");
      expect(bad.message).not.toContain("hunter2");
    } finally {
      await project.cleanup();
    }
  });

  test("without --dev-url: a scratch SQLite database, whatever the project's dialect, removed afterwards", async () => {
    for (const url of ["sqlite:x.db", "postgres://postgres@127.0.0.1:1/never"]) {
      const project = await makeProject(url.startsWith("sqlite") ? "sqlite" : "postgres", url, FILES);
      try {
        await rebuildSnapshot(project.config);
        const r = await verify(project.config, {});
        expect({ differences: r.differences, unmanaged: r.unmanaged, dialect: r.dialect, scratch: r.scratch }).toEqual({ differences: [], unmanaged: [], dialect: "sqlite", scratch: "a scratch SQLite database" });
        // Nothing was made where the project's own database is.
        expect(existsSync(join(project.dir, "x.db"))).toBe(false);
        await project.write("003_raw.js", RAW_COLUMN);
        const raw = await verify(project.config, {});
        // SQLite keeps a varchar(10) as text: without alab's length check it is a text column.
        expect(raw.differences.map((d) => d.message)).toEqual(["add column auth.role.legacy_code text (optional)"]);
      } finally {
        await project.cleanup();
      }
    }
    for (const root of [tmpdir(), "/dev/shm"]) if (existsSync(root)) expect(readdirSync(root).filter((f) => f.startsWith("alab-verify-"))).toEqual([]);
  });
});
