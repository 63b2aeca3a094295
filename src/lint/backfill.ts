/**
 * `.backfill(value)` on a table that has rows: the migration UPDATEs every row in one statement.
 * On PostgreSQL that runs inside the transaction that already holds the ALTER TABLE's ACCESS
 * EXCLUSIVE lock, so the table is unreadable until the whole backfill commits. MySQL locks each
 * row it updates until the statement ends; SQLite holds the database's write lock.
 */
import { unreachable } from "../errors";
import type { Column } from "../model/types";
import type { Draft, Severity } from "./finding";
import { safeFormHint } from "./safe-forms";
import { type Analyzer, columnIn, existing, type LintStep } from "./step";

function server(step: LintStep, sqlName: string): { severity: Severity; server: string; lock: string } {
  switch (step.caps.dialect) {
    case "postgres":
      return { severity: "error", lock: "ACCESS EXCLUSIVE", server: `an UPDATE of every row of ${sqlName} runs while the migration holds ACCESS EXCLUSIVE on it (taken by the ALTER TABLE, kept until COMMIT): every read and write waits for the whole backfill, and each row is written twice` };
    case "mysql":
      return { severity: "warning", lock: "row locks", server: `one UPDATE of every row of ${sqlName}: each row stays locked until it ends, and writes to those rows wait` };
    case "sqlite":
      return { severity: "warning", lock: "database write lock", server: `an UPDATE of every row of ${sqlName} holding the database's write lock: other writers wait until it commits` };
    default:
      return unreachable(step.caps.dialect, "dialect");
  }
}

function filled(step: LintStep): { ref: string; column: Column } | undefined {
  const { op } = step;
  if (op.op === "add_column" && op.column.backfill !== undefined) return { ref: op.ref, column: op.column };
  if (op.op === "alter_column" && op.column.backfill !== undefined) {
    const from = columnIn(step.before.tables[op.ref], op.column.name);
    // The planner writes the backfill only where the column becomes NOT NULL.
    if (from !== undefined && from.nullable && !op.column.nullable) return { ref: op.ref, column: op.column };
  }
  return undefined;
}

function analyze(step: LintStep): Draft[] {
  const f = filled(step);
  const t = f === undefined ? undefined : existing(step, f.ref);
  if (f === undefined || t === undefined) return [];
  // A SQLite table rebuild copies the value in with the rows: sqlite.ts reports the rebuild.
  if (step.caps.dialect === "sqlite" && step.planned().foreignKeysOff === true) return [];
  const s = server(step, t.sqlName);
  return [
    {
      code: "L_BACKFILL",
      severity: s.severity,
      table: f.ref,
      message: `backfills ${f.ref}.${f.column.name} in the migration`,
      server: s.server,
      hint: safeFormHint("batched_backfill", { table: f.ref }),
      lock: s.lock,
      safeForm: "batched_backfill",
    },
  ];
}

export const backfill: Analyzer = { name: "backfill", codes: ["L_BACKFILL"], analyze };
