/**
 * Turning migrations into units of work: each migration's operations are planned into SQL one
 * operation at a time (so a failing statement can point at the line that produced it), and the
 * planned migrations are grouped into transactions by the mode and the dialect:
 *
 *   --tx all   consecutive transactional migrations share one transaction (all or nothing);
 *   --tx each  one transaction per migration;
 *   a `transaction: false` file is a unit of its own, outside any transaction;
 *   MySQL/MariaDB commit DDL implicitly, so there every migration is its own unit whatever the mode.
 */
import type { Located, Operation } from "../../dsl/operations";
import { AlabError, isAlabError } from "../../errors";
import type { Schema } from "../../model/types";
import { applyTo, Draft } from "../../diff/replay";
import type { Statement } from "../../sql/dialect";
import { type Capabilities, foreignKeyCheck, planOn, type StepObserver } from "../../sql/plan";
import type { LoadedMigration } from "../project/load-migrations";
import { unknownAfterRaw } from "../project/replay-migrations";

export type Direction = "up" | "down";
export type TxMode = "all" | "each";

export interface PlannedStatement {
  readonly statement: Statement;
  /** The operation that produced it (absent for statements alab adds itself). */
  readonly op?: Located<Operation>;
}

export interface PlannedMigration {
  readonly migration: LoadedMigration;
  readonly direction: Direction;
  /** Outside the transaction, before it (SQLite: foreign keys off for a table rebuild). */
  readonly before: readonly Statement[];
  readonly statements: readonly PlannedStatement[];
  /** Outside the transaction, after it ended either way. */
  readonly after: readonly Statement[];
  readonly notes: readonly string[];
  /**
   * Why the migration runs outside a transaction although its file did not ask to: a statement
   * that cannot run inside one (CREATE INDEX CONCURRENTLY), or that must follow a commit.
   */
  readonly outside?: string;
  /**
   * Azul manual mode (the function returned a promise): no statements are known before it runs;
   * the runner runs the function itself (manual.ts), planning its schema calls from `from`.
   */
  readonly manual?: { readonly from: Schema };
}

export interface Unit {
  readonly transactional: boolean;
  readonly migrations: readonly PlannedMigration[];
  /**
   * Run after the migrations, before COMMIT: SQLite's foreign-key check when any migration turned
   * foreign keys off for a table rebuild (statements after the rebuild, in this or a later
   * migration of the unit, ran unchecked).
   */
  readonly closing: readonly Statement[];
}

function located(e: unknown, op: Located<unknown>, draft?: Draft): unknown {
  const at = { file: op.file, line: op.line, column: op.column };
  if (isAlabError(e) && e.code === "E_REPLAY_UNKNOWN_TABLE" && draft?.opaqueSince !== undefined) return unknownAfterRaw(e, draft.opaqueSince, at);
  if (isAlabError(e) && e.at === undefined) return e.withLocation(at);
  return e;
}

/** Raw SQL and manual mode do things the draft cannot follow: it remembers where they first did. */
function noteOpaque(draft: Draft, m: LoadedMigration, direction: Direction, op?: Located<Operation>): void {
  if (draft.opaqueSince !== undefined) return;
  if (op?.value.op === "sql") draft.opaqueSince = `${op.file}:${op.line}`;
  else if (op === undefined && m.def.manual?.[direction] === true) draft.opaqueSince = m.shown;
}

/** The schema after a migration's `up`, as replay builds it (errors point into the file). */
export function replayUp(schema: Schema, m: LoadedMigration): Schema {
  const draft = new Draft(schema);
  replayUpOn(draft, m);
  return draft.schema();
}

/** `replayUp` onto a draft (one working copy for a whole history). */
export function replayUpOn(draft: Draft, m: LoadedMigration): void {
  noteOpaque(draft, m, "up");
  for (const op of m.def.up) {
    noteOpaque(draft, m, "up", op);
    try {
      applyTo(draft, op.value);
    } catch (e) {
      throw located(e, op, draft);
    }
  }
}

function addUnique(into: Statement[], items: readonly Statement[]): void {
  for (const st of items) if (!into.some((x) => x.sql === st.sql)) into.push(st);
}

export function irreversible(m: LoadedMigration): AlabError {
  return new AlabError({
    code: "E_ROLLBACK_IRREVERSIBLE",
    message: `${m.shown} cannot be rolled back: it has no \`down\``,
    hint: "write a `down(m)` (or Azul `exports.down`) that undoes `up`, or roll back only newer migrations (`alab rollback --to <revision>`)",
    at: { file: m.shown },
  });
}

/** The operations of one direction, or the refusal of a migration that has no way back. */
export function operationsOf(m: LoadedMigration, direction: Direction): readonly Located<Operation>[] {
  if (direction === "up") return m.def.up;
  if (m.def.down === null) throw irreversible(m);
  return m.def.down;
}

/** Plans one migration against the schema it starts from; returns the SQL and the schema after. */
export function planMigration(m: LoadedMigration, direction: Direction, from: Schema, caps: Capabilities): { planned: PlannedMigration; schema: Schema } {
  const draft = new Draft(from);
  const planned = planMigrationOn(m, direction, draft, caps);
  return { planned, schema: draft.schema() };
}

/**
 * `planMigration` on a draft, which ends as the schema after the migration. `observe` sees each
 * operation as it is planned (lint, during `migrate`).
 */
export function planMigrationOn(m: LoadedMigration, direction: Direction, draft: Draft, caps: Capabilities, observe?: (op: Located<Operation>) => StepObserver): PlannedMigration {
  const before: Statement[] = [];
  const after: Statement[] = [];
  const statements: PlannedStatement[] = [];
  const notes: string[] = [];
  // Manual mode plans its schema calls when it runs, from the schema before the migration.
  const manual = m.def.manual?.[direction] === true ? { manual: { from: draft.schema() } } : {};
  // One operation at a time, so a failing statement can point at the line that produced it.
  noteOpaque(draft, m, direction);
  for (const op of operationsOf(m, direction)) {
    let p: ReturnType<typeof planOn>;
    try {
      p = planOn([op.value], draft, caps, observe?.(op));
    } catch (e) {
      throw located(e, op, draft);
    }
    noteOpaque(draft, m, direction, op);
    addUnique(before, p.before);
    addUnique(after, p.after);
    for (const statement of p.statements) statements.push({ statement, op });
    for (const n of p.notes) if (!notes.includes(n)) notes.push(n);
  }
  const outside = m.def.transaction ? statements.find((s) => s.statement.outside !== undefined)?.statement.outside : undefined;
  if (outside !== undefined) notes.push(`runs outside a transaction: ${outside}; if a statement fails, the statements before it stay applied`);
  return { migration: m, direction, before, statements, after, notes, ...manual, ...(outside === undefined ? {} : { outside }) };
}

export function groupUnits(planned: readonly PlannedMigration[], mode: TxMode, caps: Capabilities): Unit[] {
  const groups: { transactional: boolean; migrations: PlannedMigration[] }[] = [];
  let open: PlannedMigration[] | undefined;
  for (const p of planned) {
    const transactional = p.migration.def.transaction && p.outside === undefined;
    if (!transactional || mode === "each" || !caps.transactionalDdl) {
      open = undefined;
      groups.push({ transactional, migrations: [p] });
      continue;
    }
    if (open === undefined) {
      open = [];
      groups.push({ transactional: true, migrations: open });
    }
    open.push(p);
  }
  return groups.map((g) => ({ ...g, closing: g.migrations.some((m) => m.before.length > 0) ? foreignKeyCheck() : [] }));
}

/** Statements a unit runs before and after its transaction (every plan's, once each, in order). */
export function unitEdges(unit: Unit): { before: Statement[]; after: Statement[] } {
  const before: Statement[] = [];
  const after: Statement[] = [];
  for (const m of unit.migrations) {
    addUnique(before, m.before);
    addUnique(after, m.after);
  }
  return { before, after };
}
