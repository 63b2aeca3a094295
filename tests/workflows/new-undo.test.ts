/** `alab new --undo` end to end: the newest migration taken back, the snapshot as it was before it. */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { openDriver } from "../../src/db/open";
import type { Dialect } from "../../src/sql/dialect";
import { parseSnapshot } from "../../src/workflows/project/snapshot-file";
import { expectNoDrift } from "../support/drift";
import { alabBinary } from "../support/binary";
import { availableDialects, createTestDatabase } from "../support/db";
import { expectOk, makeRepo, type Repo, tableFile, withColumn } from "../support/git";

setDefaultTimeout(60_000);
beforeAll(() => alabBinary(), 120_000);
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});
async function repo(url?: string): Promise<Repo> {
  const r = await makeRepo({ git: false, ...(url === undefined ? {} : { url }) });
  cleanups.push(() => r.cleanup());
  return r;
}

describe("alab new --undo", () => {
  test("removes the newest migration and restores the snapshot byte for byte; check and new agree", async () => {
    const r = await repo();
    const before = await r.snapshotOfFolder();
    await r.write("schemas/app/user.js", withColumn("bio"));
    await expectOk(r.alab(["new", "add_bio"]));
    const out = await expectOk(r.alab(["new", "--undo"]));
    expect(out.stdout).toBe("removed migrations/002_add_bio.js\nrestored migrations/alab.snapshot.json (head 001_init.js)\n");
    expect(await r.snapshotOfFolder()).toEqual(before);
    // Every command works right away (no E_SNAPSHOT_HEAD_MISSING in between)…
    const check = await r.alab(["check"]);
    expect(check.code).toBe(3);
    expect(check.stderr).toContain("E_CHECK_UNGENERATED");
    // …and the change can be generated again, under the same number.
    await r.write("schemas/app/user.js", withColumn("biography"));
    expect((await expectOk(r.alab(["new", "add_biography"]))).stdout).toContain("created migrations/002_add_biography.js");
    expect((await r.alab(["check"])).code).toBe(0);
  });

  test("the only migration: the snapshot goes with it", async () => {
    const r = await repo();
    const out = await expectOk(r.alab(["new", "--undo"]));
    expect(out.stdout).toContain("removed migrations/alab.snapshot.json (no migration left)");
    expect(await r.migrations()).toEqual([]);
    expect((await r.alab(["new", "--undo"])).stderr).toContain("error[E_UNDO_NOTHING]");
  });

  test("a hand-written migration newer than the snapshot's head: removed, the snapshot left as it is", async () => {
    const r = await repo();
    const snapshot = await r.read("migrations/alab.snapshot.json");
    await expectOk(r.alab(["make-migration", "backfill"]));
    const out = await expectOk(r.alab(["new", "--undo"]));
    expect(out.stdout).toMatch(/^removed migrations\/\d{14}_backfill\.js\nunchanged migrations\/alab\.snapshot\.json/);
    expect(await r.migrations()).toEqual(["001_init.js", "alab.snapshot.json"]);
    expect(await r.read("migrations/alab.snapshot.json")).toBe(snapshot);
  });

  test("takes no name and no other flag", async () => {
    const r = await repo();
    const res = await r.alab(["new", "x", "--undo", "--yes"]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("error[E_USAGE_CONFLICTING_FLAGS]: `alab new --undo` cannot be combined with a name, --yes");
    expect((await r.alab(["new"])).stderr).toContain("error[E_USAGE_BAD_ARGUMENTS]: `alab new` needs the migration's name");
    expect(await r.migrations()).toEqual(["001_init.js", "alab.snapshot.json"]);
  });
});

const dialects = await availableDialects();
describe.each(dialects)("alab new --undo with a database on %s", (dialect: Dialect) => {
  test("refused while the configured database has the migration applied; allowed after rollback", async () => {
    const db = await createTestDatabase(dialect);
    cleanups.push(() => db.drop());
    const r = await repo(db.url);
    await r.write("schemas/app/tag.js", tableFile());
    await expectOk(r.alab(["new", "add_tags"]));
    await expectOk(r.alab(["migrate"]));
    const before = await r.snapshotOfFolder();
    const res = await r.alab(["new", "--undo"]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/error\[E_UNDO_APPLIED\]: migrations\/002_add_tags\.js is applied in .* \(batch 1\): removing its file would leave the database with a migration no file describes; nothing was changed/);
    expect(res.stderr).toContain("help: roll it back first (`alab rollback --to 001` runs its down), then run `alab new --undo`");
    expect(await r.snapshotOfFolder()).toEqual(before);
    await expectOk(r.alab(["rollback", "--to", "001"]));
    await expectOk(r.alab(["new", "--undo"]));
    expect(await r.migrations()).toEqual(["001_init.js", "alab.snapshot.json"]);
    const st = JSON.parse((await r.alab(["status", "--json"])).stdout);
    expect(st.counts).toEqual({ applied: 1, pending: 0, modified: 0, missing: 0, renumbered: 0 });
    const d = await openDriver(db.url, dialect);
    try {
      await expectNoDrift(d, parseSnapshot(await r.read("migrations/alab.snapshot.json"), "alab.snapshot.json").schema);
    } finally {
      await d.close();
    }
  });
});
