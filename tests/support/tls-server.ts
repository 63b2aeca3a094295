/**
 * A throwaway TLS world for connection tests: a CA, a second CA nobody trusts, a server
 * certificate for 127.0.0.1 (IP only: `localhost` does not match it), all made with openssl in a
 * temp folder; and a second PostgreSQL cluster (initdb, run as the postgres user) with ssl=on on a
 * free port, which accepts TLS connections only (hostnossl is rejected), and to the database
 * `certdb` only with a client certificate the CA signed for CN=postgres. `stop()` removes all.
 * Returns null, with the reason, where this machine cannot (no openssl, no initdb, not root).
 */
import { chmod, chown, mkdtemp, rm, writeFile } from "node:fs/promises";
import { existsSync, readdirSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TlsFiles {
  readonly dir: string;
  readonly ca: string;
  readonly otherCa: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly clientCert: string;
  readonly clientKey: string;
}

export interface TlsPostgres {
  readonly files: TlsFiles;
  readonly port: number;
  /** postgres://postgres@<host>:<port>/<database>?<query> */
  url(query: string, host?: string, database?: string): string;
  stop(): Promise<void>;
}

async function run(argv: string[], opts: { cwd?: string } = {}): Promise<string> {
  const p = Bun.spawn(argv, { cwd: opts.cwd, stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  if (code !== 0) throw new Error(`${argv.join(" ")} exited ${code}: ${err || out}`);
  return out;
}

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      const port = typeof a === "object" && a !== null ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export async function makeTlsFiles(dir: string): Promise<TlsFiles> {
  const f = (n: string) => join(dir, n);
  const subj = (cn: string) => ["-subj", `/CN=${cn}`];
  for (const ca of ["ca", "other-ca"]) {
    await run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-keyout", f(`${ca}.key`), "-out", f(`${ca}.crt`), ...subj(`alab test ${ca}`)]);
  }
  const sign = async (name: string, cn: string, ext: string) => {
    await run(["openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", f(`${name}.key`), "-out", f(`${name}.csr`), ...subj(cn)]);
    await writeFile(f(`${name}.ext`), ext);
    await run(["openssl", "x509", "-req", "-in", f(`${name}.csr`), "-CA", f("ca.crt"), "-CAkey", f("ca.key"), "-CAcreateserial", "-days", "2", "-out", f(`${name}.crt`), "-extfile", f(`${name}.ext`)]);
  };
  await sign("server", "127.0.0.1", "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n");
  await sign("client", "postgres", "basicConstraints=CA:FALSE\n");
  return { dir, ca: f("ca.crt"), otherCa: f("other-ca.crt"), serverCert: f("server.crt"), serverKey: f("server.key"), clientCert: f("client.crt"), clientKey: f("client.key") };
}

function pgBin(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, "bin", "initdb"))).sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], "bin");
}

/** Why a TLS PostgreSQL cannot be started here, or undefined when it can. */
export function tlsPostgresUnavailable(): string | undefined {
  if (Bun.which("openssl") === null) return "openssl is not installed";
  if (pgBin() === undefined) return "no PostgreSQL server binaries (initdb) under /usr/lib/postgresql";
  if (process.getuid?.() !== 0) return "initdb must run as the postgres user, which needs root here";
  if (Bun.which("runuser") === null) return "runuser is not installed";
  return undefined;
}

export async function startTlsPostgres(): Promise<TlsPostgres> {
  const bin = pgBin() as string;
  const dir = await mkdtemp(join(tmpdir(), "alab-tls-"));
  const files = await makeTlsFiles(dir);
  const data = join(dir, "data");
  // The postgres user owns the cluster, its socket folder and its key (0600, as the server demands).
  const { uid, gid } = await userIds("postgres");
  await chown(dir, uid, gid);
  for (const k of [files.serverKey, files.serverCert, files.ca]) {
    await chown(k, uid, gid);
    await chmod(k, 0o600);
  }
  const asPostgres = (argv: string[]) => run(["runuser", "-u", "postgres", "--", ...argv], { cwd: dir });
  await asPostgres([join(bin, "initdb"), "-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]);
  await writeFile(join(data, "pg_hba.conf"), "local all all trust\nhostssl certdb all 127.0.0.1/32 cert\nhostssl all all 127.0.0.1/32 trust\nhostnossl all all 127.0.0.1/32 reject\n");
  await chown(join(data, "pg_hba.conf"), uid, gid);
  const port = await freePort();
  const settings = [
    `-c port=${port}`,
    "-c listen_addresses=127.0.0.1",
    `-c unix_socket_directories=${dir}`,
    "-c ssl=on",
    `-c ssl_cert_file=${files.serverCert}`,
    `-c ssl_key_file=${files.serverKey}`,
    `-c ssl_ca_file=${files.ca}`,
    "-c fsync=off",
    "-c shared_buffers=16MB",
    "-c max_connections=20",
  ].join(" ");
  await asPostgres([join(bin, "pg_ctl"), "-D", data, "-o", settings, "-l", join(dir, "server.log"), "-w", "-t", "60", "start"]);
  await asPostgres([join(bin, "psql"), "-h", dir, "-p", String(port), "-U", "postgres", "-qc", "create database certdb"]);
  return {
    files,
    port,
    url: (query, host = "127.0.0.1", database = "postgres") => `postgres://postgres@${host}:${port}/${database}${query === "" ? "" : `?${query}`}`,
    stop: async () => {
      await asPostgres([join(bin, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"]).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function userIds(name: string): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run(["id", "-u", name]), run(["id", "-g", name])]);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}
