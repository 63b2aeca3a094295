/**
 * The column order of the seed's generated migrations: primary key first, then the rest
 * alphabetically, then `deleted_at`, `created_at`, `updated_at` (soft delete before timestamps).
 * Declaration order is deliberately ignored so that moving a line in a schema file is not a change.
 */
import type { Column } from "./types";

const TRAILING = ["deleted_at", "created_at", "updated_at"] as const;

/** Plain code-unit order: independent of locale, so every machine sorts the same way. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function rank(name: string, primaryKey: readonly string[]): [number, number] {
  const pk = primaryKey.indexOf(name);
  if (pk >= 0) return [0, pk];
  const trailing = (TRAILING as readonly string[]).indexOf(name);
  if (trailing >= 0) return [2, trailing];
  return [1, 0];
}

/** Compare two column names under the order above. */
export function compareColumnNames(a: string, b: string, primaryKey: readonly string[]): number {
  const [ga, ia] = rank(a, primaryKey);
  const [gb, ib] = rank(b, primaryKey);
  if (ga !== gb) return ga - gb;
  if (ia !== ib) return ia - ib;
  return compareNames(a, b);
}

/**
 * A sorted copy. `primaryKey` lists the primary-key columns in key order; when it is not given,
 * a column named `id` is taken as the primary key (what `col.id()` / `t.id()` create).
 */
export function sortColumns<C extends Pick<Column, "name">>(columns: readonly C[], primaryKey?: readonly string[]): C[] {
  const pk = primaryKey ?? (columns.some((c) => c.name === "id") ? ["id"] : []);
  return [...columns].sort((a, b) => compareColumnNames(a.name, b.name, pk));
}
