/**
 * What the database holds after a migration stopped halfway, statement by statement: which of
 * its statements stay applied (committed), which may or may not have taken effect (the connection
 * died while they ran), which never took effect, and whether its tracking row was written.
 *
 * The rules, by where the failing migration ran:
 *   - in a transaction, where DDL is transactional (PostgreSQL, SQLite): nothing of the unit
 *     committed, unless COMMIT itself was cut off (then nobody can tell);
 *   - in a transaction on MySQL/MariaDB: a DDL statement commits what ran before it, and every
 *     statement after it commits as it runs (the server is back in autocommit mode);
 *   - outside a transaction (`transaction: false`): every statement commits as it runs.
 */
import { statementHead } from "../../db/failures";
import { unreachable } from "../../errors";
import type { Capabilities } from "../../sql/plan";
import type { DoneMigration, Phase } from "./events";
import type { Direction, PlannedMigration, Unit } from "./units";

export interface FailureContext {
  readonly failing: PlannedMigration;
  readonly phase: Phase;
  readonly unit: Unit;
  readonly caps: Capabilities;
  /** Committed by earlier units of this run. */
  readonly committedEarlier: readonly DoneMigration[];
  /** Finished earlier in the failing unit (rolled back with it when it is transactional). */
  readonly inUnit: readonly DoneMigration[];
  readonly direction: Direction;
}

/** How the failing step ended: refused (it did not take effect), or cut off (it may have). */
export type Ending = "refused" | "cut-off";

export interface Outcome {
  /** Statements (0-based) that ran to the end and stay applied. */
  readonly kept: readonly number[];
  /** Statements that may or may not have taken effect. */
  readonly uncertain: readonly number[];
  /** True when `uncertain` holds the statements an interrupted DDL statement would have committed with it. */
  readonly ddlDecides: boolean;
  /** Statements that did not take effect (listed only when the migration is partly applied). */
  readonly notApplied: readonly number[];
  /** Whether the failing migration's tracking row (its insert, or for `down` its delete) took effect. */
  readonly row: "no" | "unknown";
  /** The failing unit's transaction as a whole, when nothing of it stays: rolled back, or (COMMIT cut off) unknown. */
  readonly unit: "rolled-back" | "unknown" | "partial";
}

/**
 * Statements that commit implicitly on MySQL/MariaDB: everything before them with them, and, since
 * the implicit commit ends the transaction BEGIN started, everything after them runs in autocommit
 * mode (measured on MariaDB 10.11: BEGIN; CREATE TABLE t; INSERT INTO t; ROLLBACK keeps the row).
 */
const IMPLICIT_COMMIT = /^\s*(create|alter|drop|rename|truncate)\b/i;

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}

/**
 * The outcome when the migration's statement `failedAt` failed (`failedAt` = its statement count
 * when the statements all ran and the tracking row, the closing check or COMMIT failed).
 */
export function outcomeOf(ctx: Pick<FailureContext, "failing" | "unit" | "caps" | "phase">, failedAt: number, ending: Ending): Outcome {
  const statements = ctx.failing.statements;
  const n = statements.length;
  const all = range(0, n);
  const none = { kept: [], uncertain: [], ddlDecides: false, notApplied: [], row: "no" } as const;
  const rolledBack: Outcome = { ...none, unit: "rolled-back" };
  const cut = ending === "cut-off";
  if (ctx.phase === "closing") return rolledBack;
  if (ctx.phase === "commit") {
    // Only MySQL's DDL has committed for sure; the rest went with COMMIT, whichever way it went.
    if (!cut) return rolledBack;
    const ddl = ctx.unit.transactional && !ctx.caps.transactionalDdl && statements.some((s) => IMPLICIT_COMMIT.test(s.statement.sql));
    return ddl ? { ...none, kept: all, row: "unknown", unit: "partial" } : { ...none, row: "unknown", unit: "unknown" };
  }
  const recording = ctx.phase === "recording";
  const ran = recording ? all : range(0, failedAt);
  const partial = (kept: readonly number[]): Outcome => {
    const uncertain = recording || !cut ? [] : [failedAt];
    const row = recording && cut ? "unknown" : "no";
    // Nothing of it took effect: as good as rolled back (outside a transaction there is nothing to say).
    if (kept.length === 0 && uncertain.length === 0 && row === "no") return rolledBack;
    return { kept, uncertain, ddlDecides: false, notApplied: recording ? [] : range(cut ? failedAt + 1 : failedAt, n), row, unit: "partial" };
  };
  if (!ctx.unit.transactional) return partial(ran);
  if (ctx.caps.transactionalDdl) return rolledBack;
  if (ran.some((i) => IMPLICIT_COMMIT.test(statements[i]!.statement.sql))) return partial(ran);
  // No DDL ran yet: the transaction is gone with what it did, unless the statement cut off was DDL
  // and completed, which committed it and everything before it.
  if (!recording && cut && IMPLICIT_COMMIT.test(statements[failedAt]?.statement.sql ?? "")) {
    return { kept: [], uncertain: range(0, failedAt + 1), ddlDecides: true, notApplied: range(failedAt + 1, n), row: "no", unit: "partial" };
  }
  return rolledBack;
}

function list(items: readonly { file: string }[]): string {
  return items.map((d) => d.file).join(", ");
}

function numbered(p: PlannedMigration, indexes: readonly number[]): string[] {
  return indexes.map((i) => `  ${i + 1}. ${statementHead(p.statements[i]!.statement.sql, 90)}`);
}

/** Detail lines: what stays applied of the failing migration, what was rolled back, what ran before. */
export function stateDetails(ctx: FailureContext, o: Outcome): string[] {
  const p = ctx.failing;
  const file = p.migration.shown;
  const up = ctx.direction === "up";
  const verb = up ? "applied" : "reverted";
  const details: string[] = [];
  const inUnit = [...new Set([...ctx.inUnit.map((d) => d.file), file])];
  switch (o.unit) {
    case "rolled-back":
      if (ctx.unit.transactional) details.push(`rolled back: ${inUnit.join(", ")} (none of it is ${verb})`);
      break;
    case "unknown":
      details.push(`COMMIT was cut off: whether ${inUnit.join(", ")} ${inUnit.length === 1 ? "is" : "are"} ${verb} and recorded is unknown (\`alab status\` shows it)`);
      break;
    case "partial": {
      const why = ctx.unit.transactional ? "MySQL/MariaDB commits DDL implicitly, so" : "the migration runs outside a transaction (`transaction: false`), so";
      if (o.kept.length > 0) details.push(`${why} these statements of ${file} stay applied:`, ...numbered(p, o.kept));
      if (o.ddlDecides) {
        const last = o.uncertain.length;
        details.push(`statement ${last} was cut off while it ran: if it completed, MySQL/MariaDB committed it and the statements before it, else they were rolled back:`, ...numbered(p, o.uncertain));
      } else if (o.uncertain.length > 0) {
        details.push("cut off while it ran, so it may or may not have taken effect:", ...numbered(p, o.uncertain));
      }
      if (o.notApplied.length > 0) details.push("not applied:", ...numbered(p, o.notApplied));
      if (o.row === "unknown") details.push(`whether ${file} is recorded as ${verb} in alab_migrations is unknown: its row was being written (\`alab status\` shows it)`);
      else details.push(up ? `${file} is NOT recorded as applied in alab_migrations` : `${file} is still recorded as applied in alab_migrations (its row was not deleted)`);
      break;
    }
    default:
      return unreachable(o.unit, "failure outcome");
  }
  details.push(ctx.committedEarlier.length > 0 ? `${verb} and recorded before the failure: ${list(ctx.committedEarlier)}` : `nothing else from this run was ${verb}`);
  return details;
}

/** True when some of the failing migration stays, or may stay, applied (or recorded): a person has to look. */
export function halfDone(o: Outcome): boolean {
  return o.kept.length > 0 || o.uncertain.length > 0 || o.row === "unknown";
}
