/**
 * What a change of schema throws away, in the words a person confirming it needs: the tables that
 * will no longer exist (with their columns) and the columns that go from tables that stay. Tables
 * are matched by SQL name and columns by name, as the database holds them; a rename is a table or
 * column that goes (its data moves, but under a name a person did not confirm).
 */
import type { Schema } from "../model/types";

export interface LostTable {
  readonly table: string;
  readonly columns: readonly string[];
}

export interface LostColumn {
  readonly table: string;
  readonly column: string;
}

export interface Losses {
  /** By SQL name, sorted. */
  readonly tables: readonly LostTable[];
  /** By table then column, sorted. */
  readonly columns: readonly LostColumn[];
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function lossesBetween(before: Schema, after: Schema): Losses {
  const remaining = new Map(Object.values(after.tables).map((t) => [t.sqlName, t]));
  const tables: LostTable[] = [];
  const columns: LostColumn[] = [];
  for (const t of Object.values(before.tables)) {
    const kept = remaining.get(t.sqlName);
    if (kept === undefined) {
      tables.push({ table: t.sqlName, columns: t.columns.map((c) => c.name) });
      continue;
    }
    const keptNames = new Set(kept.columns.map((c) => c.name));
    for (const c of t.columns) if (!keptNames.has(c.name)) columns.push({ table: t.sqlName, column: c.name });
  }
  tables.sort((a, b) => byName(a.table, b.table));
  columns.sort((a, b) => byName(a.table, b.table) || byName(a.column, b.column));
  return { tables, columns };
}

/** One line per lost table or column, for a question or an error's details. */
export function lossLines(l: Losses): string[] {
  return [
    ...l.tables.map((t) => `table ${t.table} (${t.columns.length === 0 ? "no columns" : t.columns.join(", ")})`),
    ...l.columns.map((c) => `column ${c.table}.${c.column}`),
  ];
}
