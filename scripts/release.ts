/**
 * `npm run release`: cross-compiles alab for every target in scripts/release/targets.ts into
 * dist/release/alab-<version>-<target>[.exe], writes SHA256SUMS beside them, and smoke-tests the
 * binary this machine can run. Each runtime comes from the npm package package-lock.json pins
 * (scripts/release/runtime.ts); the compile flags are `npm run build`'s (scripts/build.ts), plus
 * the release stamp `alab --version` prints. The same commit gives byte-identical binaries.
 *
 *   npm run release -- [--out DIR] [--targets linux-x64,windows-x64] [--allow-dirty]
 */
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import pkg from "../package.json" with { type: "json" };
import { versionLine } from "../src/cli/version";
import { buildBinary } from "./build";
import { runtimeFor } from "./release/runtime";
import { smokeTest } from "./release/smoke";
import { hostTarget, releaseFileName, type Target, TARGETS } from "./release/targets";

const ROOT = join(import.meta.dir, "..");
export const DEFAULT_OUT = join(ROOT, "dist", "release");
const CACHE = join(ROOT, "node_modules", ".cache", "alab-release");

export interface ReleaseOptions {
  readonly out: string;
  readonly targets: readonly Target[];
  /** Build from a working tree with uncommitted changes (the stamp then says `-dirty`). */
  readonly allowDirty: boolean;
  readonly log?: (line: string) => void;
}

export interface Built {
  readonly target: Target;
  readonly file: string;
  readonly bytes: number;
  readonly sha256: string;
}

async function git(args: string[]): Promise<string> {
  const proc = Bun.spawn(["git", ...args], { cwd: ROOT, stdout: "pipe", stderr: "pipe" });
  const [out, code] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
  if (code !== 0) throw new Error(`git ${args.join(" ")} failed: is ${ROOT} a git checkout?`);
  return out.trim();
}

/** The commit the release is built from: 12 hex digits, `-dirty` when the tree has changes. */
export async function releaseCommit(allowDirty: boolean): Promise<string> {
  const commit = await git(["rev-parse", "--short=12", "HEAD"]);
  const dirty = (await git(["status", "--porcelain", "--untracked-files=no"])) !== "";
  if (dirty && !allowDirty) throw new Error("the working tree has uncommitted changes; commit them, or pass --allow-dirty (the binaries then say so in --version)");
  return dirty ? `${commit}-dirty` : commit;
}

/** `sha256sum`'s format, sorted by file name: `<hex>  <name>` per line. */
export function sha256sums(built: readonly { file: string; sha256: string }[]): string {
  const rows = built.map((b) => `${b.sha256}  ${b.file}`).sort((a, b) => (a.slice(66) < b.slice(66) ? -1 : 1));
  return `${rows.join("\n")}\n`;
}

export async function release(opts: ReleaseOptions): Promise<Built[]> {
  const log = opts.log ?? (() => {});
  const commit = await releaseCommit(opts.allowDirty);
  const lock = JSON.parse(await readFile(join(ROOT, "package-lock.json"), "utf8")) as unknown;
  // Only a previous release's own files are removed: `--out` may name a folder that holds others.
  await mkdir(opts.out, { recursive: true });
  for (const name of await readdir(opts.out)) {
    if (name === "SHA256SUMS" || name.startsWith("alab-")) await rm(join(opts.out, name), { force: true });
  }
  const built: Built[] = [];
  for (const target of opts.targets) {
    const executablePath = await runtimeFor(target, lock, CACHE, Bun.version);
    const file = releaseFileName(pkg.version, target);
    const stamp = JSON.stringify({ target: target.name, commit });
    const { bytes } = await buildBinary(join(opts.out, file), { target: target.bun, executablePath, define: { ALAB_RELEASE: stamp } });
    const sha256 = createHash("sha256").update(new Uint8Array(await readFile(join(opts.out, file)))).digest("hex");
    built.push({ target, file, bytes, sha256 });
    log(`built ${file} (${(bytes / 1024 / 1024).toFixed(1)} MB)`);
  }
  await writeFile(join(opts.out, "SHA256SUMS"), sha256sums(built));
  const host = hostTarget();
  const mine = built.find((b) => b.target.name === host?.name);
  if (mine === undefined) log(`no smoke test: this machine (${process.platform}-${process.arch}) runs none of the built targets`);
  else {
    await smokeTest(join(opts.out, mine.file), versionLine(pkg.version, { target: mine.target.name, commit }));
    log(`smoke test passed: ${mine.file} --version, migrate, status and check on SQLite`);
  }
  return built;
}

function parseArgs(argv: readonly string[]): ReleaseOptions {
  let out = DEFAULT_OUT;
  let targets = TARGETS;
  let allowDirty = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--allow-dirty") allowDirty = true;
    else if (a === "--out" && argv[i + 1] !== undefined) out = argv[++i] as string;
    else if (a === "--targets" && argv[i + 1] !== undefined) {
      const names = (argv[++i] as string).split(",");
      const unknown = names.filter((n) => !TARGETS.some((t) => t.name === n));
      if (unknown.length > 0) throw new Error(`unknown target ${unknown.join(", ")}; the targets are ${TARGETS.map((t) => t.name).join(", ")}`);
      targets = TARGETS.filter((t) => names.includes(t.name));
    } else throw new Error(`unknown argument ${a}; usage: npm run release -- [--out DIR] [--targets a,b] [--allow-dirty]`);
  }
  return { out, targets, allowDirty, log: (line) => console.log(line) };
}

if (import.meta.main) {
  try {
    const opts = parseArgs(process.argv.slice(2));
    const built = await release(opts);
    console.log(`\n${relative(process.cwd(), opts.out) || opts.out}/SHA256SUMS:`);
    for (const b of built) console.log(`  ${b.file.padEnd(36)} ${(b.bytes / 1024 / 1024).toFixed(1).padStart(6)} MB  ${b.sha256}`);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
}
