/**
 * How database failures reach the user: one line saying what failed where, an AlabError with a
 * stable code, never a driver stack trace. Drivers translate their own errors into these.
 */
import { AlabError, EXIT } from "../errors";
import type { Statement } from "../sql/dialect";
import type { Fault } from "./faults";
import { type Target, targetText } from "./target";

/** The first line of a statement, shortened for messages. */
export function statementHead(sql: string, max = 100): string {
  const line = sql.trim().split("\n")[0]?.trim() ?? "";
  const more = line.length > max || sql.trim().includes("\n");
  return line.length > max ? `${line.slice(0, max - 1)}…` : more ? `${line} …` : line;
}

export type ConnectFailure = "refused" | "auth" | "unknown-database" | "timeout" | "host" | "starting" | "tls" | "open" | "other";

/** Failures that may pass when the server is up (`--wait` retries them); a refused login, an unknown database or a TLS failure is final. */
export const TRANSIENT: ReadonlySet<ConnectFailure> = new Set(["refused", "timeout", "host", "starting"]);

const CONNECT_HINT: Record<ConnectFailure, string> = {
  refused: "start the server, or fix the host and port in the database URL (--url, DATABASE_URL or alab.yaml)",
  auth: "fix the user and password in the database URL, or grant this user access",
  "unknown-database": "create the database first, or fix its name in the database URL",
  timeout: "check that the host is reachable from here (firewall, VPN, server load) and the port is right",
  host: "fix the host name in the database URL",
  starting: "the server is starting up or shutting down: wait for it (`--wait SECONDS` retries until it answers)",
  tls: "check the TLS settings of the database URL (sslmode, sslrootcert, sslcert, sslkey; on MySQL ssl-mode, ssl-ca, ssl-cert, ssl-key) against the server's certificate and whether it accepts TLS (docs/config.md)",
  open: "check that the folder exists and is writable, and that the file is a SQLite database",
  other: "check the database URL (--url, DATABASE_URL or alab.yaml) and that the server accepts connections",
};

/** What a failure is called when the database's own words may not be shown (they name the user, database or host). */
const CONNECT_KIND: Record<ConnectFailure, string> = {
  refused: "connection refused",
  auth: "the server refused the user or password",
  "unknown-database": "the database does not exist",
  timeout: "no answer in time",
  host: "host not found",
  starting: "the server is starting up",
  tls: "the TLS connection failed",
  open: "the file cannot be opened as a SQLite database",
  other: "the connection failed",
};

/** A failed connection, with why (for `--wait`, which retries only what may pass). */
export class ConnectError extends AlabError {
  readonly kind: ConnectFailure;
  constructor(kind: ConnectFailure, init: ConstructorParameters<typeof AlabError>[0]) {
    super(init);
    this.kind = kind;
  }
}

export function connectError(target: Target, kind: ConnectFailure, reason: string, cause?: unknown): ConnectError {
  const hidden = target.hidden === true;
  return new ConnectError(kind, {
    code: "E_DB_CONNECT",
    message: `cannot connect to ${targetText(target)}: ${hidden ? CONNECT_KIND[kind] : reason}`,
    hint: hidden ? `${CONNECT_HINT[kind]}; details are not shown because the URL is the value of ${target.where} (pass it with -d or DATABASE_URL to see them)` : CONNECT_HINT[kind],
    exit: EXIT.runtime,
    cause,
  });
}

/**
 * A statement that did not run to the end: the database refused it, or (with `fault`) something
 * that is not the statement's fault stopped it — a read-only database, a lost connection, another
 * connection's lock (faults.ts). `index` is its position in the list given to Driver.exec (0 for
 * a single query), so the runner can say which statement of which file it was.
 */
export class StatementError extends AlabError {
  readonly index: number;
  readonly statement: Statement;
  /** The database's own message, e.g. `relation "x" already exists`. */
  readonly reason: string;
  /** Set when the database, not the statement, is at fault. */
  readonly fault: Fault | undefined;
  constructor(index: number, statement: Statement, reason: string, cause?: unknown, fault?: Fault) {
    super(
      fault === undefined
        ? {
            code: "E_DB_STATEMENT",
            message: `the database refused \`${statementHead(statement.sql)}\`: ${reason}`,
            hint: "fix the statement (or the migration that produced it) and run again",
            exit: EXIT.runtime,
            cause,
          }
        : { code: fault.code, message: fault.problem, hint: fault.hint, exit: fault.exit, details: [`statement: ${statementHead(statement.sql)}`], cause },
    );
    this.index = index;
    this.statement = statement;
    this.reason = reason;
    this.fault = fault;
  }

  /** The same failure as the statement at another position (the runner counts per migration). */
  renumbered(index: number): StatementError {
    return index === this.index ? this : new StatementError(index, this.statement, this.reason, this.cause, this.fault);
  }
}

export function isStatementError(e: unknown): e is StatementError {
  return e instanceof StatementError;
}

export function lockTimeoutError(what: string, seconds: number, holder: string | undefined): AlabError {
  return new AlabError({
    code: "E_LOCK_TIMEOUT",
    message: `could not take the migration lock (${what}) within ${seconds} s${holder === undefined ? "" : `: held by ${holder}`}`,
    hint: "another `alab migrate` or `alab rollback` is running against this database; wait for it, or raise --lock-timeout",
    exit: EXIT.lock,
  });
}

/** The error of a fault met outside a statement (opening a lock file, say). */
export function faultError(f: Fault, cause?: unknown): AlabError {
  return new AlabError({ code: f.code, message: f.problem, hint: f.hint, exit: f.exit, cause });
}

export function internalDbError(message: string): AlabError {
  return new AlabError({ code: "E_INTERNAL", message: `internal: ${message}`, hint: "this is a bug in alab; please report it", exit: EXIT.runtime });
}

/** A driver error's message without driver prefixes, on one line. */
export function reasonOf(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.replace(/\s+/g, " ").trim();
}
