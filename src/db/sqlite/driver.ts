/**
 * SQLite through bun:sqlite. SQLite has no lock that outlives a transaction, so the write
 * transaction IS the lock: `transaction()` sends BEGIN IMMEDIATE, which waits (busy timeout = the
 * lock timeout) until no other connection writes; `lock()` only sets that timeout. The runner
 * re-reads alab_migrations inside each transaction, which is what makes concurrent runs safe here.
 *
 * The journal mode is left as the database has it: WAL is a persistent property of the file that
 * changes how the user's application reads and writes it (and does not work on network file
 * systems); a migration tool should not switch it behind their back.
 */
import { Database } from "bun:sqlite";
import { existsSync } from "node:fs";
import { dirname } from "node:path";
import type { Statement } from "../../sql/dialect";
import { BaseDriver } from "../base";
import type { Row } from "../driver";
import { connectError, lockTimeoutError, reasonOf } from "../failures";
import type { OpenOptions } from "../driver";
import { sessionStatements } from "../session";
import { sqliteFileOf, type Target, targetOf } from "../target";

const DEFAULT_BUSY_MS = 60_000;

export class SqliteDriver extends BaseDriver {
  readonly dialect = "sqlite" as const;
  readonly version: string;
  protected readonly target: Target;
  override readonly beginSql = "BEGIN IMMEDIATE";
  private readonly db: Database;
  private busySeconds = DEFAULT_BUSY_MS / 1000;

  private constructor(db: Database, target: Target, version: string) {
    super();
    this.db = db;
    this.target = target;
    this.version = version;
  }

  static async open(url: string, opts: OpenOptions): Promise<SqliteDriver> {
    const file = sqliteFileOf(url);
    const target = targetOf(url, "sqlite", opts.shownAs);
    if (file !== ":memory:" && !existsSync(dirname(file) || ".")) {
      throw connectError(target, "open", `folder ${dirname(file)} does not exist`);
    }
    let db: Database;
    try {
      db = new Database(file, { create: true, readwrite: true, strict: true });
      db.run(`PRAGMA busy_timeout = ${DEFAULT_BUSY_MS}`);
      for (const s of sessionStatements("sqlite")) db.run(s.sql);
      // Reading the schema reads the file header: a file that is not a database fails here, not later.
      db.prepare("select count(*) from sqlite_master").get();
      const row = db.prepare("select sqlite_version() as v").get() as { v: string } | null;
      return new SqliteDriver(db, target, row?.v ?? "");
    } catch (e) {
      throw connectError(target, "open", reasonOf(e), e);
    }
  }

  protected async run(statement: Statement, rows: boolean): Promise<Row[]> {
    const args = statement.args === undefined ? [] : [...statement.args];
    if (rows) return this.db.prepare(statement.sql).all(...args) as Row[];
    // Database#run executes every statement in the text (prepare would silently drop the rest).
    this.db.run(statement.sql, args);
    return [];
  }

  protected reason(e: unknown): string {
    return reasonOf(e);
  }

  protected override translate(e: unknown): Error | undefined {
    const code = (e as { code?: string }).code ?? "";
    if (code === "SQLITE_BUSY" || code.startsWith("SQLITE_BUSY_")) {
      return lockTimeoutError(
        `write lock on ${this.target.where}`,
        this.busySeconds,
        "another connection's write transaction (SQLite cannot tell which process holds it)",
      );
    }
    return undefined;
  }

  /** Sets how long BEGIN IMMEDIATE (and any write) waits for another writer; see the file comment. */
  async lock(_key: string, timeoutSeconds: number): Promise<() => Promise<void>> {
    this.busySeconds = timeoutSeconds;
    this.db.run(`PRAGMA busy_timeout = ${Math.round(timeoutSeconds * 1000)}`);
    return async () => undefined;
  }

  protected async end(): Promise<void> {
    this.db.close();
  }
}
