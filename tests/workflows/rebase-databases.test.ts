/**
 * Teams and their databases, end to end on every dialect: a teammate's database that applied the
 * other branch's 002, a developer's database that applied this branch's old 002 (renumbered by
 * `alab rebase`), and the tracking table kept consistent when two processes record it at once.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { openDriver } from "../../src/db/open";
import type { Dialect } from "../../src/sql/dialect";
import { parseSnapshot } from "../../src/workflows/project/snapshot-file";
import { expectNoDrift } from "../support/drift";
import { alabBinary } from "../support/binary";
import { availableDialects, createTestDatabase, type TestDatabase } from "../support/db";
import { expectOk, makeRepo, mergeMain, type Repo, twoBranches } from "../support/git";
import { tablesOf } from "../db/fixtures";

setDefaultTimeout(90_000);
const dialects = await availableDialects();
beforeAll(() => alabBinary(), 120_000);

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

async function setup(dialect: Dialect): Promise<{ r: Repo; db: TestDatabase }> {
  const db = await createTestDatabase(dialect);
  const r = await makeRepo({ url: db.url });
  cleanups.push(() => r.cleanup(), () => db.drop());
  return { r, db };
}

/** alab_migrations as "revision name", by revision. */
async function rows(db: TestDatabase): Promise<string[]> {
  const d = await openDriver(db.url, db.dialect);
  try {
    const out = await d.query<{ revision: string; name: string }>({ sql: "select revision, name from alab_migrations order by revision" });
    return out.map((x) => `${x.revision} ${x.name}`);
  } finally {
    await d.close();
  }
}

/** After everything is applied, the database holds exactly the snapshot's schema. */
async function expectNoDriftFromSnapshot(r: Repo, db: TestDatabase): Promise<void> {
  const snapshot = parseSnapshot(await r.read("migrations/alab.snapshot.json"), "alab.snapshot.json");
  const d = await openDriver(db.url, db.dialect);
  try {
    await expectNoDrift(d, snapshot.schema);
  } finally {
    await d.close();
  }
}

async function tables(db: TestDatabase): Promise<string[]> {
  const d = await openDriver(db.url, db.dialect);
  try {
    return await tablesOf(d);
  } finally {
    await d.close();
  }
}

async function columns(db: TestDatabase, table: string): Promise<string[]> {
  const d = await openDriver(db.url, db.dialect);
  try {
    const sql =
      db.dialect === "sqlite"
        ? `select name as c from pragma_table_info('${table}') order by name`
        : `select column_name as c from information_schema.columns where table_name = '${table}' and table_schema = ${db.dialect === "postgres" ? "current_schema()" : "database()"} order by 1`;
    const out = await d.query<Record<string, unknown>>({ sql });
    return out.map((x) => String(x.c ?? x.C ?? x.COLUMN_NAME));
  } finally {
    await d.close();
  }
}

describe.each(dialects)("on %s", (dialect) => {
  test("a database that applied the other branch's 002: missing and pending, never 'edited'; after the merge and rebase, migrate applies this branch's", async () => {
    const { r, db } = await setup(dialect);
    await twoBranches(r);
    await r.git("checkout", "-q", "main");
    await expectOk(r.alab(["migrate"]));
    await r.git("checkout", "-q", "feature");

    const m = await r.alab(["migrate"]);
    expect(m.code).toBe(2);
    expect(m.stderr).not.toContain("E_MIGRATION_MODIFIED");
    expect(m.stderr).toContain("error[E_MIGRATION_MISSING]: 002_add_tags is applied (batch 1) but its file is not in the migrations folder; migrations/002_add_bio.js has the same number but is another migration");
    expect(m.stderr).toContain("Merge that branch (it has 002_add_tags.js), then run `alab rebase`: it numbers 002_add_bio.js after it");
    const st = await r.alab(["status"]);
    expect(st.code).toBe(0);
    expect(st.stdout).toMatch(/missing +002_add_tags \(file missing\)/);
    expect(st.stdout).toMatch(/pending +002_add_bio\.js/);
    expect(st.stdout).toContain("1 applied · 1 pending · 0 modified · 1 missing");
    const check = await r.alab(["check"]);
    expect(check.code).toBe(3);
    expect(check.stderr).toContain("(002_add_bio.js has its number: the database applied another branch's migration; merge that branch and run `alab rebase`)");

    await mergeMain(r, "markers");
    await expectOk(r.alab(["rebase"]));
    expect((await r.alab(["check"])).code).toBe(0);
    const run = await expectOk(r.alab(["migrate"]));
    expect(run.stdout).toContain("applied  migrations/003_add_bio.js");
    expect(await rows(db)).toEqual(["001 init", "002 add_tags", "003 add_bio"]);
    expect(await columns(db, "app_user")).toContain("bio");
    const json = JSON.parse((await r.alab(["status", "--json"])).stdout);
    expect(json.counts).toEqual({ applied: 3, pending: 0, modified: 0, missing: 0, renumbered: 0 });
    await expectNoDriftFromSnapshot(r, db);
  });

  test("a database that applied this branch's old 002: renumbered, recorded by migrate under the lock, and its down still runs", async () => {
    const { r, db } = await setup(dialect);
    await twoBranches(r);
    await expectOk(r.alab(["migrate"]));
    expect(await rows(db)).toEqual(["001 init", "002 add_bio"]);
    await mergeMain(r, "theirs");
    await expectOk(r.alab(["rebase"]));

    const st = await r.alab(["status"]);
    expect(st.stdout).toMatch(/renumbered +003_add_bio\.js +applied as 002_add_bio, now 003_add_bio/);
    expect(st.stdout).toMatch(/pending +002_add_tags\.js/);
    expect(st.stdout).toContain("1 applied · 1 pending · 0 modified · 0 missing · 1 renumbered");
    const bio = JSON.parse((await r.alab(["status", "--json"])).stdout).migrations.find((x: { name: string }) => x.name === "add_bio");
    expect(bio).toMatchObject({ revision: "003", state: "renumbered", applied_revision: "002", applied_name: "add_bio", clash: false });
    const check = await r.alab(["check"]);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain("(1 renumbered since: the next `alab migrate` records its new name)");

    const dry = await expectOk(r.alab(["migrate", "--dry", "--allow-out-of-order"]));
    expect(dry.stdout).toContain("-- migrations/003_add_bio.js: applied as 002_add_bio; alab_migrations would record it as 003_add_bio");
    expect(dry.stdout).toMatch(/update [`"]alab_migrations[`"] set [`"]revision[`"] = '003'/);
    expect(await rows(db)).toEqual(["001 init", "002 add_bio"]);

    const refused = await r.alab(["migrate"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("error[E_MIGRATION_OUT_OF_ORDER]: pending migrations/002_add_tags.js is older than migrations/003_add_bio.js, the newest applied migration (applied as 002_add_bio)");
    expect(refused.stderr).toContain("pass --allow-out-of-order to apply 002_add_tags.js now, or roll back 003_add_bio.js first (`alab rollback`), then `alab migrate`");
    expect(await rows(db)).toEqual(["001 init", "002 add_bio"]);

    const run = await expectOk(r.alab(["migrate", "--allow-out-of-order"]));
    expect(run.stderr).toContain("note: migrations/003_add_bio.js: applied as 002_add_bio; alab_migrations now records it as 003_add_bio");
    expect(run.stdout).toContain("applied  migrations/002_add_tags.js");
    expect(await rows(db)).toEqual(["001 init", "002 add_tags", "003 add_bio"]);
    expect((await r.alab(["status", "--json"]).then((x) => JSON.parse(x.stdout))).counts).toEqual({ applied: 3, pending: 0, modified: 0, missing: 0, renumbered: 0 });
    expect((await expectOk(r.alab(["migrate"]))).stdout).toContain("nothing to migrate");
    await expectNoDriftFromSnapshot(r, db);

    await expectOk(r.alab(["rollback", "--all", "--yes"]));
    expect(await tables(db)).toEqual([]);
    expect(await rows(db)).toEqual([]);
  });

  test("or roll back the renumbered migration first, then migrate applies both in order", async () => {
    const { r, db } = await setup(dialect);
    await twoBranches(r);
    await expectOk(r.alab(["migrate"]));
    await mergeMain(r, "ours");
    await expectOk(r.alab(["rebase"]));
    const back = await expectOk(r.alab(["rollback"]));
    expect(back.stderr).toContain("note: migrations/003_add_bio.js: applied as 002_add_bio; alab_migrations now records it as 003_add_bio");
    expect(back.stdout).toContain("reverted migrations/003_add_bio.js");
    expect(await columns(db, "app_user")).not.toContain("bio");
    await expectOk(r.alab(["migrate"]));
    expect(await rows(db)).toEqual(["001 init", "002 add_tags", "003 add_bio"]);
    expect(await columns(db, "app_user")).toContain("bio");
    await expectNoDriftFromSnapshot(r, db);
  });

  test("two migrate processes record the renumbered row at once: each change happens once", async () => {
    const { r, db } = await setup(dialect);
    await twoBranches(r);
    await expectOk(r.alab(["migrate"]));
    await mergeMain(r, "markers");
    await expectOk(r.alab(["rebase"]));
    const runs = await Promise.all([0, 1, 2].map(() => r.alab(["migrate", "--allow-out-of-order"])));
    for (const run of runs) expect({ code: run.code, stderr: run.stderr.includes("error[") ? run.stderr : "" }).toEqual({ code: 0, stderr: "" });
    expect(runs.filter((x) => x.stdout.includes("applied  migrations/002_add_tags.js")).length).toBe(1);
    expect(await rows(db)).toEqual(["001 init", "002 add_tags", "003 add_bio"]);
    await expectNoDriftFromSnapshot(r, db);
  });

  test("two applied files that traded numbers: both rows move, through temporary numbers", async () => {
    const { r, db } = await setup(dialect);
    const create = (name: string) => `export default migration({\n  up(m) { m.create_table("app.${name}", (t) => { t.id(); }); },\n  down(m) { m.drop_table("app.${name}"); },\n});\n`;
    await r.write("migrations/002_a.js", create("a"));
    await r.write("migrations/003_b.js", create("b"));
    await expectOk(r.alab(["migrate"]));
    await r.remove("migrations/002_a.js");
    await r.remove("migrations/003_b.js");
    await r.write("migrations/002_b.js", create("b"));
    await r.write("migrations/003_a.js", create("a"));
    const st = JSON.parse((await r.alab(["status", "--json"])).stdout);
    expect(st.migrations.map((x: { file: string; state: string }) => `${x.file}:${x.state}`)).toEqual(["001_init.js:applied", "002_b.js:renumbered", "003_a.js:renumbered"]);
    await expectOk(r.alab(["migrate"]));
    expect(await rows(db)).toEqual(["001 init", "002 b", "003 a"]);
    await expectOk(r.alab(["snapshot", "--rebuild"]));
    await expectNoDriftFromSnapshot(r, db);
    await expectOk(r.alab(["rollback"]));
    expect(await tables(db)).not.toContain("app_a");
  });
});
