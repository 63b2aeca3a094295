/**
 * PostgreSQL table rewrites. ALTER COLUMN … TYPE rewrites the table and rebuilds its indexes
 * under ACCESS EXCLUSIVE unless the new type is binary-coercible from the old (varchar widened,
 * varchar to text, numeric with more precision and the same scale): those change the catalog
 * only. ADD COLUMN with a default is a catalog change from PostgreSQL 11 for a non-volatile
 * default (alab's floor is 13, so a constant and `now()` are fine); a volatile one
 * (gen_random_uuid()) must be computed per row, which rewrites the table. A default written in
 * SQL is judged by the functions it calls.
 */
import type { ColumnType } from "../model/types";
import { sqlType } from "../sql/typemap";
import type { Draft } from "./finding";
import { safeFormHint } from "./safe-forms";
import { type Analyzer, columnIn, existing, type LintStep } from "./step";

/** Functions PostgreSQL marks volatile that defaults use; any other unknown call is a warning. */
const VOLATILE = new Set(["gen_random_uuid", "uuid_generate_v1", "uuid_generate_v4", "random", "clock_timestamp", "timeofday", "nextval", "txid_current"]);
/** Stable or immutable: evaluated once for ADD COLUMN, no rewrite. */
const STABLE = new Set(["now", "current_timestamp", "current_date", "localtimestamp", "localtime", "statement_timestamp", "transaction_timestamp", "lower", "upper", "coalesce", "concat", "length", "to_char", "make_date", "date_trunc", "abs", "round", "jsonb_build_object", "json_build_object", "array"]);

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
  if (op.op === "add_column" && op.column.default?.kind === "sql") {
    const t = existing(step, op.ref);
    const text = op.column.default.sql.postgres ?? "";
    const calls = [...text.matchAll(/\b([a-z_][a-z0-9_]*)\s*\(/gi)].map((m) => (m[1] as string).toLowerCase()).filter((f) => !STABLE.has(f));
    if (t === undefined || calls.length === 0) return [];
    const known = calls.some((f) => VOLATILE.has(f));
    return [
      {
        code: "L_VOLATILE_DEFAULT",
        severity: known ? "error" : "warning",
        table: op.ref,
        message: `adds ${op.ref}.${op.column.name} with an SQL default that ${known ? "is volatile" : "calls a function lint does not know"} (${calls.join(", ")})`,
        server: `a volatile default is computed for each existing row: PostgreSQL then rewrites all of ${t.sqlName} while holding ACCESS EXCLUSIVE, and every read and write waits${known ? "" : " (a stable or immutable function is a catalog change only)"}`,
        hint: "add the column without the default (or nullable), set the default in a second statement (ALTER COLUMN … SET DEFAULT changes only new rows), and fill existing rows in batches outside the migration",
        lock: "ACCESS EXCLUSIVE",
        safeForm: "batched_backfill",
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
