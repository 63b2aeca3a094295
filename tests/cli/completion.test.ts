/**
 * `alab completion bash|zsh|fish`, tested in the real shells: each script is loaded into bash,
 * zsh (driven through a pseudo-terminal, pressing Tab) and fish (`complete -C`), and asked to
 * complete lines against the compiled binary in a project with migrations. A shell that is not
 * installed is skipped with a notice (bash always runs). The scripts come from the command
 * definitions: a command added to the registry completes with no change to the renderers.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { ArgsDef, CommandDef } from "citty";
import { cp, mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { bashScript } from "../../src/cli/completion-bash";
import { completionSpec } from "../../src/cli/completion-spec";
import { COMMANDS, type CommandEntry } from "../../src/cli/commands";
import { alabBinary, runAlab, tempDir } from "../support/binary";

const ROOT = join(import.meta.dir, "..", "..");
let dir = "";
let project = "";
let bin = "";
let cleanup: () => Promise<void> = async () => {};

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir("alab-completion-"));
  project = join(dir, "project");
  await cp(join(ROOT, "schemas"), join(project, "schemas"), { recursive: true });
  await cp(join(ROOT, "migrations"), join(project, "migrations"), { recursive: true });
  await writeFile(join(project, "migrations", "002_add_tags.js"), "// Migration: add_tags\n\nexport default migration({\n  up(m) {},\n\n  down(m) {},\n});\n");
  await writeFile(join(project, "migrations", "20260101000000_Azul-Style.js"), "exports.change = function (schema) {\n};\n");
  await mkdir(join(dir, "bin"));
  await symlink(await alabBinary(), join(dir, "bin", "alab"));
  bin = join(dir, "bin");
}, 120_000);
afterAll(() => cleanup());

const env = (): Record<string, string> => ({ PATH: `${bin}:/usr/bin:/bin`, HOME: dir, TERM: "dumb" });

async function run(cmd: string[], stdin?: string): Promise<string> {
  const proc = Bun.spawn(cmd, { cwd: project, env: env(), stdin: stdin === undefined ? "ignore" : new TextEncoder().encode(stdin), stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  if (code !== 0) throw new Error(`${cmd.join(" ")} exited ${code}: ${err}`);
  return out;
}

/**
 * Candidates for each line (the word under the cursor is the line's last word; "" after a space).
 * Words are split as bash splits them for completion: `=` is a word of its own (COMP_WORDBREAKS).
 */
async function bashComplete(script: string, lines: readonly string[]): Promise<string[][]> {
  const path = join(dir, "alab.bash");
  await writeFile(path, script);
  const queries = lines.map((l) => {
    const words = l.replace(/=/g, " = ").split(" ").map((w) => `'${w}'`);
    return `COMP_WORDS=(${words.join(" ")}); COMP_CWORD=${words.length - 1}; COMPREPLY=(); _alab; printf '%s\\n' "\${COMPREPLY[*]}"`;
  });
  const out = await run(["bash", "--norc", "--noprofile", "-c", `source '${path}'\n${queries.join("\n")}`]);
  return out.trimEnd().split("\n").map((l) => (l === "" ? [] : l.split(" ").sort()));
}

async function fishComplete(script: string, lines: readonly string[]): Promise<string[][]> {
  const path = join(dir, "alab.fish");
  await writeFile(path, script);
  const body = lines.map((l) => `complete -C'${l}'; echo '--end--'`).join("\n");
  const out = await run(["fish", "--no-config", "-c", `source '${path}'\n${body}`]);
  return out.split("--end--\n").slice(0, lines.length).map((chunk) => chunk.split("\n").filter((x) => x !== "").map((x) => x.split("\t")[0] as string).sort());
}

async function zshComplete(script: string, lines: readonly string[]): Promise<string[][]> {
  const path = join(dir, "_alab");
  await writeFile(path, script);
  // zsh completes only inside its line editor: tests/support/zsh-complete.zsh types each line and Tab.
  const out = await run(["timeout", "60", "zsh", "-f", join(import.meta.dir, "..", "support", "zsh-complete.zsh"), path, ...lines]);
  const groups = out.split("BEGIN:\n").slice(1, lines.length + 1);
  return groups.map((g) => [...new Set(g.split("\n").filter((x) => x.startsWith("HIT:")).map((x) => x.slice(4)))].sort());
}

/** Lines every shell must complete alike; fish and zsh also list a revision's number, bash its file name. */
const CASES: readonly { line: string; want: readonly string[]; exact?: boolean }[] = [
  { line: "alab mi", want: ["migrate"], exact: true },
  { line: "alab migrate --t", want: ["--to", "--tx"], exact: true },
  { line: "alab rollback --tx ", want: ["all", "each"], exact: true },
  { line: "alab export ", want: ["dbml", "json-schema", "mermaid", "sql", "svg", "typescript"], exact: true },
  { line: "alab export sql --dialect ", want: ["mysql", "postgres", "sqlite"], exact: true },
  { line: "alab completion ", want: ["bash", "fish", "zsh"], exact: true },
  { line: "alab -d sqlite:x.db migrate --dr", want: ["--dry"], exact: true },
  { line: "alab -c ", want: ["migrations", "schemas"] },
  { line: "alab mm --", want: ["--config", "--url"] },
];

const REVISIONS = { line: "alab migrate --to ", bash: ["001_init.js", "002_add_tags.js", "20260101000000"], other: ["001", "002", "20260101000000"] };

function expectCase(got: readonly string[] | undefined, c: (typeof CASES)[number]): void {
  const clean = (got ?? []).map((x) => x.replace(/\/$/, ""));
  if (c.exact === true) expect({ line: c.line, got: clean }).toEqual({ line: c.line, got: [...c.want].sort() });
  else for (const w of c.want) expect({ line: c.line, has: clean.includes(w) }).toEqual({ line: c.line, has: true });
}

describe("alab completion", () => {
  test("--revisions lists `<revision>\\t<file>` from the migrations folder, without a database", async () => {
    const r = await runAlab(["completion", "--revisions"], { cwd: project, env: { DATABASE_URL: "postgres://nobody@127.0.0.1:1/x" } });
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toBe("001\t001_init.js\n002\t002_add_tags.js\n20260101000000\t20260101000000_Azul-Style.js\n");
  });

  test.each([[[]], [["tcsh"]], [["bash", "--revisions"]]])("`alab completion %p` is a usage error, exit 2", async (args) => {
    const r = await runAlab(["completion", ...args], { cwd: project });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/E_USAGE_(BAD_ARGUMENTS|CONFLICTING_FLAGS)/);
  });

  test("the scripts are the same on every run", async () => {
    for (const shell of ["bash", "zsh", "fish"]) {
      const [a, b] = await Promise.all([runAlab(["completion", shell], { cwd: project }), runAlab(["completion", shell], { cwd: project })]);
      expect(a.code).toBe(0);
      expect(a.stdout).toBe(b.stdout);
    }
  });

  test("bash completes commands, flags, values, files and revisions", async () => {
    const script = (await runAlab(["completion", "bash"], { cwd: project })).stdout;
    const got = await bashComplete(script, [...CASES.map((c) => c.line), REVISIONS.line, "alab migrate --to=", "alab help ro"]);
    CASES.forEach((c, i) => expectCase(got[i], c));
    expect(got[CASES.length]).toEqual(REVISIONS.bash);
    expect(got[CASES.length + 1]).toEqual(REVISIONS.bash);
    expect(got[CASES.length + 2]).toEqual(["rollback"]);
  }, 60_000);

  test("fish completes commands, flags, values, files and revisions", async () => {
    if (Bun.which("fish") === null) return console.warn("NOTICE: fish is not installed; its completion was not tried");
    const script = (await runAlab(["completion", "fish"], { cwd: project })).stdout;
    const got = await fishComplete(script, [...CASES.map((c) => c.line), REVISIONS.line]);
    CASES.forEach((c, i) => expectCase(got[i], c));
    expect(got[CASES.length]).toEqual(REVISIONS.other);
  }, 60_000);

  test("zsh completes commands, flags, values, files and revisions", async () => {
    if (Bun.which("zsh") === null) return console.warn("NOTICE: zsh is not installed; its completion was not tried");
    const script = (await runAlab(["completion", "zsh"], { cwd: project })).stdout;
    const got = await zshComplete(script, [...CASES.map((c) => c.line), REVISIONS.line, "alab migrate --to="]);
    CASES.forEach((c, i) => expectCase(got[i], c));
    expect(got[CASES.length]).toEqual(REVISIONS.other);
    expect(got[CASES.length + 1]).toEqual(REVISIONS.other);
  }, 120_000);

  test("a command added to the registry completes without touching the scripts", async () => {
    const frob: CommandDef<ArgsDef> = { meta: { name: "frob" }, args: { level: { type: "string", valueHint: "low|high", description: "how much" }, quiet: { type: "boolean", description: "say less" } } };
    const entry: CommandEntry = { name: "frob", aliases: ["fr"], synopsis: "frob", description: "frobnicate", load: () => Promise.resolve(frob), built: true };
    const spec = await completionSpec([...COMMANDS, entry]);
    const got = await bashComplete(bashScript(spec, "0"), ["alab fr", "alab fr --", "alab fr --level "]);
    expect(got[0]).toEqual(["fr", "frob"]);
    expect(got[1]).toEqual(expect.arrayContaining(["--level", "--quiet", "--config"]));
    expect(got[2]).toEqual(["high", "low"]);
  }, 60_000);
});
