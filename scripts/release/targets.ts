/**
 * The platforms a release is built for. Each target's Bun runtime is the npm package the lockfile
 * pins for it (`@oven/bun-<os>-<arch>[-musl]`, an optional dependency of `bun`), so a release
 * downloads nothing outside the npm registry and every runtime is checked against the lockfile.
 */

export interface Target {
  /** alab's name for it, the file-name suffix: `alab-<version>-<name>[.exe]`. */
  readonly name: string;
  /** Bun's `--target`. */
  readonly bun: string;
  /** The npm package holding that runtime, and the executable's path inside its tarball. */
  readonly pkg: string;
  readonly entry: string;
  readonly os: "linux" | "darwin" | "windows";
  readonly arch: "x64" | "arm64";
  readonly libc?: "glibc" | "musl";
  /** ".exe" on Windows. */
  readonly ext: string;
}

const target = (name: string, os: Target["os"], arch: Target["arch"], libc?: Target["libc"]): Target => {
  const npmArch = arch === "arm64" ? "aarch64" : "x64";
  const musl = libc === "musl" ? "-musl" : "";
  return {
    name,
    bun: `bun-${os}-${arch}${musl}`,
    pkg: `@oven/bun-${os}-${npmArch}${musl}`,
    entry: os === "windows" ? "package/bin/bun.exe" : "package/bin/bun",
    os,
    arch,
    ...(libc === undefined ? {} : { libc }),
    ext: os === "windows" ? ".exe" : "",
  };
};

/** In release order; issue 13 names these seven. */
export const TARGETS: readonly Target[] = [
  target("linux-x64", "linux", "x64", "glibc"),
  target("linux-arm64", "linux", "arm64", "glibc"),
  target("linux-x64-musl", "linux", "x64", "musl"),
  target("linux-arm64-musl", "linux", "arm64", "musl"),
  target("darwin-x64", "darwin", "x64"),
  target("darwin-arm64", "darwin", "arm64"),
  target("windows-x64", "windows", "x64"),
];

/** `alab-<version>-<target>[.exe]`: the same name for the same version and target, always. */
export function releaseFileName(version: string, t: Target): string {
  return `alab-${version}-${t.name}${t.ext}`;
}

/** Whether this process runs on a musl libc (Alpine): glibc reports its version, musl does not. */
function isMusl(): boolean {
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  return report?.header?.glibcVersionRuntime === undefined;
}

/** The target this machine can run, or undefined (a platform alab is not released for). */
export function hostTarget(): Target | undefined {
  const os = process.platform === "win32" ? "windows" : process.platform;
  const arch = process.arch;
  const libc = os === "linux" ? (isMusl() ? "musl" : "glibc") : undefined;
  return TARGETS.find((t) => t.os === os && t.arch === arch && t.libc === libc);
}
