/**
 * Listing a project folder under the rules of read-file.ts: the folder itself must lie inside its
 * confinement, and every entry alab would use is a regular file or a folder inside it. A link to
 * outside, a dangling link, a FIFO, a socket or a device is an error naming the entry, so nothing
 * alab lists can later hang, crash or leak a read.
 */
import { type Dirent, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { AlabError, throwAll } from "../../errors";
import { displayPath } from "./paths";
import { type Confinement, kindOf, refuse, refusalHints, resolveConfined } from "./read-file";

export interface DirEntry {
  readonly name: string;
  /** The folder as named, joined with the entry's name (never where a link points). */
  readonly path: string;
  readonly kind: "file" | "dir";
}

/**
 * The entries of `dir` sorted by name, or undefined when `dir` does not exist. Entries for which
 * `ignore(name)` is true are neither checked nor returned (dotfiles, notes: alab never opens them).
 * A refused entry is thrown, or, when `errors` is given, added to it and left out (so a caller can
 * report every problem of a pass together).
 */
export function listProjectDir(
  dir: string,
  within: Confinement,
  ignore: (name: string) => boolean = () => false,
  errors?: AlabError[],
): DirEntry[] | undefined {
  const absolute = resolve(within.cwd, dir);
  const shown = displayPath(within.cwd, absolute);
  const real = resolveConfined(absolute, within);
  if (real === undefined) return undefined;
  let entries: Dirent[];
  try {
    entries = readdirSync(real, { withFileTypes: true });
  } catch (e) {
    if ((e as { code?: unknown }).code === "ENOTDIR") {
      throw refuse("E_FILE_NOT_REGULAR", shown, `is ${kindOf(statSync(real))}, not a folder`, "point alab at a folder");
    }
    throw refuse("E_FILE_UNREADABLE", shown, "cannot be listed", refusalHints.unreadable);
  }
  const out: DirEntry[] = [];
  const refused: AlabError[] = errors ?? [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (ignore(entry.name)) continue;
    const path = join(absolute, entry.name);
    try {
      const kind = kindOfEntry(entry, path, within);
      out.push({ name: entry.name, path, kind });
    } catch (e) {
      if (!(e instanceof AlabError)) throw e;
      refused.push(e);
    }
  }
  if (errors === undefined) throwAll(refused);
  return out;
}

function kindOfEntry(entry: Dirent, path: string, within: Confinement): "file" | "dir" {
  // A plain entry of a folder inside the confinement is inside it; links and the rest are resolved.
  if (entry.isFile()) return "file";
  if (entry.isDirectory()) return "dir";
  const shown = displayPath(within.cwd, path);
  const real = resolveConfined(path, within);
  if (real === undefined) throw refuse("E_FILE_UNREADABLE", shown, "disappeared while alab listed its folder", refusalHints.unreadable);
  // stat, never open: opening a FIFO could block.
  const st = statSync(real);
  if (st.isFile()) return "file";
  if (st.isDirectory()) return "dir";
  throw refuse("E_FILE_NOT_REGULAR", shown, `is ${kindOf(st)}, not a regular file`, refusalHints.special);
}
