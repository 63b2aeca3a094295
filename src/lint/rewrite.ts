/**
 * PostgreSQL table rewrites. ALTER COLUMN … TYPE rewrites the table and rebuilds its indexes
 * under ACCESS EXCLUSIVE unless the new type is binary-coercible from the old (varchar widened,
 * varchar to text, numeric with more precision and the same scale): those change the catalog
 * only. ADD COLUMN with a default is a catalog change from PostgreSQL 11 for a non-volatile
 * default (alab's floor is 13, so a constant and `now()` are fine); a volatile one
 * (gen_random_uuid()) must be computed per row, which rewrites the table.
 */
import type { ColumnType } from "../model/types";
import { sqlType } from "../sql/typemap";
import type { Draft } from "./finding";
import { safeFormHint } from "./safe-forms";
import { type Analyzer, columnIn, existing, type LintStep } from "./step";

const VARCHAR = /^varchar\((\d+)\)$/;
const NUMERIC = /^numeric(?:\((\d+)(?:, (\d+))?\))?$/;

/** True when PostgreSQL changes only the catalog for this type change (no rewrite, no scan). */
export function pgCoercible(from: ColumnType, to: ColumnType): boolean {
  const a = sqlType(from, "postgres");
  const b = sqlType(to, "postgres");
  if (a === b) return true;
  const va = VARCHAR.exec(a);
  const vb = VARCHAR.exec(b);
  if (va !== null && vb !== null) return Number(vb[1]) >= Number(va[1]);
  if (va !== null && b === "text") return true;
  const na = NUMERIC.exec(a);
  const nb = NUMERIC.exec(b);
  if (na !== null && nb !== null) {
    if (nb[1] === undefined) return true; // unconstrained numeric holds every value
    if (na[1] === undefined) return false;
    return Number(nb[1]) >= Number(na[1]) && Number(nb[2] ?? 0) === Number(na[2] ?? 0);
  }
  return false;
}

function analyze(step: LintStep): Draft[] {
  const { op } = step;
  if (step.caps.dialect !== "postgres") return [];
  if (op.op === "alter_column") {
    const t = existing(step, op.ref);
    const from = columnIn(t, op.column.name);
    if (t === undefined || from === undefined || pgCoercible(from.type, op.column.type)) return [];
    return [
      {
        code: "L_TYPE_REWRITE",
        severity: "error",
        table: op.ref,
        message: `changes ${op.ref}.${op.column.name} from ${sqlType(from.type, "postgres")} to ${sqlType(op.column.type, "postgres")}`,
        server: `PostgreSQL rewrites all of ${t.sqlName} and rebuilds its indexes while holding ACCESS EXCLUSIVE: every read and write waits until it is done (time and disk grow with the table)`,
        hint: `${safeFormHint("expand_contract", { table: op.ref })} (a new column of the new type, filled in batches)`,
        lock: "ACCESS EXCLUSIVE",
        safeForm: "expand_contract",
      },
    ];
  }
  if (op.op === "add_column" && op.column.default?.kind === "expr" && op.column.default.expr === "uuid") {
    const t = existing(step, op.ref);
    if (t === undefined) return [];
    return [
      {
        code: "L_VOLATILE_DEFAULT",
        severity: "error",
        table: op.ref,
        message: `adds ${op.ref}.${op.column.name} with a volatile default (gen_random_uuid())`,
        server: `a volatile default is computed for each existing row: PostgreSQL rewrites all of ${t.sqlName} while holding ACCESS EXCLUSIVE, and every read and write waits`,
        hint: `add the column without the default (or nullable), set the default in a second statement (ALTER COLUMN … SET DEFAULT changes only new rows), and fill existing rows in batches outside the migration`,
        lock: "ACCESS EXCLUSIVE",
        safeForm: "batched_backfill",
      },
    ];
  }
  return [];
}

export const rewrite: Analyzer = { name: "rewrite", codes: ["L_TYPE_REWRITE", "L_VOLATILE_DEFAULT"], analyze };
