/**
 * PostgreSQL through postgres.js on ONE connection (max: 1): the session advisory lock lives on a
 * connection, so the lock, every transaction and every statement must share it. Statements go
 * through `unsafe` (DDL has no parameters; raw migration SQL may have $n ones).
 */
import { hostname } from "node:os";
import postgres from "postgres";
import type { Statement } from "../../sql/dialect";
import { quoteLiteral } from "../../sql/escape";
import { BaseDriver } from "../base";
import type { Row } from "../driver";
import { type ConnectFailure, connectError, lockTimeoutError, reasonOf, TRANSIENT } from "../failures";
import { attemptText, type TlsAttempt, tlsAttempts } from "../tls";
import { urlParams } from "../url-params";
import { type Fault, fault, lostFault, serverBusyFault, postgresFaultKind } from "../faults";
import { advisoryKey, advisoryKeyParts } from "../lock-key";
import type { OpenOptions } from "../driver";
import { sessionStatements } from "../session";
import { passwordOf, type Target, targetOf } from "../target";

type Sql = postgres.Sql<Record<string, never>>;

interface PgError {
  code?: string;
  severity?: string;
  message?: string;
  detail?: string;
}

const POLL_MS = 250;

/** Startup parameters: the session settings travel in the connection request itself. */
function startupParameters(): Record<string, string> {
  const params: Record<string, string> = { application_name: `alab (pid ${process.pid} on ${hostname()})`.slice(0, 63) };
  for (const s of sessionStatements("postgres")) {
    const m = /^SET (\w+) = (\w+)$/.exec(s.sql);
    if (m) params[m[1] as string] = m[2] as string;
  }
  return params;
}

/** connect_timeout=0 (libpq: no limit): as long as a timer can wait. */
const NO_LIMIT_SECONDS = 2_000_000;

function connectFailure(e: unknown, timeoutSeconds: number, tls: boolean): { kind: ConnectFailure; reason: string } {
  const err = e as PgError;
  // Over TLS, what is not the server's own answer (a SQLSTATE) nor a failure to reach it is TLS's.
  const reached = !["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "CONNECT_TIMEOUT", "ETIMEDOUT"].includes(err.code ?? "");
  if (tls && reached && !/^[0-9A-Z]{5}$/.test(err.code ?? "")) return { kind: "tls", reason: `TLS: ${reasonOf(e)}` };
  switch (err.code) {
    case "57P03": // cannot_connect_now: starting up, shutting down, in recovery
      return { kind: "starting", reason: reasonOf(e) };
    case "ECONNREFUSED":
      return { kind: "refused", reason: "connection refused" };
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return { kind: "host", reason: "host not found" };
    case "CONNECT_TIMEOUT":
    case "ETIMEDOUT":
      return { kind: "timeout", reason: `no answer within ${timeoutSeconds} s` };
    case "28P01":
    case "28000":
      return { kind: "auth", reason: reasonOf(e) };
    case "3D000":
      return { kind: "unknown-database", reason: reasonOf(e) };
    default:
      return { kind: "other", reason: reasonOf(e) };
  }
}

export class PostgresDriver extends BaseDriver {
  readonly dialect = "postgres" as const;
  version = "";
  // After a failed statement PostgreSQL refuses everything until the transaction ends.
  override readonly pipelines = true;
  protected readonly target: Target;
  private readonly sql: Sql;
  private quiet = false;
  /** Statements sent and not yet answered, oldest first: the first is the one the server runs. */
  private readonly inFlight = new Set<{ cancel(): unknown }>();

  private constructor(sql: Sql, target: Target) {
    super();
    this.sql = sql;
    this.target = target;
  }

  /**
   * Connects by the URL's TLS parameters (libpq's rules, tls.ts): allow and prefer may take a
   * second attempt when the first fails for a reason other than reaching the server.
   */
  static async open(url: string, opts: OpenOptions): Promise<PostgresDriver> {
    const target = targetOf(url, "postgres", opts.shownAs);
    const params = urlParams(url, "postgres");
    const timeout = params.connectTimeoutSeconds === undefined ? opts.connectTimeoutSeconds : (params.connectTimeoutSeconds ?? NO_LIMIT_SECONDS);
    const attempts = tlsAttempts(params.tls, "postgres", new URL(params.url).hostname, process.env.HOME);
    for (let i = 0; ; i++) {
      const attempt = attempts[i] as TlsAttempt;
      try {
        return await PostgresDriver.openWith(params.url, url, attempt, timeout, target, opts);
      } catch (e) {
        const f = connectFailure(e, timeout, attempt !== false);
        if (i + 1 >= attempts.length || TRANSIENT.has(f.kind)) {
          throw connectError(target, f.kind, f.kind === "tls" ? `${f.reason} (connecting ${attemptText(attempt)}, ${params.tls.shown}${params.tls.modeGiven ? "" : " (the default)"})` : f.reason, e);
        }
      }
    }
  }

  private static async openWith(url: string, written: string, ssl: TlsAttempt, timeout: number, target: Target, opts: OpenOptions): Promise<PostgresDriver> {
    let driver: PostgresDriver | undefined;
    const sql: Sql = postgres(url, {
      max: 1,
      prepare: false,
      fetch_types: false,
      ssl: ssl as postgres.Options<Record<string, never>>["ssl"],
      connect_timeout: timeout,
      idle_timeout: 0,
      max_lifetime: null,
      connection: startupParameters(),
      // A function is never empty, so postgres.js does not fall back to PGPASSWORD.
      ...(opts.passwordFromUrlOnly === true ? { pass: () => passwordOf(written) } : {}),
      // alab's own ROLLBACK after a failed COMMIT warns "no transaction in progress": not news.
      onnotice: (n) => {
        if (driver?.quiet !== true) opts.onNotice?.(`PostgreSQL ${(n.severity ?? "notice").toLowerCase()}: ${n.message ?? ""}`);
      },
      onclose: () => {
        if (driver !== undefined && !driver.closing && driver.lost === undefined) driver.lost = new Error("connection closed");
      },
    });
    // postgres.js's own connect_timeout does not fire under Bun: race the first query instead.
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const first = sql.unsafe("select current_setting('server_version') as v");
      const expired = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(Object.assign(new Error("timeout"), { code: "CONNECT_TIMEOUT" })), timeout * 1000);
      });
      const rows = (await Promise.race([first, expired])) as unknown as { v: string }[];
      driver = new PostgresDriver(sql, target);
      driver.version = rows[0]?.v ?? "";
      return driver;
    } catch (e) {
      await sql.end({ timeout: 0 }).catch(() => undefined);
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  protected async run(statement: Statement, _rows: boolean): Promise<Row[]> {
    const args = statement.args === undefined ? undefined : [...statement.args];
    this.quiet = statement.sql === "ROLLBACK";
    const query = this.sql.unsafe(statement.sql, args as postgres.ParameterOrJSON<never>[] | undefined);
    this.inFlight.add(query);
    try {
      const rows = await query;
      return Array.from(rows as Iterable<Row>);
    } finally {
      this.inFlight.delete(query);
      this.quiet = false;
    }
  }

  /**
   * PostgreSQL's cancel request (a second connection naming this backend) for the statement the
   * server runs now. Pipelined statements behind it then fail on the aborted transaction; they are
   * not cancelled one by one, since a late cancel request would hit whatever runs next (the ROLLBACK).
   */
  protected override async cancelRunning(): Promise<void> {
    const running = this.inFlight.values().next().value;
    if (running !== undefined) await running.cancel();
  }

  protected reason(e: unknown): string {
    const err = e as PgError;
    const detail = err.detail ? ` (${err.detail})` : "";
    return `${reasonOf(e)}${detail}`;
  }

  protected fault(e: unknown): Fault | undefined {
    const kind = postgresFaultKind((e as PgError).code ?? "");
    if (kind === undefined) return undefined;
    if (kind === "busy") return serverBusyFault(this.target);
    return kind === "connection-lost" ? lostFault(this.target, true) : fault(kind, this.target, this.reason(e));
  }

  async lock(key: string, timeoutSeconds: number): Promise<() => Promise<void>> {
    const k = advisoryKey(key);
    const deadline = Date.now() + timeoutSeconds * 1000;
    for (;;) {
      const [row] = await this.query<{ ok: boolean }>({ sql: `select pg_try_advisory_lock(${k}) as ok` });
      if (row?.ok === true) break;
      const left = deadline - Date.now();
      if (left <= 0) throw lockTimeoutError(`advisory lock ${k}`, timeoutSeconds, await this.holder(k));
      await Bun.sleep(Math.min(POLL_MS, left));
    }
    let released = false;
    return async () => {
      if (released || this.lost !== undefined) return;
      released = true;
      // Not through `query`: after an interruption the clean-up still runs.
      await this.run({ sql: `select pg_advisory_unlock(${k})` }, true);
    };
  }

  /** Who holds the advisory lock: pid, application, client and since when, from pg_stat_activity. */
  private async holder(k: bigint): Promise<string | undefined> {
    const { classid, objid } = advisoryKeyParts(k);
    const rows = await this.query<{ pid: number; app: string | null; addr: string | null; since: string | null; state: string | null; usename: string | null }>({
      sql: `select a.pid, a.application_name as app, host(a.client_addr) as addr, a.usename,
  to_char(a.backend_start at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as since, a.state
from pg_locks l join pg_stat_activity a on a.pid = l.pid
where l.locktype = 'advisory' and l.granted and l.objsubid = 1
  and l.classid = '${classid}'::oid and l.objid = '${objid}'::oid
  and l.database = (select oid from pg_database where datname = current_database())`,
    }).catch(() => []);
    const h = rows[0];
    if (h === undefined) return undefined;
    const parts = [
      h.app ? `application "${h.app}"` : undefined,
      h.usename ? `user ${h.usename}` : undefined,
      h.addr ? `from ${h.addr}` : "from a local socket",
      h.since ? `connected since ${h.since}` : undefined,
      h.state ? `now ${h.state}` : undefined,
    ].filter((p) => p !== undefined);
    return `PostgreSQL backend pid ${h.pid} (${parts.join(", ")})`;
  }

  /** Other backends of this database holding granted locks on the tables, oldest transaction first. */
  protected override async lockHolders(tables: readonly string[]): Promise<string[]> {
    const names = tables.map((t) => quoteLiteral(t, "postgres")).join(", ");
    const rows = await this.query<{ pid: number; app: string | null; usename: string | null; xact: string | null; state: string | null; modes: string }>({
      sql: `select a.pid, a.application_name as app, a.usename, a.state,
  to_char(a.xact_start at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as xact,
  string_agg(distinct l.mode, ', ' order by l.mode) as modes
from pg_locks l join pg_class c on c.oid = l.relation join pg_stat_activity a on a.pid = l.pid
where l.granted and l.pid <> pg_backend_pid() and l.database = (select oid from pg_database where datname = current_database())
  and c.relnamespace = current_schema()::regnamespace${tables.length === 0 ? "" : ` and c.relname in (${names})`}
group by a.pid, a.application_name, a.usename, a.state, a.xact_start
order by a.xact_start nulls last, a.pid
limit 5`,
    });
    return rows.map((h) => {
      const parts = [h.app ? `application "${h.app}"` : undefined, h.usename ? `user ${h.usename}` : undefined, h.xact ? `transaction started ${h.xact}` : undefined, h.state ? `now ${h.state}` : undefined, `holding ${h.modes}`];
      return `PostgreSQL backend pid ${h.pid} (${parts.filter((p) => p !== undefined).join(", ")})`;
    });
  }

  protected async end(): Promise<void> {
    await this.sql.end({ timeout: 5 }).catch(() => undefined);
  }
}

