/**
 * How a unit's statements reach the driver, in the order `--dry` prints them, with fewer waits.
 * Inside an all-or-nothing transaction a migration's tracking row is held back and goes out in
 * front of the next migration's statements (or the unit's closing statements): it commits with
 * them all the same, and where the driver pipelines (PostgreSQL) each migration is then one round
 * trip. Raw SQL is
 * never sent together with other statements: it may end the transaction itself, and then what was
 * sent after it would run although an earlier statement failed.
 */
import type { Driver } from "../db/driver";
import { isStatementError, StatementError } from "../db/failures";
import type { Statement } from "../sql/dialect";
import type { PlannedMigration, PlannedStatement } from "./units";

export class Flights {
  private held: { readonly p: PlannedMigration; readonly statement: Statement } | undefined;

  constructor(
    private readonly driver: Driver,
    /** Told which migration's tracking row failed, before its error is thrown. */
    private readonly recordFailed: (p: PlannedMigration) => void,
  ) {}

  /** Statements in one go (after the held row, if any); a failure names its index + `offset`. */
  async send(statements: readonly Statement[], offset = 0): Promise<void> {
    const held = this.held;
    this.held = undefined;
    if (held === undefined) return this.renumbered(this.driver.pipeline(statements), offset);
    try {
      await this.driver.pipeline([held.statement, ...statements]);
    } catch (e) {
      if (isStatementError(e) && e.index === 0) {
        this.recordFailed(held.p);
        throw e;
      }
      throw this.shift(e, offset - 1);
    }
  }

  /** A migration's own statements: raw SQL alone, runs of the others together. */
  async statements(list: readonly PlannedStatement[]): Promise<void> {
    let from = 0;
    for (let i = 0; i <= list.length; i++) {
      const raw = i < list.length && list[i]?.op?.value.op === "sql";
      if (i < list.length && !raw) continue;
      if (i > from) await this.send(list.slice(from, i).map((s) => s.statement), from);
      if (raw) await this.send([(list[i] as PlannedStatement).statement], i);
      from = i + 1;
    }
  }

  /** The migration's tracking row: held back inside an all-or-nothing transaction, else sent at once. */
  async record(p: PlannedMigration, statement: Statement, atomic: boolean): Promise<void> {
    if (this.held !== undefined) await this.send([]);
    this.held = { p, statement };
    if (!atomic) await this.send([]);
  }

  private async renumbered(p: Promise<void>, offset: number): Promise<void> {
    try {
      await p;
    } catch (e) {
      throw this.shift(e, offset);
    }
  }

  private shift(e: unknown, by: number): unknown {
    if (!isStatementError(e) || by === 0) return e;
    return new StatementError(e.index + by, e.statement, e.reason, e.cause);
  }
}
