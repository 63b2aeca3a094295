/**
 * The error for a statement that failed inside a run: which statement of which file, the line of
 * the migration that produced it, and exactly what the database now holds — rolled back, or (on
 * MySQL/MariaDB and outside transactions) which statements before it stayed committed.
 */
import { isStatementError, type StatementError, statementHead } from "../../db/failures";
import { AlabError, EXIT, isAlabError, type SourceLocation } from "../../errors";
import type { ManualRunError } from "./manual";
import type { Capabilities } from "../../sql/plan";
import type { DoneMigration, Phase } from "./events";
import type { Direction, PlannedMigration, Unit } from "./units";
import { plural } from "../words";

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

/**
 * Statements that commit implicitly on MySQL/MariaDB: everything before them with them, and, since
 * the implicit commit ends the transaction BEGIN started, everything after them runs in autocommit
 * mode (measured on MariaDB 10.11: BEGIN; CREATE TABLE t; INSERT INTO t; ROLLBACK keeps the row).
 */
const IMPLICIT_COMMIT = /^\s*(create|alter|drop|rename|truncate)\b/i;

function list(items: readonly { file: string }[]): string {
  return items.map((d) => d.file).join(", ");
}

/** Indexes (0-based) of the failing migration's statements that stay applied. */
export function committedStatements(ctx: Pick<FailureContext, "failing" | "unit" | "caps">, failedAt: number): number[] {
  const ran = ctx.failing.statements.slice(0, failedAt);
  if (!ctx.unit.transactional) return ran.map((_, i) => i);
  if (ctx.caps.transactionalDdl) return [];
  return ran.some((s) => IMPLICIT_COMMIT.test(s.statement.sql)) ? ran.map((_, i) => i) : [];
}

/** What the database holds after the failing migration stopped: kept statements, rolled back files, earlier ones. */
function stateDetails(ctx: FailureContext, kept: readonly number[]): string[] {
  const p = ctx.failing;
  const file = p.migration.shown;
  const verb = ctx.direction === "up" ? "applied" : "reverted";
  const details: string[] = [];
  const rolledBackFiles = ctx.unit.transactional ? [...new Set([...ctx.inUnit.map((d) => d.file), file])] : [];
  if (kept.length > 0) {
    const why = ctx.unit.transactional ? "MySQL/MariaDB commits DDL implicitly, so" : "the migration runs outside a transaction (`transaction: false`), so";
    details.push(`${why} these statements of ${file} stay applied:`);
    for (const i of kept) details.push(`  ${i + 1}. ${statementHead(p.statements[i]!.statement.sql, 90)}`);
    details.push(`${file} is NOT recorded as ${verb} in alab_migrations`);
  } else if (ctx.unit.transactional) {
    details.push(`rolled back: ${rolledBackFiles.join(", ")} (none of it is ${verb})`);
  }
  details.push(ctx.committedEarlier.length > 0 ? `${verb} and recorded before the failure: ${list(ctx.committedEarlier)}` : `nothing else from this run was ${verb}`);
  return details;
}

function keptHint(file: string, kept: readonly number[], fallback: string): string {
  return kept.length > 0 ? `undo the statements listed above by hand, then fix ${file} and run again (it runs from its first statement)` : fallback;
}

export function migrationFailure(e: StatementError, ctx: FailureContext, manual = false): AlabError {
  const p = ctx.failing;
  const file = p.migration.shown;
  const total = p.statements.length;
  const own = ctx.phase === "statements";
  const failedAt = own ? e.index : total;
  const planned = own ? p.statements[e.index] : undefined;
  const what = own
    ? manual
      ? `statement ${e.index + 1} it ran (manual mode) failed`
      : `statement ${e.index + 1} of ${total} failed`
    : ctx.phase === "recording"
      ? "recording it in alab_migrations failed"
      : ctx.phase === "closing"
        ? "the check at the end of the transaction failed"
        : "COMMIT failed";

  // After its statements the failing migration already finished (it is the last of inUnit).
  const ended = ctx.phase === "closing" || ctx.phase === "commit";
  const kept = ended ? [] : !own && !ctx.unit.transactional ? p.statements.map((_, i) => i) : committedStatements(ctx, failedAt);
  const details = [`statement: ${statementHead(e.statement.sql)}`, ...stateDetails(ctx, kept)];

  const at: SourceLocation = planned?.op !== undefined ? { file: planned.op.file, line: planned.op.line, column: planned.op.column } : { file };
  return new AlabError({
    code: "E_DB_STATEMENT",
    message: `${file}: ${what}: ${e.reason}`,
    hint: keptHint(file, kept, `fix ${file} and run again; the database is as it was before this migration`),
    exit: EXIT.runtime,
    at,
    details,
    cause: e,
  });
}

/**
 * A manual-mode migration that stopped: a statement it ran failed, or the file itself failed (an
 * exception, a rejected promise, a limit, a call alab refuses). The statements it ran before are
 * the migration's statements for what stays applied.
 */
export function manualFailure(e: ManualRunError, ctx: FailureContext): AlabError {
  const failing: PlannedMigration = { ...ctx.failing, statements: e.ran };
  const c = { ...ctx, failing };
  if (isStatementError(e.error)) return migrationFailure(e.error, c, true);
  if (!isAlabError(e.error)) throw e.error;
  const file = failing.migration.shown;
  const kept = committedStatements(c, e.ran.length);
  const ran = e.ran.length === 0 ? "before it ran any statement" : `after it ran ${plural(e.ran.length, "statement")}`;
  return new AlabError({
    code: e.error.code,
    message: e.error.message,
    hint: keptHint(file, kept, e.error.hint ?? `fix ${file} and run again`),
    exit: e.error.exit,
    ...(e.error.at === undefined ? {} : { at: e.error.at }),
    details: [...e.error.details, `${file} stopped ${ran} (manual mode)`, ...stateDetails(c, kept)],
    cause: e.error,
  });
}
