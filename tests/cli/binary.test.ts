/**
 * End-to-end: the compiled binary, copied to a folder without node_modules, run in fresh project
 * folders with a clean environment, exactly as a user runs it.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { COMMANDS } from "../../src/cli/commands";
import { alabBinary, runAlab, tempDir } from "../support/binary";

const ANSI = /\x1b\[/;
let dir = "";
let cleanup: () => Promise<void> = async () => {};

beforeAll(async () => {
  await alabBinary();
  ({ dir, cleanup } = await tempDir("alab-e2e-"));
}, 120_000);
afterAll(() => cleanup());

/** A fresh project folder under the suite's temp folder. */
let n = 0;
async function project(): Promise<string> {
  const p = join(dir, `p${++n}`);
  await mkdir(p);
  return p;
}

describe("binary basics", () => {
  test("runs from a folder with no node_modules", async () => {
    const bin = await alabBinary();
    expect(await Bun.file(join(bin, "..", "node_modules")).exists()).toBe(false);
    const r = await runAlab(["--version"], { cwd: await project() });
    expect(r.code).toBe(0);
  });

  test("--help lists every command and the global flags, exit 0", async () => {
    const cwd = await project();
    const r = await runAlab(["--help"], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: alab [options] <command>");
    for (const c of COMMANDS) expect(r.stdout).toContain(c.synopsis);
    for (const flag of ["-c, --config", "-d, --url", "--no-color", "-v, --version", "-h, --help"]) expect(r.stdout).toContain(flag);
    expect(r.stderr).toBe("");
  });

  test("-v and --version print the version", async () => {
    const pkg = JSON.parse(await readFile(join(import.meta.dir, "..", "..", "package.json"), "utf8"));
    for (const flag of ["-v", "--version"]) {
      const r = await runAlab([flag], { cwd: await project() });
      expect(r).toMatchObject({ code: 0, stdout: `alab ${pkg.version}\n` });
    }
  });

  test("<command> --help shows that command's arguments", async () => {
    const r = await runAlab(["table", "--help"], { cwd: await project() });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: alab table <ns> <name>");
    expect(r.stdout).toContain("<ns>");
  });

  const usageCases: [string, string[], string][] = [
    ["no command", [], "E_USAGE_NO_COMMAND"],
    ["unknown command", ["frobnicate"], "E_USAGE_UNKNOWN_COMMAND"],
    ["unknown flag", ["check", "--dyr"], "E_USAGE_UNKNOWN_FLAG"],
    ["unknown global flag before the command", ["--verbose", "check"], "E_USAGE_UNKNOWN_FLAG"],
    ["extra argument", ["check", "now"], "E_USAGE_EXTRA_ARGUMENT"],
    ["missing argument", ["table", "auth"], "E_USAGE_BAD_ARGUMENTS"],
    ["flag without its value", ["check", "--url"], "E_USAGE_MISSING_VALUE"],
  ];
  for (const [name, args, code] of usageCases) {
    test(`${name}: exit 2 with the error and usage on stderr`, async () => {
      const r = await runAlab(args, { cwd: await project() });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`error[${code}]`);
      expect(r.stderr).toContain("Usage: alab");
      expect(r.stdout).toBe("");
    });
  }

  test("a typo'd command gets a suggestion", async () => {
    const r = await runAlab(["chekc"], { cwd: await project() });
    expect(r.stderr).toContain("did you mean `alab check`?");
  });

  const notBuilt = COMMANDS.filter((c) => !c.built).flatMap((c) => [c.name, ...c.aliases]);
  for (const name of notBuilt) {
    test(`\`alab ${name}\` is not built yet: says so, exit 2`, async () => {
      for (const args of [[name], [name, "--help"], [name, "--some-flag", "x"]]) {
        const r = await runAlab(args, { cwd: await project() });
        expect(r.code).toBe(2);
        expect(r.stderr).toContain("error[E_NOT_BUILT]");
        expect(r.stderr).toContain("is not built yet");
      }
    });
  }
});

describe("init, table, check", () => {
  test("init writes the project skeleton; a second init refuses and names the files", async () => {
    const cwd = await project();
    const r = await runAlab(["init"], { cwd });
    expect(r.code).toBe(0);
    for (const f of ["alab.yaml", "alab.d.ts", "jsconfig.json"]) expect(await Bun.file(join(cwd, f)).exists()).toBe(true);
    expect(r.stdout).toContain("created alab.yaml");
    const again = await runAlab(["init"], { cwd });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("error[E_INIT_CONFLICT]");
    expect(again.stderr).toContain("exists: alab.yaml");
  });

  test("init --demo then check: exit 3 naming the ungenerated tables; after `new`, exit 0 with a summary", async () => {
    const cwd = await project();
    expect((await runAlab(["init", "--demo"], { cwd })).code).toBe(0);
    expect(await Bun.file(join(cwd, "schemas/blog/post.js")).exists()).toBe(true);
    const before = await runAlab(["check"], { cwd });
    expect(before.code).toBe(3);
    expect(before.stderr).toContain("error[E_CHECK_UNGENERATED]");
    expect(before.stderr).toContain("add table blog.post");
    expect((await runAlab(["new", "init"], { cwd })).code).toBe(0);
    const r = await runAlab(["check"], { cwd });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\d+ tables OK/);
  });

  test("table auth user scaffolds a file that checks; a second time refuses", async () => {
    const cwd = await project();
    const r = await runAlab(["table", "auth", "user"], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("created schemas/auth/user.js");
    const again = await runAlab(["table", "auth", "user"], { cwd });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("error[E_FILE_EXISTS]");
    expect((await runAlab(["new", "first"], { cwd })).code).toBe(0);
    const check = await runAlab(["check"], { cwd });
    expect(check.stderr).toBe("");
    expect(check.code).toBe(0);
    expect(check.stdout).toContain("1 table OK");
  });

  test("table rejects a bad identifier, exit 2", async () => {
    const r = await runAlab(["table", "Auth", "user"], { cwd: await project() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error[E_BAD_IDENTIFIER]");
  });

  test("a schema file with a mistake: code frame at file:line:col on stderr, exit 2", async () => {
    const cwd = await project();
    await Bun.write(join(cwd, "schemas/auth/user.js"), "export default table({\n  id: col.id(),\n  email: col.strng(255),\n});\n");
    const r = await runAlab(["check"], { cwd });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^error\[E_[A-Z_]+\]: .*strng/m);
    expect(r.stderr).toContain("--> schemas/auth/user.js:3:");
    expect(r.stderr).toContain(" 3 |   email: col.strng(255),");
    expect(r.stderr).toMatch(/\|\s+\^+/);
    expect(r.stderr).not.toContain("    at ");
  });

  test("console.log in a schema file goes to stderr prefixed with the path", async () => {
    const cwd = await project();
    await Bun.write(join(cwd, "schemas/auth/user.js"), 'console.log("hello from schema");\nexport default table({ id: col.id() });\n');
    expect((await runAlab(["new", "first"], { cwd })).code).toBe(0);
    const r = await runAlab(["check"], { cwd });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("schemas/auth/user.js: hello from schema");
    expect(r.stdout).not.toContain("hello");
  });

  test("a schema file at the wrong depth is an error naming it", async () => {
    const cwd = await project();
    await Bun.write(join(cwd, "schemas/auth/deep/user.js"), "export default table({ id: col.id() });\n");
    const r = await runAlab(["check"], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error[E_SCHEMA_PATH]");
    expect(r.stderr).toContain("schemas/auth/deep");
  });

  test("a schema file directly in schemas/ is a table without a namespace (issue 11)", async () => {
    const cwd = await project();
    await Bun.write(join(cwd, "schemas/users.js"), "export default table({ id: col.serial(), email: col.string(255) });\n");
    const r = await runAlab(["check", "--offline"], { cwd });
    expect(r.code).toBe(3); // an ungenerated table, not a misplaced file
    expect(r.stdout + r.stderr).toContain("users");
    expect(r.stderr).not.toContain("E_SCHEMA_PATH");
  });

  test("a config error points into alab.yaml, exit 2", async () => {
    const cwd = await project();
    await writeFile(join(cwd, "alab.yaml"), "database:\n  url: sqlite:./x.db\n  pool: 5\n");
    const r = await runAlab(["check"], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error[E_CONFIG_UNKNOWN_KEY]: unknown key `database.pool` in alab.yaml");
    expect(r.stderr).toContain("--> alab.yaml:3:3");
    expect(r.stderr).toContain(" 3 |   pool: 5");
  });

  test("-d with a URL alab does not know, before or after the command: exit 2", async () => {
    for (const args of [["-d", "oracle://x", "check"], ["check", "--url=oracle://x"]]) {
      const r = await runAlab(args, { cwd: await project() });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("error[E_CONFIG_BAD_URL]: --url");
    }
  });
});

describe("colour", () => {
  test("piped output has no ANSI escapes, errors included", async () => {
    const cwd = await project();
    for (const args of [["--help"], ["frobnicate"], ["check"], ["init"]]) {
      const r = await runAlab(args, { cwd });
      expect(ANSI.test(r.stdout + r.stderr)).toBe(false);
    }
  });

  /** Runs under a pseudo-terminal (util-linux `script`), so stdout and stderr are TTYs. */
  async function onTty(args: string, env: Record<string, string> = {}): Promise<string> {
    const bin = await alabBinary();
    const proc = Bun.spawn(["script", "-qec", `${bin} ${args}`, "/dev/null"], {
      cwd: await project(),
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", TERM: "xterm", ...env },
      stdout: "pipe",
      stderr: "pipe",
    });
    const [out] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
    return out;
  }
  const hasScript = Bun.which("script") !== null;

  test.skipIf(!hasScript)("a terminal gets colour; NO_COLOR and --no-color turn it off", async () => {
    expect(ANSI.test(await onTty("--help"))).toBe(true);
    expect(ANSI.test(await onTty("frobnicate"))).toBe(true);
    expect(ANSI.test(await onTty("--help", { NO_COLOR: "1" }))).toBe(false);
    expect(ANSI.test(await onTty("frobnicate", { NO_COLOR: "1" }))).toBe(false);
    expect(ANSI.test(await onTty("--no-color --help"))).toBe(false);
    expect(ANSI.test(await onTty("frobnicate --no-color"))).toBe(false);
  });
});

describe("output through slow pipes", () => {
  test("nothing is cut off when alab exits before the reader catches up", async () => {
    const cwd = await project();
    const line = "y".repeat(299);
    await Bun.write(
      join(cwd, "schemas/auth/user.js"),
      `for (let i = 0; i < 900; i++) console.log(${JSON.stringify(line)});\nexport default table({ id: col.id() });\n`,
    );
    const bin = await alabBinary();
    // The reader sleeps before reading: alab has exited long before the pipe (64 KiB) is drained.
    const script = `'${bin}' check 2>&1 >/dev/null | (sleep 0.5; cat); exit \${PIPESTATUS[0]}`;
    const proc = Bun.spawn(["bash", "-c", script], { cwd, env: { PATH: process.env.PATH ?? "" }, stdout: "pipe", stderr: "pipe" });
    const [stderr, code] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
    // Exit 3: the file is not generated into a migration yet; the logs come first either way.
    expect(code).toBe(3);
    expect(stderr.split("\n").filter((l) => l.endsWith(line))).toHaveLength(900);
  });

  test("a `migrate --dry` script larger than a pipe's buffer arrives whole", async () => {
    const cwd = await project();
    await mkdir(join(cwd, "migrations"), { recursive: true });
    await Bun.write(
      join(cwd, "migrations/001_many.js"),
      'export default migration({\n  up(m) {\n    for (let i = 0; i < 400; i++) m.create_table(`app.t${i}`, (t) => { t.id(); t.string("name", 100); t.timestamps(); });\n  },\n  down(m) {},\n});\n',
    );
    const bin = await alabBinary();
    const script = `'${bin}' migrate --dry | (sleep 0.5; cat); exit \${PIPESTATUS[0]}`;
    const proc = Bun.spawn(["bash", "-c", script], { cwd, env: { PATH: process.env.PATH ?? "" }, stdout: "pipe", stderr: "pipe" });
    const [stdout, code] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
    expect(code).toBe(0);
    expect(stdout.length).toBeGreaterThan(64 * 1024);
    expect(stdout.match(/^create table "app_t\d+"/gm)).toHaveLength(400);
    expect(stdout).toContain("app_t399");
  });
});
