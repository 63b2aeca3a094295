/**
 * The binary in a bare image: a root filesystem holding only alab and the shared libraries `ldd`
 * lists, plus /proc (as Docker gives every container) — no HOME, no /etc (no ssl, hosts or
 * passwd), no locale, no /tmp, no /dev, an empty environment. Run with `unshare --root` and a
 * fresh /proc in a new mount and PID namespace, the way a container starts. Skipped with a
 * notice where this machine cannot do that (not Linux, not root, no unshare).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { copyFile, cp, mkdir, readdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { openDriver } from "../../src/db/open";
import type { Schema } from "../../src/model/types";
import { parseSnapshot } from "../../src/workflows/project/snapshot-file";
import { alabBinary, tempDir } from "../support/binary";
import { createTestDatabase } from "../support/db";
import { expectNoDrift } from "../support/drift";
import { requireService } from "../support/services";

const ROOT = join(import.meta.dir, "..", "..");
let root = "";
let cleanup: () => Promise<void> = async () => {};
let skip: string | undefined;
/** Resolved before the run: the child's environment is empty, so it has no PATH to search. */
let tools = { chroot: "chroot", unshare: "unshare" };

/** The absolute paths of the shared libraries (and loader) `ldd` says `bin` needs. */
async function sharedLibraries(bin: string): Promise<string[]> {
  const out = await Bun.$`ldd ${bin}`.text();
  return [...out.matchAll(/(?:=>\s+)?(\/\S+)\s+\(0x/g)].map((m) => m[1] as string);
}

/** The schema the repository's migrations build, as their committed snapshot records it. */
function snapshot(): Schema {
  const path = join(ROOT, "migrations", "alab.snapshot.json");
  return parseSnapshot(readFileSync(path, "utf8"), "migrations/alab.snapshot.json").schema;
}

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `alab args` inside the bare root, working directory /project, with an empty environment. */
async function inRoot(args: readonly string[], opts: { proc?: boolean } = {}): Promise<Run> {
  const cmd =
    opts.proc === false
      ? [tools.chroot, root, "/alab", ...args]
      : [tools.unshare, "--mount", "--pid", "--fork", "--mount-proc", `--root=${root}`, "--wd=/project", "/alab", ...args];
  const proc = Bun.spawn(cmd, { env: {}, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { code, stdout, stderr };
}

beforeAll(async () => {
  const bin = await alabBinary();
  if (process.platform !== "linux") skip = "not Linux";
  else if (process.getuid?.() !== 0) skip = "not running as root (chroot needs it)";
  const found = { chroot: Bun.which("chroot") ?? Bun.which("chroot", { PATH: "/usr/sbin:/sbin" }), unshare: Bun.which("unshare") };
  if (skip === undefined && (found.chroot === null || found.unshare === null || Bun.which("ldd") === null)) skip = "no chroot, unshare or ldd";
  if (skip !== undefined) return console.warn(`NOTICE: bare-root tests skipped: ${skip}`);
  tools = { chroot: found.chroot as string, unshare: found.unshare as string };
  ({ dir: root, cleanup } = await tempDir("alab-bare-root-"));
  await copyFile(bin, join(root, "alab"));
  for (const lib of await sharedLibraries(bin)) {
    await mkdir(join(root, dirname(lib)), { recursive: true });
    await copyFile(lib, join(root, lib));
  }
  await mkdir(join(root, "proc"));
  await cp(join(ROOT, "schemas"), join(root, "project", "schemas"), { recursive: true });
  await cp(join(ROOT, "migrations"), join(root, "project", "migrations"), { recursive: true });
  const probe = await inRoot(["--version"]);
  if (probe.code !== 0 && /unshare: /.test(probe.stderr)) skip = `unshare cannot make a root here: ${probe.stderr.trim()}`;
  if (skip !== undefined) console.warn(`NOTICE: bare-root tests skipped: ${skip}`);
}, 120_000);
afterAll(() => cleanup());

describe("alab in a root filesystem of itself and its shared libraries", () => {
  test("--version", async () => {
    if (skip !== undefined) return console.warn(`NOTICE: skipped: ${skip}`);
    const r = await inRoot(["--version"]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toMatch(/^alab \d+\.\d+\.\d+/);
  });

  test("migrate, status and check on SQLite: only the project folder gains files, and no drift", async () => {
    if (skip !== undefined) return console.warn(`NOTICE: skipped: ${skip}`);
    const before = (await readdir(root)).sort();
    const migrate = await inRoot(["-d", "sqlite:./app.db", "migrate"]);
    expect(migrate.stderr).toBe("");
    expect(migrate).toMatchObject({ code: 0 });
    expect(migrate.stdout).toContain("applied 1 migration");
    const status = await inRoot(["-d", "sqlite:./app.db", "status"]);
    expect(status).toMatchObject({ code: 0 });
    expect(status.stdout).toContain("1 applied · 0 pending");
    const check = await inRoot(["-d", "sqlite:./app.db", "check"]);
    expect(check).toMatchObject({ code: 0, stderr: "" });
    // No /tmp, no HOME, nothing beside the project: the root is as it was.
    expect((await readdir(root)).sort()).toEqual(before);
    const driver = await openDriver(`sqlite:${join(root, "project", "app.db")}`, "sqlite");
    try {
      await expectNoDrift(driver, snapshot());
    } finally {
      await driver.close();
    }
  }, 60_000);

  test.each(["postgres", "mysql"] as const)("migrate on %s by IP address, without /etc/ssl or /etc/hosts, and no drift", async (dialect) => {
    if (skip !== undefined) return console.warn(`NOTICE: skipped: ${skip}`);
    if ((await requireService(dialect)) === null) return;
    const db = await createTestDatabase(dialect);
    try {
      const url = db.url.replace("//localhost", "//127.0.0.1");
      const r = await inRoot(["-d", url, "migrate"]);
      // MySQL's run warns that its DDL commits implicitly; nothing else may be on stderr.
      expect(r.stderr.replace(/^warning: MySQL\/MariaDB commits every DDL statement implicitly.*\n/m, "")).toBe("");
      expect(r.code).toBe(0);
      const driver = await openDriver(db.url, dialect);
      try {
        await expectNoDrift(driver, snapshot());
      } finally {
        await driver.close();
      }
    } finally {
      await db.drop();
    }
  }, 60_000);

  test("without /proc Bun aborts before alab's code runs (documented in docs/deploy.md)", async () => {
    if (skip !== undefined) return console.warn(`NOTICE: skipped: ${skip}`);
    const r = await inRoot(["--version"], { proc: false });
    // If a Bun upgrade makes this pass, docs/deploy.md's "/proc" paragraph must change with it.
    expect(r.code).toBe(134);
    expect(r.stderr).toContain("panic");
    expect(r.stdout).toBe("");
  });
});
