import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { openDriver } from "../../src/db/open";
import type { Dialect } from "../../src/sql/dialect";
import { createHistoryTable } from "../../src/sql/history";
import { migrate, type MigrateOptions } from "../../src/workflows/migrate";
import { status, statusJson } from "../../src/workflows/status";
import { availableDialects } from "../support/db";
import { expectNoDriftFromApplied } from "../support/drift";
import { failure } from "../support/failure";
import { createTable, historyOf, MIGRATE_DEFAULTS, recorder, tablesOf, tableThenSql, withProject } from "../db/fixtures";

// Each test creates and drops its own database; PostgreSQL takes a while to do that.
setDefaultTimeout(30_000);
const dialects = await availableDialects();

const THREE = {
  "001_a.js": createTable("a"),
  "002_b.js": createTable("b"),
  "003_c.js": createTable("c"),
};

/** A third migration that creates a table, then fails on a statement no dialect accepts. */
const FAILING_THIRD = { ...THREE, "003_c.js": tableThenSql("c", ["insert into no_such_table values (1)"]) };

const run = (opts: Partial<MigrateOptions> = {}): MigrateOptions => ({ ...MIGRATE_DEFAULTS, ...opts });

describe.each(dialects)("migrate on %s", (dialect: Dialect) => {
  test("applies pending migrations in one batch, records them, and finds nothing on a re-run", () =>
    withProject(dialect, THREE, async (project, driver) => {
      const r = recorder();
      const first = await migrate(project.config, run(), r.on);
      expect(first.applied.map((d) => d.file)).toEqual(["migrations/001_a.js", "migrations/002_b.js", "migrations/003_c.js"]);
      expect(first.batch).toBe(1);
      expect(r.events.filter((e) => e.kind === "migration").length).toBe(3);
      expect(await tablesOf(driver)).toEqual(["app_a", "app_b", "app_c"]);
      expect(await historyOf(driver)).toEqual(["001:1", "002:1", "003:1"]);
      const again = await migrate(project.config, run(), () => undefined);
      expect(again.pending).toBe(0);
      expect(again.applied).toEqual([]);
      await project.write("004_d.js", createTable("d"));
      const third = await migrate(project.config, run(), () => undefined);
      expect(third.batch).toBe(2);
      expect(await historyOf(driver)).toEqual(["001:1", "002:1", "003:1", "004:2"]);
      await expectNoDriftFromApplied(driver, project.config);
    }));

  test("--to applies up to and including a revision", () =>
    withProject(dialect, THREE, async (project, driver) => {
      const r = await migrate(project.config, run({ to: "2" }), () => undefined);
      expect(r.applied.map((d) => d.revision)).toEqual(["001", "002"]);
      expect(await tablesOf(driver)).toEqual(["app_a", "app_b"]);
      const bad = await failure(migrate(project.config, run({ to: "9" }), () => undefined));
      expect(bad.code).toBe("E_USAGE_UNKNOWN_REVISION");
    }));

  test("--tx all: a failing third migration leaves nothing applied (MySQL: the documented partial state)", () =>
    withProject(dialect, FAILING_THIRD, async (project, driver) => {
      const e = await failure(migrate(project.config, run(), () => undefined));
      expect(e.code).toBe("E_DB_STATEMENT");
      expect(e.exit).toBe(1);
      expect(e.message).toContain("migrations/003_c.js: statement 2 of 2 failed");
      expect(e.at?.file).toBe("migrations/003_c.js");
      expect(e.at?.line).toBe(4);
      if (dialect === "mysql") {
        expect(await tablesOf(driver)).toEqual(["app_a", "app_b", "app_c"]);
        expect(await historyOf(driver)).toEqual(["001:1", "002:1"]);
        expect(e.details.join("\n")).toContain("MySQL/MariaDB commits DDL implicitly, so these statements of migrations/003_c.js stay applied:");
        expect(e.details.join("\n")).toContain("1. create table `app_c`");
        expect(e.details.join("\n")).toContain("migrations/003_c.js is NOT recorded as applied");
        expect(e.details.join("\n")).toContain("applied and recorded before the failure: migrations/001_a.js, migrations/002_b.js");
      } else {
        expect(await tablesOf(driver)).toEqual([]);
        expect(await historyOf(driver)).toEqual([]);
        expect(e.details.join("\n")).toContain("rolled back: migrations/001_a.js, migrations/002_b.js, migrations/003_c.js");
        expect(e.details.join("\n")).toContain("nothing else from this run was applied");
        expect(e.hint).toBe("fix migrations/003_c.js and run again; the database is as it was before this run");
      }
    }));

  test("--tx each: migrations before the failing one stay applied", () =>
    withProject(dialect, FAILING_THIRD, async (project, driver) => {
      const e = await failure(migrate(project.config, run({ tx: "each" }), () => undefined));
      expect(e.code).toBe("E_DB_STATEMENT");
      expect(await historyOf(driver)).toEqual(["001:1", "002:1"]);
      expect(await tablesOf(driver)).toEqual(dialect === "mysql" ? ["app_a", "app_b", "app_c"] : ["app_a", "app_b"]);
    }));

  test("a failing statement sent with the previous migration's tracking row is reported as its own", () =>
    withProject(dialect, THREE, async (project, driver) => {
      // Tracked (empty), so the table in the way is a failure of 002, not an untracked database.
      await driver.exec([createHistoryTable(dialect), { sql: "create table app_b (x integer)" }]);
      const e = await failure(migrate(project.config, run(), () => undefined));
      expect(e.message).toStartWith("migrations/002_b.js: statement 1 of 1 failed:");
      expect(e.at?.file).toBe("migrations/002_b.js");
      expect(await historyOf(driver)).toEqual(dialect === "mysql" ? ["001:1"] : []);
    }));

  test("a tracking row that fails is the recording of its own migration", () =>
    withProject(dialect, THREE, async (project, driver) => {
      const at = { postgres: "timestamptz", mysql: "datetime(6)", sqlite: "text" }[dialect];
      await driver.exec([
        {
          sql: `create table alab_migrations (revision varchar(255) not null primary key, name varchar(255) not null, checksum char(64) not null,
            batch integer not null, applied_at ${at} not null, duration_ms integer not null, constraint no_two check (revision <> '002'))`,
        },
      ]);
      const e = await failure(migrate(project.config, run(), () => undefined));
      expect(e.message).toStartWith("migrations/002_b.js: recording it in alab_migrations failed:");
      expect(await historyOf(driver)).toEqual(dialect === "mysql" ? ["001:1"] : []);
      // (On PostgreSQL 003's statements ran meanwhile, and are rolled back too.)
      if (dialect !== "mysql") expect(e.details.find((d) => d.startsWith("rolled back:"))).toMatch(/^rolled back: migrations\/001_a\.js, migrations\/002_b\.js[ ,]/);
    }));

  test("a `transaction: false` file runs alone, outside a transaction", () =>
    withProject(
      dialect,
      {
        "001_a.js": createTable("a"),
        // PostgreSQL refuses CREATE INDEX CONCURRENTLY inside a transaction: proof there is none.
        "002_idx.js": tableThenSql("b", [dialect === "postgres" ? "create index concurrently idx_b_name on app_b (name)" : "create index idx_b_name on app_b (name)"], { transaction: false }),
        "003_c.js": createTable("c"),
      },
      async (project, driver) => {
        const r = await migrate(project.config, run(), () => undefined);
        expect(r.applied.length).toBe(3);
        expect(await historyOf(driver)).toEqual(["001:1", "002:1", "003:1"]);
      },
    ));

  test("a failing `transaction: false` file reports the statements that stayed applied", () =>
    withProject(dialect, { "001_a.js": createTable("a"), "002_b.js": tableThenSql("b", ["insert into no_such_table values (1)"], { transaction: false }) }, async (project, driver) => {
      const e = await failure(migrate(project.config, run(), () => undefined));
      expect(e.details.join("\n")).toContain("the migration runs outside a transaction (`transaction: false`), so these statements of migrations/002_b.js stay applied:");
      expect(await historyOf(driver)).toEqual(["001:1"]);
      expect(await tablesOf(driver)).toEqual(["app_a", "app_b"]);
    }));

  test("an edited applied file stops the run, named, and status shows it modified", () =>
    withProject(dialect, THREE, async (project) => {
      await migrate(project.config, run({ to: "2" }), () => undefined);
      await project.write("002_b.js", createTable("b", ' t.integer("n");'));
      const e = await failure(migrate(project.config, run(), () => undefined));
      expect(e.code).toBe("E_MIGRATION_MODIFIED");
      expect(e.exit).toBe(2);
      expect(e.message).toContain("migrations/002_b.js was edited after it was applied");
      const s = statusJson(await status(project.config));
      expect(s.migrations.map((m) => m.state)).toEqual(["applied", "modified", "pending"]);
    }));

  test("CRLF line endings are not an edit", () =>
    withProject(dialect, { "001_a.js": createTable("a") }, async (project) => {
      await migrate(project.config, run(), () => undefined);
      await project.write("001_a.js", createTable("a").replaceAll("\n", "\r\n"));
      const s = statusJson(await status(project.config));
      expect(s.migrations.map((m) => m.state)).toEqual(["applied"]);
    }));

  test("an applied file that is gone stops the run, named", () =>
    withProject(dialect, THREE, async (project) => {
      await migrate(project.config, run({ to: "2" }), () => undefined);
      await project.remove("001_a.js");
      const e = await failure(migrate(project.config, run(), () => undefined));
      expect(e.code).toBe("E_MIGRATION_MISSING");
      expect(e.message).toContain("001_a is applied (batch 1) but its file is not in the migrations folder");
      const s = statusJson(await status(project.config));
      expect(s.migrations.map((m) => `${m.revision}:${m.state}`)).toEqual(["001:missing", "002:applied", "003:pending"]);
    }));

  test("a pending file older than the newest applied stops the run unless --allow-out-of-order", () =>
    withProject(dialect, { "001_a.js": createTable("a"), "003_c.js": createTable("c") }, async (project, driver) => {
      await migrate(project.config, run(), () => undefined);
      await project.write("002_b.js", createTable("b"));
      const e = await failure(migrate(project.config, run(), () => undefined));
      expect(e.code).toBe("E_MIGRATION_OUT_OF_ORDER");
      expect(e.message).toBe("pending migrations/002_b.js is older than migrations/003_c.js, the newest applied migration");
      const r = await migrate(project.config, run({ allowOutOfOrder: true }), () => undefined);
      expect(r.applied.map((d) => d.revision)).toEqual(["002"]);
      expect(await historyOf(driver)).toEqual(["001:1", "002:2", "003:1"]);
    }));

  test("nothing pending: no file is evaluated and no lock is waited for", () =>
    withProject(dialect, { ...THREE, "001_a.js": `console.log("evaluated");\n${createTable("a")}` }, async (project) => {
      const first = recorder();
      await migrate(project.config, run(), first.on);
      expect(first.events.filter((e) => e.kind === "log").map((e) => (e.kind === "log" ? e.line : ""))).toEqual(["evaluated"]);
      const other = await openDriver(project.url, dialect);
      try {
        const again = recorder();
        const held = async (): Promise<Awaited<ReturnType<typeof migrate>>> => migrate(project.config, run({ lockTimeoutSeconds: 0 }), again.on);
        const release = await other.lock("alab_migrations", 1);
        const r = await held().finally(release);
        expect(r.pending).toBe(0);
        expect(again.events).toEqual([]);
      } finally {
        await other.close();
      }
    }));

  test("a held lock makes the run wait, then fail with exit 4, having changed nothing", () =>
    withProject(dialect, THREE, async (project, driver) => {
      const other = await openDriver(project.url, dialect);
      try {
        const release = await other.lock("alab_migrations", 1);
        const e = await failure(migrate(project.config, run({ lockTimeoutSeconds: 0.5 }), () => undefined)).finally(release);
        expect(e.code).toBe("E_LOCK_TIMEOUT");
        expect(e.exit).toBe(4);
        expect(await tablesOf(driver)).toEqual([]);
      } finally {
        await other.close();
      }
    }));
});

describe("SQLite table rebuilds", () => {
  test("foreign keys are checked before COMMIT when a rebuild turned them off for the run", () =>
    withProject(
      "sqlite",
      {
        "001_blog.js": `export default migration({
  up(m) {
    m.create_table("app.author", (t) => { t.id(); t.string("name", 100); });
    m.create_table("app.post", (t) => { t.id(); t.belongs_to("app.author"); t.string("title", 100); });
  },
  down(m) { m.drop_table("app.post"); m.drop_table("app.author"); },
});
`,
        "002_wider.js": `export default migration({
  up(m) { m.alter_column("app.post", "title", (t) => { t.string("title", 300); }); },
  down(m) { m.alter_column("app.post", "title", (t) => { t.string("title", 100); }); },
});
`,
        "003_orphan.js": `export default migration({
  up(m) { m.sql("insert into app_post (id, author_id, title) values ('p1', 'no-such-author', 'x')"); },
  down(m) { m.sql("delete from app_post where id = 'p1'"); },
});
`,
      },
      async (project, driver) => {
        const e = await failure(migrate(project.config, run(), () => undefined));
        expect(e.code).toBe("E_DB_STATEMENT");
        expect(e.message).toContain("migrations/003_orphan.js: the check at the end of the transaction failed");
        expect(e.message).toContain("foreign key violations");
        expect(e.details.join("\n")).toContain("rolled back: migrations/001_blog.js, migrations/002_wider.js, migrations/003_orphan.js");
        expect(await tablesOf(driver)).toEqual([]);
        const [fk] = await driver.query<{ foreign_keys: number }>({ sql: "pragma foreign_keys" });
        expect(fk?.foreign_keys).toBe(1);
      },
    ));
});

describe("--commit", () => {
  async function git(cwd: string, ...args: string[]): Promise<string> {
    const p = Bun.spawn(["git", ...args], { cwd, stdout: "pipe", stderr: "pipe" });
    const [out, code] = await Promise.all([new Response(p.stdout).text(), p.exited]);
    if (code !== 0) throw new Error(`git ${args.join(" ")} failed`);
    return out.trim();
  }

  test("commits the migrations folder, and only it, after a successful run", () =>
    withProject("sqlite", { "001_a.js": createTable("a"), "002_b.js": createTable("b") }, async (project, driver) => {
      await git(project.dir, "init", "-q");
      await git(project.dir, "config", "user.email", "t@example.com");
      await git(project.dir, "config", "user.name", "T");
      await Bun.write(`${project.dir}/other.txt`, "x");
      await git(project.dir, "add", "other.txt");
      const r = await migrate(project.config, run({ commit: true }), () => undefined);
      expect(r.commit?.committed).toBe(true);
      expect(await git(project.dir, "log", "-1", "--format=%s")).toBe("alab: migrate 001_a, 002_b");
      expect((await git(project.dir, "show", "--name-only", "--format=", "HEAD")).split("\n").sort()).toEqual(["migrations/001_a.js", "migrations/002_b.js"]);
      // The user's own staged file stays staged, uncommitted.
      expect(await git(project.dir, "diff", "--cached", "--name-only")).toBe("other.txt");
      expect(await historyOf(driver)).toEqual(["001:1", "002:1"]);
    }));

  test("outside a git repository it fails before anything is applied", () =>
    withProject("sqlite", { "001_a.js": createTable("a") }, async (project, driver) => {
      const e = await failure(migrate(project.config, run({ commit: true }), () => undefined));
      expect(e.code).toBe("E_GIT_NOT_REPO");
      expect(e.exit).toBe(2);
      expect(await tablesOf(driver)).toEqual([]);
    }));
});
