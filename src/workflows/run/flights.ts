/**
 * How a unit's statements reach the driver, with as few waits as the unit allows.
 *
 * In an all-or-nothing transaction on a driver that pipelines (PostgreSQL), a migration's
 * statements go out in one round trip, and the next migration's go out before the answers to
 * the previous ones are back: the server works while alab reads answers and plans the next
 * steps. A migration's tracking row is held back and sent with the next flight (or the closing
 * statements): it commits with everything else all the same. Every failure is still the first
 * statement that failed, in the order sent; what was sent after it fails only because the
 * transaction is aborted, and is ignored. The statements are those `--dry` prints; only a
 * tracking row may go out after the next migration's statements.
 *
 * Raw SQL is never sent together with or ahead of other statements: it may end the transaction
 * itself, and what was sent after it would then run although an earlier statement failed.
 * Elsewhere (SQLite, MySQL, `transaction: false`) statements run one after the other, and a
 * tracking row is sent as soon as its migration finished where the unit is not all or nothing.
 */
import type { Driver } from "../../db/driver";
import { isStatementError, statementHead } from "../../db/failures";
import type { Statement } from "../../sql/dialect";
import type { LockRetry } from "./lock-retry";
import type { PlannedMigration, PlannedStatement } from "./units";

type Failed = (p: PlannedMigration, phase: "statements" | "recording") => void;

interface Held {
  readonly p: PlannedMigration;
  readonly statement: Statement;
}

/** What the runner does once a migration's statements succeeded (`ms`: how long they took). */
export interface Finish {
  /** Its tracking row. */
  readonly row: (ms: number) => Statement;
  /** Its events; called after the row was sent where the unit is not all or nothing. */
  readonly done: (ms: number) => void;
}

interface Flight {
  readonly p: PlannedMigration;
  readonly held: readonly Held[];
  readonly sentAt: number;
  /** When the last answer arrived; rejects with the flight's first failure. */
  readonly answered: Promise<number>;
  readonly finish: Finish;
}

function isRaw(s: PlannedStatement): boolean {
  return s.op?.value.op === "sql";
}

export class Flights {
  private held: Held[] = [];
  private inFlight: Flight | undefined;
  private lastDone = 0;

  constructor(
    private readonly driver: Driver,
    /** All or nothing: a failure anywhere undoes the whole unit, so rows may wait and answers may lag. */
    private readonly atomic: boolean,
    /** Told which migration and step failed, before its error is thrown. */
    private readonly failed: Failed,
    /**
     * Where the unit is not all or nothing: a statement that gave up waiting for a lock had no
     * effect, so it is sent again (with those after it) once the pause is over.
     */
    private readonly lockRetry?: LockRetry,
  ) {}

  /**
   * Runs a migration's statements and then `finish` — with lookahead, once the next migration's
   * statements are out.
   */
  async migration(p: PlannedMigration, finish: Finish): Promise<void> {
    if (!this.atomic || !this.driver.pipelines || p.statements.some(isRaw)) {
      await this.settle();
      const started = performance.now();
      await this.statements(p, p.statements);
      const ms = Math.round(performance.now() - started);
      await this.record(p, finish.row(ms));
      finish.done(ms);
      return;
    }
    const previous = this.inFlight;
    this.inFlight = this.launch(p, finish);
    if (previous !== undefined) await this.complete(previous);
  }

  /** Waits for the flight still out, and records its migration. */
  async settle(): Promise<void> {
    const flight = this.inFlight;
    this.inFlight = undefined;
    if (flight !== undefined) await this.complete(flight);
  }

  /** A migration's tracking row: held back where the unit is all or nothing, else sent at once. */
  async record(p: PlannedMigration, statement: Statement): Promise<void> {
    this.held.push({ p, statement });
    if (!this.atomic) await this.send([]);
  }

  /** Statements in one go after the held rows (everything sent before has completed first). */
  async send(statements: readonly Statement[], owner?: PlannedMigration, offset = 0): Promise<void> {
    await this.settle();
    const held = this.takeHeld();
    const all = [...held.map((h) => h.statement), ...statements];
    for (let attempt = 0, from = 0; ; attempt++) {
      try {
        await this.driver.pipeline(from === 0 ? all : all.slice(from));
        return;
      } catch (caught) {
        const e = from > 0 && isStatementError(caught) ? caught.renumbered(caught.index + from) : caught;
        if (isStatementError(e)) await this.cleanUp(all[e.index]);
        if (this.lockRetry?.retries(e, attempt) === true && isStatementError(e)) {
          await this.lockRetry.pause(attempt, `\`${statementHead(e.statement.sql)}\``);
          from = e.index;
          continue;
        }
        throw this.attribute(e, held, owner, offset);
      }
    }
  }

  /** A migration's own statements, waited for: raw SQL alone, runs of the others together. */
  private async statements(p: PlannedMigration, list: readonly PlannedStatement[]): Promise<void> {
    let from = 0;
    for (let i = 0; i <= list.length; i++) {
      const raw = i < list.length && isRaw(list[i] as PlannedStatement);
      if (i < list.length && !raw) continue;
      if (i > from) await this.send(list.slice(from, i).map((s) => s.statement), p, from);
      if (raw) await this.send([(list[i] as PlannedStatement).statement], p, i);
      from = i + 1;
    }
  }

  /** What a failed statement may have left half-built (outside a transaction); its own failure is not the news. */
  private async cleanUp(failed: Statement | undefined): Promise<void> {
    if (failed?.cleanup !== undefined) await this.driver.exec(failed.cleanup).catch(() => undefined);
  }

  private launch(p: PlannedMigration, finish: Finish): Flight {
    const held = this.takeHeld();
    const sentAt = performance.now();
    const answered = this.driver.pipeline([...held.map((h) => h.statement), ...p.statements.map((s) => s.statement)]).then(() => performance.now());
    // Observed at once: when an earlier flight fails this one fails too, and nobody awaits it.
    answered.catch(() => undefined);
    return { p, held, sentAt, answered, finish };
  }

  private async complete(flight: Flight): Promise<void> {
    let doneAt: number;
    try {
      doneAt = await flight.answered;
    } catch (e) {
      this.inFlight = undefined;
      throw this.attribute(e, flight.held, flight.p, 0);
    }
    // The server ran it after the previous flight: its own time starts when that one ended.
    const ms = Math.round(doneAt - Math.max(flight.sentAt, this.lastDone));
    this.lastDone = doneAt;
    this.held.push({ p: flight.p, statement: flight.finish.row(ms) });
    flight.finish.done(ms);
  }

  private takeHeld(): Held[] {
    const held = this.held;
    this.held = [];
    return held;
  }

  /** The failing statement's migration and step, and its index within that migration. */
  private attribute(e: unknown, held: readonly Held[], owner: PlannedMigration | undefined, offset: number): unknown {
    if (!isStatementError(e)) return e;
    const row = held[e.index];
    if (row !== undefined) {
      this.failed(row.p, "recording");
      return e;
    }
    if (owner !== undefined) this.failed(owner, "statements");
    return e.renumbered(e.index - held.length + offset);
  }
}
