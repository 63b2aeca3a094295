/**
 * `alab new --online`: the generated operations in the forms that let an existing, busy table go
 * on serving reads and writes (src/sql/online.ts says what each becomes per dialect). Tables the
 * same direction creates keep the plain forms: nobody uses them yet, and the plain forms are
 * atomic.
 */
import type { Operation } from "../dsl/operations";
import type { MigrationOps } from "./plan-ops";

function onlineOps(ops: readonly Operation[]): Operation[] {
  const created = new Set(ops.flatMap((o) => (o.op === "create_table" ? [o.table.ref] : o.op === "rename_table" ? [] : [])));
  return ops.map((op): Operation => {
    switch (op.op) {
      case "create_index":
        return created.has(op.ref) ? op : { ...op, concurrently: true };
      case "drop_index":
        return { ...op, concurrently: true };
      case "add_foreign_key":
      case "add_check":
        return created.has(op.ref) ? op : { ...op, online: true };
      default:
        return op;
    }
  });
}

export function withOnlineForms(plan: MigrationOps): MigrationOps {
  return { ...plan, up: onlineOps(plan.up), down: onlineOps(plan.down) };
}
