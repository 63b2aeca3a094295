/** `alab check --base REF` on a pull request: a branch whose migrations come before REF's newest is behind. */
import { afterAll, beforeAll, expect, setDefaultTimeout, test } from "bun:test";
import { alabBinary } from "../../support/binary";
import { expectOk, makeRepo, mergeMain, type Repo, twoBranches } from "../../support/git";

setDefaultTimeout(60_000);
beforeAll(() => alabBinary(), 120_000);
const repos: Repo[] = [];
afterAll(async () => {
  for (const r of repos) await r.cleanup();
});
async function repo(git = true): Promise<Repo> {
  const r = await makeRepo({ git });
  repos.push(r);
  return r;
}

test("a branch behind main fails with the files named and the commands to run; after the merge and rebase it passes", async () => {
  const r = await repo();
  await twoBranches(r);
  const behind = await r.alab(["check", "--base", "main"]);
  expect(behind.code).toBe(3);
  expect(behind.stdout).toBe("");
  expect(behind.stderr).toContain("error[E_CHECK_BEHIND]: this branch is behind main: 1 migration of its own is numbered at or before 002_add_tags.js, main's newest");
  expect(behind.stderr).toContain("002_add_bio.js: the same number as 002_add_tags.js");
  expect(behind.stderr).toContain("help: merge main into this branch (`git merge main`), run `alab rebase --onto main` (it renumbers 002_add_bio.js after 002_add_tags.js and rebuilds the snapshot), and commit");
  // Without --base the branch on its own is fine: nothing else would have told.
  expect((await r.alab(["check"])).code).toBe(0);

  await mergeMain(r, "markers");
  await expectOk(r.alab(["rebase", "--onto", "main"]));
  await r.commit("merge main");
  const ok = await expectOk(r.alab(["check", "--base", "main"]));
  expect(ok.stdout).toContain("ok base: 1 migration of this branch's own, all after 002_add_tags.js, main's newest");
});

test("the merge commit CI checks out (both 002s in the tree) is reported as behind, before any other step", async () => {
  const r = await repo();
  await twoBranches(r);
  await mergeMain(r, "ours");
  await r.commit("a merge as a CI system makes it");
  const res = await r.alab(["check", "--base", "main"]);
  expect(res.code).toBe(3);
  expect(res.stderr).toContain("error[E_CHECK_BEHIND]");
  expect(res.stderr).not.toContain("E_MIGRATION_DUPLICATE_NUMBER");
});

test("a branch with no migrations of its own, and a main with none", async () => {
  const r = await repo();
  await r.git("checkout", "-q", "-b", "docs");
  expect((await expectOk(r.alab(["check", "--base", "main"]))).stdout).toContain("ok base: no migrations of this branch's own (main's newest is 001_init.js)");
  await r.git("checkout", "-q", "--orphan", "empty");
  await r.git("rm", "-rq", "--cached", ".");
  await r.git("commit", "-q", "--allow-empty", "-m", "nothing");
  await r.git("checkout", "-q", "-f", "docs");
  expect((await expectOk(r.alab(["check", "--base", "empty"]))).stdout).toContain("ok base: 1 migration of this branch's own; empty has no migrations");
});

test("--base needs git and a REF that exists", async () => {
  const r = await repo(false);
  const none = await r.alab(["check", "--base", "main"]);
  expect(none.code).toBe(2);
  expect(none.stderr).toContain("error[E_CHECK_BASE_NO_GIT]: --base main needs a git repository");
  const g = await repo();
  const unknown = await g.alab(["check", "--base", "origin/main"]);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toContain("error[E_GIT_UNKNOWN_REF]: `origin/main` (--base) is not a branch, tag or commit in this repository");
  expect(unknown.stderr).toContain("name a branch that exists (`--base origin/main`, `--base master`); in a shallow clone (CI), fetch it first: `git fetch origin main`");
});
