/**
 * `npm run release`: every target is built under its fixed name, each file is the executable its
 * name says (read from its header, not trusted from the name), SHA256SUMS states their real
 * hashes, the host's binary ran its smoke test and prints its stamp, and a second build of the
 * same commit is byte-identical. Runtimes come from npm, checked against package-lock.json.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pkg from "../../package.json" with { type: "json" };
import { type Built, release, sha256sums } from "../../scripts/release";
import { integrityOf, lockedPin, runtimeFor } from "../../scripts/release/runtime";
import { hostTarget, releaseFileName, type Target, TARGETS } from "../../scripts/release/targets";

const ROOT = join(import.meta.dir, "..", "..");
let dir = "";
let built: Built[] = [];
const log: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "alab-release-"));
  built = await release({ out: join(dir, "out"), targets: TARGETS, allowDirty: true, log: (l) => log.push(l) });
}, 600_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

const sha256 = async (path: string): Promise<string> => new Bun.CryptoHasher("sha256").update(new Uint8Array(await readFile(path))).digest("hex");

/** What the file's own header says it is. */
function header(bytes: Uint8Array): { format: string; arch: string; loader?: string } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46) {
    const machine = view.getUint16(18, true);
    const head = new TextDecoder("latin1").decode(bytes.subarray(0, 4096));
    const loader = /\/lib(?:64)?\/ld-[a-z0-9_.-]+\.so\.\d/.exec(head)?.[0];
    return { format: "elf", arch: machine === 0x3e ? "x64" : machine === 0xb7 ? "arm64" : `machine ${machine}`, ...(loader === undefined ? {} : { loader }) };
  }
  if (view.getUint32(0, true) === 0xfeedfacf) {
    const cpu = view.getUint32(4, true);
    return { format: "mach-o", arch: cpu === 0x01000007 ? "x64" : cpu === 0x0100000c ? "arm64" : `cpu ${cpu}` };
  }
  if (bytes[0] === 0x4d && bytes[1] === 0x5a) {
    const pe = view.getUint32(0x3c, true);
    const machine = view.getUint16(pe + 4, true);
    return { format: view.getUint32(pe, true) === 0x4550 ? "pe" : "mz", arch: machine === 0x8664 ? "x64" : `machine ${machine}` };
  }
  return { format: "unknown", arch: "unknown" };
}

function expectedHeader(t: Target): { format: string; arch: string; loader?: string } {
  if (t.os === "darwin") return { format: "mach-o", arch: t.arch };
  if (t.os === "windows") return { format: "pe", arch: t.arch };
  const loaders: Record<string, string> = {
    "x64-glibc": "/lib64/ld-linux-x86-64.so.2",
    "arm64-glibc": "/lib/ld-linux-aarch64.so.1",
    "x64-musl": "/lib/ld-musl-x86_64.so.1",
    "arm64-musl": "/lib/ld-musl-aarch64.so.1",
  };
  return { format: "elf", arch: t.arch, loader: loaders[`${t.arch}-${t.libc}`] as string };
}

describe("npm run release", () => {
  test("one file per target, named alab-<version>-<target>[.exe], plus SHA256SUMS", async () => {
    const names = [...new Bun.Glob("*").scanSync({ cwd: join(dir, "out") })].sort();
    expect(names).toEqual(
      [
        "SHA256SUMS",
        `alab-${pkg.version}-darwin-arm64`,
        `alab-${pkg.version}-darwin-x64`,
        `alab-${pkg.version}-linux-arm64`,
        `alab-${pkg.version}-linux-arm64-musl`,
        `alab-${pkg.version}-linux-x64`,
        `alab-${pkg.version}-linux-x64-musl`,
        `alab-${pkg.version}-windows-x64.exe`,
      ].sort(),
    );
    expect(built.map((b) => b.file)).toEqual(TARGETS.map((t) => releaseFileName(pkg.version, t)));
  });

  test("each file is an executable for the platform its name says", async () => {
    for (const b of built) {
      const bytes = new Uint8Array(await readFile(join(dir, "out", b.file)));
      expect({ file: b.file, ...header(bytes) }).toEqual({ file: b.file, ...expectedHeader(b.target) });
      // Every binary carries alab's program, not a bare runtime: the stamp and a command name are in it.
      const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      expect({ file: b.file, stamped: text.includes(`target:"${b.target.name}"`) }).toEqual({ file: b.file, stamped: true });
    }
  }, 120_000);

  test("SHA256SUMS holds each file's real hash, in sha256sum's format, sorted by name", async () => {
    const sums = await readFile(join(dir, "out", "SHA256SUMS"), "utf8");
    const lines = sums.trimEnd().split("\n");
    expect(lines).toHaveLength(TARGETS.length);
    for (const line of lines) {
      const m = /^([0-9a-f]{64}) {2}(\S+)$/.exec(line);
      expect(m).not.toBeNull();
      expect(await sha256(join(dir, "out", m?.[2] ?? ""))).toBe(m?.[1] ?? "");
    }
    expect(lines.map((l) => l.slice(66))).toEqual(lines.map((l) => l.slice(66)).sort());
    // `sha256sum -c` agrees, where it exists.
    if (Bun.which("sha256sum") !== null) expect(Bun.spawnSync(["sha256sum", "-c", "--quiet", "SHA256SUMS"], { cwd: join(dir, "out") }).exitCode).toBe(0);
  }, 120_000);

  test("the host's binary passed its smoke test and prints version, target and commit", async () => {
    const host = hostTarget();
    if (host === undefined) {
      console.warn(`NOTICE: ${process.platform}-${process.arch} runs no release target; the smoke test was skipped`);
      return;
    }
    expect(log).toContain(`smoke test passed: ${releaseFileName(pkg.version, host)} --version, migrate, status and check on SQLite`);
    const r = Bun.spawnSync([join(dir, "out", releaseFileName(pkg.version, host)), "--version"], { cwd: dir, env: { PATH: "/usr/bin:/bin" } });
    expect(r.stdout.toString()).toMatch(new RegExp(`^alab ${pkg.version.replaceAll(".", "\\.")} \\(${host.name}, [0-9a-f]{12}(-dirty)?\\)\\n$`));
  });

  test("the same commit builds byte-identical binaries; an --out folder keeps files that are not a release's", async () => {
    const host = hostTarget() ?? (TARGETS[0] as Target);
    const out = join(dir, "again");
    await mkdir(out);
    await writeFile(join(out, "notes.txt"), "mine\n");
    await writeFile(join(out, "alab-0.0.1-linux-x64"), "an older release\n");
    const again = await release({ out, targets: [host], allowDirty: true });
    expect(again[0]?.sha256).toBe(built.find((b) => b.target.name === host.name)?.sha256 ?? "");
    expect([...new Bun.Glob("*").scanSync({ cwd: out })].sort()).toEqual(["SHA256SUMS", releaseFileName(pkg.version, host), "notes.txt"].sort());
  }, 300_000);
});

describe("runtimes come from npm, pinned by package-lock.json", () => {
  test("every target's runtime package is pinned at the compiler's version", async () => {
    const lock = JSON.parse(await readFile(join(ROOT, "package-lock.json"), "utf8")) as unknown;
    for (const t of TARGETS) expect({ pkg: t.pkg, version: lockedPin(lock, t.pkg).version }).toEqual({ pkg: t.pkg, version: Bun.version });
    expect(() => lockedPin(lock, "@oven/bun-plan9-x64")).toThrow("package-lock.json pins no @oven/bun-plan9-x64");
  });

  test("a runtime whose tarball does not match the lockfile's integrity is refused", async () => {
    const t = TARGETS.find((x) => x.name === "linux-arm64-musl") as Target;
    const lock = { packages: { [`node_modules/${t.pkg}`]: { version: Bun.version, integrity: integrityOf(new Uint8Array([1, 2, 3])) } } };
    const cache = join(dir, "tampered-cache");
    const e = await runtimeFor(t, lock, cache, Bun.version).catch((x: unknown) => x);
    expect(String(e)).toContain("does not match package-lock.json");
    expect(await Bun.file(join(cache, `bun-linux-aarch64-musl-${Bun.version}`, "bun")).exists()).toBe(false);
  }, 120_000);

  test("a lockfile pinning another bun than the compiler is refused", async () => {
    const t = TARGETS[0] as Target;
    const lock = { packages: { [`node_modules/${t.pkg}`]: { version: "0.0.1", integrity: "sha512-x" } } };
    expect(String(await runtimeFor(t, lock, join(dir, "c2"), Bun.version).catch((x: unknown) => x))).toContain(`pins ${t.pkg} 0.0.1 but the compiler is bun ${Bun.version}`);
  });

  test("sha256sums sorts by file name", () => {
    expect(sha256sums([{ file: "b", sha256: "1".repeat(64) }, { file: "a", sha256: "2".repeat(64) }])).toBe(`${"2".repeat(64)}  a\n${"1".repeat(64)}  b\n`);
  });
});
