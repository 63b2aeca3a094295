/**
 * Operations on SQLite. What ALTER TABLE can do in place is done in place (ADD COLUMN within its
 * restrictions, DROP COLUMN from 3.35 for unconstrained columns, RENAME); everything else —
 * changing a column, adding or dropping a foreign key or check — goes through rebuild.ts.
 */
import { unreachable } from "../errors";
import type { Operation } from "../dsl/operations";
import type { Column, Table } from "../model/types";
import { columnChecks } from "./checks";
import { db, id } from "./compiler";
import * as ddl from "./ddl";
import type { Statement } from "./dialect";
import { quoteIdent } from "./escape";
import { rebuild, type RebuildSource } from "./rebuild";
import { planCreateTable, planDropTable } from "./server";
import { indexOwner, tableIn, unreachableChange, type Step, type StepResult } from "./step";
import { columnSpec, findColumn, refSqlName } from "./table";
import { hasConstantDefault, literalFor } from "./typemap";

const D = "sqlite";
type Op<K extends Operation["op"]> = Extract<Operation, { op: K }>;

function rebuilt(step: Step, ref: string, sources: RebuildSource = {}): StepResult {
  const r = rebuild(tableIn(step.before, ref), tableIn(step.after, ref), step.after, sources);
  return { statements: r.statements, notes: r.notes, foreignKeysOff: true };
}

/** The column's whole SQLite definition (type, default, NOT NULL, inline checks) and uniqueness. */
function definition(table: Table, col: Column): string {
  const spec = columnSpec(table, col, D, { checks: columnChecks(table.sqlName, col, D).checks });
  const sql = db(D).schema.createTable("t").addColumn(spec.name, spec.type, spec.build).compile().sql;
  return `${sql} unique=${col.unique}`;
}

/** ALTER TABLE ADD COLUMN: no UNIQUE, constant default only, NOT NULL needs a non-null default, a reference needs default NULL. */
function planAddColumn(step: Step<Op<"add_column">>): StepResult {
  const { op, after } = step;
  const table = tableIn(after, op.ref);
  const col = findColumn(table, op.column.name);
  const fill = op.column.backfill;
  const nullDefault = col.default === undefined || (col.default.kind === "literal" && col.default.value === null);
  const fk = op.foreignKey;
  // A backfill runs as an UPDATE after the ADD, so the column must not have taken a default already.
  const fits = fill === undefined ? col.nullable || !nullDefault : col.nullable && col.default === undefined;
  // SQLite adds a generated column in place only when it is virtual.
  const addable = col.generated === undefined || !col.generated.stored;
  const inPlace = addable && !col.unique && hasConstantDefault(col) && fits && (fk === undefined || (fk.columns.length === 1 && col.nullable && nullDefault));
  const notes = columnChecks(table.sqlName, col, D).notes;
  if (!inPlace) {
    const r = rebuilt(step, op.ref, fill === undefined ? {} : { [col.name]: literalFor(table.sqlName, col, fill, D, "backfill") });
    return { ...r, notes: [...(r.notes ?? []), ...notes] };
  }
  const statements: Statement[] = [
    ddl.addColumn(table, col, D, {
      checks: columnChecks(table.sqlName, col, D).checks,
      ...(fk ? { reference: { fk, refSql: refSqlName(after, fk.refTable) } } : {}),
    }),
  ];
  if (fill !== undefined) statements.push(ddl.backfill(table, col, fill, D));
  return { statements, notes };
}

/** DROP COLUMN (3.35+) refuses primary-key, unique, indexed and foreign-key columns. */
function planDropColumn(step: Step<Op<"drop_column">>): StepResult {
  const { op, caps, before } = step;
  const t = tableIn(before, op.ref);
  const col = findColumn(t, op.column);
  const constrained =
    t.primaryKey.includes(col.name) ||
    col.unique ||
    t.indexes.some((i) => i.columns.includes(col.name)) ||
    t.foreignKeys.some((f) => f.columns.includes(col.name));
  if (!caps.dropColumn || constrained) return rebuilt(step, op.ref);
  return { statements: [ddl.dropColumn(t.sqlName, col.name, D)] };
}

function planAlterColumn(step: Step<Op<"alter_column">>): StepResult {
  const { op, before, after } = step;
  const oldT = tableIn(before, op.ref);
  const table = tableIn(after, op.ref);
  const from = findColumn(oldT, op.column.name);
  const to = findColumn(table, op.column.name);
  if (definition(oldT, from) === definition(table, to)) return { statements: [] };
  const fill = op.column.backfill;
  const q = quoteIdent(to.name, D);
  const sources: RebuildSource = from.nullable && !to.nullable && fill !== undefined ? { [to.name]: `coalesce(${q}, ${literalFor(table.sqlName, to, fill, D, "backfill")})` } : {};
  return rebuilt(step, op.ref, sources);
}

/**
 * Whether a name alab derives from the table's name or from this column's (a unique constraint,
 * a column check) is in the table: SQLite renames neither, and cannot rename a constraint, so
 * only a rebuild makes those names follow a rename.
 */
function derivedNames(table: Table, column?: string): boolean {
  return table.columns.some((c) => (column === undefined || c.name === column) && (c.unique || columnChecks(table.sqlName, c, D).checks.length > 0));
}

/**
 * ALTER TABLE RENAME first (it makes the children's foreign keys follow), then, when the table
 * holds names derived from its old name, a rebuild under the new one writes them anew.
 */
function planRenameTable(step: Step<Op<"rename_table">>): StepResult {
  const from = tableIn(step.before, step.op.from);
  const to = tableIn(step.after, step.op.to);
  const rename = ddl.renameTable(from.sqlName, to.sqlName, D);
  if (!derivedNames(to)) return { statements: [rename] };
  const r = rebuild(to, to, step.after);
  return { statements: [rename, ...r.statements], notes: r.notes, foreignKeysOff: true };
}

export function planSqlite(step: Step): StepResult {
  const { op, before, after } = step;
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
    case "rename_column": {
      const t = tableIn(before, op.ref);
      if (!step.caps.renameColumn) return rebuilt(step, op.ref, { [op.to]: quoteIdent(op.from, D) });
      // In place first: it makes the children's foreign keys and the table's own checks follow.
      const rename = ddl.renameColumn(t.sqlName, op.from, op.to, D);
      if (!derivedNames(t, op.from)) return { statements: [rename] };
      const to = tableIn(after, op.ref);
      const r = rebuild(to, to, after);
      return { statements: [rename, ...r.statements], notes: r.notes, foreignKeysOff: true };
    }
    case "alter_column":
      return planAlterColumn({ ...step, op });
    case "change_column":
      return unreachableChange();
    case "create_index":
      return { statements: [ddl.createIndex(tableIn(before, op.ref), op.index, D)] };
    case "drop_index":
      return { statements: [ddl.dropIndex(indexOwner(before, op.name, op.ref).sqlName, id(op.name, "index"), D)] };
    case "rename_index": {
      const t = indexOwner(after, op.to, op.ref);
      return { statements: [ddl.dropIndex(t.sqlName, op.from, D), ddl.createIndex(t, t.indexes.find((i) => i.name === op.to)!, D)] };
    }
    case "add_foreign_key":
    case "drop_foreign_key":
    case "add_check":
    case "drop_check":
      return rebuilt(step, op.ref);
    case "sql":
      return { statements: [] };
    default:
      return unreachable(op, "operation");
  }
}
