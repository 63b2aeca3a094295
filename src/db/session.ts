/**
 * Session settings alab puts on every connection, per dialect. The drivers run them on connect and
 * `alab migrate --dry` prints them first, so piped SQL runs under the same rules.
 */
import { unreachable } from "../errors";
import type { Dialect, Statement } from "../sql/dialect";

/**
 * MySQL/MariaDB: strict mode so a bad value is an error, not a warning and a truncated row; no
 * NO_BACKSLASH_ESCAPES, because string literals (src/sql/escape.ts) escape backslashes.
 */
export const MYSQL_SQL_MODE = "ONLY_FULL_GROUP_BY,STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION";

export function sessionStatements(dialect: Dialect): Statement[] {
  switch (dialect) {
    case "postgres":
      return [{ sql: "SET standard_conforming_strings = on" }, { sql: "SET client_min_messages = warning" }];
    case "mysql":
      return [{ sql: `SET SESSION sql_mode = '${MYSQL_SQL_MODE}'` }, { sql: "SET SESSION time_zone = '+00:00'" }];
    case "sqlite":
      // The sqlite3 shell starts with foreign keys off; bun:sqlite too.
      return [{ sql: "PRAGMA foreign_keys = ON" }];
    default:
      return unreachable(dialect, "dialect");
  }
}

/**
 * How long one DDL statement may wait in the lock queue (`--ddl-lock-timeout`). A statement that
 * waits for an ACCESS EXCLUSIVE / metadata lock makes every later reader of the table wait behind
 * it, so the wait is bounded and the run retries later instead (run/lock-retry.ts). 0 = no limit.
 * SQLite has no lock queue: a writer waits for the busy timeout and readers are not held up.
 */
export function ddlLockStatements(dialect: Dialect, seconds: number): Statement[] {
  switch (dialect) {
    case "postgres":
      return [{ sql: `SET lock_timeout = '${Math.round(seconds * 1000)}ms'` }];
    case "mysql":
      // Whole seconds, at least 1; 0 restores the server's default of a year.
      return [{ sql: `SET SESSION lock_wait_timeout = ${seconds === 0 ? 31536000 : Math.max(1, Math.ceil(seconds))}` }];
    case "sqlite":
      return [];
    default:
      return unreachable(dialect, "dialect");
  }
}
