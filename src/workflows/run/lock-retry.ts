/**
 * Retrying what the DDL lock timeout cut short. A DDL statement that waits for its lock makes every
 * later query on the table wait behind it, so each statement waits at most `--ddl-lock-timeout`
 * (db/session.ts) and the run tries again after a pause, with the lock given back meanwhile:
 *
 *   all or nothing (PostgreSQL transactions): the whole unit is rolled back and runs again;
 *   otherwise (MySQL DDL, `transaction: false`): the statement that timed out had no effect and is
 *   sent again, after those that ran.
 *
 * Pauses double from one second up to thirty. After the last try the error names the sessions
 * that held the lock (Driver.lockWaitFault).
 */
import type { Config } from "../../config";
import type { Driver } from "../../db/driver";
import { ddlLockStatements } from "../../db/session";
import type { Dialect, Statement } from "../../sql/dialect";
import { isStatementError, StatementError } from "../../db/failures";
import type { Located, Operation } from "../../dsl/operations";
import { sqlNameOf } from "../../model/names";

export interface LockRetryPolicy {
  /** Seconds one statement may wait for a lock; 0 = no limit (and so nothing to retry). */
  readonly timeoutSeconds: number;
  /** Tries after the first. */
  readonly retries: number;
}

export const DEFAULT_LOCK_RETRY: LockRetryPolicy = { timeoutSeconds: 5, retries: 5 };

const FIRST_PAUSE_MS = 1000;
const LONGEST_PAUSE_MS = 30_000;

/** The pause before try `attempt + 2` (attempt 0 is the first try that failed). */
export function pauseMs(attempt: number): number {
  return Math.min(LONGEST_PAUSE_MS, FIRST_PAUSE_MS * 2 ** attempt);
}

/** A statement that gave up waiting for another session's lock. */
export function isLockWait(e: unknown): e is StatementError {
  return isStatementError(e) && e.fault?.kind === "busy";
}

/** The tables an operation locks: its own, and the one a foreign key it adds points at. */
export function tablesOf(op: Operation | undefined): string[] {
  if (op === undefined) return [];
  switch (op.op) {
    case "create_table":
      return [op.table.sqlName, ...op.table.foreignKeys.map((fk) => sqlNameOf(fk.refTable))];
    case "rename_table":
      return [sqlNameOf(op.from)];
    case "add_foreign_key":
      return [sqlNameOf(op.ref), sqlNameOf(op.foreignKey.refTable)];
    case "add_column":
      return [sqlNameOf(op.ref), ...(op.foreignKey === undefined ? [] : [sqlNameOf(op.foreignKey.refTable)])];
    case "drop_index":
      return op.ref === undefined ? [] : [sqlNameOf(op.ref)];
    case "sql":
      return [];
    default:
      return "ref" in op ? [sqlNameOf(op.ref)] : [];
  }
}

const tries = (n: number) => `${n} ${n === 1 ? "try" : "tries"}`;

export class LockRetry {
  constructor(
    private readonly policy: LockRetryPolicy,
    private readonly warn: (message: string) => void,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => Bun.sleep(ms),
  ) {}

  /** Whether `e` after try `attempt + 1` is worth another try. */
  retries(e: unknown, attempt: number): e is StatementError {
    return this.policy.timeoutSeconds > 0 && attempt < this.policy.retries && isLockWait(e);
  }

  /** Says what happened and waits before the next try. */
  async pause(attempt: number, what: string): Promise<void> {
    const ms = pauseMs(attempt);
    this.warn(`${what} waited more than ${this.policy.timeoutSeconds} s for a lock another session holds; trying again in ${ms / 1000} s (${tries(this.policy.retries - attempt)} left)`);
    await this.sleep(ms);
  }

  /** The last try's failure, naming who held the lock on the tables of the operation that waited. */
  async final(e: StatementError, driver: Driver, op: Located<Operation> | undefined): Promise<StatementError> {
    const fault = await driver.lockWaitFault(tablesOf(op?.value), `${this.policy.timeoutSeconds} s, ${tries(this.policy.retries + 1)}`);
    return new StatementError(e.index, e.statement, e.reason, e.cause, fault);
  }
}

/** The policy a run uses: the command's flags, else alab.yaml's keys, else the defaults. */
export function lockPolicy(config: Pick<Config, "ddlLockTimeoutSeconds" | "ddlRetries">, flags?: Partial<LockRetryPolicy>): LockRetryPolicy {
  return { timeoutSeconds: flags?.timeoutSeconds ?? config.ddlLockTimeoutSeconds, retries: flags?.retries ?? config.ddlRetries };
}

/** The session settings that bound each statement's lock wait (printed first by `--dry`, too). */
export function lockSetup(dialect: Dialect, policy: LockRetryPolicy): Statement[] {
  return ddlLockStatements(dialect, policy.timeoutSeconds);
}

/** Retries for a run on `dialect`; none where there is no lock queue (SQLite) or no timeout. */
export function lockRetryFor(dialect: Dialect, policy: LockRetryPolicy, warn: (message: string) => void): LockRetry | undefined {
  if (dialect === "sqlite" || policy.timeoutSeconds === 0) return undefined;
  return new LockRetry(policy, warn);
}
