/**
 * MySQL/MariaDB through Bun's built-in SQL client on ONE connection (max: 1), so GET_LOCK, the
 * session settings and every transaction share it. MySQL commits each DDL statement implicitly:
 * BEGIN/COMMIT still wrap a migration so its tracking row and any DML commit together, but DDL
 * before a failure stays applied (the runner reports it).
 */
import { SQL } from "bun";
import type { Statement } from "../../sql/dialect";
import { quoteLiteral } from "../../sql/escape";
import { BaseDriver } from "../base";
import type { Row } from "../driver";
import { AlabError } from "../../errors";
import { type ConnectFailure, ConnectError, connectError, lockTimeoutError, reasonOf, TRANSIENT } from "../failures";
import { attemptText, type TlsAttempt, tlsAttempts } from "../tls";
import { urlParams } from "../url-params";
import { type Fault, fault, lostFault, serverBusyFault, mysqlFaultKind } from "../faults";
import { mysqlLockName } from "../lock-key";
import type { OpenOptions } from "../driver";
import { sessionStatements } from "../session";
import { passwordOf, type Target, targetOf } from "../target";

interface MyError {
  code?: string;
  errno?: number;
}

function connectFailure(e: unknown, timeoutSeconds: number, tls: boolean): { kind: ConnectFailure; reason: string } {
  const err = e as MyError;
  // Asked for TLS, a server without it ends the handshake; Bun's client calls that an
  // authentication failure, but without the server's error number (a refused login has one).
  if (tls && err.code === "ERR_MYSQL_AUTHENTICATION_FAILED" && err.errno === undefined) {
    return { kind: "tls", reason: "TLS: the server did not start TLS (does it accept TLS connections? `SHOW VARIABLES LIKE 'have_ssl'`)" };
  }
  // Bun's client names TLS failures by code (ERR_MYSQL_TLS_…, certificate errors) or in its message.
  if (/TLS|SSL|CERT/i.test(err.code ?? "") || (tls && /\b(TLS|SSL|certificate)\b/i.test(reasonOf(e)))) return { kind: "tls", reason: `TLS: ${reasonOf(e)}` };
  if (err.code === "ERR_MYSQL_CONNECTION_REFUSED") return { kind: "refused", reason: "connection refused" };
  if (err.code === "ERR_MYSQL_CONNECTION_TIMEOUT") return { kind: "timeout", reason: `no answer within ${timeoutSeconds} s` };
  if (err.errno === 1045 || err.errno === 1044 || err.errno === 1698) return { kind: "auth", reason: reasonOf(e) };
  if (err.errno === 1049) return { kind: "unknown-database", reason: reasonOf(e) };
  if (/ENOTFOUND|getaddrinfo|DNS/i.test(reasonOf(e))) return { kind: "host", reason: "host not found" };
  return { kind: "other", reason: reasonOf(e) };
}

/** Bun reads MYSQL_DATABASE over the URL's database; pass the URL's explicitly so the URL wins. */
function databaseOf(url: string): string | undefined {
  try {
    const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
    return name === "" ? undefined : name;
  } catch {
    return undefined;
  }
}

export class MysqlDriver extends BaseDriver {
  readonly dialect = "mysql" as const;
  version = "";
  protected readonly target: Target;
  private readonly sql: SQL;
  private database = "";
  /** This connection's id (CONNECTION_ID()), for KILL QUERY from a second connection. */
  private connectionId = 0;
  /** Opens a second connection like this one (same URL and options), to cancel what this one runs. */
  private reopen: () => SQL = () => {
    throw new Error("no connection options");
  };

  private constructor(sql: SQL, target: Target) {
    super();
    this.sql = sql;
    this.target = target;
  }

  /** Connects by the URL's TLS parameters (ssl-mode, ssl, ssl-ca, ssl-cert, ssl-key; tls.ts). */
  static async open(url: string, opts: OpenOptions): Promise<MysqlDriver> {
    const target = targetOf(url, "mysql", opts.shownAs);
    const params = urlParams(url, "mysql");
    const timeout = params.connectTimeoutSeconds === undefined ? opts.connectTimeoutSeconds : (params.connectTimeoutSeconds ?? 2_000_000);
    const attempts = tlsAttempts(params.tls, "mysql", new URL(params.url).hostname, undefined);
    for (let i = 0; ; i++) {
      const attempt = attempts[i] as TlsAttempt;
      try {
        return await MysqlDriver.openWith(params.url, url, attempt, { ...opts, connectTimeoutSeconds: timeout }, target);
      } catch (e) {
        if (e instanceof AlabError && !(e instanceof ConnectError)) throw e;
        const f = connectFailure(e, timeout, attempt !== false);
        if (i + 1 >= attempts.length || TRANSIENT.has(f.kind)) {
          throw connectError(target, f.kind, f.kind === "tls" ? `${f.reason} (connecting ${attemptText(attempt)}, ${params.tls.shown})` : f.reason, e);
        }
      }
    }
  }

  private static async openWith(url: string, written: string, tls: TlsAttempt, opts: OpenOptions, target: Target): Promise<MysqlDriver> {
    const database = databaseOf(url);
    if (database === undefined) {
      throw connectError(target, "unknown-database", "the URL names no database", undefined);
    }
    let driver: MysqlDriver | undefined;
    const options = {
      max: 1,
      database,
      // A function is never empty, so Bun does not fall back to MYSQL_PASSWORD.
      ...(opts.passwordFromUrlOnly === true ? { password: () => passwordOf(written) } : {}),
      tls: tls as Bun.SQL.PostgresOrMySQLOptions["tls"],
      connectionTimeout: opts.connectTimeoutSeconds,
      idleTimeout: 0,
      maxLifetime: 0,
    };
    const sql = new SQL(url, {
      ...options,
      onclose: () => {
        if (driver !== undefined && !driver.closing && driver.lost === undefined) driver.lost = new Error("connection closed");
      },
    });
    try {
      const rows = (await sql.unsafe("select version() as v, database() as db, connection_id() as id")) as { v: string; db: string | null; id: number | bigint }[];
      for (const s of sessionStatements("mysql")) await sql.unsafe(s.sql);
      driver = new MysqlDriver(sql, target);
      driver.version = rows[0]?.v ?? "";
      driver.database = rows[0]?.db ?? database;
      driver.connectionId = Number(rows[0]?.id ?? 0);
      driver.reopen = () => new SQL(url, options);
      return driver;
    } catch (e) {
      await sql.close({ timeout: 0 }).catch(() => undefined);
      throw e;
    }
  }

  protected async run(statement: Statement, _rows: boolean): Promise<Row[]> {
    const result = await (statement.args === undefined ? this.sql.unsafe(statement.sql) : this.sql.unsafe(statement.sql, [...statement.args]));
    return Array.isArray(result) ? (result as Row[]) : [];
  }

  /**
   * MySQL has no cancel message in its protocol: a second connection sends KILL QUERY for this
   * one's id. The statement fails (error 1317) and its transaction stays open for the ROLLBACK.
   */
  protected override async cancelRunning(): Promise<void> {
    if (this.connectionId === 0) return;
    const killer = this.reopen();
    try {
      await killer.unsafe(`KILL QUERY ${this.connectionId}`);
    } finally {
      await killer.close({ timeout: 0 }).catch(() => undefined);
    }
  }

  protected reason(e: unknown): string {
    const errno = (e as MyError).errno;
    return errno === undefined ? reasonOf(e) : `${reasonOf(e)} (error ${errno})`;
  }

  protected fault(e: unknown): Fault | undefined {
    const err = e as MyError;
    const kind = mysqlFaultKind(err.errno, err.code, reasonOf(e));
    if (kind === undefined) return undefined;
    if (kind === "busy") return serverBusyFault(this.target);
    return kind === "connection-lost" ? lostFault(this.target, true) : fault(kind, this.target, this.reason(e));
  }

  async lock(key: string, timeoutSeconds: number): Promise<() => Promise<void>> {
    const name = mysqlLockName(this.database, key);
    const lit = quoteLiteral(name, "mysql");
    // One GET_LOCK call waits the whole timeout on the server; 1 = taken, 0 = timed out.
    const take = { sql: `select GET_LOCK(${lit}, ${timeoutSeconds}) as ok` };
    const [row] = await this.query<{ ok: number | null }>(take);
    // KILL QUERY ends the wait with NULL, not an error.
    this.stopIfInterrupted(take);
    if (Number(row?.ok) !== 1) throw lockTimeoutError(`GET_LOCK ${lit}`, timeoutSeconds, await this.holder(lit));
    let released = false;
    return async () => {
      if (released || this.lost !== undefined) return;
      released = true;
      // Not through `query`: after an interruption the clean-up still runs.
      await this.run({ sql: `select RELEASE_LOCK(${lit}) as released` }, true);
    };
  }

  /** The connection holding the lock, from IS_USED_LOCK and the process list. */
  private async holder(lit: string): Promise<string | undefined> {
    const rows = await this.query<{ id: number | null; user: string | null; host: string | null; db: string | null; command: string | null; time: number | null }>({
      sql: `select u.id, p.USER as user, p.HOST as host, p.DB as db, p.COMMAND as command, p.TIME as time
from (select IS_USED_LOCK(${lit}) as id) u left join information_schema.PROCESSLIST p on p.ID = u.id`,
    }).catch(() => []);
    const h = rows[0];
    if (h === undefined || h.id === null) return undefined;
    if (h.user === null) return `connection ${h.id}`;
    const state = h.command === null ? "" : `, ${h.command.toLowerCase()} for ${h.time ?? 0} s`;
    return `connection ${h.id} (${h.user}@${h.host ?? "?"}${h.db === null ? "" : `, database ${h.db}`}${state})`;
  }

  /**
   * Who holds metadata locks on the tables: performance_schema.metadata_locks where it is on
   * (MySQL 8's default); otherwise (MariaDB's default) the other connections with an open InnoDB
   * transaction, oldest first — a transaction that read a table holds its metadata lock until it ends.
   */
  protected override async lockHolders(tables: readonly string[]): Promise<string[]> {
    const names = tables.map((t) => quoteLiteral(t, "mysql")).join(", ");
    type Holder = { id: number; user: string | null; host: string | null; since: string | null; command: string | null; time: number | null };
    const describe = (h: Holder, what: string) =>
      `connection ${h.id} (${h.user ?? "?"}@${h.host ?? "?"}${h.since === null ? "" : `, ${what} ${h.since}`}${h.command === null ? "" : `, ${h.command.toLowerCase()} for ${h.time ?? 0} s`})`;
    const mdl = await this.query<Holder>({
      sql: `select distinct t.PROCESSLIST_ID as id, p.USER as user, p.HOST as host, null as since, p.COMMAND as command, p.TIME as time
from performance_schema.metadata_locks m join performance_schema.threads t on t.THREAD_ID = m.OWNER_THREAD_ID
left join information_schema.PROCESSLIST p on p.ID = t.PROCESSLIST_ID
where m.LOCK_STATUS = 'GRANTED' and m.OBJECT_TYPE = 'TABLE' and m.OBJECT_SCHEMA = database()
  and t.PROCESSLIST_ID <> connection_id()${tables.length === 0 ? "" : ` and m.OBJECT_NAME in (${names})`}
order by id limit 5`,
    }).catch(() => []);
    if (mdl.length > 0) return mdl.map((h) => describe(h, ""));
    const trx = await this.query<Holder>({
      sql: `select t.trx_mysql_thread_id as id, p.USER as user, p.HOST as host, date_format(t.trx_started, '%Y-%m-%d %H:%i:%s') as since, p.COMMAND as command, p.TIME as time
from information_schema.INNODB_TRX t left join information_schema.PROCESSLIST p on p.ID = t.trx_mysql_thread_id
where t.trx_mysql_thread_id <> connection_id()
order by t.trx_started, t.trx_mysql_thread_id limit 5`,
    });
    return trx.map((h) => describe(h, "transaction started"));
  }

  protected async end(): Promise<void> {
    await this.sql.close({ timeout: 5 }).catch(() => undefined);
  }
}
