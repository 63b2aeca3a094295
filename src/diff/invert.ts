/**
 * The way back: for each operation of `up`, the operations that undo it, computed against the
 * schema as it stands just before that operation (so a dropped table or column comes back with
 * its full definition). `down` is those, last first.
 */
import { AlabError, EXIT, unreachable } from "../errors";
import type { Schema, Table } from "../model/types";
import type { Operation } from "../dsl/operations";
import { applyTo, Draft } from "./replay";
import { resolveChange } from "./change-column";
import { indexCreationOrder } from "../dsl/migration/index-order";

function internal(what: string): never {
  throw new AlabError({ code: "E_INTERNAL", message: `internal: cannot invert: ${what}`, hint: "this is a bug in alab; please report it with the command you ran", exit: EXIT.runtime });
}

function tableIn(s: Schema, ref: string): Table {
  return s.tables[ref] ?? internal(`no table ${ref}`);
}

function findIndexTable(s: Schema, name: string, ref?: string): Table {
  const t = ref === undefined ? Object.values(s.tables).find((x) => x.indexes.some((i) => i.name === name)) : s.tables[ref];
  return t ?? internal(`no index ${name}`);
}

/** What undoes `op`, applied to `before` (the schema just before `op`). */
export function invertOperation(before: Schema, op: Operation): Operation[] {
  switch (op.op) {
    case "create_table":
      return [{ op: "drop_table", ref: op.table.ref }];
    case "drop_table": {
      const t = tableIn(before, op.ref);
      return [
        { op: "create_table", table: { ...t, indexes: [] } },
        ...indexCreationOrder(t).map((index): Operation => ({ op: "create_index", ref: t.ref, index })),
      ];
    }
    case "rename_table":
      return [{ op: "rename_table", from: op.to, to: op.from }];
    case "add_column":
      return op.foreignKey === undefined
        ? [{ op: "drop_column", ref: op.ref, column: op.column.name }]
        : [{ op: "drop_foreign_key", ref: op.ref, name: op.foreignKey.name }, { op: "drop_column", ref: op.ref, column: op.column.name }];
    case "drop_column": {
      const t = tableIn(before, op.ref);
      const column = t.columns.find((c) => c.name === op.column);
      if (column === undefined) return internal(`no column ${op.ref}.${op.column}`);
      // Dropping a column takes its own indexes and keys with it; bring those back too.
      return [
        { op: "add_column", ref: op.ref, column },
        ...t.indexes.filter((i) => i.columns.includes(op.column)).map((index): Operation => ({ op: "create_index", ref: op.ref, index })),
        ...t.foreignKeys.filter((f) => f.columns.includes(op.column)).map((foreignKey): Operation => ({ op: "add_foreign_key", ref: op.ref, foreignKey })),
      ];
    }
    case "rename_column":
      return [{ op: "rename_column", ref: op.ref, from: op.to, to: op.from }];
    case "alter_column": {
      const column = tableIn(before, op.ref).columns.find((c) => c.name === op.column.name);
      return [{ op: "alter_column", ref: op.ref, column: column ?? internal(`no column ${op.ref}.${op.column.name}`) }];
    }
    case "change_column":
      return invertOperation(before, resolveChange(before, op));
    // An index built without blocking writes is dropped the same way, and the other way round.
    case "create_index":
      return [{ op: "drop_index", name: op.index.name, ...(op.concurrently === true ? { concurrently: true } : {}) }];
    case "drop_index": {
      const t = findIndexTable(before, op.name, op.ref);
      const index = t.indexes.find((i) => i.name === op.name);
      return [{ op: "create_index", ref: t.ref, index: index ?? internal(`no index ${op.name}`), ...(op.concurrently === true ? { concurrently: true } : {}) }];
    }
    case "rename_index":
      return [{ op: "rename_index", ref: op.ref, from: op.to, to: op.from }];
    case "add_foreign_key":
      return [{ op: "drop_foreign_key", ref: op.ref, name: op.foreignKey.name }];
    case "drop_foreign_key": {
      const foreignKey = tableIn(before, op.ref).foreignKeys.find((f) => f.name === op.name);
      return [{ op: "add_foreign_key", ref: op.ref, foreignKey: foreignKey ?? internal(`no foreign key ${op.name}`) }];
    }
    case "add_check":
      return [{ op: "drop_check", ref: op.ref, name: op.check.name }];
    case "drop_check": {
      const check = tableIn(before, op.ref).checks.find((c) => c.name === op.name);
      return [{ op: "add_check", ref: op.ref, check: check ?? internal(`no check ${op.name}`) }];
    }
    case "sql":
      return internal("raw SQL has no computable inverse");
    default:
      return unreachable(op, "operation");
  }
}

/**
 * `down` for `up` applied to `from`. Indexes of a table that `up` creates are not dropped one by
 * one: dropping the table takes them along (the seed's down is only drop_table calls).
 */
export function invertAll(from: Schema, up: readonly Operation[]): Operation[] {
  const created = new Set(up.flatMap((op) => (op.op === "create_table" ? [op.table.ref] : [])));
  const steps: Operation[][] = [];
  const state = new Draft(from);
  const before = state.view();
  for (const op of up) {
    const skip = op.op === "create_index" && created.has(op.ref);
    steps.push(skip ? [] : invertOperation(before, op));
    applyTo(state, op);
  }
  return steps.reverse().flat();
}
