/**
 * Failures that are the database's, not the statement's: a read-only file or server, missing
 * privileges, a full disk, an I/O error, a damaged file, a lost connection, another connection's
 * lock. A migration that meets one is not wrong, so the user must not be told to fix it: the
 * drivers classify their error codes here, and the error names the database and what to do.
 *
 * The tables are by the databases' own codes (SQLite result codes, PostgreSQL SQLSTATE, MySQL
 * error numbers), never by message text, except where MySQL reuses one number for several
 * options (1290).
 */
import { EXIT, type ExitCode, unreachable } from "../errors";
import { type Target, targetText } from "./target";

export type FaultKind = "read-only" | "permission" | "full" | "io" | "corrupt" | "connection-lost" | "busy";

/** The signals that stop a run: Ctrl-C, and what `kill` and a rollout send. */
export type StopSignal = "SIGINT" | "SIGTERM";

export interface Fault {
  /** `interrupted`: alab was stopped by a signal and cancelled the statement itself. */
  readonly kind: FaultKind | "interrupted";
  readonly code: string;
  readonly exit: ExitCode;
  /** What is wrong, naming the database: "SQLite at /srv/app.db is read-only: …". */
  readonly problem: string;
  readonly hint: string;
  /**
   * The statement may have run to the end on the server although its answer never came (the
   * connection died while it ran): whether it took effect is unknown.
   */
  readonly unknownOutcome: boolean;
}

const CODES: Record<Exclude<FaultKind, "busy">, string> = {
  "read-only": "E_DB_READ_ONLY",
  permission: "E_DB_PERMISSION",
  full: "E_DB_FULL",
  io: "E_DB_IO",
  corrupt: "E_DB_CORRUPT",
  "connection-lost": "E_DB_CONNECTION_LOST",
};

const WHAT: Record<Exclude<FaultKind, "busy" | "connection-lost">, string> = {
  "read-only": "is read-only",
  permission: "denied a privilege",
  full: "is full",
  io: "had an I/O error",
  corrupt: "is damaged",
};

function hintFor(kind: Exclude<FaultKind, "busy">, target: Target): string {
  const sqlite = target.product === "SQLite";
  switch (kind) {
    case "read-only":
      return sqlite
        ? `make ${target.where} and its folder writable for the user alab runs as (not a read-only mount, not \`chattr +i\`, write permission), or point --url at a writable copy`
        : "point --url at the primary server (not a replica or hot standby), or turn off the read-only setting (`default_transaction_read_only`, `read_only`) for this database";
    case "permission":
      return sqlite
        ? "run alab as a user that may write the database file and its folder"
        : "grant this user the privileges the migration needs (creating and altering tables, indexes and constraints in this database), or run alab as the schema's owner";
    case "full":
      return sqlite ? `free disk space where ${target.where} lives` : "free disk space on the database server (or raise its storage quota)";
    case "io":
      return sqlite ? `check the disk and the file system where ${target.where} lives (and that no other program moved or deleted the file)` : "check the database server's disk and logs";
    case "corrupt":
      return sqlite ? `restore ${target.where} from a backup (\`sqlite3 ${target.where} "pragma integrity_check"\` shows the damage)` : "check the server's logs and repair or restore the damaged table or index";
    case "connection-lost":
      return "find out why the connection dropped (server restart, a KILL from another session, the network), then run `alab status` to see what is applied and run the command again";
    default:
      return unreachable(kind, "fault kind");
  }
}

/**
 * The fault for `kind` on `target`. `reason` is the database's message; `why`, when the driver
 * could find out more (which file, which mount), says so.
 */
export function fault(kind: Exclude<FaultKind, "busy" | "connection-lost">, target: Target, reason: string, why?: string): Fault {
  // A URL that is a variable's value is described only as written: not by what the database says about it either.
  const explained = target.hidden === true ? `details are not shown because the URL is the value of ${target.where}` : why === undefined ? reason : `${reason} (${why})`;
  return { kind, code: CODES[kind], exit: EXIT.runtime, problem: `${targetText(target)} ${WHAT[kind]}: ${explained}`, hint: hintFor(kind, target), unknownOutcome: false };
}

/**
 * The connection went away. `sent`: the statement had reached the server, so it may have run to
 * the end (false when the connection was already known to be gone and nothing was sent).
 */
export function lostFault(target: Target, sent: boolean): Fault {
  const kind = "connection-lost";
  return { kind, code: CODES[kind], exit: EXIT.runtime, problem: `the connection to ${targetText(target)} was lost`, hint: hintFor(kind, target), unknownOutcome: sent };
}

/** Another connection's lock kept the statement waiting past the lock timeout (exit 4, as the migration lock). */
export function busyFault(problem: string, hint: string): Fault {
  return { kind: "busy", code: "E_LOCK_TIMEOUT", exit: EXIT.lock, problem, hint, unknownOutcome: false };
}

const SERVER_BUSY_HINT =
  "another session holds a lock on the table (often a long transaction); end it or wait for it, or raise --ddl-lock-timeout / --ddl-retries";

/** A server statement that waited in the lock queue past the DDL lock timeout (`--ddl-lock-timeout`). */
export function serverBusyFault(target: Target, holders: readonly string[] = [], how?: string): Fault {
  const who = holders.length === 0 ? "" : `; held by ${holders.join("; ")}`;
  return busyFault(`${targetText(target)}: the statement waited longer than the DDL lock timeout${how === undefined ? "" : ` (${how})`} for a lock another session holds${who}`, SERVER_BUSY_HINT);
}

/**
 * alab was told to stop (SIGINT, SIGTERM) and cancelled the statement on the server itself, or
 * did not send it (`running` false). The transaction it was in is rolled back; like any refused
 * statement it did not take effect. Exit 130 or 143, as a shell reports a process the signal ended.
 */
export function interruptedFault(signal: StopSignal, target: Target, running: boolean): Fault {
  return {
    kind: "interrupted",
    code: "E_INTERRUPTED",
    exit: signal === "SIGINT" ? EXIT.interrupted : EXIT.terminated,
    problem: running ? `interrupted by ${signal}: alab cancelled it on ${targetText(target)}` : `interrupted by ${signal} before it was sent`,
    hint: `alab was stopped (${signal === "SIGINT" ? "Ctrl-C" : "SIGTERM: `kill`, a rollout or a job's deadline"}); nothing more was run and the migration lock is released`,
    unknownOutcome: false,
  };
}

/** SQLite primary result codes (bun:sqlite reports `SQLITE_READONLY`, `SQLITE_IOERR_WRITE`, …). */
export function sqliteFaultKind(code: string): FaultKind | undefined {
  const primary = /^SQLITE_[A-Z]+/.exec(code)?.[0] ?? "";
  switch (primary) {
    case "SQLITE_READONLY":
      return "read-only";
    case "SQLITE_PERM":
    case "SQLITE_AUTH":
      return "permission";
    case "SQLITE_FULL":
      return "full";
    case "SQLITE_IOERR":
    case "SQLITE_CANTOPEN":
    case "SQLITE_NOLFS":
    case "SQLITE_PROTOCOL":
      return "io";
    case "SQLITE_CORRUPT":
    case "SQLITE_NOTADB":
      return "corrupt";
    case "SQLITE_BUSY":
    case "SQLITE_LOCKED":
      return "busy";
    default:
      return undefined;
  }
}

/** PostgreSQL SQLSTATE codes, and postgres.js's own codes for a connection that went away. */
export function postgresFaultKind(code: string): FaultKind | undefined {
  switch (code) {
    case "55P03": // lock_not_available: lock_timeout (the DDL lock timeout) or NOWAIT
      return "busy";
    case "25006": // read_only_sql_transaction: default_transaction_read_only, a hot standby
      return "read-only";
    case "42501": // insufficient_privilege
      return "permission";
    case "53100": // disk_full
      return "full";
    case "58030": // io_error
    case "58P01": // undefined_file
      return "io";
    case "XX001": // data_corrupted
    case "XX002": // index_corrupted
      return "corrupt";
    case "57P01": // admin_shutdown: pg_terminate_backend, a fast shutdown
    case "57P02": // crash_shutdown
    case "57P03": // cannot_connect_now
    case "CONNECTION_CLOSED":
    case "CONNECTION_ENDED":
    case "CONNECTION_DESTROYED":
    case "ECONNRESET":
    case "EPIPE":
      return "connection-lost";
    default:
      return code.startsWith("08") ? "connection-lost" : undefined; // class 08: connection exception
  }
}

/** MySQL/MariaDB error numbers, and the codes Bun's client gives a connection that went away. */
export function mysqlFaultKind(errno: number | undefined, code: string | undefined, message: string): FaultKind | undefined {
  if (code === "ERR_MYSQL_CONNECTION_CLOSED" || code === "ECONNRESET" || code === "EPIPE") return "connection-lost";
  switch (errno) {
    case 1205: // ER_LOCK_WAIT_TIMEOUT: lock_wait_timeout (metadata locks) or innodb_lock_wait_timeout
      return "busy";
    case 1290: // ER_OPTION_PREVENTS_STATEMENT: --read-only, but also --secure-file-priv and others
      return /read[-_ ]only/i.test(message) ? "read-only" : undefined;
    case 1836: // ER_READ_ONLY_MODE
    case 1792: // ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION
      return "read-only";
    case 1044: // ER_DBACCESS_DENIED_ERROR
    case 1045: // ER_ACCESS_DENIED_ERROR
    case 1142: // ER_TABLEACCESS_DENIED_ERROR
    case 1143: // ER_COLUMNACCESS_DENIED_ERROR
    case 1227: // ER_SPECIFIC_ACCESS_DENIED_ERROR
    case 1370: // ER_PROCACCESS_DENIED_ERROR
      return "permission";
    case 1021: // ER_DISK_FULL
    case 1114: // ER_RECORD_FILE_FULL
      return "full";
    case 1030: // ER_GET_ERRNO: the storage engine failed
      return "io";
    case 1194: // ER_CRASHED_ON_USAGE
    case 1195: // ER_CRASHED_ON_REPAIR
      return "corrupt";
    case 1927: // ER_CONNECTION_KILLED
    case 2006: // CR_SERVER_GONE_ERROR
    case 2013: // CR_SERVER_LOST
      return "connection-lost";
    default:
      return undefined;
  }
}
