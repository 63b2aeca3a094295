/**
 * `alab rebase` end to end: real git repositories, branches that each generate a migration with
 * the compiled binary, merges that conflict on the snapshot, then one command.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { alabBinary } from "../support/binary";
import { expectOk, gitIn, makeRepo, mergeMain, type Repo, tableFile, twoBranches, withColumn } from "../support/git";

setDefaultTimeout(60_000);
beforeAll(() => alabBinary(), 120_000);

const repos: Repo[] = [];
afterAll(async () => {
  for (const r of repos) await r.cleanup();
});
async function repo(opts: Parameters<typeof makeRepo>[0] = {}): Promise<Repo> {
  const r = await makeRepo(opts);
  repos.push(r);
  return r;
}

/** The text `alab new add_bio` wrote on the feature branch. */
async function featureFile(r: Repo): Promise<string> {
  return (await r.git("show", "feature:migrations/002_add_bio.js")).stdout;
}

describe("after merging main into a branch: the snapshot conflicted, or taken from either side", () => {
  const snapshots: Record<string, string> = {};
  test.each(["markers", "ours", "theirs"] as const)("%s: one command renumbers, check is clean, new finds nothing", async (side) => {
    const r = await repo();
    await twoBranches(r);
    const bio = await featureFile(r);
    await mergeMain(r, side);

    const out = await expectOk(r.alab(["rebase"]));
    expect(out.stdout).toContain("onto main (feature has no upstream), whose newest migration is 002_add_tags.js");
    expect(out.stdout).toContain("rename migrations/002_add_bio.js -> migrations/003_add_bio.js");
    expect(out.stdout).toContain("write migrations/alab.snapshot.json (head 003_add_bio.js");
    expect(await r.migrations()).toEqual(["001_init.js", "002_add_tags.js", "003_add_bio.js", "alab.snapshot.json"]);
    expect(await r.read("migrations/003_add_bio.js")).toBe(bio);
    snapshots[side] = await r.read("migrations/alab.snapshot.json");
    expect(JSON.parse(snapshots[side] as string).head).toBe("003_add_bio.js");

    const check = await r.alab(["check"]);
    expect(check.stderr).toBe("");
    expect(check.code).toBe(0);
    const again = await expectOk(r.alab(["new", "anything"]));
    expect(again.stdout).toContain("no changes");
    // A second run has nothing left to do.
    expect((await expectOk(r.alab(["rebase"]))).stdout).toContain("nothing to renumber");
    // The merge can be committed as it is.
    await r.commit("merge main");
    expect((await r.git("status", "--porcelain")).stdout).toBe("");
  });

  test("whichever side the snapshot came from, the result is the same bytes", () => {
    expect(Object.keys(snapshots).sort()).toEqual(["markers", "ours", "theirs"]);
    expect(new Set(Object.values(snapshots)).size).toBe(1);
  });
});

test("before the rebase: status lists both files and names the fix; migrate, rollback, new and check refuse", async () => {
  const r = await repo();
  await twoBranches(r);
  await mergeMain(r, "markers");
  const st = await r.alab(["status"]);
  expect(st.code).toBe(0);
  expect(st.stdout).toMatch(/pending +002_add_bio\.js +clash: another file has the number 002/);
  expect(st.stdout).toMatch(/pending +002_add_tags\.js +clash: another file has the number 002/);
  expect(st.stdout).toContain("clash: 002_add_bio.js and 002_add_tags.js have the number 002: after merging, `alab rebase`");
  const json = JSON.parse((await r.alab(["status", "--json"])).stdout);
  expect(json.clashes).toEqual([{ revision: "002", files: ["002_add_bio.js", "002_add_tags.js"] }]);
  expect(json.migrations.map((m: { file: string; clash: boolean }) => `${m.file}:${m.clash}`)).toEqual(["001_init.js:false", "002_add_bio.js:true", "002_add_tags.js:true"]);
  for (const args of [["migrate"], ["rollback"], ["new", "x"], ["new", "--undo"], ["snapshot", "--rebuild"], ["check"]]) {
    const res = await r.alab(args);
    expect({ args, code: res.code }).toEqual({ args, code: 2 });
    expect(res.stderr).toContain("error[E_MIGRATION_DUPLICATE_NUMBER]: 2 migrations have the number 002: 002_add_bio.js and 002_add_tags.js");
    expect(res.stderr).toContain("run `alab rebase`");
  }
});

test("--dry shows the plan and changes nothing", async () => {
  const r = await repo();
  await twoBranches(r);
  await mergeMain(r, "markers");
  const before = await r.snapshotOfFolder();
  const out = await expectOk(r.alab(["rebase", "--dry"]));
  expect(out.stdout).toContain("would rename migrations/002_add_bio.js -> migrations/003_add_bio.js");
  expect(out.stdout).toContain("would write migrations/alab.snapshot.json (head 003_add_bio.js");
  expect(out.stdout).toContain("--dry: nothing was changed");
  expect(await r.snapshotOfFolder()).toEqual(before);
});

test("a third branch from the same base merges main after the first two: its migration goes last", async () => {
  const r = await repo();
  await r.git("checkout", "-q", "-b", "third");
  await r.write("schemas/app/post.js", tableFile().replace("label", "title"));
  await expectOk(r.alab(["new", "add_posts"]));
  await r.commit("add posts");
  await r.git("checkout", "-q", "main");
  await twoBranches(r);
  await mergeMain(r, "ours");
  await expectOk(r.alab(["rebase"]));
  await r.commit("merge main");
  await r.git("checkout", "-q", "main");
  await r.git("merge", "-q", "--ff-only", "feature");
  await r.git("checkout", "-q", "third");
  await mergeMain(r, "theirs");
  const out = await expectOk(r.alab(["rebase"]));
  expect(out.stdout).toContain("rename migrations/002_add_posts.js -> migrations/004_add_posts.js");
  expect(await r.migrations()).toEqual(["001_init.js", "002_add_tags.js", "003_add_bio.js", "004_add_posts.js", "alab.snapshot.json"]);
  expect((await r.alab(["check"])).code).toBe(0);
});

test("a branch made from the feature branch before its rebase: git carries the rename, alab moves only its own", async () => {
  const r = await repo();
  await twoBranches(r);
  await r.git("checkout", "-q", "-b", "child");
  await r.write("schemas/app/post.js", tableFile().replace("label", "title"));
  await expectOk(r.alab(["new", "add_posts"]));
  await r.commit("add posts on top of bio");
  await r.git("checkout", "-q", "feature");
  await mergeMain(r, "markers");
  await expectOk(r.alab(["rebase"]));
  await r.commit("merge main");
  await r.git("checkout", "-q", "main");
  await r.git("merge", "-q", "--ff-only", "feature");
  await r.git("checkout", "-q", "child");
  await mergeMain(r, "markers");
  // git applied main's rename of 002_add_bio.js; the child's 003 now clashes with it.
  expect(await r.migrations()).toEqual(["001_init.js", "002_add_tags.js", "003_add_bio.js", "003_add_posts.js", "alab.snapshot.json"]);
  const out = await expectOk(r.alab(["rebase"]));
  expect(out.stdout).toContain("rename migrations/003_add_posts.js -> migrations/004_add_posts.js");
  expect(out.stdout).not.toContain("003_add_bio.js ->");
  expect((await r.alab(["check"])).code).toBe(0);
});

test("a timestamp-named migration (make-migration) after main's newest keeps its name", async () => {
  const r = await repo();
  await twoBranches(r);
  await r.write("migrations/20250301120000_backfill.js", "exports.change = function (schema) {\n};\n");
  await r.commit("hand-written");
  await mergeMain(r, "markers");
  const out = await expectOk(r.alab(["rebase"]));
  expect(out.stdout).toContain("rename migrations/002_add_bio.js -> migrations/003_add_bio.js");
  expect(await r.migrations()).toEqual(["001_init.js", "002_add_tags.js", "003_add_bio.js", "20250301120000_backfill.js", "alab.snapshot.json"]);
  expect(JSON.parse(await r.read("migrations/alab.snapshot.json")).head).toBe("20250301120000_backfill.js");
  expect((await r.alab(["check"])).code).toBe(0);
});

describe("which REF", () => {
  test("--onto names it; an unknown one is refused with the way to name it", async () => {
    const r = await repo();
    await twoBranches(r);
    await r.git("branch", "trunk", "main");
    await mergeMain(r, "markers");
    const bad = await r.alab(["rebase", "--onto", "nope"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("error[E_GIT_UNKNOWN_REF]: `nope` (--onto) is not a branch, tag or commit in this repository");
    const dash = await r.alab(["rebase", "--onto=--output=/tmp/x"]);
    expect(dash.code).toBe(2);
    expect(dash.stderr).toContain("E_GIT_UNKNOWN_REF");
    const out = await expectOk(r.alab(["rebase", "--onto", "trunk"]));
    expect(out.stdout).toContain("onto trunk (--onto)");
    expect(await r.migrations()).toContain("003_add_bio.js");
  });

  test("the branch's own remote copy is not REF; a local main that was never pulled counts with origin/main", async () => {
    const r = await repo();
    const { dir: remote, cleanup } = await (await import("../support/binary")).tempDir("alab-origin-");
    try {
      await gitIn(remote, ["init", "-q", "--bare", "-b", "main"]);
      await r.git("remote", "add", "origin", remote);
      await r.git("push", "-q", "-u", "origin", "main");
      await twoBranches(r);
      await r.git("push", "-q", "origin", "main");
      // Local main goes back to before add_tags: only origin/main has it.
      await r.git("branch", "-f", "main", "main~1");
      await r.git("push", "-q", "-u", "origin", "feature");
      const m = await r.tryGit("merge", "--no-edit", "origin/main");
      expect(m.code).not.toBe(0);
      const out = await expectOk(r.alab(["rebase"]));
      expect(out.stdout).toContain("onto main (with origin/main) (origin/feature is feature's own remote copy)");
      expect(out.stdout).toContain("rename migrations/002_add_bio.js -> migrations/003_add_bio.js");
      expect(await r.migrations()).toEqual(["001_init.js", "002_add_tags.js", "003_add_bio.js", "alab.snapshot.json"]);
    } finally {
      await cleanup();
    }
  });

  test("the upstream of the branch, when it is another branch, is REF", async () => {
    const r = await repo();
    await twoBranches(r);
    await r.git("branch", "--set-upstream-to=main");
    await mergeMain(r, "markers");
    expect((await expectOk(r.alab(["rebase", "--dry"]))).stdout).toContain("onto main (the upstream of feature)");
  });
});

describe("refusals leave everything as it was", () => {
  test("a migration main already has under another number is not renumbered again", async () => {
    const r = await repo();
    await twoBranches(r);
    const bio = await featureFile(r);
    // Someone put the same migration on main as 003 (cherry-picked and renumbered).
    await r.git("checkout", "-q", "main");
    await r.write("schemas/app/user.js", withColumn("bio"));
    await r.write("migrations/003_add_bio.js", bio);
    await expectOk(r.alab(["snapshot", "--rebuild"]));
    await r.commit("bio on main");
    await r.git("checkout", "-q", "feature");
    await mergeMain(r, "markers");
    const before = await r.snapshotOfFolder();
    const res = await r.alab(["rebase"]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("error[E_REBASE_SHIPPED]: alab rebase would renumber 1 migration that main has already shipped: 002_add_bio.js; nothing was changed");
    expect(res.stderr).toContain("002_add_bio.js: main has it as 003_add_bio.js (same name and content)");
    expect(res.stderr).toContain("help: main has 002_add_bio.js as 003_add_bio.js: remove the copy here (`git rm migrations/002_add_bio.js`), then run `alab rebase` again");
    expect(await r.snapshotOfFolder()).toEqual(before);
    await r.git("rm", "-q", "migrations/002_add_bio.js");
    await expectOk(r.alab(["rebase"]));
    expect((await r.alab(["check"])).code).toBe(0);
  });

  test("a migration a commit on main once added (then removed there) is shipped", async () => {
    const r = await repo();
    await twoBranches(r);
    const bio = await featureFile(r);
    await r.git("checkout", "-q", "main");
    await r.write("migrations/002_add_bio.js", bio);
    await r.commit("briefly on main");
    await r.git("rm", "-q", "migrations/002_add_bio.js");
    await r.commit("reverted on main");
    await r.git("checkout", "-q", "feature");
    await mergeMain(r, "markers");
    const before = await r.snapshotOfFolder();
    const res = await r.alab(["rebase"]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("E_REBASE_SHIPPED");
    expect(res.stderr).toContain("002_add_bio.js: a commit in main's history added migrations/002_add_bio.js");
    expect(res.stderr).toContain("`alab rebase --onto <branch>`");
    expect(await r.snapshotOfFolder()).toEqual(before);
  });

  test("a migration file the merge left conflicted", async () => {
    const r = await repo();
    await r.git("checkout", "-q", "-b", "feature");
    await r.write("migrations/002_same.js", "export default migration({ up(m) { m.sql('select 1'); } });\n");
    await r.commit("one");
    await r.git("checkout", "-q", "main");
    await r.write("migrations/002_same.js", "export default migration({ up(m) { m.sql('select 2'); } });\n");
    await r.commit("two");
    await r.git("checkout", "-q", "feature");
    await r.tryGit("merge", "--no-edit", "main");
    const before = await r.snapshotOfFolder();
    const res = await r.alab(["rebase"]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("error[E_REBASE_UNMERGED]: the merge left conflicts in 1 migration file: 002_same.js");
    expect(res.stderr).toContain("mark them resolved with `git add migrations/002_same.js`, then run `alab rebase` again");
    expect(await r.snapshotOfFolder()).toEqual(before);
  });

  test("the merged folder does not replay (both branches create one table): nothing is changed", async () => {
    const r = await repo();
    const create = (label: string) => `export default migration({\n  up(m) { m.create_table("app.dup", (t) => { t.id(); t.string("${label}", 10); }); },\n  down(m) { m.drop_table("app.dup"); },\n});\n`;
    await r.git("checkout", "-q", "-b", "feature");
    await r.write("migrations/002_dup_a.js", create("a"));
    await expectOk(r.alab(["snapshot", "--rebuild"]));
    await r.commit("a");
    await r.git("checkout", "-q", "main");
    await r.write("migrations/002_dup_b.js", create("b"));
    await expectOk(r.alab(["snapshot", "--rebuild"]));
    await r.commit("b");
    await r.git("checkout", "-q", "feature");
    await mergeMain(r, "markers");
    const before = await r.snapshotOfFolder();
    const res = await r.alab(["rebase"]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("app.dup");
    expect(res.stderr).toContain("alab rebase changed nothing: the folder as it would be does not replay");
    expect(await r.snapshotOfFolder()).toEqual(before);
  });
});

describe("without git", () => {
  test("rebase says so and points to --move; --move does the same for the named files", async () => {
    const r = await repo({ git: false });
    await r.write("schemas/app/user.js", withColumn("bio"));
    await expectOk(r.alab(["new", "add_bio"]));
    const bio = await r.read("migrations/002_add_bio.js");
    // Another copy of the project added 002_add_tags; its files were copied in by hand.
    await r.write("migrations/002_add_tags.js", 'export default migration({\n  up(m) { m.create_table("app.tag", (t) => { t.id(); t.string("label", 50); }); },\n  down(m) { m.drop_table("app.tag"); },\n});\n');
    await r.write("schemas/app/tag.js", tableFile());
    const no = await r.alab(["rebase"]);
    expect(no.code).toBe(2);
    expect(no.stderr).toContain("error[E_REBASE_NO_GIT]:");
    expect(no.stderr).toContain("`alab rebase --move 002_add_tags.js`");
    const unknown = await r.alab(["rebase", "--move", "002_nope.js"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("error[E_REBASE_UNKNOWN_FILE]: --move names a file not in migrations: 002_nope.js");
    const both = await r.alab(["rebase", "--move", "x.js", "--onto", "main"]);
    expect(both.stderr).toContain("E_USAGE_CONFLICTING_FLAGS");
    const out = await expectOk(r.alab(["rebase", "--move", "migrations/002_add_bio.js"]));
    expect(out.stdout).toContain("onto the migrations not named by --move, whose newest migration is 002_add_tags.js");
    expect(await r.migrations()).toEqual(["001_init.js", "002_add_tags.js", "003_add_bio.js", "alab.snapshot.json"]);
    expect(await r.read("migrations/003_add_bio.js")).toBe(bio);
    expect((await r.alab(["check"])).code).toBe(0);
  });
});
