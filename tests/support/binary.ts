/**
 * The compiled binary, for end-to-end tests. `npm test` builds dist/alab first and passes it in
 * ALAB_BIN; a test file run alone builds once into a temp folder. Either way the binary is copied
 * to a temp folder with no node_modules and run from a fresh project directory, as a user would.
 */
import { copyFile, link, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildBinary } from "../../scripts/build";

let binary: Promise<string> | undefined;

export function alabBinary(): Promise<string> {
  binary ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), "alab-bin-"));
    const target = join(dir, "alab");
    const given = process.env.ALAB_BIN;
    // A hard link where the temp folder is on the same file system: no 110 MB copy per test file
    // (npm test gives each file a temp folder it removes afterwards; scripts/test.ts).
    if (given !== undefined && given !== "") await link(resolve(given), target).catch(() => copyFile(resolve(given), target));
    else await buildBinary(target);
    return target;
  })();
  return binary;
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/**
 * Runs `alab ...args` in `cwd` with a clean environment (PATH, HOME and `env` only). `timeoutMs`
 * kills a run that would never end (the test then fails on its exit code, not by hanging).
 */
export async function runAlab(args: readonly string[], opts: { cwd: string; env?: Record<string, string>; timeoutMs?: number }): Promise<RunResult> {
  const bin = await alabBinary();
  const started = performance.now();
  const proc = Bun.spawn([bin, ...args], {
    cwd: opts.cwd,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: opts.cwd, ...opts.env },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
    ...(opts.timeoutMs === undefined ? {} : { timeout: opts.timeoutMs, killSignal: "SIGKILL" as const }),
  });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { code, stdout, stderr, ms: performance.now() - started };
}

/** A fresh empty directory; remove it with the returned function. */
export async function tempDir(prefix = "alab-test-"): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
