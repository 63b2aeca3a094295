/**
 * Where a database URL points, in words, for messages: "PostgreSQL at 127.0.0.1:5432 (database
 * test)". Never includes the user's password. A URL that is the value of a variable named in
 * alab.yaml is described only by the text written there ("PostgreSQL at ${DB_URL}"): nothing read
 * out of it is shown, so a file cannot print a secret by naming its variable.
 */
import type { Dialect } from "../sql/dialect";

export interface Target {
  /** "PostgreSQL", "MySQL/MariaDB" or "SQLite". */
  readonly product: string;
  /** host:port, a socket path, or the SQLite file. */
  readonly where: string;
  readonly host?: string;
  readonly port?: number;
  readonly database?: string;
  readonly user?: string;
  /** Described by the text as written, not by the URL: the database's own words about it are not shown either. */
  readonly hidden?: boolean;
}

const PRODUCT: Record<Dialect, string> = { postgres: "PostgreSQL", mysql: "MySQL/MariaDB", sqlite: "SQLite" };
const DEFAULT_PORT: Record<"postgres" | "mysql", number> = { postgres: 5432, mysql: 3306 };

/** The file a SQLite URL names: `sqlite:x.db`, `sqlite:///abs/x.db`, `file:x.db`, `x.db`, `sqlite::memory:`. */
export function sqliteFileOf(url: string): string {
  let rest = url;
  const scheme = /^(sqlite|file):/i.exec(url);
  if (scheme) rest = url.slice(scheme[0].length);
  if (rest === ":memory:") return rest;
  if (rest.startsWith("//")) rest = rest.slice(2);
  const q = rest.indexOf("?");
  return q < 0 ? rest : rest.slice(0, q);
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function describeTarget(url: string, dialect: Dialect): Target {
  if (dialect === "sqlite") {
    const file = sqliteFileOf(url);
    return { product: PRODUCT.sqlite, where: file === ":memory:" ? "an in-memory database" : file };
  }
  // A URL without a host (`postgres://u@/app?host=/run/pg`, a socket) is valid to the drivers but not to URL.
  const withHost = url.replace(/^([a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?)\//i, "$1localhost/");
  let u: URL;
  try {
    u = new URL(withHost);
  } catch {
    return { product: PRODUCT[dialect], where: "an unparsable URL" };
  }
  const socket = u.searchParams.get("host") ?? u.searchParams.get("socket") ?? u.searchParams.get("path");
  const host = decode(u.hostname) || "localhost";
  const port = u.port === "" ? DEFAULT_PORT[dialect] : Number(u.port);
  const database = decode(u.pathname.replace(/^\//, "")) || undefined;
  const user = decode(u.username) || undefined;
  return {
    product: PRODUCT[dialect],
    where: socket !== null && socket.startsWith("/") ? socket : `${host}:${port}`,
    host,
    port,
    ...(database === undefined ? {} : { database }),
    ...(user === undefined ? {} : { user }),
  };
}

/** The target for messages: the URL's own parts, or only the text `shownAs` when there is one. */
export function targetOf(url: string, dialect: Dialect, shownAs: string | undefined): Target {
  return shownAs === undefined ? describeTarget(url, dialect) : hiddenTarget(dialect, shownAs);
}

/** The password written in a server URL ("" when none), decoded as the drivers decode it. */
export function passwordOf(url: string): string {
  try {
    return decode(new URL(url).password);
  } catch {
    return "";
  }
}

/** A database known only by how its URL is written in alab.yaml (`${DB_URL}`). */
export function hiddenTarget(dialect: Dialect, written: string): Target {
  return { product: PRODUCT[dialect], where: written, hidden: true };
}

/** "PostgreSQL at 127.0.0.1:5432 (database test)". */
export function targetText(t: Target): string {
  return `${t.product} at ${t.where}${t.database === undefined ? "" : ` (database ${t.database})`}`;
}
