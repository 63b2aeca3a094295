/**
 * `npm run build`: compiles src/main.ts into the single executable dist/alab. `--bytecode` roughly
 * halves start-up; it needs `--format=esm` or top-level await breaks (DESIGN §9). `--splitting`
 * keeps each lazily imported command (and the drivers and sandbox behind it) in its own embedded
 * chunk, loaded only when that command runs: `--help` measured ~3 ms faster with the drivers in.
 */
import { statSync } from "node:fs";
import { join, relative } from "node:path";

const ROOT = join(import.meta.dir, "..");
/**
 * JavaScriptCore's tier-up thresholds times this: a command runs for well under a second, mostly
 * code that runs once, and compiling it with the optimizing tiers cost more CPU (on background
 * threads) and memory than it saved. Measured at N=500 against 1: migrate ~40 ms less CPU and
 * 9 MiB less peak RSS, `alab new` 10 MiB less, wall times within noise (docs/benchmarks.md).
 */
const JIT_POLICY = 32;
export const DEFAULT_OUTFILE = join(ROOT, "dist", "alab");
/**
 * Profile-guided bytecode layout (`--bytecode-order`): the functions these runs used are placed
 * together, so a run pages in less of the executable (measured at N=500: ~1.5 MiB less peak RSS
 * for `migrate`, the rest within noise). Each file was written by a run of dist/alab with
 * `BUN_BYTECODE_ORDER_OUT=<file>` on the bench workload (500 pending migrations on PostgreSQL, on
 * SQLite, `alab new` of 500 tables); most important first. A profile of an older build still
 * applies (functions it does not name keep their place); re-record after large changes.
 */
const BYTECODE_ORDER = ["migrate-postgres.txt", "migrate-sqlite.txt", "new.txt"].map((f) => join(ROOT, "scripts", "bytecode-order", f));
/**
 * A compiled Bun executable reads `.env` and `bunfig.toml` from the directory it runs in unless told
 * not to. For alab that is a hole: a project's `.env` would silently change the database a deploy
 * migrates, and a `bunfig.toml` in a stranger's pull request could `preload` a script that runs
 * with alab's authority before any sandbox exists. All four autoloads are off, stated explicitly
 * (tsconfig and package.json are off by default today; a default can change).
 */
export const NO_AUTOLOAD = [
  "--no-compile-autoload-dotenv",
  "--no-compile-autoload-bunfig",
  "--no-compile-autoload-tsconfig",
  "--no-compile-autoload-package-json",
] as const;

export interface BuildOptions {
  /** Bun's `--target` (e.g. `bun-linux-arm64-musl`); the host's own platform when absent. */
  readonly target?: string;
  /** The Bun runtime the executable is made from (`--compile-executable-path`), for cross-compiling. */
  readonly executablePath?: string;
  /** `--define` pairs, e.g. the release stamp `ALAB_BUILD`. */
  readonly define?: Readonly<Record<string, string>>;
}

/** The `bun build` arguments for `outfile`; the one place alab's compile flags are chosen. */
export function buildArgs(outfile: string, opts: BuildOptions = {}): string[] {
  return [
    "build",
    "--compile",
    "--minify",
    "--bytecode",
    "--format=esm",
    "--splitting",
    `--compile-jit-policy=${JIT_POLICY}`,
    `--bytecode-order=${BYTECODE_ORDER.join(",")}`,
    ...NO_AUTOLOAD,
    ...(opts.target === undefined ? [] : [`--target=${opts.target}`]),
    ...(opts.executablePath === undefined ? [] : [`--compile-executable-path=${opts.executablePath}`]),
    ...Object.entries(opts.define ?? {}).map(([k, v]) => `--define=${k}=${v}`),
    "src/main.ts",
    "--outfile",
    outfile,
  ];
}

/** Builds the binary to `outfile`; throws with the compiler's output when it fails. */
export async function buildBinary(outfile: string = DEFAULT_OUTFILE, opts: BuildOptions = {}): Promise<{ outfile: string; bytes: number; ms: number }> {
  const started = performance.now();
  const proc = Bun.spawn([process.execPath, ...buildArgs(outfile, opts)], {
    cwd: ROOT,
    stdout: "pipe",
    stderr: "pipe",
    env: { ...process.env, NO_COLOR: "1" },
  });
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  if (code !== 0) throw new Error(`bun build failed (exit ${code}):\n${out}${err}`);
  return { outfile, bytes: statSync(outfile).size, ms: Math.round(performance.now() - started) };
}

if (import.meta.main) {
  try {
    const { outfile, bytes, ms } = await buildBinary(process.argv[2] ?? DEFAULT_OUTFILE);
    console.log(`built ${relative(process.cwd(), outfile) || outfile} (${(bytes / 1024 / 1024).toFixed(1)} MB) in ${ms} ms`);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
}
