/**
 * `change_column` (AstrolaDB's `m.alter_column(ref, col, (c) => c.set_type(...).set_nullable())`)
 * resolved into the complete-definition `alter_column` every other part of alab works with: the
 * column as it stands in the schema the operation applies to, with the changes on top. Pure.
 */
import { AlabError } from "../errors";
import type { Column, Schema } from "../model/types";
import type { Operation } from "../dsl/operations";
import { typeProblem } from "../dsl/schema/values";

type Change = Extract<Operation, { op: "change_column" }>;
type Alter = Extract<Operation, { op: "alter_column" }>;

const HINT = "the migration does not fit the schema the earlier migrations build; fix the migration";

export function resolveChange(schema: Schema, op: Change): Alter {
  const table = schema.tables[op.ref];
  if (table === undefined) throw new AlabError({ code: "E_REPLAY_UNKNOWN_TABLE", message: `table ${op.ref} does not exist at this point`, hint: HINT });
  const old = table.columns.find((c) => c.name === op.column);
  if (old === undefined) throw new AlabError({ code: "E_REPLAY_UNKNOWN_COLUMN", message: `column ${op.ref}.${op.column} does not exist at this point`, hint: HINT });
  const { default: _old, backfill: _fill, ...rest } = old;
  const c = op.changes;
  let column: Column = { ...rest, ...(c.type === undefined ? {} : { type: c.type }), ...(c.nullable === undefined ? {} : { nullable: c.nullable }) };
  const dflt = c.default === undefined ? old.default : c.default === null ? undefined : c.default;
  if (dflt !== undefined) column = { ...column, default: dflt };
  if (dflt?.kind === "literal" && dflt.value !== null) {
    const problem = typeProblem(column.type, dflt.value);
    if (problem !== undefined) {
      throw new AlabError({ code: "E_MIGRATION_BAD_DEFAULT", message: `the default of ${op.ref}.${op.column} does not fit its type: ${problem}`, hint: "give a default of the column's type (set_default), or drop it (drop_default)" });
    }
  }
  if (c.backfill !== undefined) column = { ...column, backfill: c.backfill };
  return { op: "alter_column", ref: op.ref, column };
}
