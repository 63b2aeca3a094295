/**
 * What `alab --version` prints. A development build says `alab 0.1.0`; a release build (`npm run
 * release` defines ALAB_RELEASE at compile time) adds the target it was built for and the commit
 * it was built from, as `cargo --version` does: `alab 0.1.0 (linux-x64, 13dc2c7ab1f0)`.
 */
import pkg from "../../package.json" with { type: "json" };

/** Replaced by `bun build --define ALAB_RELEASE=…`; absent in development builds and tests. */
declare const ALAB_RELEASE: { readonly target: string; readonly commit: string } | undefined;

export const VERSION: string = pkg.version;

export interface ReleaseStamp {
  readonly target: string;
  readonly commit: string;
}

export const RELEASE: ReleaseStamp | undefined = typeof ALAB_RELEASE === "undefined" ? undefined : ALAB_RELEASE;

export function versionLine(version: string = VERSION, release: ReleaseStamp | undefined = RELEASE): string {
  return release === undefined ? `alab ${version}` : `alab ${version} (${release.target}, ${release.commit})`;
}
