/**
 * A database that cannot take the migration's writes — a read-only SQLite file or mount, a
 * read-only PostgreSQL database, a MariaDB user without the privilege — is a database problem
 * (exit 1) that names the database and why, never a statement failure that blames the migration.
 * Run as the binary; tests run as root, which ignores file permissions, so SQLite gets an
 * immutable file (`chattr +i`) and a read-only bind mount in a mount namespace of its own.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { dirname } from "node:path";
import { openDriver } from "../../../src/db/open";
import { availableDialects, createTestDatabase } from "../../support/db";
import { serviceUrl } from "../../support/services";
import { alabBinary } from "../../support/binary";
import { createTable, historyOf, makeProject, type Project, tablesOf, withProject } from "../../db/fixtures";

setDefaultTimeout(60_000);
const dialects = await availableDialects();

async function sh(...argv: string[]): Promise<{ code: number; out: string }> {
  const p = Bun.spawn(argv, { stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { code, out: out + err };
}

/** Whether this machine lets the test make a file immutable / mount read-only (root, a capable file system). */
async function capable(probe: () => Promise<boolean>, what: string): Promise<boolean> {
  const ok = await probe().catch(() => false);
  if (!ok) {
    if (process.env.CI === "true") test(`${what} is possible here`, () => expect(`${what} is not possible on this machine and CI=true forbids skipping`).toBe(""));
    else process.stderr.write(`\n⚠ ${what} is not possible here: skipping its tests (under CI=true this fails)\n`);
  }
  return ok;
}

const canChattr = await capable(async () => {
  const file = `/tmp/alab-chattr-probe-${process.pid}`;
  await Bun.write(file, "");
  try {
    return (await sh("chattr", "+i", file)).code === 0 && (await sh("chattr", "-i", file)).code === 0;
  } finally {
    await sh("rm", "-f", file);
  }
}, "chattr +i");
const canMountReadOnly = await capable(async () => (await sh("unshare", "-m", "sh", "-c", "mount --bind -o ro /tmp /tmp")).code === 0, "a read-only bind mount (unshare -m)");

/** Runs the binary on the project; `readOnlyMount`: with the project's folder mounted read-only. */
async function alab(project: Project, args: readonly string[], opts: { readOnlyMount?: string; url?: string } = {}): Promise<{ code: number; stderr: string }> {
  const argv = [await alabBinary(), ...args, "--url", opts.url ?? project.url];
  const quoted = argv.map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(" ");
  const cmd = opts.readOnlyMount === undefined ? argv : ["unshare", "-m", "sh", "-c", `mount --bind -o ro '${opts.readOnlyMount}' '${opts.readOnlyMount}' && exec ${quoted}`];
  const p = Bun.spawn(cmd, { cwd: project.dir, env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: project.dir, NO_COLOR: "1" }, stdout: "pipe", stderr: "pipe" });
  const [stderr, code] = await Promise.all([new Response(p.stderr).text(), p.exited]);
  return { code, stderr };
}

function expectDatabaseProblem(r: { code: number; stderr: string }, code: string, names: string): void {
  expect(r.stderr.replace(/^warning: MySQL\/MariaDB commits every DDL statement implicitly.*\n/, "")).toStartWith(`error[${code}]: `);
  expect(r.stderr).toContain(names);
  expect(r.stderr).not.toMatch(/help: fix migrations\//);
  expect(r.stderr).not.toContain("E_DB_STATEMENT");
  expect(r.code).toBe(1);
}

describe("SQLite: a database file that cannot be written", () => {
  test.skipIf(!canChattr)("an immutable file: the pending migration is not blamed; nothing changes", () =>
    withProject("sqlite", { "001_a.js": createTable("a"), "002_b.js": createTable("b") }, async (project, driver) => {
      const file = project.url.slice("sqlite:".length);
      expect((await alab(project, ["migrate", "--to", "1"])).code).toBe(0);
      await sh("chattr", "+i", file);
      try {
        const r = await alab(project, ["migrate"]);
        expectDatabaseProblem(r, "E_DB_READ_ONLY", `migrations/002_b.js: statement 1 of 1 could not run: SQLite at ${file} is read-only: attempt to write a readonly database (the file cannot be written`);
        expect(r.stderr).toContain("rolled back: migrations/002_b.js (none of it is applied)");
        expect(r.stderr).toContain(`help: make ${file} and its folder writable`);
        const down = await alab(project, ["rollback"]);
        expectDatabaseProblem(down, "E_DB_READ_ONLY", `SQLite at ${file} is read-only`);
      } finally {
        await sh("chattr", "-i", file);
      }
      expect(await historyOf(driver)).toEqual(["001:1"]);
      expect(await tablesOf(driver)).toEqual(["app_a"]);
    }));

  test.skipIf(!canChattr)("an immutable file never migrated: the tracking table cannot be created", () =>
    withProject("sqlite", { "001_a.js": createTable("a") }, async (project, driver) => {
      const file = project.url.slice("sqlite:".length);
      // A written file without tables (a table and no tracking table would be an untracked database).
      await driver.exec([{ sql: "pragma user_version = 7" }]);
      await sh("chattr", "+i", file);
      try {
        expectDatabaseProblem(await alab(project, ["migrate"]), "E_DB_READ_ONLY", `SQLite at ${file} is read-only: attempt to write a readonly database`);
      } finally {
        await sh("chattr", "-i", file);
      }
      expect(await tablesOf(driver)).toEqual([]);
    }));

  test.skipIf(!canMountReadOnly)("a read-only mount: named, with the file system as the reason", () =>
    withProject("sqlite", { "001_a.js": createTable("a"), "002_b.js": createTable("b") }, async (project, driver) => {
      const file = project.url.slice("sqlite:".length);
      expect((await alab(project, ["migrate", "--to", "1"])).code).toBe(0);
      const folder = dirname(file);
      const r = await alab(project, ["migrate"], { readOnlyMount: folder });
      expectDatabaseProblem(r, "E_DB_READ_ONLY", `SQLite at ${file} is read-only: alab cannot write its lock file ${file}-alab-lock (the file is on a read-only file system)`);
      // A database copied onto the mount without alab's lock file: the folder is the reason.
      await sh("rm", `${file}-alab-lock`);
      const fresh = await alab(project, ["migrate"], { readOnlyMount: folder });
      expectDatabaseProblem(fresh, "E_DB_READ_ONLY", `alab cannot write its lock file ${file}-alab-lock (its folder ${folder} is on a read-only file system)`);
      expect(await historyOf(driver)).toEqual(["001:1"]);
    }));
});

describe.skipIf(!dialects.includes("postgres"))("PostgreSQL: a read-only database", () => {
  test("default_transaction_read_only: a database problem, not the migration's", () =>
    withProject("postgres", { "001_a.js": createTable("a") }, async (project, driver) => {
      const name = new URL(project.url).pathname.slice(1);
      await driver.exec([{ sql: `alter database ${name} set default_transaction_read_only = on` }]);
      const r = await alab(project, ["migrate"]);
      expectDatabaseProblem(r, "E_DB_READ_ONLY", `PostgreSQL at 127.0.0.1:5432 (database ${name}) is read-only: cannot execute CREATE TABLE in a read-only transaction`);
      expect(r.stderr).toContain("help: point --url at the primary server");
    }));
});

describe.skipIf(!dialects.includes("mysql"))("MariaDB: a user without the privilege a migration needs", () => {
  test("INDEX denied after CREATE TABLE: a database problem that lists what stayed applied", async () => {
    const db = await createTestDatabase("mysql");
    const user = `alab_ro_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
    const admin = await openDriver(serviceUrl("mysql"), "mysql");
    const database = new URL(db.url).pathname.slice(1);
    const project = await makeProject("mysql", db.url, { "001_a.js": createTable("a"), "002_b.js": `export default migration({
  up(m) {
    m.create_table("app.b", (t) => { t.id(); t.string("name", 100); });
    m.create_index("app.b", ["name"], { name: "idx_b_name" });
  },
  down(m) { m.drop_table("app.b"); },
});
` });
    try {
      expect((await alab(project, ["migrate", "--to", "1"])).code).toBe(0);
      await admin.exec([{ sql: `create user '${user}'@'%'` }, { sql: `grant select, insert, update, delete, create on ${database}.* to '${user}'@'%'` }]);
      const url = new URL(db.url);
      url.username = user;
      const r = await alab(project, ["migrate"], { url: url.toString() });
      expectDatabaseProblem(r, "E_DB_PERMISSION", `migrations/002_b.js: statement 2 of 2 could not run: MySQL/MariaDB at 127.0.0.1:3306 (database ${database}) denied a privilege: INDEX command denied to user`);
      expect(r.stderr).toContain("these statements of migrations/002_b.js stay applied:\n    1. create table `app_b`");
      expect(r.stderr).toContain("not applied:\n    2. create index `idx_b_name`");
      expect(r.stderr).toContain("help: grant this user the privileges the migration needs");
      const driver = await openDriver(db.url, "mysql");
      try {
        expect(await historyOf(driver)).toEqual(["001:1"]);
      } finally {
        await driver.close();
      }
    } finally {
      await admin.exec([{ sql: `drop user if exists '${user}'@'%'` }]).finally(() => admin.close());
      await project.cleanup();
      await db.drop();
    }
  });
});
