/**
 * End-to-end: text that comes from user code or user data (console output, file names,
 * identifiers and values in error messages, code-frame lines, database errors, rows of the
 * history table) never reaches the terminal or a CI log with raw control characters, C1 controls
 * or bidi overrides: they are shown escaped (`\x1b`, `\u202e`), and alab's own colours still work.
 */
import { Database } from "bun:sqlite";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { alabBinary, runAlab, tempDir } from "../support/binary";

const ESC = "\x1b";
/** Anything a terminal would act on: C0 (but the newline between lines), DEL, C1, bidi controls, line separators. */
const RAW = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

let root = "";
let cleanup: () => Promise<void> = async () => {};
beforeAll(async () => {
  await alabBinary();
  ({ dir: root, cleanup } = await tempDir("alab-escape-"));
}, 120_000);
afterAll(() => cleanup());

let n = 0;
async function project(files: Record<string, string>): Promise<string> {
  const cwd = join(root, `p${++n}`);
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(cwd, path, ".."), { recursive: true });
    await writeFile(join(cwd, path), text);
  }
  await mkdir(join(cwd, "schemas"), { recursive: true });
  return cwd;
}

function expectNoRaw(out: string): void {
  const at = out.search(RAW);
  expect(at < 0 ? "" : JSON.stringify(out.slice(Math.max(0, at - 40), at + 20))).toBe("");
}

describe("console output of user files", () => {
  const cases: [string, string, string][] = [
    ["a screen clear and a cursor move", `${ESC}[2J${ESC}[1;1H`, "\\x1b[2J\\x1b[1;1H"],
    ["a carriage return over the prefix", "ok\rerror[E_FAKE]: forged", "ok\\rerror[E_FAKE]: forged"],
    ["a window title (OSC, ended by BEL)", `${ESC}]0;pwned\x07`, "\\x1b]0;pwned\\x07"],
    ["a C1 CSI", "\x9b2J", "\\x9b2J"],
    ["bidi overrides (Trojan Source)", "admin\u202e\u2066 //", "admin\\u202e\\u2066 //"],
    ["a line separator", "a\u2028b", "a\\u2028b"],
    ["DEL and a vertical tab", "a\x7fb\x0bc", "a\\x7fb\\x0bc"],
  ];
  for (const [name, logged, shown] of cases) {
    test(`${name}: shown escaped, still prefixed with the file`, async () => {
      const cwd = await project({ "schemas/auth/user.js": `console.log(${JSON.stringify(logged)});\nexport default table({ id: col.id() });\n` });
      const r = await runAlab(["check", "--offline"], { cwd });
      expectNoRaw(r.stdout + r.stderr);
      expect(r.stderr).toContain(`schemas/auth/user.js: ${shown}`);
    });
  }

  test("a newline in user text cannot forge a line of alab's own", async () => {
    const forged = "error[E_FAKE]: forged";
    const logs = await project({ "schemas/auth/user.js": `console.log("fine\\n${forged}");\nexport default table({ id: col.id() });\n` });
    const logged = await runAlab(["check", "--offline"], { cwd: logs });
    const named = await project({ "schemas/auth/user.js": `export default table({ id: col.id() }).check("x\\n${forged}", "id > 0");\n` });
    const message = await runAlab(["check", "--offline"], { cwd: named });
    expect(message.code).toBe(2);
    for (const r of [logged, message]) expect(r.stderr.split("\n").filter((l) => l.startsWith(forged))).toEqual([]);
    // A logged line break starts a new line, prefixed with the file; one inside a message is shown as \n.
    expect(logged.stderr).toContain(`schemas/auth/user.js: ${forged}`);
    expect(message.stderr).toContain(`x\\n${forged}`);
  });
});

describe("user text inside error messages", () => {
  test("a namespace folder and a file named with escape sequences", async () => {
    const cwd = await project({ [`schemas/ns${ESC}[2J/user.js`]: "export default table({ id: col.id() });\n", [`schemas/auth/u${ESC}]0;x\x07.js`]: "" });
    const r = await runAlab(["check", "--offline"], { cwd });
    expect(r.code).toBe(2);
    expectNoRaw(r.stdout + r.stderr);
    expect(r.stderr).toContain("schemas/ns\\x1b[2J");
    expect(r.stderr).toContain("schemas/auth/u\\x1b]0;x\\x07.js");
  });

  test("a migration file named with an escape sequence", async () => {
    const cwd = await project({ [`migrations/001_x${ESC}[2J.js`]: "export default migration({ up(m) {}, down(m) {} });\n" });
    const r = await runAlab(["status"], { cwd });
    expect(r.code).toBe(2);
    expectNoRaw(r.stdout + r.stderr);
    expect(r.stderr).toContain("001_x\\x1b[2J.js");
  });

  test("a CHECK name with control characters: the message and the code frame, caret under the escaped text", async () => {
    const source = `export default table({ id: col.id(), n: col.integer() })\n  /* ${ESC}[2J */ .check("bad${ESC}[2J\u202ename", "n > 0");\n`;
    const cwd = await project({ "schemas/auth/user.js": source });
    const r = await runAlab(["check", "--offline"], { cwd });
    expect(r.code).toBe(2);
    expectNoRaw(r.stdout + r.stderr);
    expect(r.stderr).toContain("check name `bad\\x1b[2J\\u202ename`");
    const lines = r.stderr.split("\n");
    const code = lines.find((l) => l.startsWith(" 2 | ")) ?? "";
    const caret = lines[lines.indexOf(code) + 1] ?? "";
    expect(code).toBe(' 2 |   /* \\x1b[2J */ .check("bad\\x1b[2J\\u202ename", "n > 0");');
    expect(caret.indexOf("^")).toBe(code.indexOf("check("));
  });

  test("a database error that echoes a value with control characters", async () => {
    const cwd = await project({
      "migrations/001_raw.js": `export default migration({ up(m) { m.sql('select * from "nope${ESC}[2J${ESC}]0;t\x07"'); }, down(m) {} });\n`,
    });
    const r = await runAlab(["migrate"], { cwd });
    expect(r.code).toBe(1);
    expectNoRaw(r.stdout + r.stderr);
    expect(r.stderr).toContain("error[E_DB_STATEMENT]");
    expect(r.stderr).toContain("no such table: nope\\x1b[2J\\x1b]0;t\\x07");
  });
});

describe("rows of the history table", () => {
  async function planted(): Promise<string> {
    const cwd = await project({ "migrations/001_a.js": "export default migration({ up(m) { m.create_table(\"app.t\", (t) => { t.id(); }); }, down(m) { m.drop_table(\"app.t\"); } });\n" });
    expect((await runAlab(["migrate"], { cwd })).code).toBe(0);
    const db = new Database(join(cwd, "alab.db"));
    db.run("insert into alab_migrations (revision, name, checksum, batch, applied_at, duration_ms) values ('002', ?, 'x', 1, '2024-01-01T00:00:00.000Z', 1)", [`evil${ESC}[2J\u202e\x85`]);
    db.close();
    return cwd;
  }

  test("status shows a planted name escaped", async () => {
    const r = await runAlab(["status"], { cwd: await planted() });
    expectNoRaw(r.stdout + r.stderr);
    expect(r.stdout).toContain("002_evil\\x1b[2J\\u202e\\x85");
  });

  test("status --json escapes what JSON.stringify leaves raw, and still parses to the same value", async () => {
    const r = await runAlab(["status", "--json"], { cwd: await planted() });
    expectNoRaw(r.stdout);
    expect(r.stdout).toContain("\\u202e\\u0085");
    const json = JSON.parse(r.stdout) as { migrations: { name: string }[] };
    expect(json.migrations.map((m) => m.name)).toContain(`evil${ESC}[2J\u202e\x85`);
  });
});

describe("migrate --dry", () => {
  test("a script that would carry a control character is refused, not printed or altered; tabs and newlines print as they are", async () => {
    const cwd = await project({
      "migrations/001_raw.js": `export default migration({ up(m) { m.sql("select '${ESC}[2J'"); }, down(m) {} });\n`,
    });
    const r = await runAlab(["migrate", "--dry"], { cwd });
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 2, stdout: "" });
    expectNoRaw(r.stderr);
    expect(r.stderr).toContain("error[E_DRY_CONTROL_CHARACTER]");
    expect(r.stderr).toContain("select '\\x1b[2J'");
    await writeFile(join(cwd, "migrations/001_raw.js"), 'export default migration({ up(m) { m.sql("select\\t1\\n  as x"); }, down(m) {} });\n');
    const ok = await runAlab(["migrate", "--dry"], { cwd });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("select\t1\n  as x;");
  });
});

describe("colour", () => {
  const hasScript = Bun.which("script") !== null;
  test.skipIf(!hasScript)("on a terminal alab's colours stay, the user's escapes do not", async () => {
    const cwd = await project({ "schemas/auth/user.js": `console.log("${ESC}[31mred${ESC}[0m");\nexport default table({ id: col.id() });\n` });
    const bin = await alabBinary();
    const proc = Bun.spawn(["script", "-qec", `${bin} check --offline`, "/dev/null"], {
      cwd,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", TERM: "xterm" },
      stdout: "pipe",
      stderr: "pipe",
    });
    const [out] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
    expect(out).toContain(`${ESC}[31m${ESC}[1merror[E_CHECK_UNGENERATED]`);
    expect(out).toContain("schemas/auth/user.js: \\x1b[31mred\\x1b[0m");
  });
});
