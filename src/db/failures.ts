/**
 * How database failures reach the user: one line saying what failed where, an AlabError with a
 * stable code, never a driver stack trace. Drivers translate their own errors into these.
 */
import { AlabError, EXIT } from "../errors";
import type { Statement } from "../sql/dialect";
import { type Target, targetText } from "./target";

/** The first line of a statement, shortened for messages. */
export function statementHead(sql: string, max = 100): string {
  const line = sql.trim().split("\n")[0]?.trim() ?? "";
  const more = line.length > max || sql.trim().includes("\n");
  return line.length > max ? `${line.slice(0, max - 1)}…` : more ? `${line} …` : line;
}

export type ConnectFailure = "refused" | "auth" | "unknown-database" | "timeout" | "host" | "open" | "other";

const CONNECT_HINT: Record<ConnectFailure, string> = {
  refused: "start the server, or fix the host and port in the database URL (--url, DATABASE_URL or alab.yaml)",
  auth: "fix the user and password in the database URL, or grant this user access",
  "unknown-database": "create the database first, or fix its name in the database URL",
  timeout: "check that the host is reachable from here (firewall, VPN, server load) and the port is right",
  host: "fix the host name in the database URL",
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
  open: "the file cannot be opened as a SQLite database",
  other: "the connection failed",
};

export function connectError(target: Target, kind: ConnectFailure, reason: string, cause?: unknown): AlabError {
  const hidden = target.hidden === true;
  return new AlabError({
    code: "E_DB_CONNECT",
    message: `cannot connect to ${targetText(target)}: ${hidden ? CONNECT_KIND[kind] : reason}`,
    hint: hidden ? `${CONNECT_HINT[kind]}; details are not shown because the URL is the value of ${target.where} (pass it with -d or DATABASE_URL to see them)` : CONNECT_HINT[kind],
    exit: EXIT.runtime,
    cause,
  });
}

/**
 * A statement the database refused. `index` is its position in the list given to Driver.exec
 * (0 for a single query), so the runner can say which statement of which file failed.
 */
export class StatementError extends AlabError {
  readonly index: number;
  readonly statement: Statement;
  /** The database's own message, e.g. `relation "x" already exists`. */
  readonly reason: string;
  constructor(index: number, statement: Statement, reason: string, cause?: unknown) {
    super({
      code: "E_DB_STATEMENT",
      message: `the database refused \`${statementHead(statement.sql)}\`: ${reason}`,
      hint: "fix the statement (or the migration that produced it) and run again",
      exit: EXIT.runtime,
      cause,
    });
    this.index = index;
    this.statement = statement;
    this.reason = reason;
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

export function connectionLostError(target: Target, cause?: unknown): AlabError {
  return new AlabError({
    code: "E_DB_CONNECTION_LOST",
    message: `the connection to ${targetText(target)} was lost; the migration lock and any open transaction went with it`,
    hint: "run `alab status` to see what was applied, then run the command again",
    exit: EXIT.runtime,
    cause,
  });
}

export function internalDbError(message: string): AlabError {
  return new AlabError({ code: "E_INTERNAL", message: `internal: ${message}`, hint: "this is a bug in alab; please report it", exit: EXIT.runtime });
}

/** A driver error's message without driver prefixes, on one line. */
export function reasonOf(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.replace(/\s+/g, " ").trim();
}
