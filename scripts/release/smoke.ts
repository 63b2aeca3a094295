/**
 * The smoke test of a release binary this machine can run: it prints the stamped version, and it
 * applies the repository's own migrations (migrations/, built from the demo schemas in schemas/)
 * to a fresh SQLite file and checks the result, from a folder with no node_modules and a bare
 * environment, as a user would run it.
 */
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(import.meta.dir, "..", "..");

export interface Smoke {
  readonly args: readonly string[];
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function alab(bin: string, args: readonly string[], cwd: string): Promise<Smoke> {
  const proc = Bun.spawn([bin, ...args], { cwd, env: { PATH: "/usr/bin:/bin", HOME: cwd }, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { args, code, stdout, stderr };
}

/** Runs the smoke steps; throws with the failing step's output. Returns each step's result. */
export async function smokeTest(bin: string, expectedVersion: string): Promise<Smoke[]> {
  const dir = await mkdtemp(join(tmpdir(), "alab-smoke-"));
  try {
    const exe = join(dir, "bin", bin.endsWith(".exe") ? "alab.exe" : "alab");
    await cp(bin, exe);
    await cp(join(ROOT, "schemas"), join(dir, "schemas"), { recursive: true });
    await cp(join(ROOT, "migrations"), join(dir, "migrations"), { recursive: true });
    const steps: { args: string[]; expect: (s: Smoke) => boolean }[] = [
      { args: ["--version"], expect: (s) => s.code === 0 && s.stdout === `${expectedVersion}\n` },
      { args: ["-d", "sqlite:./smoke.db", "migrate"], expect: (s) => s.code === 0 },
      { args: ["-d", "sqlite:./smoke.db", "status"], expect: (s) => s.code === 0 && /\b0 pending\b/.test(s.stdout) },
      { args: ["-d", "sqlite:./smoke.db", "check"], expect: (s) => s.code === 0 },
    ];
    const done: Smoke[] = [];
    for (const step of steps) {
      const s = await alab(exe, step.args, dir);
      if (!step.expect(s)) throw new Error(`smoke test: \`alab ${step.args.join(" ")}\` exited ${s.code}\n${s.stdout}${s.stderr}`);
      done.push(s);
    }
    return done;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
