/**
 * `alab drift` end to end on each database whose catalog alab reads: a realistic project (the
 * generated migrations of tests/codegen/golden: renames, enum changes, JSON defaults, checks,
 * foreign keys) migrated for real, then hand changes of each kind, seen through the workflow and
 * the command: words, JSON document, exit codes, read-only, nothing applied, pending files.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Driver } from "../../src/db/driver";
import { openDriver } from "../../src/db/open";
import type { Dialect } from "../../src/sql/dialect";
import { OFFLINE_STEPS, runChecks } from "../../src/workflows/check";
import { driftStep } from "../../src/workflows/checks/drift";
import { drift, driftJson } from "../../src/workflows/drift";
import { migrate } from "../../src/workflows/migrate";
import { rebuildSnapshot } from "../../src/workflows/snapshot";
import { availableDialects } from "../support/db";
import { failure } from "../support/failure";
import { historyOf, MIGRATE_DEFAULTS, makeProject, type Project, runAlabIn, tablesOf, withProject } from "../db/fixtures";

setDefaultTimeout(60_000);
const dialects = await availableDialects();

const GOLDEN = join(import.meta.dir, "../codegen/golden");
const FILES = {
  "001_start.js": readFileSync(join(GOLDEN, "001_start.js"), "utf8"),
  "002_edits.js": readFileSync(join(GOLDEN, "002_edits.js"), "utf8"),
};

/** Migrated and with its snapshot, as a project is after `alab new` + `alab migrate`. */
async function migrated(project: Project, to?: string): Promise<void> {
  await rebuildSnapshot(project.config);
  await migrate(project.config, { ...MIGRATE_DEFAULTS, ...(to === undefined ? {} : { to }) }, () => undefined);
}

const messages = async (project: Project, strict = false) => (await drift(project.config, { strict })).differences.map((d) => `${d.kind}: ${d.message}`);

/**
 * [what is done by hand, its SQL per dialect, the differences it must give (and only those)].
 * SQLite's ALTER TABLE cannot change a column, a key or a check: those hand changes (a table
 * made again from edited CREATE text) are in tests/db/sqlite/introspect-drift.test.ts; here
 * SQLite has the kinds ALTER can make (null: not on SQLite).
 */
const HAND: readonly (readonly [string, Record<"postgres" | "mysql", string[]> & { sqlite?: string[] }, readonly string[], { sqlite?: readonly string[] }?])[] = [
  ["nothing", { postgres: [], mysql: [], sqlite: [] }, []],
  [
    "an extra column",
    { postgres: ["alter table blog_article add column legacy_code varchar(10)"], mysql: ["alter table blog_article add column legacy_code varchar(10)"], sqlite: ["alter table blog_article add column legacy_code varchar(10)"] },
    ["extra-column: add column blog.article.legacy_code string(10) (optional)"],
    // SQLite stores varchar(10) as text: without alab's length check it is a text column.
    { sqlite: ["extra-column: add column blog.article.legacy_code text (optional)"] },
  ],
  [
    "a missing column",
    { postgres: ["alter table blog_article drop column views"], mysql: ["alter table blog_article drop column views"], sqlite: ["alter table blog_article drop column views"] },
    ["missing-column: drop column blog.article.views"],
  ],
  ["a missing table", { postgres: ["drop table blog_comment"], mysql: ["drop table blog_comment"], sqlite: ["drop table blog_comment"] }, ["missing-table: drop table blog.comment"]],
  [
    "an extra index",
    { postgres: ["create index idx_extra on blog_article (title)"], mysql: ["create index idx_extra on blog_article (title)"], sqlite: ["create index idx_extra on blog_article (title)"] },
    ["extra-index: add index idx_extra (title) on blog.article"],
  ],
  [
    "a missing index",
    { postgres: ["drop index uq_blog_article_slug_title"], mysql: ["drop index uq_blog_article_slug_title on blog_article"], sqlite: ["drop index uq_blog_article_slug_title"] },
    ["missing-index: drop unique index uq_blog_article_slug_title (slug, title) on blog.article"],
  ],
  [
    "a missing foreign key",
    { postgres: ["alter table blog_article drop constraint fk_blog_article_author_id"], mysql: ["alter table blog_article drop foreign key fk_blog_article_author_id"] },
    ["missing-foreign-key: drop foreign key fk_blog_article_author_id on blog.article"],
  ],
  [
    "an extra check",
    { postgres: ["alter table blog_article add constraint chk_extra check (views <> 13)"], mysql: ["alter table blog_article add constraint chk_extra check (views <> 13)"] },
    ["extra-check: add check chk_extra on blog.article: `views` <> 13"],
  ],
  [
    "a missing check",
    { postgres: ["alter table auth_user drop constraint chk_adult"], mysql: ["alter table auth_user drop constraint chk_adult"] },
    ["missing-check: drop check chk_adult on auth.user"],
  ],
  [
    "a changed type",
    { postgres: ["alter table auth_role alter column name type varchar(120)"], mysql: ["alter table auth_role modify column name varchar(120) not null"] },
    ["changed-column: change column auth.role.name: type string(100) -> string(120)"],
  ],
  [
    "a changed default",
    { postgres: ["alter table blog_article alter column views set default 7"], mysql: ["alter table blog_article alter column views set default 7"] },
    ["changed-column: change column blog.article.views: default 0 -> 7"],
  ],
  [
    "a dropped NOT NULL",
    { postgres: ["alter table auth_role alter column name drop not null"], mysql: ["alter table auth_role modify column name varchar(100) null"] },
    ["changed-column: change column auth.role.name: now optional (NULL allowed)"],
  ],
];

/** MySQL prints identifiers in backquotes, PostgreSQL in double quotes. */
const forDialect = (dialect: Dialect, line: string): string => (dialect === "postgres" ? line.replaceAll("`", '"') : line);

describe.each(dialects)("alab drift on %s", (dialect: Dialect) => {

  test("hand changes of each kind, each seen alone and in alab new's words", () =>
    withProject(dialect, FILES, async (project, driver) => {
      await migrated(project);
      const clean = await drift(project.config, { strict: false });
      expect({ differences: clean.differences, unmanaged: clean.unmanaged, basis: clean.basis, applied: clean.applied }).toEqual({ differences: [], unmanaged: [], basis: "snapshot", applied: 2 });
      // Each change is made, looked at, and undone by migrating down and up again.
      for (const [what, sql, expected, other] of HAND) {
        const hand = sql[dialect];
        if (hand === undefined) continue;
        for (const s of hand) await driver.exec([{ sql: s }]);
        const want = (dialect === "sqlite" ? other?.sqlite : undefined) ?? expected;
        expect({ what, drift: await messages(project) }).toEqual({ what, drift: want.map((l) => forDialect(dialect, l)) });
        await driver.exec([{ sql: "drop table if exists blog_comment" }, { sql: "drop table if exists blog_article" }, { sql: "drop table if exists auth_role_auth_user" }, { sql: "drop table if exists auth_user" }, { sql: "drop table if exists auth_role" }, { sql: "delete from alab_migrations" }]);
        await migrate(project.config, MIGRATE_DEFAULTS, () => undefined);
      }
    }));

  test("tables alab does not manage are listed apart; --strict counts them", () =>
    withProject(dialect, FILES, async (project, driver) => {
      await migrated(project);
      await driver.exec([{ sql: "create table rogue_audit (id integer primary key)" }]);
      const loose = await drift(project.config, { strict: false });
      expect(loose.drift).toBe(false);
      expect(loose.differences).toEqual([]);
      expect(loose.unmanaged).toEqual([{ kind: "table", name: "rogue_audit", why: "no applied migration made this table" }]);
      const strict = await drift(project.config, { strict: true });
      expect(strict.drift).toBe(true);
      expect(strict.differences.map((x) => [x.kind, x.table, x.message])).toEqual([["extra-table", "rogue_audit", "add table rogue_audit"]]);
      expect(strict.unmanaged).toEqual([]);
    }));

  test("pending migrations are not expected: the applied files are replayed", () =>
    withProject(dialect, FILES, async (project) => {
      await migrated(project, "1");
      const r = await drift(project.config, { strict: false });
      expect({ basis: r.basis, applied: r.applied, pending: r.pending, differences: r.differences }).toEqual({ basis: "replay", applied: 1, pending: 1, differences: [] });
    }));

  test("no tracking table: nothing is applied, compared with an empty schema, and nothing is created", () =>
    withProject(dialect, FILES, async (project, driver) => {
      await driver.exec([{ sql: "create table legacy (id integer primary key)" }]);
      const r = await drift(project.config, { strict: false });
      expect(r.basis).toBe("nothing-applied");
      expect(r.notes).toEqual(["no tracking table (alab_migrations): nothing is applied; compared with an empty schema"]);
      expect(r.drift).toBe(false);
      expect(r.unmanaged.map((u) => u.name)).toEqual(["legacy"]);
      expect(await tablesOf(driver)).toEqual(["legacy"]);
      const strict = await drift(project.config, { strict: true });
      expect(strict.differences.map((x) => x.message)).toEqual(["add table legacy"]);
    }));

  test("the command: exit 3 and the JSON document on drift, exit 0 without; no secret printed", () =>
    withProject(dialect, FILES, async (project, driver) => {
      await migrated(project);
      // A password in the URL (the PostgreSQL test server trusts the connection, so any password works).
      const u = new URL(project.url);
      if (dialect === "postgres") u.password = "s3cret-pw";
      const withPassword = { ...project, url: u.toString() };
      const ok = await runAlabIn(withPassword, ["drift"]);
      expect({ code: ok.code, stderr: ok.stderr }).toEqual({ code: 0, stderr: "" });
      expect(ok.stdout).toStartWith("no drift: ");
      await driver.exec([{ sql: "alter table blog_article add column legacy_code varchar(10)" }, { sql: "create table rogue_audit (id integer primary key)" }]);
      const bad = await runAlabIn(withPassword, ["drift", "--json"]);
      expect(bad.code).toBe(3);
      const doc = JSON.parse(bad.stdout);
      expect(Object.keys(doc)).toEqual(["version", "format", "drift", "dialect", "basis", "applied", "pending", "differences", "unmanaged", "notes"]);
      expect(doc).toMatchObject({ format: 1, drift: true, dialect, basis: "snapshot", applied: 2, pending: 0, notes: [] });
      expect(doc.differences).toEqual([
        {
          kind: "extra-column",
          table: "blog.article",
          column: "legacy_code",
          expected: null,
          actual: { name: "legacy_code", type: dialect === "sqlite" ? { kind: "text" } : { kind: "string", length: 10 }, nullable: true, unique: false },
          message: `add column blog.article.legacy_code ${dialect === "sqlite" ? "text" : "string(10)"} (optional)`,
        },
      ]);
      expect(doc.unmanaged).toEqual([{ kind: "table", table: null, name: "rogue_audit", why: "no applied migration made this table" }]);
      const text = await runAlabIn(withPassword, ["drift"]);
      expect(text.code).toBe(3);
      expect(text.stdout).toContain("extra-column");
      expect(text.stdout).toContain(`add column blog.article.legacy_code ${dialect === "sqlite" ? "text" : "string(10)"} (optional)`);
      expect(text.stdout).toContain("table               rogue_audit: no applied migration made this table");
      const strict = await runAlabIn(withPassword, ["drift", "--strict"]);
      expect(strict.code).toBe(3);
      expect(strict.stdout).toContain("add table rogue_audit");
      const st = await runAlabIn(withPassword, ["status", "--json"]);
      expect(JSON.parse(st.stdout).drift).toEqual({ drift: true, differences: 1, unmanaged: 1, reason: null });
      const stText = await runAlabIn(withPassword, ["status"]);
      expect(stText.stdout).toContain("drift: the database differs from what its applied migrations build (1 difference; 1 object not managed by alab): `alab drift` lists them");
      const quick = await runAlabIn(withPassword, ["status", "--json", "--no-drift"]);
      expect(JSON.parse(quick.stdout).drift).toBeNull();
      for (const r of [ok, bad, text, strict, st, stText, quick]) expect(r.stdout + r.stderr).not.toContain("s3cret-pw");
    }));

  test("alab check's drift step: a summary when it matches, E_CHECK_DRIFT (exit 3) naming each difference when not", () =>
    withProject(dialect, FILES, async (project, driver) => {
      await migrated(project);
      await driver.exec([{ sql: "create table rogue_audit (id integer primary key)" }]);
      expect(await runChecks(project.config, [driftStep])).toEqual([
        { step: "drift", summary: "the database matches what its 2 applied migrations build; 1 object not managed by alab (`alab drift` lists them)" },
      ]);
      await driver.exec([{ sql: "alter table auth_role add column extra integer" }]);
      const e = await failure(runChecks(project.config, [driftStep]));
      expect([e.code, e.exit]).toEqual(["E_CHECK_DRIFT", 3]);
      expect(e.details).toEqual(["add column auth.role.extra integer (optional)"]);
      expect(OFFLINE_STEPS).not.toContain(driftStep);
    }));

  test.if(dialect !== "sqlite")("an unreachable database is exit 1", async () => {
    const project = await makeProject(dialect, dialect === "postgres" ? "postgres://postgres@127.0.0.1:1/x" : "mysql://root@127.0.0.1:1/x", FILES);
    try {
      const r = await runAlabIn(project, ["drift"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("E_DB_CONNECT");
    } finally {
      await project.cleanup();
    }
  });

  test.if(dialect === "sqlite")("a SQLite file that does not exist is not created: nothing is applied", async () => {
    const project = await makeProject("sqlite", "sqlite:never.db", FILES);
    try {
      const r = await runAlabIn(project, ["drift", "--json"]);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ drift: false, basis: "nothing-applied", applied: 0, pending: 2 });
      expect(existsSync(join(project.dir, "never.db"))).toBe(false);
    } finally {
      await project.cleanup();
    }
  });
});

describe.skipIf(!dialects.includes("postgres"))("drift is read-only (PostgreSQL)", () => {
  test("on a database whose sessions are read-only it works, and writes nothing", () =>
    withProject("postgres", FILES, async (project, driver) => {
      await migrated(project);
      await driver.exec([{ sql: "alter table auth_role add column extra integer" }]);
      const name = new URL(project.url).pathname.slice(1);
      await driver.exec([{ sql: `alter database ${name} set default_transaction_read_only = on` }]);
      const r = await drift(project.config, { strict: false });
      expect(r.differences.map((x) => x.message)).toEqual(["add column auth.role.extra integer (optional)"]);
      const cli = await runAlabIn(project, ["drift", "--json"]);
      expect(cli.code).toBe(3);
      // A write in such a session fails: the guarantee above is not vacuous.
      const ro = await openDriver(project.url, "postgres");
      try {
        expect(ro.exec([{ sql: "create table t (x integer)" }])).rejects.toThrow();
      } finally {
        await ro.close();
      }
      expect(await historyOf(driver)).toEqual(["001:1", "002:1"]);
    }));

  test("no tracking table on a read-only database: still compared, nothing created", () =>
    withProject("postgres", FILES, async (project, driver) => {
      const name = new URL(project.url).pathname.slice(1);
      await driver.exec([{ sql: `alter database ${name} set default_transaction_read_only = on` }]);
      const r = await drift(project.config, { strict: false });
      expect(r.basis).toBe("nothing-applied");
      expect(driftJson(r).drift).toBe(false);
      expect(await tablesOf(driver)).toEqual([]);
    }));
});

describe.skipIf(!dialects.includes("mysql"))("drift is read-only (MariaDB)", () => {
  /** A user with only `privileges` on the test database, dropped afterwards. */
  async function asUser(project: Project, driver: Driver, privileges: string, fn: (ro: Project) => Promise<void>): Promise<void> {
    const name = new URL(project.url).pathname.slice(1);
    const user = `alab_ro_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
    const hosts = ["%", "localhost"];
    await driver.exec(hosts.map((h) => ({ sql: `create user '${user}'@'${h}'` })));
    try {
      await driver.exec(hosts.map((h) => ({ sql: `grant ${privileges} on ${name}.* to '${user}'@'${h}'` })));
      const u = new URL(project.url);
      u.username = user;
      const ro = await makeProject("mysql", u.toString(), FILES);
      try {
        await rebuildSnapshot(ro.config);
        await fn(ro);
      } finally {
        await ro.cleanup();
      }
    } finally {
      await driver.exec(hosts.map((h) => ({ sql: `drop user '${user}'@'${h}'` })));
    }
  }

  test("a user that may read but not write can run it", () =>
    withProject("mysql", FILES, async (project, driver) => {
      await migrated(project);
      await asUser(project, driver, "select, references", async (ro) => {
        const r = await drift(ro.config, { strict: false });
        expect({ drift: r.drift, differences: r.differences, unmanaged: r.unmanaged }).toEqual({ drift: false, differences: [], unmanaged: [] });
      });
    }));

  test("with SELECT alone the server hides foreign keys' rules: a clear error naming the grant, not a guess", () =>
    withProject("mysql", FILES, async (project, driver) => {
      await migrated(project);
      await asUser(project, driver, "select", async (ro) => {
        const e = await failure(drift(ro.config, { strict: false }));
        expect(e.code).toBe("E_INSPECT_PRIVILEGE");
        expect(e.exit).toBe(1);
        expect(e.hint).toContain("grant REFERENCES");
      });
    }));
});
