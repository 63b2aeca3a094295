/**
 * The canonical form of a schema: what replay produces and the snapshot stores. Columns in the
 * seed's order, indexes, foreign keys and checks by name, no `backfill` (it belongs to the
 * operation that adds a column, not to the column's state). Two schemas mean the same thing exactly
 * when their canonical forms serialize to the same bytes.
 */
import { stableStringify } from "../model/json";
import { compareNames, sortColumns } from "../model/order";
import type { Column, Schema, Table } from "../model/types";

const byName = <T extends { readonly name: string }>(items: readonly T[]): T[] => [...items].sort((a, b) => compareNames(a.name, b.name));

export function stateColumn(c: Column): Column {
  if (c.backfill === undefined) return c;
  const { backfill: _dropped, ...rest } = c;
  return rest;
}

export function canonicalTable(t: Table): Table {
  return {
    ...t,
    columns: sortColumns(t.columns.map(stateColumn), t.primaryKey),
    indexes: byName(t.indexes),
    foreignKeys: byName(t.foreignKeys),
    checks: byName(t.checks),
  };
}

export function canonicalSchema(s: Schema): Schema {
  const tables: { [ref: string]: Table } = {};
  for (const ref of Object.keys(s.tables).sort(compareNames)) tables[ref] = canonicalTable(s.tables[ref] as Table);
  return { tables };
}

/** Same meaning, byte for byte (ignoring order that carries none). */
export function sameSchema(a: Schema, b: Schema): boolean {
  return stableStringify(canonicalSchema(a)) === stableStringify(canonicalSchema(b));
}
