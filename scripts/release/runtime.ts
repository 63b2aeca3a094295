/**
 * A target's Bun runtime, for `bun build --compile --compile-executable-path`. Left to itself,
 * `bun build --target=bun-<os>-<arch>` downloads the runtime on its own (from the npm registry's
 * tarball of `@oven/bun-<os>-<arch>`, into ~/.bun/install/cache) with no check against our lockfile.
 * Instead alab's release fetches that same package with npm (`npm pack`, so the user's registry,
 * proxy and auth settings apply), checks its sha512 against the integrity package-lock.json pins,
 * unpacks the executable into node_modules/.cache/alab-release/, and hands bun its path.
 */
import { createHash } from "node:crypto";
import { chmod, mkdir, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Target } from "./targets";

export interface Pin {
  readonly version: string;
  readonly integrity: string;
}

/** The version and integrity package-lock.json records for `pkg`. */
export function lockedPin(lock: unknown, pkg: string): Pin {
  const entry = (lock as { packages?: Record<string, { version?: unknown; integrity?: unknown }> }).packages?.[`node_modules/${pkg}`];
  if (typeof entry?.version !== "string" || typeof entry.integrity !== "string") {
    throw new Error(`package-lock.json pins no ${pkg}; it is an optional dependency of bun: run \`npm install\` to record it`);
  }
  return { version: entry.version, integrity: entry.integrity };
}

/** npm's integrity string (`sha512-<base64>`) of `bytes`. */
export function integrityOf(bytes: Uint8Array): string {
  return `sha512-${createHash("sha512").update(bytes).digest("base64")}`;
}

async function run(cmd: string[], cwd: string): Promise<string> {
  const proc = Bun.spawn(cmd, { cwd, stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  if (code !== 0) throw new Error(`\`${cmd.join(" ")}\` failed (exit ${code}):\n${err || out}`);
  return out;
}

/**
 * The path of `t`'s runtime executable at the pinned version, fetched and verified on first use.
 * `compilerVersion` is the bun doing the compiling: the runtime must be the same release, since the
 * embedded bytecode is only valid for the JavaScriptCore it was compiled by.
 */
export async function runtimeFor(t: Target, lock: unknown, cacheDir: string, compilerVersion: string): Promise<string> {
  const pin = lockedPin(lock, t.pkg);
  if (pin.version !== compilerVersion) {
    throw new Error(`package-lock.json pins ${t.pkg} ${pin.version} but the compiler is bun ${compilerVersion}; run \`npm ci\` so both match`);
  }
  const dir = join(cacheDir, `${t.pkg.replace("@oven/", "")}-${pin.version}`);
  const exe = join(dir, `bun${t.ext}`);
  const stamp = join(dir, "integrity");
  if ((await readFile(stamp, "utf8").catch(() => "")) === pin.integrity && (await Bun.file(exe).exists())) return exe;

  await mkdir(cacheDir, { recursive: true });
  const work = await mkdtemp(join(cacheDir, ".fetch-"));
  try {
    const packed = JSON.parse(await run(["npm", "pack", `${t.pkg}@${pin.version}`, "--pack-destination", work, "--json", "--silent"], work)) as { filename: string }[];
    const tgz = join(work, packed[0]?.filename ?? "");
    const got = integrityOf(new Uint8Array(await readFile(tgz)));
    if (got !== pin.integrity) throw new Error(`${t.pkg}@${pin.version} from npm does not match package-lock.json (got ${got}, pinned ${pin.integrity})`);
    await run(["tar", "-xzf", tgz, "-C", work, t.entry], work);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    await rename(join(work, t.entry), exe);
    await chmod(exe, 0o755);
    await writeFile(stamp, pin.integrity);
    return exe;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
