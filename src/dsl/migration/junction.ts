/**
 * `t.many_to_many(target)` inside `create_table`: the junction table the schema DSL makes for the
 * pair (src/model/junction), as operations: create the table, then its indexes in the seed's order.
 * Both sides are taken to have an `id` primary key, as `t.id()` makes.
 */
import { buildJunction } from "../../model/junction";
import type { Operation } from "../operations";
import { indexCreationOrder } from "./index-order";

export function junctionOps(file: string, a: string, b: string): Operation[] {
  const table = buildJunction({ a: { ref: a, primaryKey: "id" }, b: { ref: b, primaryKey: "id" }, at: { file } });
  return [
    { op: "create_table", table: { ...table, indexes: [] } },
    ...indexCreationOrder(table).map((index): Operation => ({ op: "create_index", ref: table.ref, index })),
  ];
}
