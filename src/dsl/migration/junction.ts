/**
 * `t.many_to_many(target)` inside `create_table`: the junction table the schema DSL would make for
 * the pair, as operations (create the table, index each foreign key, make the pair unique).
 */
import { indexName, junctionName, junctionUniqueName, sqlNameOf } from "../../model/names";
import type { Table } from "../../model/types";
import type { Operation } from "../operations";
import { DEFAULT_ACTION, relationParts, tablePart } from "./shorthand";

/** The operations, or a sentence saying why the pair cannot have a junction table. */
export function junctionOps(a: string, b: string): Operation[] | string {
  if (tablePart(a) === tablePart(b)) {
    return `${a} and ${b} would both give a column named \`${tablePart(a)}_id\``;
  }
  const [first, second] = sqlNameOf(a) < sqlNameOf(b) ? [a, b] : [b, a];
  const ref = junctionName(sqlNameOf(a), sqlNameOf(b));
  const parts = [first, second].map((target) =>
    relationParts(ref, { target, nullable: false, unique: false, onDelete: DEFAULT_ACTION, onUpdate: DEFAULT_ACTION }),
  );
  const columns = parts.map((p) => p.column.name);
  const table: Table = {
    ref,
    sqlName: ref,
    columns: parts.map((p) => p.column),
    primaryKey: [],
    indexes: [],
    foreignKeys: parts.map((p) => p.foreignKey),
    checks: [],
  };
  return [
    { op: "create_table", table },
    ...columns.map((c): Operation => ({ op: "create_index", ref, index: { name: indexName(ref, [c]), columns: [c], unique: false } })),
    { op: "create_index", ref, index: { name: junctionUniqueName(ref), columns, unique: true } },
  ];
}
