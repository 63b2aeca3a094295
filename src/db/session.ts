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
