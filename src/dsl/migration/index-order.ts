/**
 * The order a new table's indexes are created in, as the seed writes them: single-column indexes
 * first, in column order, then wider ones (the junction's unique pair last).
 */
import { compareNames } from "../../model/order";
import type { Index, Table } from "../../model/types";

export function indexCreationOrder(table: Table): Index[] {
  const position = new Map(table.columns.map((c, i) => [c.name, i]));
  const key = (ix: Index): number[] => ix.columns.map((c) => position.get(c) ?? Number.MAX_SAFE_INTEGER);
  return [...table.indexes].sort((a, b) => {
    if (a.columns.length !== b.columns.length) return a.columns.length - b.columns.length;
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) {
      const d = (ka[i] ?? 0) - (kb[i] ?? 0);
      if (d !== 0) return d;
    }
    return compareNames(a.name, b.name);
  });
}
