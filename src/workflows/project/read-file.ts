/**
 * The one way alab reads a file of the project: schema and migration files, the snapshot,
 * alab.yaml (and the check on the SQLite file, which SQLite opens itself). A pull request controls
 * every one of them, including whether each is a symlink, a FIFO or a 4 GB file, and `alab check`
 * runs on pull requests in CI with secrets in the environment. So a read is confined:
 *
 * - it stays inside its root (the project root, or a folder the operator named outside it; see
 *   `confinedTo`): every component of the path is resolved, and a real path outside the root is
 *   refused, whether the link is the file or a folder above it. Links whose target stays inside
 *   are followed;
 * - it reads only a regular file: the file is opened once (O_NOFOLLOW, O_NONBLOCK so a FIFO cannot
 *   block), and the opened descriptor is what is checked and read, so nothing can be swapped in
 *   between the check and the read;
 * - it reads at most MAX_FILE_BYTES + 1 bytes, so a file that grows or lies about its size
 *   (/proc) is still caught.
 *
 * Every refusal is an AlabError (exit 2) naming the path as the project writes it; never where a
 * link points, never what the file holds.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readlinkSync, readSync, realpathSync, type Stats, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { AlabError } from "../../errors";
import { displayPath, isWithin } from "./paths";

/** Per file. Generated migrations are a few KiB; a 4 MiB schema or migration file is a mistake or an attack. */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;

/** Where a read may go: below `root` (after resolving links), shown relative to `cwd`. */
export interface Confinement {
  readonly root: string;
  readonly cwd: string;
}

/**
 * The confinement of a folder alab reads: the project root when the folder lies inside it (even
 * if the operator named it, the pull request controls what is there), else the folder itself (it
 * can only come from the operator: a flag or the environment; alab.yaml's folders are checked to
 * lie inside the project when the config is read).
 */
export function confinedTo(config: { readonly projectRoot: string; readonly cwd: string }, dir: string): Confinement {
  return { root: isWithin(config.projectRoot, dir) ? config.projectRoot : dir, cwd: config.cwd };
}

/** A refusal naming the path as shown, never a link's target or the contents. */
export function refuse(code: string, shown: string, message: string, hint: string): AlabError {
  return new AlabError({ code, message: `${shown} ${message}`, hint, at: { file: shown } });
}

const TOO_LARGE = `is larger than ${MAX_FILE_BYTES / (1024 * 1024)} MiB, the limit for a project file`;

export const refusalHints = {
  escape: "alab reads only files inside the project (links are followed only while they stay inside it); replace the link with the file itself",
  special: "alab reads only regular files from the project (schema and migration files, the snapshot, alab.yaml, a SQLite database); put a regular file there",
  unreadable: "restore the file (or remove the link), and check its permissions",
  large: "split the file, or remove what makes it that large",
};

export function kindOf(st: Stats): string {
  if (st.isDirectory()) return "a folder";
  if (st.isFIFO()) return "a FIFO (named pipe)";
  if (st.isSocket()) return "a socket";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  return st.isFile() ? "a regular file" : "not a regular file";
}

function errnoOf(e: unknown): string | undefined {
  const code = (e as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

function unreadable(shown: string, e: unknown): AlabError {
  const code = errnoOf(e);
  const why =
    code === "ENOENT" ? "is a symbolic link to something that does not exist"
    : code === "ELOOP" ? "is a loop of symbolic links"
    : code === "EACCES" || code === "EPERM" ? "cannot be read (permission denied)"
    : `cannot be read (${code ?? "I/O error"})`;
  return refuse("E_FILE_UNREADABLE", shown, why, refusalHints.unreadable);
}

const realRoots = new Map<string, string>();
function realRoot(root: string): string {
  let real = realRoots.get(root);
  if (real === undefined) {
    real = realpathSync.native(root);
    realRoots.set(root, real);
  }
  return real;
}

/**
 * The real path of `path`, checked to lie inside the confinement; undefined when there is no such
 * entry (a missing file, not a dangling link). A missing entry below a folder that leads outside
 * is refused too.
 */
export function resolveConfined(path: string, within: Confinement): string | undefined {
  const absolute = resolve(within.cwd, path);
  const shown = displayPath(within.cwd, absolute);
  let real: string;
  try {
    real = realpathSync.native(absolute);
  } catch (e) {
    const code = errnoOf(e);
    if (code !== "ENOENT" && code !== "ENOTDIR") throw unreadable(shown, e);
    // The entry exists, so a link on the way leads nowhere.
    if (exists(absolute)) throw unreadable(shown, e);
    const parent = dirname(absolute);
    if (parent !== absolute && parent !== within.root && isWithin(within.root, parent)) resolveConfined(parent, within);
    return undefined;
  }
  let root: string;
  try {
    root = realRoot(within.root);
  } catch (e) {
    throw unreadable(shown, e);
  }
  if (!isWithin(root, real)) throw refuse("E_FILE_SYMLINK_ESCAPE", shown, "leads outside the project through a symbolic link", refusalHints.escape);
  return real;
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Where the descriptor really points, when the system says (Linux: /proc/self/fd). */
function openedPath(fd: number): string | undefined {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return undefined;
  }
}

const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | (constants.O_NOCTTY ?? 0);

/** Bytes of an open regular file, at most MAX_FILE_BYTES (one more is read to catch a file that lied about its size). */
function readCapped(fd: number, size: number, shown: string): Buffer {
  const cap = MAX_FILE_BYTES + 1;
  let buf = Buffer.allocUnsafe(Math.min(size + 1, cap));
  let length = 0;
  for (;;) {
    if (length === buf.length) {
      if (buf.length === cap) throw refuse("E_FILE_TOO_LARGE", shown, TOO_LARGE, refusalHints.large);
      const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, cap));
      buf.copy(bigger, 0, 0, length);
      buf = bigger;
    }
    const n = readSync(fd, buf, length, buf.length - length, null);
    if (n === 0) return buf.subarray(0, length);
    length += n;
  }
}

/** Texts read in this run, by absolute path as named: the only sources a code frame may show. */
const sources = new Map<string, string>();

/**
 * The text of a project file (UTF-8, as `readFileSync(path, "utf8")` gives it), or undefined when
 * `optional` and there is no such entry. Everything else that is not a regular file inside the
 * confinement is an AlabError naming the path.
 */
export function readProjectFile(path: string, within: Confinement, opts: { optional: true }): string | undefined;
export function readProjectFile(path: string, within: Confinement, opts?: { optional?: false }): string;
export function readProjectFile(path: string, within: Confinement, opts: { optional?: boolean } = {}): string | undefined {
  const absolute = resolve(within.cwd, path);
  const shown = displayPath(within.cwd, absolute);
  const real = resolveConfined(absolute, within);
  if (real === undefined) {
    if (opts.optional === true) return undefined;
    throw refuse("E_FILE_UNREADABLE", shown, "does not exist", refusalHints.unreadable);
  }
  let fd: number;
  try {
    fd = openSync(real, OPEN_FLAGS);
  } catch (e) {
    // ELOOP: the last component became a link after it was resolved; ENXIO: a socket.
    if (errnoOf(e) === "ELOOP") throw refuse("E_FILE_SYMLINK_ESCAPE", shown, "changed into a symbolic link while alab read it", refusalHints.escape);
    if (errnoOf(e) === "ENXIO") throw refuse("E_FILE_NOT_REGULAR", shown, "is a socket, not a regular file", refusalHints.special);
    throw unreadable(shown, e);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw refuse("E_FILE_NOT_REGULAR", shown, `is ${kindOf(st)}, not a regular file`, refusalHints.special);
    if (st.size > MAX_FILE_BYTES) throw refuse("E_FILE_TOO_LARGE", shown, TOO_LARGE, refusalHints.large);
    // O_NOFOLLOW guards the last component only: a folder on the way swapped for a link after
    // the real path was taken shows here, as a descriptor that points somewhere else.
    const opened = openedPath(fd);
    if (opened !== undefined && opened !== real) throw refuse("E_FILE_SYMLINK_ESCAPE", shown, "moved while alab read it", refusalHints.escape);
    let bytes: Buffer;
    try {
      bytes = readCapped(fd, st.size, shown);
    } catch (e) {
      throw e instanceof AlabError ? e : unreadable(shown, e);
    }
    const text = bytes.toString("utf8");
    sources.set(absolute, text);
    return text;
  } finally {
    closeSync(fd);
  }
}

/** The text `readProjectFile` returned for this absolute path in this run, if any. */
export function sourceRead(absolute: string): string | undefined {
  return sources.get(absolute);
}

/**
 * A file another program opens by path (SQLite): absent, or a regular file inside the
 * confinement. SQLite opens it after this check; between the two only a process on this machine
 * could swap it, not the contents of a pull request.
 */
export function checkProjectFile(path: string, within: Confinement): "absent" | "file" {
  const shown = displayPath(within.cwd, resolve(within.cwd, path));
  const real = resolveConfined(path, within);
  if (real === undefined) return "absent";
  const st = statSync(real);
  if (!st.isFile()) throw refuse("E_FILE_NOT_REGULAR", shown, `is ${kindOf(st)}, not a regular file`, refusalHints.special);
  return "file";
}

