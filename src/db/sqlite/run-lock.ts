/**
 * SQLite's run lock. SQLite has no lock that outlives a transaction, and a run with `--tx each`
 * commits many. So the run holds a write transaction (BEGIN IMMEDIATE, which writes nothing) on a
 * second, empty database file beside the database, `<file>-alab-lock`, on a connection of its own
 * for the whole run. It is SQLite's own file locking, so it works across processes wherever
 * SQLite's locking works; the operating system releases it when the process dies (kill -9 leaves
 * no stale lock); and it never touches the database, so readers (`alab status`, the application)
 * are not blocked. The file stays in place: deleting a lock file someone may hold would let two
 * runs in at once.
 *
 * The database may be a project file, and a pull request decides what lies beside it: the lock
 * file is opened without following a link and without blocking (a FIFO), and must be a regular
 * file, before SQLite opens it.
 */
import { Database } from "bun:sqlite";
import { accessSync, closeSync, constants, fstatSync, openSync, realpathSync } from "node:fs";
import { dirname } from "node:path";
import { AlabError } from "../../errors";
import { faultError, lockTimeoutError, reasonOf } from "../failures";
import { fault, sqliteFaultKind } from "../faults";
import type { Target } from "../target";

const HOLDER = "another alab process (SQLite cannot tell which)";

export function codeOf(e: unknown): string {
  return String((e as { code?: unknown }).code ?? "");
}

const NOT_WRITABLE: Record<string, string> = {
  EROFS: "is on a read-only file system",
  EACCES: "is not writable for this user",
  EPERM: "cannot be written: the operating system refuses, as it does for an immutable file (see lsattr)",
};

/** Why a file, or its folder (where SQLite writes its journal), cannot be written, as far as the system says. */
export function whyNotWritable(file: string): string | undefined {
  try {
    closeSync(openSync(file, "r+"));
  } catch (e) {
    const why = NOT_WRITABLE[codeOf(e)];
    if (why !== undefined) return `the file ${why}`;
  }
  const dir = dirname(file);
  try {
    accessSync(dir, constants.W_OK);
  } catch (e) {
    const why = NOT_WRITABLE[codeOf(e)];
    if (why !== undefined) return `its folder ${dir} ${why}`;
  }
  return undefined;
}

/** The lock file of a database: beside the real file, so two paths to one database share one lock. */
export function lockFileOf(dbFile: string): string {
  let real = dbFile;
  try {
    real = realpathSync(dbFile);
  } catch {
    // Not there (yet): SQLite creates it where it was named.
  }
  return `${real}-alab-lock`;
}

const OPEN_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

function notRegular(shown: string, what: string): AlabError {
  return new AlabError({
    code: "E_FILE_NOT_REGULAR",
    message: `${shown}, alab's lock file, is ${what}, not a regular file`,
    hint: "remove it: alab creates its lock file itself, as an empty regular file",
  });
}

/** Creates the lock file, or checks the one there: a regular file alab can write. */
function prepare(path: string, shown: string, target: Target): void {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS, 0o644);
  } catch (e) {
    const code = codeOf(e);
    if (code === "ELOOP") throw notRegular(shown, "a symbolic link");
    if (code === "ENXIO") throw notRegular(shown, "a FIFO or a socket");
    if (code === "EISDIR") throw notRegular(shown, "a folder");
    const why = NOT_WRITABLE[code];
    // SQLite would quietly open a file it cannot write read-only, and then hold no real lock.
    if (why !== undefined) throw faultError(fault("read-only", target, `alab cannot write its lock file ${shown}`, whyNotWritable(path) ?? `the file ${why}`), e);
    throw faultError(fault("io", target, `alab cannot create its lock file ${shown}: ${reasonOf(e)}`), e);
  }
  try {
    if (!fstatSync(fd).isFile()) throw notRegular(shown, "a device");
  } finally {
    closeSync(fd);
  }
}

/**
 * Takes the run lock of `dbFile` within `timeoutSeconds` (E_LOCK_TIMEOUT, exit 4, after that).
 * Closing the returned connection releases it.
 */
export function takeRunLock(dbFile: string, target: Target, timeoutSeconds: number): Database {
  const path = lockFileOf(dbFile);
  // A database known only by a variable's name is not shown by its path either.
  const shown = target.hidden === true ? `the lock file beside ${target.where}` : path;
  prepare(path, shown, target);
  let holder: Database | undefined;
  try {
    holder = new Database(path, { create: false, readwrite: true });
    holder.run(`PRAGMA busy_timeout = ${Math.round(timeoutSeconds * 1000)}`);
    holder.run("BEGIN IMMEDIATE");
    return holder;
  } catch (e) {
    holder?.close();
    const kind = sqliteFaultKind(codeOf(e));
    if (kind === "busy") throw lockTimeoutError(target.hidden === true ? shown : `lock file ${path}`, timeoutSeconds, HOLDER);
    const reason = `alab cannot lock its lock file ${shown}: ${reasonOf(e)}`;
    throw faultError(fault(kind === undefined || kind === "connection-lost" ? "io" : kind, target, reason), e);
  }
}
