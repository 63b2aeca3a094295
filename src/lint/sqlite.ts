/**
 * SQLite table rebuilds. What ALTER TABLE cannot do in place (changing a column, adding or
 * dropping a key or check, some column additions and drops) alab does with the documented
 * rebuild: a new table, every row copied, the old one dropped, indexes recreated (also a rename
 * of a table or column whose constraint names must follow it). The planner decides, so this asks
 * the planner rather than guessing.
 */
import type { Draft } from "./finding";
import { type Analyzer, existing, type LintStep } from "./step";

function rebuiltTable(step: LintStep): string | undefined {
  const { op } = step;
  switch (op.op) {
    case "rename_table":
      return op.from;
    case "add_column":
    case "drop_column":
    case "rename_column":
    case "alter_column":
    case "add_foreign_key":
    case "drop_foreign_key":
    case "add_check":
    case "drop_check":
      return op.ref;
    default:
      return undefined;
  }
}

function analyze(step: LintStep): Draft[] {
  if (step.caps.dialect !== "sqlite") return [];
  const ref = rebuiltTable(step);
  const t = ref === undefined ? undefined : existing(step, ref);
  if (ref === undefined || t === undefined || step.planned().foreignKeysOff !== true) return [];
  return [
    {
      code: "L_SQLITE_REBUILD",
      severity: "warning",
      table: ref,
      message: `rebuilds table ${ref} (SQLite cannot make this change with ALTER TABLE)`,
      server: `alab creates a new ${t.sqlName}, copies every row, drops the old table and recreates its indexes, with foreign keys off, all under the database's write lock: other writers wait until it commits, and time and disk grow with the table`,
      hint: "fine for small tables; for a large one, run it when writes are quiet (readers continue in WAL mode)",
      lock: "database write lock",
    },
  ];
}

export const sqlite: Analyzer = { name: "sqlite", codes: ["L_SQLITE_REBUILD"], analyze };
