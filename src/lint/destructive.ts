/**
 * Data loss: a dropped table or column, a column changed to a type that cannot hold every value it
 * holds now. Any dialect. A dropped table or column is also a break for the release still running
 * (it reads and writes what is gone), so the advice is the expand/contract order.
 */
import { columnNarrowing } from "../diff/destructive";
import type { Draft } from "./finding";
import { safeFormHint } from "./safe-forms";
import { type Analyzer, columnIn, existing, type LintStep } from "./step";

function analyze(step: LintStep): Draft[] {
  const { op } = step;
  if (op.op === "drop_table") {
    const t = existing(step, op.ref);
    if (t === undefined) return [];
    return [
      {
        code: "L_DROP_TABLE",
        severity: "error",
        table: op.ref,
        message: `drops table ${op.ref} with every row in it`,
        server: `${t.sqlName} and its data are gone when the migration commits; the release still running fails on every query that uses it from that moment`,
        hint: `deploy code that no longer uses ${op.ref} first, take a backup, and drop it in a later migration; then acknowledge it with \`// alab:allow L_DROP_TABLE <why>\` on the line above`,
        safeForm: "expand_contract",
      },
    ];
  }
  if (op.op === "drop_column") {
    const t = existing(step, op.ref);
    if (t === undefined) return [];
    return [
      {
        code: "L_DROP_COLUMN",
        severity: "error",
        table: op.ref,
        message: `drops column ${op.ref}.${op.column} and its data`,
        server: `the values are gone when the migration commits; the release still running fails wherever it reads or writes ${op.column} (ORMs that select every column fail on any query of ${t.sqlName})`,
        hint: `deploy code that no longer reads or writes ${op.column} first (Rails: ignored_columns; Prisma/TypeORM: remove it from the model), then drop it in a later migration and acknowledge it with \`// alab:allow L_DROP_COLUMN <why>\``,
        safeForm: "expand_contract",
      },
    ];
  }
  if (op.op === "alter_column") {
    const t = existing(step, op.ref);
    const from = columnIn(t, op.column.name);
    if (t === undefined || from === undefined) return [];
    const why = columnNarrowing(from, op.column);
    if (why === undefined) return [];
    return [
      {
        code: "L_NARROW_TYPE",
        severity: "error",
        table: op.ref,
        message: `${op.ref}.${op.column.name} ${why}`,
        server: "existing values that do not fit the new type make the migration fail (or, where the server converts silently, are changed)",
        hint: `check that every value fits first (e.g. SELECT count(*) FROM ${t.sqlName} WHERE …), or ${safeFormHint("expand_contract", { table: op.ref })}`,
        safeForm: "expand_contract",
      },
    ];
  }
  return [];
}

export const destructive: Analyzer = { name: "destructive", codes: ["L_DROP_TABLE", "L_DROP_COLUMN", "L_NARROW_TYPE"], analyze };
