/**
 * Issue 13, item 11: `rollback --all`, and `--to` a revision before the last batch, revert what
 * earlier deploys built. On a terminal alab names the migrations, tables and columns and asks;
 * without one it needs `--yes` (exit 2, nothing reverted). `rollback N` and `--batch` are unchanged.
 */
import { beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Dialect } from "../../src/sql/dialect";
import { emptySchema } from "../../src/model/types";
import { createTable } from "../db/fixtures";
import { mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { alabBinary, tempDir } from "../support/binary";
import { availableDialects } from "../support/db";
import { canUseTty, runOnTerminal } from "../support/tty";
import { type DeployProject, withDeployProject } from "./deploy-support";

setDefaultTimeout(60_000);
const dialects = await availableDialects();
beforeAll(() => alabBinary(), 120_000);

const addColumn = `export default migration({
  up(m) { m.add_column("app.a", (t) => { t.string("nick", 40).optional(); }); },
  down(m) { m.drop_column("app.a", "nick"); },
});
`;

/** Three deploys: 001 (batch 1), 002 (batch 2), 003 adding app_a.nick (batch 3). */
async function threeBatches(p: DeployProject): Promise<void> {
  await p.write("001_a.js", createTable("a"));
  expect((await p.alab(["migrate"])).code).toBe(0);
  await p.write("002_b.js", createTable("b"));
  expect((await p.alab(["migrate"])).code).toBe(0);
  await p.write("003_nick.js", addColumn);
  expect((await p.alab(["migrate"])).code).toBe(0);
}

async function states(p: DeployProject): Promise<string[]> {
  const r = await p.alab(["status", "--json"]);
  return JSON.parse(r.stdout).migrations.map((m: { file: string; state: string }) => `${m.file} ${m.state}`);
}

const ALL_APPLIED = ["001_a.js applied", "002_b.js applied", "003_nick.js applied"];

describe.each(dialects)("rollback past the last batch on %s", (dialect: Dialect) => {
  test("--all and --to before the last batch need --yes without a terminal; N, --batch and --to within it do not", () =>
    withDeployProject(dialect, {}, async (p) => {
      await threeBatches(p);
      const all = await p.alab(["rollback", "--all"]);
      expect(all.code).toBe(2);
      expect(all.stderr).toContain("error[E_ROLLBACK_NEEDS_YES]: `alab rollback --all` reverts 3 migrations from batches 1, 2, 3, past the last batch, and no one can be asked (stdin is not a terminal)");
      for (const line of ["revert migrations/003_nick.js", "revert migrations/001_a.js", "drop table app_a (id, name, nick, created_at, updated_at)", "drop table app_b (id, name, created_at, updated_at)"]) {
        expect(all.stderr).toContain(`  ${line}\n`);
      }
      expect(all.stderr).toContain("help: pass --yes");
      expect(await states(p)).toEqual(ALL_APPLIED);

      const to = await p.alab(["rollback", "--to", "1"]);
      expect(to.code).toBe(2);
      expect(to.stderr).toContain("`alab rollback --to 1` reverts 2 migrations from batches 2, 3");
      expect(to.stderr).toContain("  drop table app_b (id, name, created_at, updated_at)\n  drop column app_a.nick\n");
      expect(to.stderr).not.toContain("app_a (");
      expect(await states(p)).toEqual(ALL_APPLIED);

      // Within the last batch: no question.
      const within = await p.alab(["rollback", "--to", "2"]);
      expect(within.code).toBe(0);
      expect(within.stdout).toContain("reverted 1 migration");
      expect((await p.alab(["migrate"])).code).toBe(0);
      // N and --batch are the everyday undo: unchanged, even across batches.
      expect((await p.alab(["rollback", "2"])).code).toBe(0);
      expect(await states(p)).toEqual(["001_a.js applied", "002_b.js pending", "003_nick.js pending"]);
      expect((await p.alab(["migrate"])).code).toBe(0);
      expect((await p.alab(["rollback", "--batch"])).code).toBe(0);
      expect((await p.alab(["migrate"])).code).toBe(0);
      // --dry changes nothing and asks nothing.
      const dry = await p.alab(["rollback", "--all", "--dry"]);
      expect(dry.code).toBe(0);
      expect(await states(p)).toEqual(ALL_APPLIED);
      await p.expectNoDrift();

      for (const flag of ["--yes", "-y", "--force"]) {
        const yes = await p.alab(["rollback", "--to", "1", flag]);
        expect(yes.code).toBe(0);
        expect(yes.stdout).toContain("reverted 2 migrations");
        expect((await p.alab(["migrate"])).code).toBe(0);
      }
      expect((await p.alab(["rollback", "--all", "--yes"])).code).toBe(0);
      expect(await states(p)).toEqual(["001_a.js pending", "002_b.js pending", "003_nick.js pending"]);
      await p.expectNoDrift(emptySchema);
    }));
});

describe.skipIf(!canUseTty)("on a terminal", () => {
  test("the question names what is dropped; `n` reverts nothing (exit 2), `y` reverts", () =>
    withDeployProject("sqlite", {}, async (p) => {
      await threeBatches(p);
      const args = ["rollback", "--to", "001", "--url", p.url];
      const no = await runOnTerminal(args, { cwd: p.dir, prompt: "[y/n]", reply: "n\n" });
      expect(no.code).toBe(2);
      expect(no.output).toContain("`alab rollback --to 001` reverts 2 migrations from batches 2, 3:\n  migrations/003_nick.js\n  migrations/002_b.js\nIt drops, with their data:\n  table app_b (id, name, created_at, updated_at)\n  column app_a.nick\n");
      expect(no.output).toContain("Revert them? [y/n]");
      expect(no.output).toContain("error[E_ROLLBACK_DECLINED]: rollback declined: nothing was reverted");
      expect(await states(p)).toEqual(ALL_APPLIED);

      const yes = await runOnTerminal(args, { cwd: p.dir, prompt: "[y/n]", reply: "y\n" });
      expect(yes.code).toBe(0);
      expect(yes.output).toContain("reverted 2 migrations");
      expect(await states(p)).toEqual(["001_a.js applied", "002_b.js pending", "003_nick.js pending"]);
    }));

  test("Ctrl-C at the question: aborted, exit 130, nothing reverted", () =>
    withDeployProject("sqlite", {}, async (p) => {
      await threeBatches(p);
      const r = await runOnTerminal(["rollback", "--all", "--url", p.url], { cwd: p.dir, prompt: "[y/n]", reply: "\x03" });
      expect(r.code).toBe(130);
      expect(r.output).toContain("error[E_ABORTED]: aborted");
      expect(r.output).not.toContain("E_INTERNAL");
      expect(await states(p)).toEqual(ALL_APPLIED);
    }));
});

describe.skipIf(!canUseTty)("Ctrl-C at alab new's rename question", () => {
  test("aborted, exit 130, no file written", async () => {
    const { dir, cleanup } = await tempDir("alab-ask-");
    try {
      await mkdir(join(dir, "schemas/app"), { recursive: true });
      await mkdir(join(dir, "migrations"));
      await writeFile(join(dir, "schemas/app/user.js"), 'export default table({ id: col.id(), name: col.string(50) });\n');
      expect((await runOnTerminal(["new", "init"], { cwd: dir, prompt: "never", reply: "" })).code).toBe(0);
      await writeFile(join(dir, "schemas/app/user.js"), 'export default table({ id: col.id(), full_name: col.string(50) });\n');
      const r = await runOnTerminal(["new", "rename"], { cwd: dir, prompt: "[y/n]", reply: "\x03" });
      expect(r.output).toContain("[y/n]");
      expect(r.code).toBe(130);
      expect(r.output).toContain("error[E_ABORTED]: aborted");
      expect(r.output).not.toContain("E_INTERNAL");
      expect((await readdir(join(dir, "migrations"))).sort()).toEqual(["001_init.js", "alab.snapshot.json"]);
    } finally {
      await cleanup();
    }
  });
});
