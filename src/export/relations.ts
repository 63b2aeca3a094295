/**
 * Relations between tables, for the diagrams. The model keeps foreign keys, not the schema DSL's
 * relation words, so each relation is read back from its key: a key whose columns are unique in
 * their table (a unique column, a unique index or the primary key on exactly those columns) is
 * one_to_one, any other is belongs_to; a nullable key column makes the referenced side optional.
 * A junction table (what `.many_to_many()` builds, src/model/junction.ts) is one with exactly two
 * foreign keys whose columns together are its primary key or a unique index.
 */
import { sqlNameOf } from "../model/names";
import { compareNames } from "../model/order";
import type { ForeignKey, Schema, Table } from "../model/types";

export interface Relation {
  /** The table holding the foreign key (the "many" side unless `unique`). */
  readonly from: Table;
  readonly key: ForeignKey;
  /** The referenced table; undefined when the schema does not hold it. */
  readonly to: Table | undefined;
  /** Name of the referenced table in SQL (what `to.sqlName` would be). */
  readonly toSqlName: string;
  readonly kind: "belongs_to" | "one_to_one";
  /** A key column is nullable: a row may reference nothing. */
  readonly optional: boolean;
  /** `from` is a junction table and this key is one of its two sides. */
  readonly junction: boolean;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** The columns are unique together in `table`. */
export function uniqueColumns(table: Table, columns: readonly string[]): boolean {
  if (columns.length === 0) return false;
  if (sameSet(table.primaryKey, columns)) return true;
  if (columns.length === 1 && table.columns.some((c) => c.name === columns[0] && c.unique)) return true;
  return table.indexes.some((i) => i.unique && sameSet(i.columns, columns));
}

export function isJunction(table: Table): boolean {
  const [a, b, more] = table.foreignKeys;
  if (a === undefined || b === undefined || more !== undefined) return false;
  const both = [...a.columns, ...b.columns];
  return new Set(both).size === both.length && uniqueColumns(table, both);
}

/** Tables in SQL-name order: every exporter lists them the same way. */
export function tablesInOrder(schema: Schema): Table[] {
  return Object.values(schema.tables).sort((x, y) => compareNames(x.sqlName, y.sqlName));
}

export function relationsOf(schema: Schema): Relation[] {
  const out: Relation[] = [];
  for (const table of tablesInOrder(schema)) {
    const junction = isJunction(table);
    const keys = [...table.foreignKeys].sort((x, y) => compareNames(x.name, y.name));
    for (const key of keys) {
      const to = schema.tables[key.refTable];
      out.push({
        from: table,
        key,
        to,
        toSqlName: to?.sqlName ?? sqlNameOf(key.refTable),
        kind: uniqueColumns(table, key.columns) ? "one_to_one" : "belongs_to",
        optional: key.columns.some((name) => table.columns.find((c) => c.name === name)?.nullable === true),
        junction,
      });
    }
  }
  return out;
}
