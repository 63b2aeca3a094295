/**
 * add_column, alter_column and rename_column on PostgreSQL and MySQL/MariaDB.
 * Backfill: the column is added nullable without its default, existing rows are filled, then the
 * default and NOT NULL are set — so the backfill value reaches old rows but never stays a default.
 * MySQL would fill a NOT NULL column with an implicit '' or 0 where PostgreSQL refuses; adding it
 * nullable and then MODIFYing it NOT NULL makes MySQL refuse too.
 */
import { AlabError } from "../errors";
import { uniqueName } from "../model/names";
import type { Operation } from "../dsl/operations";
import { AUTO_KINDS, type Column, type Table } from "../model/types";
import type { Capabilities } from "./capabilities";
import { columnChecks, type NamedCheck } from "./checks";
import { db, id, raw, rawStmt, stmt } from "./compiler";
import * as ddl from "./ddl";
import type { Statement } from "./dialect";
import { quoteIdent } from "./escape";
import { dropIndexKeepingKeys } from "./fk-index";
import { tableIn, type Step, type StepResult } from "./step";
import { columnSpec, findColumn, refSqlName } from "./table";
import { defaultSql, sqlType } from "./typemap";

type Op<K extends Operation["op"]> = Extract<Operation, { op: K }>;

/** MODIFY COLUMN with the column's whole definition (MySQL forgets whatever MODIFY leaves out). */
function modify(table: Table, col: Column, caps: Capabilities, nullable = false): Statement {
  const spec = columnSpec(table, col, caps.dialect, { nullable });
  return stmt(db(caps.dialect).schema.alterTable(id(table.sqlName, "table")).modifyColumn(spec.name, spec.type, spec.build));
}

function alterColumn(table: Table, col: Column, caps: Capabilities, change: "set not null" | "drop not null" | "drop default" | { setDefault: string } | { type: string }): Statement {
  const q = db(caps.dialect).schema.alterTable(id(table.sqlName, "table"));
  return stmt(
    q.alterColumn(id(col.name, "column"), (ac) => {
      if (change === "set not null") return ac.setNotNull();
      if (change === "drop not null") return ac.dropNotNull();
      if (change === "drop default") return ac.dropDefault();
      if ("setDefault" in change) return ac.setDefault(raw(change.setDefault));
      // An explicit cast to varchar(n) truncates silently; the assignment cast PostgreSQL uses
      // without USING fails on a too-long value instead. Other targets convert explicitly (a
      // failing conversion fails the migration).
      const textual = col.type.kind === "string" || col.type.kind === "char" || col.type.kind === "enum";
      return ac.setDataType(raw(textual ? change.type : `${change.type} using ${quoteIdent(col.name, caps.dialect)}::${change.type}`));
    }),
  );
}

export function planAddColumn(step: Step<Op<"add_column">>): StepResult {
  const { op, caps, after } = step;
  const d = caps.dialect;
  const table = tableIn(after, op.ref);
  const col = findColumn(table, op.column.name);
  const fill = op.column.backfill;
  const statements: Statement[] = [];
  if (fill !== undefined) {
    statements.push(ddl.addColumn(table, col, d, { nullable: true, noDefault: true }));
    statements.push(ddl.backfill(table, col, fill, d));
    if (d === "postgres") {
      const def = defaultSql(table.sqlName, col, d);
      if (def !== undefined) statements.push(alterColumn(table, col, caps, { setDefault: def }));
      if (!col.nullable) statements.push(alterColumn(table, col, caps, "set not null"));
    } else if (!col.nullable || col.default !== undefined) {
      statements.push(modify(table, col, caps));
    }
  } else if (d === "mysql" && !col.nullable && col.default === undefined && col.generated === undefined) {
    statements.push(ddl.addColumn(table, col, d, { nullable: true }), modify(table, col, caps));
  } else {
    statements.push(ddl.addColumn(table, col, d));
  }
  if (col.unique) statements.push(ddl.addUnique(table, uniqueName(table.sqlName, col.name), [col.name], d));
  const checks = columnChecks(table.sqlName, col, d);
  for (const c of checks.checks) statements.push(ddl.addCheck(table.sqlName, c, d));
  if (op.foreignKey) statements.push(ddl.addForeignKey(table, op.foreignKey, refSqlName(after, op.foreignKey.refTable), d));
  return { statements, notes: checks.notes };
}

function serialChange(table: Table, from: Column, to: Column): void {
  if (AUTO_KINDS.has(from.type.kind) === AUTO_KINDS.has(to.type.kind)) return;
  throw new AlabError({
    code: "E_SQL_UNSUPPORTED_CHANGE",
    message: `${table.ref}.${to.name}: changing a column to or from ${AUTO_KINDS.has(to.type.kind) ? to.type.kind : from.type.kind} is not supported`,
    hint: "add a new column and copy the values with m.sql(...), or recreate the table",
  });
}

function diffChecks(before: readonly NamedCheck[], after: readonly NamedCheck[]): { drop: NamedCheck[]; add: NamedCheck[] } {
  const key = (c: NamedCheck) => `${c.name}\u0000${c.expr}`;
  const had = new Set(before.map(key));
  const has = new Set(after.map(key));
  return { drop: before.filter((c) => !has.has(key(c))), add: after.filter((c) => !had.has(key(c))) };
}

/**
 * Checks that changed are dropped before the column changes (their expression may not fit the new
 * type) and added after it; a failing check or cast fails the migration, never truncates.
 */
export function planAlterColumn(step: Step<Op<"alter_column">>): StepResult {
  const { op, caps, before, after } = step;
  const d = caps.dialect;
  const oldT = tableIn(before, op.ref);
  const table = tableIn(after, op.ref);
  const from = findColumn(oldT, op.column.name);
  const to = findColumn(table, op.column.name);
  serialChange(table, from, to);
  const oldC = columnChecks(table.sqlName, from, d);
  const newC = columnChecks(table.sqlName, to, d);
  const checks = diffChecks(oldC.checks, newC.checks);
  const typeChanged = sqlType(from.type, d) !== sqlType(to.type, d);
  const oldDef = defaultSql(table.sqlName, from, d);
  const newDef = defaultSql(table.sqlName, to, d);
  const fill = op.column.backfill;
  const tightens = from.nullable && !to.nullable;
  const s: Statement[] = [];
  const notes = [...newC.notes];
  for (const c of checks.drop) s.push(ddl.dropCheck(table.sqlName, c.name, caps));
  if (from.unique && !to.unique) {
    const name = uniqueName(table.sqlName, from.name);
    const r = dropIndexKeepingKeys(oldT, { kind: "unique", name, column: from.name }, before, caps, ddl.dropUnique(table.sqlName, name, d));
    s.push(...r.statements);
    notes.push(...(r.notes ?? []));
  }
  if (d === "postgres") {
    // The old default is cast along with the column on a type change, which may fail: drop it first.
    if (oldDef !== undefined && (typeChanged || newDef === undefined)) s.push(alterColumn(table, to, caps, "drop default"));
    if (typeChanged) s.push(alterColumn(table, to, caps, { type: sqlType(to.type, d) }));
    if (newDef !== undefined && (typeChanged || newDef !== oldDef)) s.push(alterColumn(table, to, caps, { setDefault: newDef }));
    if (tightens && fill !== undefined) s.push(ddl.backfill(table, to, fill, d));
    if (from.nullable !== to.nullable) s.push(alterColumn(table, to, caps, to.nullable ? "drop not null" : "set not null"));
  } else {
    if (tightens && fill !== undefined) s.push(ddl.backfill(table, from, fill, d));
    if (typeChanged || newDef !== oldDef || from.nullable !== to.nullable) s.push(modify(table, to, caps));
  }
  if (to.unique && !from.unique) s.push(ddl.addUnique(table, uniqueName(table.sqlName, to.name), [to.name], d));
  for (const c of checks.add) s.push(ddl.addCheck(table.sqlName, c, d));
  return { statements: s, notes };
}

/** CHANGE COLUMN for MariaDB before 10.5.2: the rename with the whole definition. */
function changeColumn(table: Table, from: string, to: Column, caps: Capabilities): Statement {
  const d = caps.dialect;
  const modified = modify(table, to, caps).sql;
  const prefix = `alter table ${quoteIdent(table.sqlName, d)} modify column `;
  return rawStmt(`alter table ${quoteIdent(table.sqlName, d)} change column ${quoteIdent(from, d)} ${modified.slice(prefix.length)}`);
}

/**
 * Derived names follow the column. PostgreSQL renames its checks in place (and rewrites their
 * expressions itself); MySQL refuses to rename a column its checks use, so they are re-created.
 */
export function planRenameColumn(step: Step<Op<"rename_column">>): StepResult {
  const { op, caps, before, after } = step;
  const d = caps.dialect;
  const oldT = tableIn(before, op.ref);
  const table = tableIn(after, op.ref);
  const from = findColumn(oldT, op.from);
  const to = findColumn(table, op.to);
  const oldChecks = columnChecks(table.sqlName, from, d).checks;
  const newChecks = columnChecks(table.sqlName, to, d).checks;
  const s: Statement[] = [];
  if (d === "mysql") for (const c of oldChecks) s.push(ddl.dropCheck(table.sqlName, c.name, caps));
  s.push(caps.renameColumn ? ddl.renameColumn(table.sqlName, op.from, op.to, d) : changeColumn(table, op.from, to, caps));
  if (to.unique) s.push(...ddl.renameUnique(table, uniqueName(table.sqlName, op.from), uniqueName(table.sqlName, op.to), [op.to], caps));
  if (d === "mysql") for (const c of newChecks) s.push(ddl.addCheck(table.sqlName, c, d));
  else newChecks.forEach((c, i) => s.push(...ddl.renameCheck(table.sqlName, oldChecks[i]!.name, c, caps)));
  return { statements: s };
}
