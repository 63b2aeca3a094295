/**
 * The one way to reach a database: picks the dialect's folder (`./<dialect>/driver.ts`,
 * `./<dialect>/introspect.ts`) and imports it lazily, so a command that needs no database (and
 * `--help`) never loads postgres.js or bun:sqlite.
 */
import { unreachable } from "../errors";
import type { Dialect } from "../sql/dialect";
import { DEFAULT_CONNECT_TIMEOUT_SECONDS, type Driver, type OpenOptions } from "./driver";
import type { Introspector } from "./introspector";

export { DEFAULT_CONNECT_TIMEOUT_SECONDS, type OpenOptions };

export async function openDriver(url: string, dialect: Dialect, options: Partial<OpenOptions> = {}): Promise<Driver> {
  const opts: OpenOptions = { connectTimeoutSeconds: DEFAULT_CONNECT_TIMEOUT_SECONDS, ...options };
  switch (dialect) {
    case "postgres":
      return (await import("./postgres/driver")).PostgresDriver.open(url, opts);
    case "mysql":
      return (await import("./mysql/driver")).MysqlDriver.open(url, opts);
    case "sqlite":
      return (await import("./sqlite/driver")).SqliteDriver.open(url, opts);
    default:
      return unreachable(dialect, "dialect");
  }
}

/** The catalog reader for the database `driver` is connected to (reads only, on that connection). */
export async function openIntrospector(driver: Driver): Promise<Introspector> {
  switch (driver.dialect) {
    case "postgres":
      return new (await import("./postgres/introspect")).PostgresIntrospector(driver);
    case "mysql":
      return new (await import("./mysql/introspect")).MysqlIntrospector(driver);
    case "sqlite":
      return new (await import("./sqlite/introspect")).SqliteIntrospector(driver);
    default:
      return unreachable(driver.dialect, "dialect");
  }
}
