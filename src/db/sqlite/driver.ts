/**
 * SQLite through bun:sqlite. The run lock lives in run-lock.ts.
 *
 * Every wait for a lock — the run lock, BEGIN IMMEDIATE on the database, any read while another
 * connection holds an EXCLUSIVE lock — is bounded by the lock timeout (SQLite's busy timeout),
 * from the moment the file is opened.
 *
 * The journal mode is left as the database has it: WAL is a persistent property of the file that
 * changes how the user's application reads and writes it (and does not work on network file
 * systems); a migration tool should not switch it behind their back.
 */
import { Database } from "bun:sqlite";
import { existsSync } from "node:fs";
import { dirname } from "node:path";
import { AlabError, EXIT } from "../../errors";
import type { Statement } from "../../sql/dialect";
import { BaseDriver } from "../base";
import type { OpenOptions, Row } from "../driver";
import { connectError, reasonOf } from "../failures";
import { busyFault, type Fault, fault, sqliteFaultKind } from "../faults";
import { sessionStatements } from "../session";
import { sqliteFileOf, type Target, targetOf } from "../target";
import { codeOf, takeRunLock, whyNotWritable } from "./run-lock";

const DEFAULT_BUSY_SECONDS = 60;

function busyMessage(file: string, seconds: number): string {
  return `could not lock ${file} within ${seconds} s: another connection holds a lock on it (SQLite cannot tell which process)`;
}

const BUSY_HINT = "another program or alab run is using this database; wait for it to finish, or raise --lock-timeout";

export class SqliteDriver extends BaseDriver {
  readonly dialect = "sqlite" as const;
  readonly version: string;
  protected readonly target: Target;
  override readonly beginSql = "BEGIN IMMEDIATE";
  private readonly db: Database;
  private readonly file: string;
  private busySeconds: number;
  /** The connection to the lock file that holds the run lock, while held. */
  private lockHolder: Database | undefined;
  /** Lets a signal end the process during a statement (driver.ts, SignalGuard). */
  private guard: <T>(fn: () => T) => T = (fn) => fn();

  private constructor(db: Database, file: string, target: Target, version: string, busySeconds: number) {
    super();
    this.db = db;
    this.file = file;
    this.target = target;
    this.version = version;
    this.busySeconds = busySeconds;
  }

  static async open(url: string, opts: OpenOptions): Promise<SqliteDriver> {
    const file = sqliteFileOf(url);
    const target = targetOf(url, "sqlite", opts.shownAs);
    if (file !== ":memory:" && !existsSync(dirname(file) || ".")) {
      throw connectError(target, "open", `folder ${dirname(file)} does not exist`);
    }
    const seconds = opts.lockTimeoutSeconds ?? DEFAULT_BUSY_SECONDS;
    let db: Database | undefined;
    try {
      db = new Database(file, { create: true, readwrite: true, strict: true });
      db.run(`PRAGMA busy_timeout = ${Math.round(seconds * 1000)}`);
      for (const s of sessionStatements("sqlite")) db.run(s.sql);
      // Reading the schema reads the file header: a file that is not a database fails here, not later.
      db.prepare("select count(*) from sqlite_master").get();
      const row = db.prepare("select sqlite_version() as v").get() as { v: string } | null;
      const driver = new SqliteDriver(db, file, target, row?.v ?? "", seconds);
      if (opts.signals !== undefined) {
        const signals = opts.signals;
        driver.guard = (fn) => signals.uninterruptible(fn);
      }
      return driver;
    } catch (e) {
      db?.close();
      if (sqliteFaultKind(codeOf(e)) === "busy") {
        throw new AlabError({ code: "E_LOCK_TIMEOUT", message: busyMessage(target.where, seconds), hint: BUSY_HINT, exit: EXIT.lock, cause: e });
      }
      throw connectError(target, "open", reasonOf(e), e);
    }
  }

  protected async run(statement: Statement, rows: boolean): Promise<Row[]> {
    const args = statement.args === undefined ? [] : [...statement.args];
    // The statement blocks this process: only the signals' default action can stop it.
    return this.guard(() => {
      if (rows) return this.db.prepare(statement.sql).all(...args) as Row[];
      // Database#run executes every statement in the text (prepare would silently drop the rest).
      this.db.run(statement.sql, args);
      return [];
    });
  }

  protected reason(e: unknown): string {
    return reasonOf(e);
  }

  protected fault(e: unknown): Fault | undefined {
    const kind = sqliteFaultKind(codeOf(e));
    switch (kind) {
      case undefined:
        return undefined;
      case "busy":
        return busyFault(busyMessage(this.target.where, this.busySeconds), BUSY_HINT);
      case "connection-lost":
        return undefined;
      case "read-only":
      case "permission":
        return fault(kind, this.target, reasonOf(e), this.file === ":memory:" ? undefined : whyNotWritable(this.file));
      default:
        return fault(kind, this.target, reasonOf(e));
    }
  }

  /**
   * Takes the run lock (run-lock.ts) within `timeoutSeconds`, and makes that the busy timeout of
   * every later wait. An in-memory database belongs to this connection alone.
   */
  async lock(_key: string, timeoutSeconds: number): Promise<() => Promise<void>> {
    this.busySeconds = timeoutSeconds;
    this.db.run(`PRAGMA busy_timeout = ${Math.round(timeoutSeconds * 1000)}`);
    if (this.file === ":memory:") return async () => undefined;
    // The wait for another run's lock blocks this process too.
    const holder = this.guard(() => takeRunLock(this.file, this.target, timeoutSeconds));
    this.lockHolder = holder;
    return async () => this.unlock(holder);
  }

  private unlock(holder: Database): void {
    if (this.lockHolder !== holder) return;
    this.lockHolder = undefined;
    // Closing the connection ends its transaction and with it the lock.
    holder.close();
  }

  protected async end(): Promise<void> {
    if (this.lockHolder !== undefined) this.unlock(this.lockHolder);
    this.db.close();
  }
}
