/**
 * NOT NULL on a table that may have rows: a new column with no value for them fails on every
 * dialect; making an existing column NOT NULL scans the whole table under PostgreSQL's strongest
 * lock (MySQL and SQLite rebuild the table: mysql.ts and sqlite.ts report that).
 */
import type { Draft } from "./finding";
import { safeFormHint } from "./safe-forms";
import { type Analyzer, columnIn, existing, type LintStep } from "./step";

const FAILS: Record<"postgres" | "mysql" | "sqlite", string> = {
  postgres: "ADD COLUMN … NOT NULL fails (column contains null values) as soon as the table has a row",
  mysql: "alab adds the column nullable and then MODIFYs it NOT NULL, which fails on the first existing row",
  sqlite: "SQLite cannot add a NOT NULL column without a default in place; alab rebuilds the table, and copying the first existing row fails",
};

function analyze(step: LintStep): Draft[] {
  const { op, caps } = step;
  if (op.op === "add_column") {
    const t = existing(step, op.ref);
    const c = op.column;
    if (t === undefined || c.nullable || c.default !== undefined || c.backfill !== undefined || c.type.kind === "serial") return [];
    return [
      {
        code: "L_NOT_NULL_NO_VALUE",
        severity: "error",
        table: op.ref,
        message: `adds NOT NULL column ${op.ref}.${c.name} with no default and no backfill`,
        server: FAILS[caps.dialect],
        hint: "give it `.default(value)` (kept as the default) or `.backfill(value)` (written into existing rows once), or make it `.optional()`",
      },
    ];
  }
  if (op.op === "alter_column" && caps.dialect === "postgres") {
    const t = existing(step, op.ref);
    const from = columnIn(t, op.column.name);
    if (t === undefined || from === undefined || !from.nullable || op.column.nullable) return [];
    const fails = op.column.backfill === undefined ? `; it fails if any row holds NULL (no \`.backfill(value)\` is given)` : "";
    return [
      {
        code: "L_SET_NOT_NULL",
        severity: "error",
        table: op.ref,
        message: `makes ${op.ref}.${op.column.name} NOT NULL`,
        server: `SET NOT NULL reads every row of ${t.sqlName} while holding ACCESS EXCLUSIVE: every read and write of the table waits for the scan${fails}`,
        hint: safeFormHint("check_not_null", { table: t.sqlName, what: op.column.name }),
        lock: "ACCESS EXCLUSIVE",
        safeForm: "check_not_null",
      },
    ];
  }
  return [];
}

export const notNull: Analyzer = { name: "not-null", codes: ["L_NOT_NULL_NO_VALUE", "L_SET_NOT_NULL"], analyze };
