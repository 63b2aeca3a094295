/**
 * What the three drivers share: statements run one at a time on one connection, failures become
 * StatementError (naming the statement and its index), and BEGIN/COMMIT/ROLLBACK are plain
 * statements so `--dry` can print exactly what a run sends.
 */
import { isAlabError } from "../errors";
import type { Dialect, Statement } from "../sql/dialect";
import type { Driver, Row } from "./driver";
import { internalDbError, reasonOf, StatementError } from "./failures";
import { type Fault, interruptedFault, lostFault, serverBusyFault, type StopSignal } from "./faults";
import type { Target } from "./target";

export abstract class BaseDriver implements Driver {
  abstract readonly dialect: Dialect;
  abstract readonly version: string;
  protected abstract readonly target: Target;
  readonly beginSql: string = "BEGIN";
  protected inTransaction = false;
  /** True where a failed statement aborts the transaction, so sending ahead cannot run more than `exec` would. */
  readonly pipelines: boolean = false;
  /** Set when the connection closed under us: the lock and transaction are gone, so stop. */
  protected lost: unknown = undefined;
  protected closing = false;
  /** Set by `interrupt`: the signal that stopped the run. */
  protected interrupted: StopSignal | undefined = undefined;

  /**
   * Runs one statement; `rows` when the caller reads its result (a query), otherwise the text may
   * hold several statements (raw migration SQL) and all of them must run.
   */
  protected abstract run(statement: Statement, rows: boolean): Promise<Row[]>;
  /** The database's message for a driver error, or undefined when it is not a statement failure. */
  protected abstract reason(e: unknown): string;
  /**
   * What is at fault when it is not the statement (faults.ts): read-only, privileges, disk, a
   * lost connection, another connection's lock. Undefined when the database refused the statement.
   */
  protected abstract fault(e: unknown): Fault | undefined;
  abstract lock(key: string, timeoutSeconds: number): Promise<() => Promise<void>>;
  protected abstract end(): Promise<void>;
  /** Cancels what runs on the server now; nothing to do where statements run in this process. */
  protected async cancelRunning(): Promise<void> {}

  async interrupt(signal: StopSignal): Promise<void> {
    if (this.interrupted !== undefined || this.closing) return;
    this.interrupted = signal;
    await this.cancelRunning().catch(() => undefined);
  }

  /** After a wait that an interruption ends without an error (MySQL's GET_LOCK returns NULL): stop here. */
  protected stopIfInterrupted(statement: Statement, index = 0): void {
    if (this.interrupted !== undefined) throw new StatementError(index, statement, "interrupted", undefined, interruptedFault(this.interrupted, this.target, true));
  }

  async lockWaitFault(tables: readonly string[], how: string): Promise<Fault> {
    return serverBusyFault(this.target, await this.lockHolders(tables).catch(() => []), how);
  }

  /** Who holds locks on `tables`, in words (drivers that can tell override this). */
  protected async lockHolders(_tables: readonly string[]): Promise<string[]> {
    return [];
  }

  protected async one(statement: Statement, index: number, rows = false): Promise<Row[]> {
    // Stopped: nothing more is sent (the clean-up goes through `run` directly).
    if (this.interrupted !== undefined) throw new StatementError(index, statement, "interrupted", undefined, interruptedFault(this.interrupted, this.target, false));
    // Gone before this statement was sent: it did not run (and no reconnect without the lock).
    if (this.lost !== undefined) throw new StatementError(index, statement, reasonOf(this.lost), this.lost, lostFault(this.target, false));
    try {
      return await this.run(statement, rows);
    } catch (e) {
      if (isAlabError(e)) throw e;
      // Whatever the server says about a statement alab cancelled, the cancel is what happened.
      if (this.interrupted !== undefined) throw new StatementError(index, statement, this.reason(e), e, interruptedFault(this.interrupted, this.target, true));
      const f = this.fault(e);
      if (f?.kind === "connection-lost") this.lost ??= e;
      if (this.lost !== undefined) throw new StatementError(index, statement, this.reason(e), e, lostFault(this.target, true));
      throw new StatementError(index, statement, this.reason(e), e, f);
    }
  }

  async exec(statements: readonly Statement[]): Promise<void> {
    for (let i = 0; i < statements.length; i++) await this.one(statements[i] as Statement, i);
  }

  async pipeline(statements: readonly Statement[]): Promise<void> {
    if (!this.pipelines || !this.inTransaction || statements.length < 2) return this.exec(statements);
    // Each statement is handed to the connection before the next (no await in between).
    const sent = statements.map((s, i) => this.one(s, i));
    const settled = await Promise.allSettled(sent);
    for (const r of settled) if (r.status === "rejected") throw r.reason;
  }

  async query<T extends Row = Row>(statement: Statement): Promise<T[]> {
    return (await this.one(statement, 0, true)) as T[];
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.inTransaction) throw internalDbError("nested transaction");
    await this.one({ sql: this.beginSql }, 0);
    this.inTransaction = true;
    try {
      const result = await fn();
      await this.one({ sql: "COMMIT" }, 0);
      return result;
    } catch (e) {
      // A failed COMMIT can leave the transaction open (SQLite when busy): always roll back.
      if (this.lost === undefined) await this.run({ sql: "ROLLBACK" }, false).catch(() => undefined);
      throw e;
    } finally {
      this.inTransaction = false;
    }
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    await this.end();
  }
}
