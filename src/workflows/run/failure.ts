/**
 * The error for a run that stopped inside a migration: which statement of which file, the line of
 * the migration that produced it, what stopped it — the database refused the statement (the
 * migration's fault), or the database itself failed (read-only, full, a lost connection, another
 * connection's lock: not the migration's fault) — and exactly what the database now holds
 * (failure-state.ts). The hint says what to do about that, for `migrate` and for `rollback`.
 */
import { isStatementError, type StatementError, statementHead } from "../../db/failures";
import { AlabError, EXIT, isAlabError, type SourceLocation, unreachable } from "../../errors";
import { type Ending, type FailureContext, halfDone, type Outcome, outcomeOf, stateDetails } from "./failure-state";
import type { ManualRunError } from "./manual";
import type { DoneMigration } from "./events";
import type { Direction, PlannedMigration } from "./units";
import { plural } from "../words";

export type { FailureContext } from "./failure-state";

/** Since when nothing changed: the run's start, or the first migration its failing transaction rolled back. */
function asBefore(ctx: FailureContext): string {
  if (ctx.committedEarlier.length === 0) return "before this run";
  const first = ctx.unit.transactional ? (ctx.inUnit[0]?.file ?? ctx.failing.migration.shown) : ctx.failing.migration.shown;
  return `before ${first}`;
}

/** What to do next, by direction, by what stopped the migration, and by what stays applied. */
function hintFor(ctx: FailureContext, e: StatementError | undefined, o: Outcome, fallback?: string): string {
  const file = ctx.failing.migration.shown;
  const revision = ctx.failing.migration.file.revision;
  const f = e?.fault;
  const again = ctx.direction === "up" ? "run `alab migrate` again" : "run `alab rollback` again";
  if (o.unit === "unknown") return `run \`alab status\` to see whether the run's last transaction committed, then ${again} if it did not`;
  const dbFirst = f === undefined ? "" : f.kind === "connection-lost" ? "find out why the connection dropped (server restart, a KILL, the network); " : `${f.hint}; `;
  if (halfDone(o)) {
    const kept = o.kept.length > 0;
    const cut = o.uncertain.length > 0;
    // The row may have been written after all: then the migration is complete, and nothing is to be undone.
    const statusFirst =
      o.row === "unknown" ? `run \`alab status\`: if ${file} shows as ${ctx.direction === "up" ? "applied" : "pending"}, it finished and there is nothing to do; if not, ` : "";
    if (!kept && !cut) return `${dbFirst}${statusFirst}${again}`;
    if (ctx.direction === "up") {
      const undo =
        kept && cut
          ? "check whether the statement listed as cut off took effect; undo by hand the statements listed as staying applied (and that one, if it did)"
          : kept
            ? "undo by hand the statements listed as staying applied"
            : "check whether the statements listed as cut off took effect, and undo by hand those that did";
      const fix = f === undefined ? `fix ${file} and ` : "";
      return `${dbFirst}${statusFirst}${undo}, then ${fix}run again (it runs from its first statement)`;
    }
    const look = cut ? "check whether the statements listed as cut off took effect; then " : "";
    return `${dbFirst}${statusFirst}${look}either finish the rollback by hand (run the statements listed as not applied, then delete revision ${revision} from alab_migrations), or redo by hand what the statements of \`down\` that took effect undid and ${again} (\`down\` runs from its first statement)`;
  }
  if (fallback !== undefined) return fallback;
  if (f !== undefined) return `${dbFirst}then ${again}: ${ctx.direction === "up" ? `the database is as it was ${asBefore(ctx)}` : `${file} is still applied, as it was`}`;
  if (ctx.direction === "up") return `fix ${file} and run again; the database is as it was ${asBefore(ctx)}`;
  return `${file} is still applied and the database is as it was: if the database does not fit what its \`down\` expects (see the statement above), fix that and ${again}; ${byHand(ctx)}`;
}

/** For a `down` that is itself wrong. An applied file cannot be fixed: its checksum is recorded, and alab refuses to run an edited one. */
function byHand(ctx: FailureContext): string {
  return `if \`down\` itself is wrong, do not edit the file (it is applied, and alab refuses to run an edited applied file): undo what ${ctx.failing.migration.shown} did by hand, then delete revision ${ctx.failing.migration.file.revision} from alab_migrations`;
}

function phaseText(ctx: FailureContext, index: number, manual: boolean): string {
  const total = ctx.failing.statements.length;
  switch (ctx.phase) {
    case "statements":
      return manual ? `statement ${index + 1} it ran (manual mode)` : `statement ${index + 1} of ${total}`;
    case "recording":
      return ctx.direction === "up" ? "recording it in alab_migrations" : "deleting its row from alab_migrations";
    case "closing":
      return "the check at the end of the transaction";
    case "commit":
      return "COMMIT";
    default:
      return unreachable(ctx.phase, "run phase");
  }
}

function endingOf(e: StatementError): Ending {
  return e.fault?.unknownOutcome === true ? "cut-off" : "refused";
}

export function migrationFailure(e: StatementError, ctx: FailureContext, manual = false): AlabError {
  const p = ctx.failing;
  const file = p.migration.shown;
  const own = ctx.phase === "statements";
  const failedAt = own ? e.index : p.statements.length;
  const planned = own ? p.statements[e.index] : undefined;
  const what = phaseText(ctx, e.index, manual);
  const f = e.fault;
  const message =
    f === undefined
      ? `${file}: ${what} failed: ${e.reason}`
      : f.kind === "connection-lost"
        ? `${file}: ${what} was cut off: ${f.problem}${f.unknownOutcome ? "" : " before it was sent"}`
        : `${file}: ${what} could not run: ${f.problem}`;
  const outcome = outcomeOf(ctx, failedAt, endingOf(e));
  const details = [`statement: ${statementHead(e.statement.sql)}`, ...stateDetails(ctx, outcome)];
  // A database fault is not the migration's: no code frame pointing into it as if it were.
  const at: SourceLocation = f === undefined && planned?.op !== undefined ? { file: planned.op.file, line: planned.op.line, column: planned.op.column } : { file };
  return new AlabError({
    code: f?.code ?? "E_DB_STATEMENT",
    message,
    hint: hintFor(ctx, e, outcome),
    exit: f?.exit ?? EXIT.runtime,
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
  const outcome = outcomeOf({ ...c, phase: "statements" }, e.ran.length, "refused");
  const ran = e.ran.length === 0 ? "before it ran any statement" : `after it ran ${plural(e.ran.length, "statement")}`;
  return new AlabError({
    code: e.error.code,
    message: e.error.message,
    hint: hintFor(c, undefined, outcome, ctx.direction === "up" ? (e.error.hint ?? `fix ${file} and run again`) : `${e.error.hint ?? "its `down` failed as written"}; ${file} is still applied: ${byHand(c)}`),
    exit: e.error.exit,
    ...(e.error.at === undefined ? {} : { at: e.error.at }),
    details: [...e.error.details, `${file} stopped ${ran} (manual mode)`, ...stateDetails(c, outcome)],
    cause: e.error,
  });
}

/**
 * A failure in a run outside any migration's statements (BEGIN, re-reading alab_migrations, a
 * changed applied set): the failing unit did nothing, so only what committed before is news.
 */
export function unitFailure(e: unknown, committedEarlier: readonly DoneMigration[], direction: Direction): unknown {
  if (!isAlabError(e) || committedEarlier.length === 0) return e;
  const verb = direction === "up" ? "applied" : "reverted";
  return new AlabError({
    code: e.code,
    message: e.message,
    ...(e.hint === undefined ? {} : { hint: e.hint }),
    exit: e.exit,
    ...(e.at === undefined ? {} : { at: e.at }),
    details: [...e.details, `${verb} and recorded before the failure: ${committedEarlier.map((d) => d.file).join(", ")}`],
    cause: e,
  });
}
