/**
 * A connection to one database. Only src/db imports database drivers; everything else talks to
 * this interface. Implementations, one folder per dialect with the same role files:
 * postgres/driver.ts (postgres.js on one reserved connection), mysql/driver.ts (Bun's MySQL
 * client), sqlite/driver.ts (bun:sqlite). Drivers are loaded lazily (`openDriver` in open.ts).
 */
import type { Dialect, Statement } from "../sql/dialect";
import type { Fault, StopSignal } from "./faults";

export type Row = Record<string, unknown>;

export interface OpenOptions {
  /** Seconds to wait for a server to accept the connection (default 10). */
  readonly connectTimeoutSeconds: number;
  /** Server notices and warnings (PostgreSQL), for the caller to show; dropped when absent. */
  readonly onNotice?: (message: string) => void;
  /** Messages name the database by this text (`${DB_URL}` as written in alab.yaml), never by its URL. */
  readonly shownAs?: string;
  /**
   * Take the password only from the URL, never from PGPASSWORD / MYSQL_PASSWORD: for a URL that
   * the project's files chose, whose host may be anyone's.
   */
  readonly passwordFromUrlOnly?: boolean;
  /**
   * Seconds any statement may wait for another connection's lock (SQLite's busy timeout; default
   * 60). The servers wait for alab's own lock in `lock()` and for nothing else here.
   */
  readonly lockTimeoutSeconds?: number;
  /** How a statement that runs inside this process (SQLite) lets a signal stop it; absent: signals are not watched. */
  readonly signals?: SignalGuard;
}

/**
 * A statement that runs inside alab's own process (SQLite) blocks the event loop, so no signal
 * handler can run until it ends. The guard runs it with the signals' default action — the process
 * ends at once, and SQLite rolls the open transaction back from its journal at the next open —
 * and puts alab's handlers back afterwards.
 */
export interface SignalGuard {
  uninterruptible<T>(fn: () => T): T;
}

export const DEFAULT_CONNECT_TIMEOUT_SECONDS = 10;

export interface Driver {
  readonly dialect: Dialect;
  /** Server version string, e.g. "15.19" or "10.11.19-MariaDB" or SQLite's "3.54.0". */
  readonly version: string;
  /** BEGIN as this dialect's runner sends it (SQLite: BEGIN IMMEDIATE, the write lock up front). */
  readonly beginSql: string;
  /** Runs statements in order; stops at the first failure (error names the statement's index). */
  exec(statements: readonly Statement[]): Promise<void>;
  /**
   * Like `exec`, but where the database rejects everything after a failure inside a transaction
   * (PostgreSQL), every statement is sent before the first answer arrives: one round trip. The
   * error is the first failure, as `exec` would report it.
   */
  pipeline(statements: readonly Statement[]): Promise<void>;
  /**
   * True where `pipeline` really sends ahead: statements sent before earlier answers arrived still
   * run in the order sent, and inside a transaction nothing runs after a failure.
   */
  readonly pipelines: boolean;
  query<T extends Row = Row>(statement: Statement): Promise<T[]>;
  /** BEGIN … COMMIT around `fn`; ROLLBACK when it throws (for MySQL, DDL inside still commits). */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * Takes the migration lock or throws AlabError E_LOCK_TIMEOUT (exit 4) after `timeoutSeconds`,
   * naming the holder where the database can tell. Returns the release function.
   */
  lock(key: string, timeoutSeconds: number): Promise<() => Promise<void>>;
  /**
   * The failure of a statement that waited past the DDL lock timeout, naming the sessions that
   * hold locks on `tables` (SQL names; every table of the schema when empty) where the database
   * can tell: pid or thread, application, user, since when. Never their query text. `how`: the
   * wait and the tries, in words.
   */
  lockWaitFault(tables: readonly string[], how: string): Promise<Fault>;
  /**
   * Stop the run: cancel the statement running on the server (PostgreSQL's cancel request, MySQL's
   * KILL QUERY); every statement after it fails as interrupted (E_INTERRUPTED), while the
   * driver's own clean-up (ROLLBACK, releasing the lock) still runs.
   */
  interrupt(signal: StopSignal): Promise<void>;
  close(): Promise<void>;
}
