/**
 * The one way to reach a database: picks the driver for the dialect and imports it lazily, so a
 * command that needs no database (and `--help`) never loads postgres.js or bun:sqlite.
 */
import { unreachable } from "../errors";
import type { Dialect } from "../sql/dialect";
import type { Driver } from "./driver";

export interface OpenOptions {
  /** Seconds to wait for a server to accept the connection (default 10). */
  readonly connectTimeoutSeconds: number;
  /** Server notices and warnings (PostgreSQL), for the caller to show; dropped when absent. */
  readonly onNotice?: (message: string) => void;
}

export const DEFAULT_CONNECT_TIMEOUT_SECONDS = 10;

export async function openDriver(url: string, dialect: Dialect, options: Partial<OpenOptions> = {}): Promise<Driver> {
  const opts: OpenOptions = { connectTimeoutSeconds: DEFAULT_CONNECT_TIMEOUT_SECONDS, ...options };
  switch (dialect) {
    case "postgres":
      return (await import("./postgres")).PostgresDriver.open(url, opts);
    case "mysql":
      return (await import("./mysql")).MysqlDriver.open(url, opts);
    case "sqlite":
      return (await import("./sqlite")).SqliteDriver.open(url, opts);
    default:
      return unreachable(dialect, "dialect");
  }
}
