/**
 * A connection to one database. Only src/db imports database drivers; everything else talks to
 * this interface. Implementations: postgres.ts (postgres.js on one reserved connection), mysql.ts,
 * sqlite.ts (bun:sqlite). Drivers are loaded lazily (`openDriver` imports the one it needs).
 */
import type { Dialect, Statement } from "../sql/dialect";

export type Row = Record<string, unknown>;

export interface Driver {
  readonly dialect: Dialect;
  /** Server version string, e.g. "15.19" or "10.11.19-MariaDB" or SQLite's "3.54.0". */
  readonly version: string;
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
  close(): Promise<void>;
}
