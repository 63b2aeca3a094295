/**
 * The connection parameters alab reads from a database URL's query string, as libpq (PostgreSQL)
 * and the mysql client (MySQL/MariaDB) define them: the TLS mode and files, and connect_timeout.
 * They are taken out of the URL before it reaches the driver (postgres.js would send unknown
 * parameters to the server as settings; Bun's client has modes of its own). A value alab does not
 * know is a usage error (exit 2), never a silent default: `sslmode=bogus` must not connect.
 */
import { AlabError } from "../errors";
import type { Dialect } from "../sql/dialect";

/** libpq's modes, weakest first. */
export const PG_SSL_MODES = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"] as const;
export type PgSslMode = (typeof PG_SSL_MODES)[number];

/** MySQL's `ssl-mode` values (case-insensitive), weakest first. */
export const MYSQL_SSL_MODES = ["DISABLED", "PREFERRED", "REQUIRED", "VERIFY_CA", "VERIFY_IDENTITY"] as const;
export type MysqlSslMode = (typeof MYSQL_SSL_MODES)[number];

export interface TlsParams {
  /** PostgreSQL: libpq's sslmode; absent: libpq's default, `prefer`. MySQL: mapped onto the same scale. */
  readonly mode: PgSslMode;
  /** Whether the mode was written (libpq: sslrootcert=system makes the unwritten default verify-full). */
  readonly modeGiven: boolean;
  /** The mode as the URL wrote it, for messages: `sslmode=prefer`, `ssl-mode=REQUIRED`. */
  readonly shown: string;
  /** A file path, or "system" (the trusted roots of the TLS library). */
  readonly rootcert?: string;
  readonly cert?: string;
  readonly key?: string;
}

export interface UrlParams {
  /** The URL without the parameters alab handles. */
  readonly url: string;
  readonly tls: TlsParams;
  /** connect_timeout in seconds; null: no limit (libpq: 0 or negative); undefined: not given. */
  readonly connectTimeoutSeconds?: number | null;
}

const PG_KEYS = ["sslmode", "sslrootcert", "sslcert", "sslkey", "connect_timeout"];
const MYSQL_KEYS = ["ssl-mode", "sslmode", "ssl", "ssl-ca", "ssl-cert", "ssl-key", "connect_timeout", "connect-timeout"];

function bad(key: string, value: string, allowed: string): AlabError {
  return new AlabError({
    code: "E_CONFIG_URL_PARAM",
    message: `the database URL's \`${key}\` is \`${value.length > 40 ? `${value.slice(0, 39)}…` : value}\`, which alab does not know`,
    hint: `${key} takes ${allowed} (docs/config.md, "TLS and timeouts")`,
  });
}

/** libpq: seconds as a whole number; 0 or negative waits forever; 1 counts as 2. */
function timeoutOf(key: string, text: string | null): number | null | undefined {
  if (text === null) return undefined;
  if (!/^\s*-?\d+\s*$/.test(text)) throw bad(key, text, "a whole number of seconds (0: no limit)");
  const n = Number(text);
  return n <= 0 ? null : Math.max(2, n);
}

export function urlParams(url: string, dialect: Dialect): UrlParams {
  if (dialect === "sqlite" || !URL.canParse(url)) return { url, tls: { mode: "disable", modeGiven: false, shown: "" } };
  const u = new URL(url);
  const q = u.searchParams;
  const get = (k: string) => q.get(k);
  let result: Omit<UrlParams, "url">;
  if (dialect === "postgres") {
    const given = get("sslmode");
    if (given !== null && !(PG_SSL_MODES as readonly string[]).includes(given)) throw bad("sslmode", given, PG_SSL_MODES.join(", "));
    const rootcert = get("sslrootcert") ?? undefined;
    let mode = (given ?? "prefer") as PgSslMode;
    if (rootcert === "system") {
      // libpq 16: the system's roots vouch for anyone's host name, so only verify-full means anything.
      if (given === null) mode = "verify-full";
      else if (mode !== "verify-full") {
        throw new AlabError({
          code: "E_CONFIG_URL_PARAM",
          message: `sslmode=${mode} may not be used with sslrootcert=system`,
          hint: "use sslmode=verify-full (or leave sslmode out): with the system's trusted roots, only checking the host name proves whose server it is",
        });
      }
    }
    result = { tls: { mode, modeGiven: given !== null, shown: `sslmode=${mode}`, ...opt("rootcert", rootcert), ...opt("cert", get("sslcert")), ...opt("key", get("sslkey")) }, ...optTimeout(timeoutOf("connect_timeout", get("connect_timeout"))) };
    for (const k of PG_KEYS) q.delete(k);
  } else {
    result = { tls: mysqlTls(get), ...optTimeout(timeoutOf("connect_timeout", get("connect_timeout") ?? get("connect-timeout"))) };
    for (const k of MYSQL_KEYS) q.delete(k);
  }
  return { url: u.toString(), ...result };
}

function opt<K extends string>(key: K, value: string | null | undefined): { [P in K]?: string } {
  return (value === null || value === undefined || value === "" ? {} : { [key]: value }) as { [P in K]?: string };
}

function optTimeout(t: number | null | undefined): { connectTimeoutSeconds?: number | null } {
  return t === undefined ? {} : { connectTimeoutSeconds: t };
}

/**
 * MySQL's `ssl-mode` (MySQL 5.7.11+ client) onto libpq's scale: DISABLED, PREFERRED, REQUIRED,
 * VERIFY_CA, VERIFY_IDENTITY = disable, prefer, require, verify-ca, verify-full. The older `ssl`
 * switch (MariaDB's client): `ssl=true` is REQUIRED, `ssl=false` DISABLED. `sslmode` in libpq's
 * words is accepted too. The mysql client's default is PREFERRED.
 */
function mysqlTls(get: (k: string) => string | null): TlsParams {
  const files = { ...opt("rootcert", get("ssl-ca")), ...opt("cert", get("ssl-cert")), ...opt("key", get("ssl-key")) };
  const mode = get("ssl-mode");
  const ssl = get("ssl");
  const libpq = get("sslmode");
  const given = [mode === null ? "" : "ssl-mode", ssl === null ? "" : "ssl", libpq === null ? "" : "sslmode"].filter((g) => g !== "");
  if (given.length > 1) {
    throw new AlabError({ code: "E_CONFIG_URL_PARAM", message: `the database URL gives the TLS mode twice (${given.join(" and ")})`, hint: "keep one: ssl-mode=REQUIRED (or DISABLED, PREFERRED, VERIFY_CA, VERIFY_IDENTITY)" });
  }
  if (mode !== null) {
    const upper = mode.toUpperCase();
    const at = (MYSQL_SSL_MODES as readonly string[]).indexOf(upper);
    if (at < 0) throw bad("ssl-mode", mode, MYSQL_SSL_MODES.join(", "));
    const mapped: Record<MysqlSslMode, PgSslMode> = { DISABLED: "disable", PREFERRED: "prefer", REQUIRED: "require", VERIFY_CA: "verify-ca", VERIFY_IDENTITY: "verify-full" };
    return { mode: mapped[upper as MysqlSslMode], modeGiven: true, shown: `ssl-mode=${upper}`, ...files };
  }
  if (ssl !== null) {
    const on = ["true", "1", "on", "yes"].includes(ssl.toLowerCase());
    const off = ["false", "0", "off", "no"].includes(ssl.toLowerCase());
    if (!on && !off) throw bad("ssl", ssl, "true or false");
    return { mode: on ? "require" : "disable", modeGiven: true, shown: `ssl=${ssl}`, ...files };
  }
  if (libpq !== null) {
    if (!(PG_SSL_MODES as readonly string[]).includes(libpq)) throw bad("sslmode", libpq, PG_SSL_MODES.join(", "));
    return { mode: libpq as PgSslMode, modeGiven: true, shown: `sslmode=${libpq}`, ...files };
  }
  return { mode: "prefer", modeGiven: false, shown: "ssl-mode=PREFERRED (the default)", ...files };
}
