/**
 * TLS for a server connection, by libpq's rules (docs/config.md, "TLS and timeouts"): which
 * attempts to make (plain, TLS without checks, TLS checking the CA, TLS checking the CA and the
 * host name), in which order, with which files. The files are read here, so one that cannot be
 * read is an error naming it before any connection is tried.
 */
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { checkServerIdentity, type PeerCertificate } from "node:tls";
import { AlabError, unreachable } from "../errors";
import type { Dialect } from "../sql/dialect";
import type { TlsParams } from "./url-params";

export interface TlsOptions {
  readonly rejectUnauthorized: boolean;
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
  readonly checkServerIdentity?: (host: string, cert: PeerCertificate) => Error | undefined;
}

/**
 * One way to connect: `false` plain, `"prefer"` the driver's own TLS-if-the-server-offers-it (no
 * checks, a server without TLS gets a plain connection on the same socket), or TLS with options.
 */
export type TlsAttempt = false | "prefer" | TlsOptions;

/** The attempts that check the host name too (verify-full), by identity: options carry no label. */
const HOST_CHECKED = new WeakSet<TlsOptions>();

/** What an attempt checks, for messages: "over TLS (certificate and host name checked)". */
export function attemptText(a: TlsAttempt): string {
  if (a === false) return "without TLS";
  if (a === "prefer" || !a.rejectUnauthorized) return "over TLS (certificate not checked)";
  return HOST_CHECKED.has(a) ? "over TLS (certificate and host name checked)" : "over TLS (certificate checked against the CA, not the host name)";
}

function fileError(file: string, what: string, why: string, hint: string): AlabError {
  return new AlabError({ code: "E_TLS_FILE", message: `${what} ${file} ${why}`, hint });
}

function exists(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function read(file: string, what: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why = code === "ENOENT" ? "does not exist" : code === "EACCES" ? "cannot be read (permission denied)" : code === "EISDIR" ? "is a folder, not a file" : "cannot be read";
    throw fileError(file, what, why, "fix the path in the database URL, or the file's permissions for the user alab runs as");
  }
}

/**
 * The attempts for `params`, in order; later ones are tried only when an earlier one fails for a
 * reason other than reaching the server (libpq's allow and prefer). `home` holds libpq's default
 * files (~/.postgresql/root.crt, postgresql.crt, postgresql.key) for PostgreSQL.
 */
export function tlsAttempts(params: TlsParams, dialect: Exclude<Dialect, "sqlite">, host: string, home: string | undefined): TlsAttempt[] {
  const pg = dialect === "postgres";
  const dir = pg && home !== undefined && home !== "" ? join(home, ".postgresql") : undefined;
  const explicitRoot = params.rootcert;
  const rootFile = explicitRoot === "system" ? undefined : (explicitRoot ?? (dir === undefined ? undefined : join(dir, "root.crt")));
  let mode = params.mode;
  // libpq: with a root certificate file present, require checks the CA (kept for compatibility).
  // MySQL: ssl-ca without a mode asks for the CA check too.
  if (mode === "require" && rootFile !== undefined && (pg ? exists(rootFile) : explicitRoot !== undefined)) mode = "verify-ca";
  if (!pg && !params.modeGiven && explicitRoot !== undefined) mode = "verify-ca";

  // The client certificate: sent when its file exists (libpq skips a missing one); then its key must.
  const certFile = params.cert ?? (dir === undefined ? undefined : join(dir, "postgresql.crt"));
  const keyFile = params.key ?? (dir === undefined ? undefined : join(dir, "postgresql.key"));
  let client: { cert?: string; key?: string } = {};
  if (certFile !== undefined && exists(certFile)) {
    if (keyFile === undefined || !exists(keyFile)) {
      throw fileError(certFile, "the client certificate", `is there, but its private key ${keyFile === undefined ? "is not given" : `${keyFile} does not exist`}`, "give the key with sslkey= (ssl-key= on MySQL), or remove the certificate");
    }
    client = { cert: read(certFile, "the client certificate"), key: read(keyFile, "the client key") };
  } else if (params.cert !== undefined && !pg) {
    throw fileError(params.cert, "the client certificate", "does not exist", "fix ssl-cert= in the database URL");
  }

  const noCheck: TlsOptions = { rejectUnauthorized: false, ...client };
  const withCa = (): { ca?: string } => {
    if (explicitRoot === "system") return {};
    if (rootFile === undefined) {
      throw fileError("(none given)", "the root certificate", "is needed", `sslmode=${mode} checks the server's certificate against a CA: give its file with sslrootcert= (ssl-ca= on MySQL), or sslrootcert=system for the system's trusted roots`);
    }
    if (!exists(rootFile) && explicitRoot === undefined) {
      throw fileError(rootFile, "the root certificate file", "does not exist", `sslmode=${mode} checks the server's certificate: provide the file, give sslrootcert=path, use sslrootcert=system for the system's trusted roots, or use sslmode=require to encrypt without checking`);
    }
    return { ca: read(rootFile, "the root certificate file") };
  };
  switch (mode) {
    case "disable":
      return [false];
    case "allow":
      return [false, noCheck];
    case "prefer":
      return client.cert === undefined ? ["prefer"] : [noCheck, false];
    case "require":
      return [noCheck];
    case "verify-ca":
      // The chain is checked against the CA; whose name is on the certificate is not.
      return [{ rejectUnauthorized: true, ...withCa(), ...client, checkServerIdentity: () => undefined }];
    case "verify-full": {
      const full: TlsOptions = { rejectUnauthorized: true, ...withCa(), ...client, checkServerIdentity: (_name: string, cert: PeerCertificate) => checkServerIdentity(host, cert) };
      HOST_CHECKED.add(full);
      return [full];
    }
    default:
      return unreachable(mode, "sslmode");
  }
}
