/**
 * End-to-end, as an attacker would try it: a pull request controls every file of the project
 * (schemas/, migrations/, the snapshot, alab.yaml) and `alab check`, `new`, `status`,
 * `migrate --dry` and `snapshot --rebuild` run on it in CI, with secrets in the environment.
 * No file outside the project may be read, no special file may hang or crash alab, and no
 * contents of such a file may reach the output: each is an error with exit 2 naming the path.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { cp, mkdir, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { alabBinary, type RunResult, runAlab, tempDir } from "../support/binary";

const SECRET = `alab-secret-${crypto.randomUUID()}`;
const ENV = { ALAB_TEST_SECRET: SECRET };
/** A run that would read forever (a FIFO, /dev/zero) is killed here, and so fails its test. */
const KILL_AFTER_MS = 20_000;
const MIB = 1024 * 1024;
/** The folder beside the project: its name must never appear in the output. */
const TARGET = "link-target";

const ALL = [["check", "--offline"], ["new", "second"], ["status"], ["migrate", "--dry"], ["snapshot", "--rebuild"]];
const SCHEMA_READERS = [["check", "--offline"], ["new", "second"]];
const MIGRATION_READERS = ALL;
const SNAPSHOT_READERS = [["check", "--offline"], ["new", "second"], ["snapshot", "--rebuild"]];

let root = "";
let cleanup: () => Promise<void> = async () => {};
/** A valid project with one generated migration and its snapshot, copied for each case. */
let template = "";

beforeAll(async () => {
  await alabBinary();
  ({ dir: root, cleanup } = await tempDir("alab-hostile-"));
  template = join(root, "template");
  await mkdir(join(template, "schemas/auth"), { recursive: true });
  await writeFile(join(template, "schemas/auth/user.js"), "export default table({ id: col.id(), email: col.email() });\n");
  const r = await runAlab(["new", "init"], { cwd: template });
  if (r.code !== 0) throw new Error(`template: ${r.stderr}`);
}, 120_000);
afterAll(() => cleanup());

interface Fixture {
  /** The project (the working directory of every run). */
  readonly cwd: string;
  /** A folder beside it: what a link out of the project reaches. */
  readonly outside: string;
}

let n = 0;
async function fixture(): Promise<Fixture> {
  const base = join(root, `case${++n}`);
  const cwd = join(base, "project");
  const outside = join(base, TARGET);
  await cp(template, cwd, { recursive: true });
  await mkdir(join(outside, "ns"), { recursive: true });
  await writeFile(join(outside, "secret.txt"), `ALAB_TEST_SECRET=${SECRET}\n`);
  await writeFile(join(outside, "secret.json"), `{"format": 1, "head": "${SECRET}", "schema": {}}\n`);
  await writeFile(join(outside, "ns/evil.js"), `export default table({ id: col.id(), x: col.string(100).default("${SECRET}") });\n`);
  await writeFile(join(outside, "001_init.js"), `export default migration({ up(m) { m.sql("select '${SECRET}'"); }, down(m) {} });\n`);
  return { cwd, outside };
}

function run(args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<RunResult> {
  return runAlab(args, { cwd, env: { ...ENV, ...env }, timeoutMs: KILL_AFTER_MS });
}

/** Exit 2 with `code`, naming `path` as written in the project, and nothing of what lies behind it. */
function expectRefused(r: RunResult, code: string, path: string, hidden: readonly string[] = []): void {
  const out = r.stdout + r.stderr;
  expect({ exit: r.code, head: r.stderr.split("\n")[0] }).toEqual({ exit: 2, head: expect.stringContaining(`error[${code}]`) });
  expect(r.stderr).toContain(path);
  expect(out).not.toContain(SECRET);
  for (const h of hidden) expect(out).not.toContain(h);
}

async function listing(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}

interface Case {
  readonly name: string;
  readonly setup: (f: Fixture) => Promise<void>;
  readonly commands: readonly (readonly string[])[];
  readonly code: string;
  readonly path: string;
  /** Text that must not appear (e.g. where the link points). */
  readonly hidden?: readonly string[];
}

const mkfifo = (path: string) => {
  const r = spawnSync("mkfifo", [path]);
  if (r.status !== 0) throw new Error(`mkfifo ${path} failed`);
};

const CASES: Case[] = [
  {
    name: "a schema file linked to /proc/self/environ",
    setup: (f) => symlink("/proc/self/environ", join(f.cwd, "schemas/auth/leak.js")),
    commands: SCHEMA_READERS,
    code: "E_FILE_SYMLINK_ESCAPE",
    path: "schemas/auth/leak.js",
    hidden: ["/proc/self/environ"],
  },
  {
    name: "a schema file linked to a file beside the project",
    setup: (f) => symlink(join(f.outside, "ns/evil.js"), join(f.cwd, "schemas/auth/evil.js")),
    commands: SCHEMA_READERS,
    code: "E_FILE_SYMLINK_ESCAPE",
    path: "schemas/auth/evil.js",
    hidden: [TARGET],
  },
  {
    name: "the snapshot linked to /proc/self/environ",
    setup: async (f) => {
      await rm(join(f.cwd, "migrations/alab.snapshot.json"));
      await symlink("/proc/self/environ", join(f.cwd, "migrations/alab.snapshot.json"));
    },
    commands: SNAPSHOT_READERS,
    code: "E_FILE_SYMLINK_ESCAPE",
    path: "migrations/alab.snapshot.json",
    hidden: ["/proc/self/environ"],
  },
  {
    name: "the snapshot linked to a JSON file beside the project",
    setup: async (f) => {
      await rm(join(f.cwd, "migrations/alab.snapshot.json"));
      await symlink(join(f.outside, "secret.json"), join(f.cwd, "migrations/alab.snapshot.json"));
    },
    commands: SNAPSHOT_READERS,
    code: "E_FILE_SYMLINK_ESCAPE",
    path: "migrations/alab.snapshot.json",
  },
  {
    name: "a migration file linked to /proc/self/environ",
    setup: (f) => symlink("/proc/self/environ", join(f.cwd, "migrations/002_leak.js")),
    commands: MIGRATION_READERS,
    code: "E_FILE_SYMLINK_ESCAPE",
    path: "migrations/002_leak.js",
    hidden: ["/proc/self/environ"],
  },
  {
    name: "alab.yaml linked to a file beside the project",
    setup: (f) => symlink(join(f.outside, "secret.txt"), join(f.cwd, "alab.yaml")),
    commands: ALL,
    code: "E_FILE_SYMLINK_ESCAPE",
    path: "alab.yaml",
    hidden: ["secret.txt"],
  },
  {
    name: "alab.yaml linked to /proc/self/environ",
    setup: (f) => symlink("/proc/self/environ", join(f.cwd, "alab.yaml")),
    commands: ALL,
    code: "E_FILE_SYMLINK_ESCAPE",
    path: "alab.yaml",
  },
  {
    name: "a namespace folder linked to a folder beside the project",
    setup: (f) => symlink(join(f.outside, "ns"), join(f.cwd, "schemas/evil")),
    commands: SCHEMA_READERS,
    code: "E_FILE_SYMLINK_ESCAPE",
    path: "schemas/evil",
    hidden: [TARGET],
  },
  {
    name: "the schemas folder linked to /etc",
    setup: async (f) => {
      await rm(join(f.cwd, "schemas"), { recursive: true });
      await symlink("/etc", join(f.cwd, "schemas"));
    },
    commands: SCHEMA_READERS,
    code: "E_FILE_SYMLINK_ESCAPE",
    path: "schemas",
    hidden: ["passwd", "hostname"],
  },
  {
    name: "the migrations folder linked to /proc/self",
    setup: async (f) => {
      await rm(join(f.cwd, "migrations"), { recursive: true });
      await symlink("/proc/self", join(f.cwd, "migrations"));
    },
    commands: ALL,
    code: "E_FILE_SYMLINK_ESCAPE",
    path: "migrations",
  },
  {
    name: "the migrations folder linked to a folder beside the project",
    setup: async (f) => {
      await rm(join(f.cwd, "migrations"), { recursive: true });
      await symlink(f.outside, join(f.cwd, "migrations"));
    },
    commands: ALL,
    code: "E_FILE_SYMLINK_ESCAPE",
    path: "migrations",
    hidden: [TARGET],
  },
  {
    name: "a schema file linked to /dev/zero",
    setup: (f) => symlink("/dev/zero", join(f.cwd, "schemas/auth/zero.js")),
    commands: SCHEMA_READERS,
    code: "E_FILE_SYMLINK_ESCAPE",
    path: "schemas/auth/zero.js",
  },
  {
    name: "a migration file linked to /dev/urandom",
    setup: (f) => symlink("/dev/urandom", join(f.cwd, "migrations/002_random.js")),
    commands: MIGRATION_READERS,
    code: "E_FILE_SYMLINK_ESCAPE",
    path: "migrations/002_random.js",
  },
  {
    name: "a schema file linked to /proc/self/mem",
    setup: (f) => symlink("/proc/self/mem", join(f.cwd, "schemas/auth/mem.js")),
    commands: SCHEMA_READERS,
    code: "E_FILE_SYMLINK_ESCAPE",
    path: "schemas/auth/mem.js",
  },
  {
    name: "a dangling schema file link",
    setup: (f) => symlink("./nowhere.js", join(f.cwd, "schemas/auth/gone.js")),
    commands: SCHEMA_READERS,
    code: "E_FILE_UNREADABLE",
    path: "schemas/auth/gone.js",
    hidden: ["nowhere"],
  },
  {
    name: "a dangling snapshot link",
    setup: async (f) => {
      await rm(join(f.cwd, "migrations/alab.snapshot.json"));
      await symlink("./nowhere.json", join(f.cwd, "migrations/alab.snapshot.json"));
    },
    commands: SNAPSHOT_READERS,
    code: "E_FILE_UNREADABLE",
    path: "migrations/alab.snapshot.json",
  },
  {
    name: "a dangling alab.yaml link",
    setup: (f) => symlink("./nowhere.yaml", join(f.cwd, "alab.yaml")),
    commands: ALL,
    code: "E_FILE_UNREADABLE",
    path: "alab.yaml",
  },
  {
    name: "a schema file that is a FIFO",
    setup: async (f) => mkfifo(join(f.cwd, "schemas/auth/pipe.js")),
    commands: SCHEMA_READERS,
    code: "E_FILE_NOT_REGULAR",
    path: "schemas/auth/pipe.js",
  },
  {
    name: "a migration file that is a FIFO",
    setup: async (f) => mkfifo(join(f.cwd, "migrations/002_pipe.js")),
    commands: MIGRATION_READERS,
    code: "E_FILE_NOT_REGULAR",
    path: "migrations/002_pipe.js",
  },
  {
    name: "alab.yaml that is a FIFO",
    setup: async (f) => mkfifo(join(f.cwd, "alab.yaml")),
    commands: ALL,
    code: "E_FILE_NOT_REGULAR",
    path: "alab.yaml",
  },
  {
    name: "the snapshot that is a FIFO",
    setup: async (f) => {
      await rm(join(f.cwd, "migrations/alab.snapshot.json"));
      mkfifo(join(f.cwd, "migrations/alab.snapshot.json"));
    },
    commands: SNAPSHOT_READERS,
    code: "E_FILE_NOT_REGULAR",
    path: "migrations/alab.snapshot.json",
  },
  {
    name: "a schema file over the size limit",
    setup: (f) => writeFile(join(f.cwd, "schemas/auth/big.js"), `// ${"x".repeat(4 * MIB)}\nexport default table({ id: col.id() });\n`),
    commands: SCHEMA_READERS,
    code: "E_FILE_TOO_LARGE",
    path: "schemas/auth/big.js",
  },
  {
    name: "a migration file over the size limit",
    setup: (f) => writeFile(join(f.cwd, "migrations/002_big.js"), `// ${"x".repeat(4 * MIB)}\nexport default migration({ up(m) {}, down(m) {} });\n`),
    commands: MIGRATION_READERS,
    code: "E_FILE_TOO_LARGE",
    path: "migrations/002_big.js",
  },
  {
    name: "alab.yaml over the size limit",
    setup: (f) => writeFile(join(f.cwd, "alab.yaml"), `# ${"x".repeat(4 * MIB)}\n`),
    commands: ALL,
    code: "E_FILE_TOO_LARGE",
    path: "alab.yaml",
  },
];

describe("files outside the project, special files and huge files are refused", () => {
  for (const c of CASES) {
    for (const args of c.commands) {
      test(`${c.name}: alab ${args.join(" ")}`, async () => {
        const f = await fixture();
        await c.setup(f);
        const before = await listing(join(f.cwd, "migrations")).catch(() => []);
        const r = await run(args, f.cwd);
        expectRefused(r, c.code, c.path, c.hidden);
        // Nothing was written: no migration, no snapshot change.
        expect(await listing(join(f.cwd, "migrations")).catch(() => [])).toEqual(before);
      }, 60_000);
    }
  }
});

describe("links inside the project are followed", () => {
  test("a namespace folder and a migration file linked within the project work like the real ones", async () => {
    const f = await fixture();
    await mkdir(join(f.cwd, "shared/blog"), { recursive: true });
    await writeFile(join(f.cwd, "shared/blog/post.js"), "export default table({ id: col.id(), title: col.title() });\n");
    await symlink("../shared/blog", join(f.cwd, "schemas/blog"));
    await symlink("../../shared/blog/post.js", join(f.cwd, "schemas/auth/post.js"));
    const made = await run(["new", "blog"], f.cwd);
    expect({ code: made.code, stderr: made.stderr }).toEqual({ code: 0, stderr: "" });
    expect(made.stdout).toContain("blog.post");
    expect(made.stdout).toContain("auth.post");
    // The new migration, moved into shared/ and linked back, is still listed and read.
    await cp(join(f.cwd, "migrations/002_blog.js"), join(f.cwd, "shared/002_blog.js"));
    await rm(join(f.cwd, "migrations/002_blog.js"));
    await symlink("../shared/002_blog.js", join(f.cwd, "migrations/002_blog.js"));
    const checked = await run(["check", "--offline"], f.cwd);
    expect({ code: checked.code, stderr: checked.stderr }).toEqual({ code: 0, stderr: "" });
    const status = await run(["status"], f.cwd);
    expect(status.stdout).toContain("pending  002_blog.js");
  }, 60_000);
});

describe("paths in alab.yaml stay inside the project; the operator's may point anywhere", () => {
  const cases: [string, string, string, string][] = [
    ["schemas", "schemas: ../outside\n", "schemas", "check"],
    ["migrations", "migrations: /tmp\n", "migrations", "status"],
    ["database.url", "database:\n  url: sqlite:../outside/app.db\n", "database.url", "status"],
    ["an absolute database.url", "database:\n  url: sqlite:///tmp/app.db\n", "database.url", "status"],
  ];
  for (const [name, yaml, key, command] of cases) {
    test(`${name} outside the project: exit 2 naming the key`, async () => {
      const f = await fixture();
      await writeFile(join(f.cwd, "alab.yaml"), yaml);
      const r = await run([command], f.cwd);
      expectRefused(r, "E_CONFIG_PATH_OUTSIDE_PROJECT", `\`${key}\``);
      expect(r.stderr).toContain("--> alab.yaml:");
    });
  }

  test("ALAB_SCHEMAS_DIR, ALAB_MIGRATIONS_DIR and DATABASE_URL outside the project are trusted", async () => {
    const f = await fixture();
    await writeFile(join(f.cwd, "alab.yaml"), "schemas: ../outside\n");
    const refused = await run(["check", "--offline"], f.cwd);
    expect(refused.stderr).toContain("E_CONFIG_PATH_OUTSIDE_PROJECT");
    const elsewhere = join(f.outside, "..", "elsewhere");
    await cp(join(f.cwd, "schemas"), join(elsewhere, "schemas"), { recursive: true });
    await cp(join(f.cwd, "migrations"), join(elsewhere, "migrations"), { recursive: true });
    const env = { ALAB_SCHEMAS_DIR: join(elsewhere, "schemas"), ALAB_MIGRATIONS_DIR: join(elsewhere, "migrations"), DATABASE_URL: `sqlite:${join(elsewhere, "app.db")}` };
    const ok = await run(["check"], f.cwd, env);
    expect({ code: ok.code, stderr: ok.stderr }).toEqual({ code: 0, stderr: "" });
    expect((await run(["status"], f.cwd, env)).stdout).toContain("pending  ");
  });

  test("-c names a config outside the working directory: its folder is the project", async () => {
    const f = await fixture();
    const other = join(f.outside, "..", "other");
    await cp(f.cwd, other, { recursive: true });
    await writeFile(join(other, "alab.yaml"), "schemas: ./schemas\nmigrations: ./migrations\n");
    const r = await run(["-c", join(other, "alab.yaml"), "check", "--offline"], f.cwd);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    await writeFile(join(other, "alab.yaml"), "schemas: ../project/schemas\n");
    expectRefused(await run(["-c", join(other, "alab.yaml"), "check", "--offline"], f.cwd), "E_CONFIG_PATH_OUTSIDE_PROJECT", "`schemas`");
  });
});

describe("the SQLite database and the files alab writes", () => {
  test("the project's SQLite file linked outside the project is refused", async () => {
    const f = await fixture();
    await writeFile(join(f.outside, "other.db"), "");
    await symlink(join(f.outside, "other.db"), join(f.cwd, "alab.db"));
    expectRefused(await run(["status"], f.cwd), "E_FILE_SYMLINK_ESCAPE", "alab.db", ["other.db"]);
  });

  test("a planted link at the snapshot's temporary name does not redirect the write", async () => {
    const f = await fixture();
    const victim = join(f.outside, "victim.txt");
    await writeFile(victim, "untouched\n");
    await symlink(victim, join(f.cwd, "migrations/alab.snapshot.json.tmp"));
    await writeFile(join(f.cwd, "schemas/auth/role.js"), "export default table({ id: col.id() });\n");
    const r = await run(["new", "second"], f.cwd);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    expect(await readFile(victim, "utf8")).toBe("untouched\n");
    expect(await readFile(join(f.cwd, "migrations/alab.snapshot.json"), "utf8")).toContain('"head": "002_second.js"');
  });
});
