/**
 * Replaying migration operations onto the schema model, in memory: how the snapshot is rebuilt and
 * how `alab check` finds hand edits. It behaves as the databases do (a renamed table's incoming
 * foreign keys follow it, dropping a column drops its own indexes and keys) and refuses what they
 * would refuse, with E_REPLAY_* errors the caller locates in the migration file.
 */
import { AlabError, unreachable } from "../errors";
import { sqlNameOf } from "../model/names";
import type { Column, ForeignKey, Index, Schema, Table } from "../model/types";
import type { Operation } from "../dsl/operations";
import { canonicalTable, stateColumn } from "./canonical";
import { resolveChange } from "./change-column";
import { Draft } from "./draft";

export { Draft } from "./draft";

function err(code: string, message: string, hint: string): AlabError {
  return new AlabError({ code, message, hint });
}

const HINT = "the migration does not fit the schema the earlier migrations build; fix the migration, or rebuild the snapshot with `alab snapshot --rebuild` if it is stale";

function tableOf(s: Draft, ref: string): Table {
  const t = s.get(ref);
  if (t === undefined) {
    throw err(
      "E_REPLAY_UNKNOWN_TABLE",
      `table ${ref} does not exist at this point`,
      `${HINT}. If the table exists in the database but no migration creates it (a database alab did not build), adopt it first: \`alab pull\` writes a baseline migration that creates every table, so later migrations may change them`,
    );
  }
  return t;
}

function columnOf(t: Table, name: string): Column {
  const c = t.columns.find((x) => x.name === name);
  if (c === undefined) throw err("E_REPLAY_UNKNOWN_COLUMN", `column ${t.ref}.${name} does not exist at this point`, HINT);
  return c;
}

function requireColumns(t: Table, names: readonly string[]): void {
  for (const n of names) columnOf(t, n);
}

function withTable(s: Draft, t: Table): void {
  s.set(canonicalTable(t));
}

function duplicate(what: string): AlabError {
  return err("E_REPLAY_DUPLICATE", `${what} already exists at this point`, HINT);
}

/** Index names are unique across the schema (PostgreSQL's rule, the strictest of the three). */
function indexOwner(s: Draft, name: string): Table | undefined {
  return s.indexOwner(name);
}

function checkForeignKey(s: Draft, t: Table, fk: ForeignKey): void {
  requireColumns(t, fk.columns);
  if (t.foreignKeys.some((f) => f.name === fk.name)) throw duplicate(`foreign key ${fk.name} on ${t.ref}`);
  const target = fk.refTable === t.ref ? t : tableOf(s, fk.refTable);
  requireColumns(target, fk.refColumns);
  if (fk.columns.length !== fk.refColumns.length) {
    throw err("E_REPLAY_BAD_FOREIGN_KEY", `foreign key ${fk.name} has ${fk.columns.length} column(s) but references ${fk.refColumns.length}`, "list as many referenced columns as columns");
  }
}

function incomingKeys(s: Draft, ref: string, column?: string): string[] {
  const out: string[] = [];
  for (const t of s.values()) {
    if (t.ref === ref) continue;
    for (const fk of t.foreignKeys) {
      if (fk.refTable === ref && (column === undefined || fk.refColumns.includes(column))) out.push(`${t.ref} (${fk.name})`);
    }
  }
  return out.sort();
}

function createTable(s: Draft, table: Table, ifNotExists: boolean): void {
  if (s.has(table.ref)) {
    if (ifNotExists) return;
    throw duplicate(`table ${table.ref}`);
  }
  const clash = s.sqlNameOwner(table.sqlName);
  if (clash !== undefined) throw duplicate(`a table named ${table.sqlName} in SQL (${clash.ref})`);
  const names = new Set<string>();
  for (const c of table.columns) {
    if (names.has(c.name)) throw duplicate(`column ${table.ref}.${c.name}`);
    names.add(c.name);
  }
  const bare: Table = { ...table, sqlName: sqlNameOf(table.ref), foreignKeys: [], indexes: [] };
  requireColumns(bare, table.primaryKey);
  // The table goes in as it is first: its own keys may reference it, and its indexes are checked
  // against each other as they are added.
  s.set(canonicalTable(bare));
  for (const fk of table.foreignKeys) addForeignKey(s, table.ref, fk);
  for (const ix of table.indexes) createIndex(s, table.ref, ix);
}

function addForeignKey(s: Draft, ref: string, fk: ForeignKey): void {
  const t = tableOf(s, ref);
  checkForeignKey(s, t, fk);
  withTable(s, { ...t, foreignKeys: [...t.foreignKeys, fk] });
}

function createIndex(s: Draft, ref: string, index: Index): void {
  const t = tableOf(s, ref);
  requireColumns(t, index.columns);
  const owner = indexOwner(s, index.name);
  if (owner !== undefined) throw duplicate(`index ${index.name} (on ${owner.ref})`);
  withTable(s, { ...t, indexes: [...t.indexes, index] });
}

function renameTable(s: Draft, from: string, to: string): void {
  const t = tableOf(s, from);
  if (s.has(to)) throw duplicate(`table ${to}`);
  const moved = (fk: ForeignKey): ForeignKey => (fk.refTable === from ? { ...fk, refTable: to } : fk);
  for (const other of [...s.values()]) {
    if (other.ref !== from && other.foreignKeys.some((fk) => fk.refTable === from)) s.set({ ...other, foreignKeys: other.foreignKeys.map(moved) });
  }
  s.delete(from);
  s.set(canonicalTable({ ...t, ref: to, sqlName: sqlNameOf(to), foreignKeys: t.foreignKeys.map(moved) }));
}

function dropColumn(s: Draft, ref: string, name: string): void {
  const t = tableOf(s, ref);
  columnOf(t, name);
  if (t.primaryKey.includes(name)) {
    throw err("E_REPLAY_IN_USE", `column ${ref}.${name} is part of the primary key`, "a primary-key column cannot be dropped by itself; drop or recreate the table");
  }
  const incoming = incomingKeys(s, ref, name);
  if (incoming.length > 0) throw err("E_REPLAY_IN_USE", `column ${ref}.${name} is referenced by ${incoming.join(", ")}`, "drop those foreign keys first");
  withTable(s, {
    ...t,
    columns: t.columns.filter((c) => c.name !== name),
    indexes: t.indexes.filter((i) => !i.columns.includes(name)),
    foreignKeys: t.foreignKeys.filter((f) => !f.columns.includes(name)),
  });
}

function renameColumn(s: Draft, ref: string, from: string, to: string): void {
  const t = tableOf(s, ref);
  columnOf(t, from);
  if (t.columns.some((c) => c.name === to)) throw duplicate(`column ${ref}.${to}`);
  const swap = (n: string): string => (n === from ? to : n);
  const renamed: Table = {
    ...t,
    columns: t.columns.map((c) => (c.name === from ? { ...c, name: to } : c)),
    primaryKey: t.primaryKey.map(swap),
    indexes: t.indexes.map((i) => ({ ...i, columns: i.columns.map(swap) })),
    foreignKeys: t.foreignKeys.map((f) => ({ ...f, columns: f.columns.map(swap), refColumns: f.refTable === ref ? f.refColumns.map(swap) : f.refColumns })),
  };
  s.set(canonicalTable(renamed));
  for (const other of [...s.values()]) {
    if (other.ref === ref || !other.foreignKeys.some((f) => f.refTable === ref && f.refColumns.includes(from))) continue;
    s.set({ ...other, foreignKeys: other.foreignKeys.map((f) => (f.refTable === ref ? { ...f, refColumns: f.refColumns.map(swap) } : f)) });
  }
}

function findIndex(s: Draft, name: string, ref?: string): Table {
  const owner = ref === undefined ? indexOwner(s, name) : tableOf(s, ref);
  if (owner === undefined || !owner.indexes.some((i) => i.name === name)) {
    throw err("E_REPLAY_UNKNOWN_OBJECT", `index ${name}${ref === undefined ? "" : ` on ${ref}`} does not exist at this point`, HINT);
  }
  return owner;
}

function named<T extends { readonly name: string }>(items: readonly T[], name: string, what: string): T {
  const found = items.find((i) => i.name === name);
  if (found === undefined) throw err("E_REPLAY_UNKNOWN_OBJECT", `${what} ${name} does not exist at this point`, HINT);
  return found;
}

/** Applies one operation to the draft (left half-changed when it throws). `sql` changes nothing. */
export function applyTo(s: Draft, op: Operation): void {
  switch (op.op) {
    case "create_table":
      return createTable(s, op.table, op.ifNotExists === true);
    case "drop_table": {
      if (!s.has(op.ref) && op.ifExists === true) return;
      tableOf(s, op.ref);
      const incoming = incomingKeys(s, op.ref);
      if (incoming.length > 0) throw err("E_REPLAY_IN_USE", `table ${op.ref} is referenced by ${incoming.join(", ")}`, "drop those foreign keys (or tables) first");
      return s.delete(op.ref);
    }
    case "rename_table":
      return renameTable(s, op.from, op.to);
    case "add_column": {
      const t = tableOf(s, op.ref);
      if (t.columns.some((c) => c.name === op.column.name)) throw duplicate(`column ${op.ref}.${op.column.name}`);
      withTable(s, { ...t, columns: [...t.columns, stateColumn(op.column)] });
      return op.foreignKey === undefined ? undefined : addForeignKey(s, op.ref, op.foreignKey);
    }
    case "drop_column":
      return dropColumn(s, op.ref, op.column);
    case "rename_column":
      return renameColumn(s, op.ref, op.from, op.to);
    case "change_column":
      return applyTo(s, resolveChange(s.view(), op));
    case "alter_column": {
      const t = tableOf(s, op.ref);
      columnOf(t, op.column.name);
      return withTable(s, { ...t, columns: t.columns.map((c) => (c.name === op.column.name ? stateColumn(op.column) : c)) });
    }
    case "create_index":
      return createIndex(s, op.ref, op.index);
    case "drop_index": {
      const t = findIndex(s, op.name, op.ref);
      return withTable(s, { ...t, indexes: t.indexes.filter((i) => i.name !== op.name) });
    }
    case "rename_index": {
      const t = findIndex(s, op.from, op.ref);
      const owner = indexOwner(s, op.to);
      if (owner !== undefined) throw duplicate(`index ${op.to} (on ${owner.ref})`);
      return withTable(s, { ...t, indexes: t.indexes.map((i) => (i.name === op.from ? { ...i, name: op.to } : i)) });
    }
    case "add_foreign_key":
      return addForeignKey(s, op.ref, op.foreignKey);
    case "drop_foreign_key": {
      const t = tableOf(s, op.ref);
      named(t.foreignKeys, op.name, `foreign key on ${op.ref}`);
      return withTable(s, { ...t, foreignKeys: t.foreignKeys.filter((f) => f.name !== op.name) });
    }
    case "add_check": {
      const t = tableOf(s, op.ref);
      if (t.checks.some((c) => c.name === op.check.name)) throw duplicate(`check ${op.check.name} on ${op.ref}`);
      return withTable(s, { ...t, checks: [...t.checks, op.check] });
    }
    case "drop_check": {
      const t = tableOf(s, op.ref);
      named(t.checks, op.name, `check on ${op.ref}`);
      return withTable(s, { ...t, checks: t.checks.filter((c) => c.name !== op.name) });
    }
    case "sql":
      return;
    default:
      return unreachable(op, "operation");
  }
}

/** The schema after one operation. Pure; `sql` leaves the schema as it is (the caller says so). */
export function applyOperation(s: Schema, op: Operation): Schema {
  // What changes nothing returns the same schema.
  if (op.op === "sql") return s;
  if (op.op === "drop_table" && op.ifExists === true && s.tables[op.ref] === undefined) return s;
  if (op.op === "create_table" && op.ifNotExists === true && s.tables[op.table.ref] !== undefined) return s;
  const d = new Draft(s);
  applyTo(d, op);
  return d.schema();
}

/** The schema after all of `ops`, in one pass (linear in the schema and the operations). */
export function replay(schema: Schema, ops: readonly Operation[]): Schema {
  const d = new Draft(schema);
  for (const op of ops) applyTo(d, op);
  return d.schema();
}
