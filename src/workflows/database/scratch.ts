/**
 * A throwaway database for `alab verify`: a uniquely named database on a PostgreSQL or MySQL
 * server (`--dev-url`), or a SQLite file in the temp folder. It is dropped afterwards in every
 * case: success, failure, and Ctrl-C or SIGTERM while it exists (the signal ends the run with an
 * error once the database is gone, instead of killing the process and leaving it behind).
 */
import { accessSync, constants, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Config, parseDatabaseUrl, redactUrl } from "../../config";
import { openDriver } from "../../db/open";
import { isStatementError } from "../../db/failures";
import { AlabError, EXIT } from "../../errors";
import type { Dialect } from "../../sql/dialect";

export interface Scratch {
  /** A Config like the project's, pointing at the scratch database. */
  readonly config: Config;
  /** "a scratch PostgreSQL database alab_verify_… on postgres://u:***@host/postgres". */
  readonly description: string;
  drop(): Promise<void>;
}

const PRIVILEGE: Record<"postgres" | "mysql", string> = {
  postgres: "the CREATEDB role attribute (ALTER ROLE <user> CREATEDB)",
  mysql: "the CREATE and DROP privileges on new databases (GRANT CREATE, DROP ON *.* TO <user>, or on `alab\\_verify\\_%`.*)",
};

function devUrlError(shown: string, why: string): AlabError {
  return new AlabError({
    code: "E_VERIFY_DEV_URL",
    message: `--dev-url ${shown} ${why}`,
    hint: "pass the URL of a PostgreSQL or MySQL/MariaDB server whose user may create databases (postgres://user@host/postgres, mysql://user@host/), or leave out --dev-url to verify on SQLite",
  });
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

function scratchConfig(config: Config, dialect: Dialect, url: string, sqliteFile?: string): Config {
  const { sqliteFile: _old, ...rest } = config;
  return { ...rest, dialect, url, urlSource: "--dev-url", urlShown: redactUrl(url), urlHidden: false, urlChosenBy: "operator", ...(sqliteFile === undefined ? {} : { sqliteFile }) };
}

/**
 * Where the SQLite scratch goes: a memory-backed file system when the machine has one (Linux's
 * /dev/shm), since a throwaway database gains nothing from the disk's flushes — at 500 migrations
 * they were most of verify's wall time on a loaded machine; else the temp folder.
 */
function scratchRoot(): string {
  try {
    accessSync(SHM, constants.W_OK);
    return statSync(SHM).isDirectory() ? SHM : tmpdir();
  } catch {
    return tmpdir();
  }
}

const SHM = "/dev/shm";

/** A fresh SQLite database in a temp folder (verify's default). */
export async function sqliteScratch(config: Config): Promise<Scratch> {
  const dir = await mkdtemp(join(scratchRoot(), "alab-verify-"));
  const file = join(dir, "scratch.db");
  return { config: scratchConfig(config, "sqlite", `sqlite:${file}`, file), description: "a scratch SQLite database", drop: () => rm(dir, { recursive: true, force: true }) };
}

/** Creates `alab_verify_<random>` on the server `devUrl` names; the error names a missing privilege. */
export async function serverScratch(config: Config, devUrl: string): Promise<Scratch> {
  const shown = redactUrl(devUrl);
  const parsed = parseDatabaseUrl(devUrl);
  if (parsed === null) throw devUrlError(shown, "is not a database URL");
  const dialect = parsed.dialect;
  if (dialect === "sqlite") throw devUrlError(shown, "is a SQLite database, not a server");
  try {
    new URL(devUrl);
  } catch {
    throw devUrlError(shown, "cannot be parsed as a URL");
  }
  const name = `alab_verify_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
  // A MySQL server URL may name no database (the driver needs one): every user may open information_schema.
  const adminUrl = dialect === "mysql" && new URL(devUrl).pathname.replace(/^\/+/, "") === "" ? withDatabase(devUrl, "information_schema") : devUrl;
  const admin = await openDriver(adminUrl, dialect);
  try {
    await admin.exec([{ sql: `CREATE DATABASE ${name}` }]);
  } catch (e) {
    if (isStatementError(e) && e.fault?.kind === "permission") {
      throw new AlabError({
        code: "E_VERIFY_CREATE_DATABASE",
        message: `the user of --dev-url ${shown} may not create databases: ${e.reason}`,
        hint: `verify needs ${PRIVILEGE[dialect]}; grant it, or pass --dev-url of a user that has it`,
        exit: EXIT.runtime,
        cause: e,
      });
    }
    throw e;
  } finally {
    await admin.close();
  }
  const drop = async (): Promise<void> => {
    const a = await openDriver(adminUrl, dialect);
    try {
      // A run stopped by a signal may still hold a connection to it, in a statement or a
      // transaction: PostgreSQL ends those itself (FORCE); MySQL's DROP would wait for them.
      if (dialect === "mysql") {
        const sessions = await a.query<{ id: number }>({ sql: `select id from information_schema.processlist where db = '${name}' and id <> connection_id()` });
        for (const s of sessions) await a.exec([{ sql: `KILL ${Number(s.id)}` }]).catch(() => undefined);
      }
      await a.exec([{ sql: dialect === "postgres" ? `DROP DATABASE IF EXISTS ${name} WITH (FORCE)` : `DROP DATABASE IF EXISTS ${name}` }]);
    } finally {
      await a.close();
    }
  };
  return { config: scratchConfig(config, dialect, withDatabase(devUrl, name)), description: `a scratch database ${name} on ${shown}`, drop };
}

const SIGNALS = ["SIGINT", "SIGTERM"] as const;

/**
 * Runs `fn` with the scratch database and drops it afterwards, whatever happens. A signal while
 * it runs stops waiting for `fn`, drops the database, and fails with E_VERIFY_INTERRUPTED.
 */
export async function withScratch<T>(scratch: Scratch, fn: (config: Config) => Promise<T>): Promise<T> {
  let onSignal: ((signal: NodeJS.Signals) => void) | undefined;
  const interrupted = new Promise<never>((_, reject) => {
    onSignal = (signal) =>
      reject(new AlabError({ code: "E_VERIFY_INTERRUPTED", message: `verify was interrupted (${signal}); ${scratch.description} was dropped`, hint: "run `alab verify` again", exit: EXIT.runtime }));
  });
  const handler = onSignal as (signal: NodeJS.Signals) => void;
  for (const s of SIGNALS) process.on(s, handler);
  try {
    return await Promise.race([fn(scratch.config), interrupted]);
  } finally {
    try {
      await scratch.drop();
    } finally {
      for (const s of SIGNALS) process.off(s, handler);
    }
  }
}
