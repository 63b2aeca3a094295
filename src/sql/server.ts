/**
 * Operations on PostgreSQL and MySQL/MariaDB, which both ALTER in place. Column additions and
 * changes are in columns.ts; this file holds the rest and the dispatch.
 */
import { unreachable } from "../errors";
import { sqlNameOf, uniqueName } from "../model/names";
import type { Operation } from "../dsl/operations";
import type { Table } from "../model/types";
import { columnChecks } from "./checks";
import * as ddl from "./ddl";
import { dropIndexKeepingKeys } from "./fk-index";
import * as online from "./online";
import { planAddColumn, planAlterColumn, planRenameColumn } from "./columns";
import type { Statement } from "./dialect";
import { indexOwner, tableIn, unreachableChange, type Step, type StepResult } from "./step";
import { createTable, findColumn, refSqlName } from "./table";

type Op<K extends Operation["op"]> = Extract<Operation, { op: K }>;

/**
 * The table as the operation lists its columns. The schema state keeps columns in alab's
 * canonical order (order carries no meaning for diff or snapshot), but CREATE TABLE writes them in
 * the file's order: a generated file lists them in the canonical order already, and a hand-written
 * one (Azul `createTable`, an edited `m.create_table`) in its author's (docs/generation.md).
 */
function inWrittenOrder(table: Table, written: Table): Table {
  const rank = new Map(written.columns.map((c, i) => [c.name, i]));
  const at = (name: string) => rank.get(name) ?? Number.MAX_SAFE_INTEGER;
  return { ...table, columns: [...table.columns].sort((a, b) => at(a.name) - at(b.name)) };
}

/** CREATE TABLE, then the indexes the table arrived with (create_table ops may carry some). */
export function planCreateTable(step: Step<Op<"create_table">>): StepResult {
  const { op, caps, before, after } = step;
  const existed = before.tables[op.table.ref] !== undefined;
  const table = inWrittenOrder(after.tables[op.table.ref] ?? op.table, op.table);
  const created = createTable(table, after, caps.dialect, { ifNotExists: op.ifNotExists === true });
  const statements = [created.statement];
  if (!existed) for (const ix of table.indexes) statements.push(ddl.createIndex(table, ix, caps.dialect));
  return { statements, notes: created.notes };
}

export function planDropTable(step: Step<Op<"drop_table">>): StepResult {
  const { op, caps, before } = step;
  const t = before.tables[op.ref];
  // Replay refused a drop of a missing table unless `ifExists`; then the SQL name is all we know.
  return { statements: [ddl.dropTable(t?.sqlName ?? sqlNameOf(op.ref), caps.dialect, op.ifExists === true)] };
}

/** Derived names follow the table: uq_<table>_<col>, chk_<table>_<col>_<what>. */
function planRenameTable(step: Step<Op<"rename_table">>): StepResult {
  const { op, caps, before, after } = step;
  const d = caps.dialect;
  const from = tableIn(before, op.from);
  const to = tableIn(after, op.to);
  const statements: Statement[] = [ddl.renameTable(from.sqlName, to.sqlName, d)];
  for (const col of to.columns) {
    if (col.unique) statements.push(...ddl.renameUnique(to, uniqueName(from.sqlName, col.name), uniqueName(to.sqlName, col.name), [col.name], caps));
    const oldChecks = columnChecks(from.sqlName, col, d).checks;
    const newChecks = columnChecks(to.sqlName, col, d).checks;
    newChecks.forEach((c, i) => statements.push(...ddl.renameCheck(to.sqlName, oldChecks[i]!.name, c, caps)));
  }
  return { statements };
}

/**
 * Indexes and foreign keys on the column go first (MySQL would otherwise narrow a composite
 * index to the remaining columns, where PostgreSQL drops it); derived checks go with the column.
 */
function planDropColumn(step: Step<Op<"drop_column">>): StepResult {
  const { op, caps, before } = step;
  const d = caps.dialect;
  const t = tableIn(before, op.ref);
  const col = findColumn(t, op.column);
  const statements: Statement[] = [];
  for (const fk of t.foreignKeys) if (fk.columns.includes(col.name)) statements.push(...ddl.dropForeignKeyOf(t, fk, d));
  for (const ix of t.indexes) if (ix.columns.includes(col.name)) statements.push(ddl.dropIndex(t.sqlName, ix.name, d));
  if (d === "mysql") for (const c of columnChecks(t.sqlName, col, d).checks) statements.push(ddl.dropCheck(t.sqlName, c.name, caps));
  statements.push(ddl.dropColumn(t.sqlName, col.name, d));
  return { statements };
}

function owner(step: Step, ref: string): Table {
  return tableIn(step.before, ref);
}

export function planServer(step: Step): StepResult {
  const { op, caps, before, after } = step;
  const d = caps.dialect;
  switch (op.op) {
    case "create_table":
      return planCreateTable({ ...step, op });
    case "drop_table":
      return planDropTable({ ...step, op });
    case "rename_table":
      return planRenameTable({ ...step, op });
    case "add_column":
      return planAddColumn({ ...step, op });
    case "drop_column":
      return planDropColumn({ ...step, op });
    case "rename_column":
      return planRenameColumn({ ...step, op });
    case "alter_column":
      return planAlterColumn({ ...step, op });
    case "change_column":
      return unreachableChange();
    case "create_index": {
      const t = owner(step, op.ref);
      return { statements: [op.concurrently === true ? online.createIndexOnline(t, op.index, d) : ddl.createIndex(t, op.index, d)] };
    }
    case "drop_index": {
      const t = indexOwner(before, op.name, op.ref);
      const alone = op.concurrently === true ? online.dropIndexOnline(t.sqlName, op.name, d) : ddl.dropIndex(t.sqlName, op.name, d);
      return dropIndexKeepingKeys(t, { kind: "index", name: op.name }, before, caps, alone);
    }
    case "rename_index": {
      const t = indexOwner(after, op.to, op.ref);
      return { statements: ddl.renameIndex(t, op.from, t.indexes.find((i) => i.name === op.to)!, caps) };
    }
    case "add_foreign_key": {
      const [t, refSql] = [owner(step, op.ref), refSqlName(after, op.foreignKey.refTable)];
      return { statements: op.online === true ? online.addForeignKeyOnline(t, op.foreignKey, refSql, d) : [ddl.addForeignKey(t, op.foreignKey, refSql, d)] };
    }
    case "drop_foreign_key": {
      const t = owner(step, op.ref);
      const fk = t.foreignKeys.find((k) => k.name === op.name);
      return { statements: fk === undefined ? [ddl.dropForeignKey(t.sqlName, op.name, d)] : ddl.dropForeignKeyOf(t, fk, d) };
    }
    case "add_check":
      return { statements: op.online === true ? online.addCheckOnline(owner(step, op.ref), op.check, d) : [ddl.addTableCheck(owner(step, op.ref), op.check, d)] };
    case "drop_check":
      return { statements: [ddl.dropCheck(owner(step, op.ref).sqlName, op.name, caps)] };
    case "sql":
      return { statements: [] }; // plan.ts passes raw SQL through before reaching a planner
    default:
      return unreachable(op, "operation");
  }
}
