/**
 * plan(operations, schema, capabilities) → the SQL that carries them out on one server.
 * Walks the operations in order, replaying each onto the schema (src/diff/replay.ts) so every
 * planner sees the schema before and after its operation.
 *
 * The runner's side of the contract:
 *   1. run `before` outside any transaction (SQLite: `pragma foreign_keys = off` for rebuilds);
 *   2. run `statements` in order inside the transaction (on MySQL/MariaDB each DDL statement
 *      commits implicitly, so a failure leaves the statements before it applied);
 *   3. run `after` outside the transaction once it committed or rolled back.
 * With several migrations in one transaction, run every plan's `before` first, end the
 * transaction with `foreignKeyCheck()` when any `before` was not empty, and run every `after`
 * last. Statements carry no parameters except raw SQL with arguments (`?` on MySQL/SQLite,
 * `$n` on PostgreSQL).
 */
import { AlabError, unreachable } from "../errors";
import type { Operation } from "../dsl/operations";
import type { Schema, Table } from "../model/types";
import { applyTo, Draft } from "../diff/replay";
import { resolveChange } from "../diff/change-column";
import type { Capabilities } from "./capabilities";
import type { Statement } from "./dialect";
import { rawStatement } from "./params";
import { FOREIGN_KEYS_OFF, FOREIGN_KEYS_ON, foreignKeyCheck } from "./rebuild";
import { columnsOf } from "./generated";
import { planServer } from "./server";
import { enumTypeStatements } from "./enum-types";
import { planSqlite } from "./sqlite";
import type { StepResult } from "./step";

export { capabilitiesFor, type Capabilities } from "./capabilities";
export { foreignKeyCheck } from "./rebuild";

export interface Plan {
  /** Outside the transaction, before it begins. */
  readonly before: Statement[];
  /** Inside the transaction, in order. */
  readonly statements: Statement[];
  /** Outside the transaction, after it committed or rolled back (also after a failure). */
  readonly after: Statement[];
  /** The schema after every operation. */
  readonly schema: Schema;
  /** What the SQL does that a reader would not guess (e.g. "SQLite: table rebuild for blog_post"). */
  readonly notes: string[];
}

/** Names of table-level checks whose expression mentions `column`. */
function checksUsing(table: Table, column: string): string[] {
  const word = new RegExp(`(^|[^A-Za-z0-9_$])${column.replace(/[^A-Za-z0-9_]/g, "\\$&")}([^A-Za-z0-9_$]|$)`);
  return table.checks.filter((c) => word.test(c.expr)).map((c) => c.name);
}

/**
 * A table check is opaque SQL: the databases disagree on what happens to it when a column it uses
 * is dropped (PostgreSQL drops it silently, MariaDB refuses) or renamed (the model would keep the
 * old name in the expression). Refuse both the same way everywhere.
 */
function guardChecks(op: Operation, before: Schema): void {
  if (op.op !== "drop_column" && op.op !== "rename_column") return;
  const table = before.tables[op.ref];
  if (!table) return;
  const column = op.op === "drop_column" ? op.column : op.from;
  const generated = table.columns.filter((c) => c.generated !== undefined && columnsOf(c.generated.expr).includes(column)).map((c) => c.name);
  if (generated.length > 0) {
    throw new AlabError({
      code: "E_SQL_COLUMN_IN_GENERATED",
      message: `cannot ${op.op === "drop_column" ? "drop" : "rename"} column ${table.ref}.${column}: generated column ${generated.join(", ")} is computed from it`,
      hint: "drop the generated column first (m.drop_column) and add it again afterwards with an expression that fits; it loses nothing, the database computes it again",
    });
  }
  const used = checksUsing(table, column);
  if (used.length === 0) return;
  throw new AlabError({
    code: "E_SQL_COLUMN_IN_CHECK",
    message: `cannot ${op.op === "drop_column" ? "drop" : "rename"} column ${table.ref}.${column}: check ${used.join(", ")} uses it`,
    hint: "drop the check first (m.drop_check) and add it again afterwards with an expression that fits",
  });
}

function planStep(op: Operation, caps: Capabilities, before: Schema, after: Schema): StepResult {
  switch (caps.dialect) {
    case "postgres": {
      const r = planServer({ op, caps, before, after });
      const types = enumTypeStatements(op, before, after);
      return types.pre.length + types.post.length === 0 ? r : { ...r, statements: [...types.pre, ...r.statements, ...types.post] };
    }
    case "mysql":
      return planServer({ op, caps, before, after });
    case "sqlite":
      return planSqlite({ op, caps, before, after });
    default:
      return unreachable(caps.dialect, "dialect");
  }
}

export function plan(ops: readonly Operation[], from: Schema, caps: Capabilities): Plan {
  const draft = new Draft(from);
  return { ...planOn(ops, draft, caps), schema: draft.schema() };
}

/**
 * Sees each operation as it is planned, with the schema before and after it (views, valid only
 * during the call) and its statements: how `alab lint` runs alongside `migrate` without a second
 * replay.
 */
export type StepObserver = (op: Operation, before: Schema, after: Schema, result: StepResult) => void;

/** `plan` on a draft the operations are applied to (threads one schema through many plans cheaply). */
export function planOn(ops: readonly Operation[], draft: Draft, caps: Capabilities, observe?: StepObserver): Omit<Plan, "schema"> {
  const statements: Statement[] = [];
  const notes: string[] = [];
  let foreignKeysOff = false;
  /** Statements after the last rebuild's own foreign-key check. */
  let unchecked = false;
  for (const written of ops) {
    // The partial form is planned as the complete definition it resolves to.
    const op = written.op === "change_column" ? resolveChange(draft.view(), written) : written;
    if (op.op === "sql") {
      const raw = rawStatement(op.sql, op.args, caps.dialect);
      statements.push(raw);
      unchecked = true;
      if (observe !== undefined) {
        const now = draft.view();
        observe(op, now, now, { statements: [raw] });
      }
      continue;
    }
    const change = (): void => {
      guardChecks(op, draft.view());
      applyTo(draft, op);
    };
    const r = draft.step(change, (before, after) => {
      const result = planStep(op, caps, before, after);
      observe?.(op, before, after, result);
      return result;
    });
    statements.push(...r.statements);
    for (const n of r.notes ?? []) if (!notes.includes(n)) notes.push(n);
    if (r.foreignKeysOff) {
      foreignKeysOff = true;
      unchecked = false;
    } else if (r.statements.length > 0) unchecked = true;
  }
  // Foreign keys stay off until the transaction ends: check what ran after the last rebuild too.
  if (foreignKeysOff && unchecked) statements.push(...foreignKeyCheck());
  if (!caps.transactionalDdl && ops.some((o) => o.op !== "sql")) {
    notes.push("MySQL/MariaDB: every DDL statement commits implicitly; if one fails, the statements before it stay applied");
  }
  return {
    before: foreignKeysOff ? [FOREIGN_KEYS_OFF] : [],
    statements,
    after: foreignKeysOff ? [...FOREIGN_KEYS_ON] : [],
    notes,
  };
}
