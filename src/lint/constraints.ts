/**
 * PostgreSQL validates a new FOREIGN KEY or CHECK by reading every existing row while it holds
 * the table: ACCESS EXCLUSIVE for a CHECK, SHARE ROW EXCLUSIVE on both tables for a foreign key.
 * NOT VALID + VALIDATE CONSTRAINT splits that into a brief lock and a scan that lets traffic go
 * on. Column checks count too: `.min() .max() .pattern()` and enum values are CHECKs, so changing
 * an enum's values re-adds one. (MySQL copies the table for both: mysql.ts; SQLite rebuilds it.)
 */
import type { Column, Table } from "../model/types";
import { columnChecks } from "../sql/checks";
import type { Draft } from "./finding";
import { safeFormHint } from "./safe-forms";
import { type Analyzer, columnIn, existing, type LintStep } from "./step";

function checkDraft(t: Table, ref: string, what: string, severity: "error" | "warning", extra = ""): Draft {
  return {
    code: "L_CHECK_VALIDATE",
    severity,
    table: ref,
    message: `adds ${what} on existing table ${ref}`,
    server: `PostgreSQL reads every row of ${t.sqlName} to validate it while holding ACCESS EXCLUSIVE: every read and write waits for the scan${extra}`,
    hint: safeFormHint("not_valid_validate", { table: t.sqlName }),
    lock: "ACCESS EXCLUSIVE",
    safeForm: "not_valid_validate",
  };
}

function fkDraft(t: Table, ref: string, refTable: string, name: string, severity: "error" | "warning", extra = ""): Draft {
  return {
    code: "L_FK_VALIDATE",
    severity,
    table: ref,
    message: `adds foreign key ${name} on existing table ${ref} (to ${refTable})`,
    server: `PostgreSQL checks every row of ${t.sqlName} against ${refTable} while holding SHARE ROW EXCLUSIVE on both tables: writes to either wait for the scan${extra}`,
    hint: safeFormHint("not_valid_validate", { table: t.sqlName }),
    lock: "SHARE ROW EXCLUSIVE",
    safeForm: "not_valid_validate",
  };
}

function addedChecks(sqlName: string, from: Column, to: Column): string[] {
  const had = new Set(columnChecks(sqlName, from, "postgres").checks.map((c) => `${c.name}\u0000${c.expr}`));
  return columnChecks(sqlName, to, "postgres").checks.filter((c) => !had.has(`${c.name}\u0000${c.expr}`)).map((c) => c.name);
}

function analyze(step: LintStep): Draft[] {
  const { op } = step;
  if (step.caps.dialect !== "postgres") return [];
  switch (op.op) {
    case "add_foreign_key": {
      const t = existing(step, op.ref);
      return t === undefined ? [] : [fkDraft(t, op.ref, op.foreignKey.refTable, op.foreignKey.name, "error")];
    }
    case "add_check": {
      const t = existing(step, op.ref);
      return t === undefined ? [] : [checkDraft(t, op.ref, `check ${op.check.name}`, "error")];
    }
    case "add_column": {
      const t = existing(step, op.ref);
      if (t === undefined) return [];
      // The column is new: its values are all NULL (or its default), so the scan finds nothing to
      // reject, but it still reads the whole table under the lock.
      const out: Draft[] = [];
      const newOnly = " (the column is new, so nothing fails; the scan still reads the whole table)";
      if (op.foreignKey !== undefined) out.push(fkDraft(t, op.ref, op.foreignKey.refTable, op.foreignKey.name, "warning", newOnly));
      const checks = columnChecks(t.sqlName, op.column, "postgres").checks.map((c) => c.name);
      if (checks.length > 0) out.push(checkDraft(t, op.ref, `check${checks.length > 1 ? "s" : ""} ${checks.join(", ")} with column ${op.column.name}`, "warning", newOnly));
      return out;
    }
    case "alter_column": {
      const t = existing(step, op.ref);
      const from = columnIn(t, op.column.name);
      if (t === undefined || from === undefined) return [];
      const added = addedChecks(t.sqlName, from, op.column);
      if (added.length === 0) return [];
      const why = op.column.type.kind === "enum" ? " (an enum's allowed values are a CHECK: changing them drops and re-adds it)" : "";
      return [checkDraft(t, op.ref, `check${added.length > 1 ? "s" : ""} ${added.join(", ")} on ${op.column.name}`, "error", why)];
    }
    default:
      return [];
  }
}

export const constraints: Analyzer = { name: "constraints", codes: ["L_FK_VALIDATE", "L_CHECK_VALIDATE"], analyze };
