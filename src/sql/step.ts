/**
 * One operation being planned: the schema before and after it, and what the planners return.
 * Planners only read schemas; replay (src/diff/replay.ts) already refused ops that do not fit.
 */
import { AlabError } from "../errors";
import type { Operation } from "../dsl/operations";
import type { Schema, Table } from "../model/types";
import type { Capabilities } from "./capabilities";
import type { Statement } from "./dialect";

export interface Step<O extends Operation = Operation> {
  readonly op: O;
  readonly caps: Capabilities;
  readonly before: Schema;
  readonly after: Schema;
}

export interface StepResult {
  readonly statements: Statement[];
  readonly notes?: string[];
  /** SQLite: the statements rebuild a table, so foreign keys must be off around the transaction. */
  readonly foreignKeysOff?: boolean;
}

export function tableIn(schema: Schema, ref: string): Table {
  const t = schema.tables[ref];
  if (!t) {
    throw new AlabError({
      code: "E_SQL_UNKNOWN_TABLE",
      message: `table ${ref} does not exist at this point of the migration`,
      hint: "the operation does not fit the schema the earlier migrations build; fix the migration",
    });
  }
  return t;
}

/** The table that owns an index, by the op's ref when given, else by searching every table. */
export function indexOwner(schema: Schema, name: string, ref?: string): Table {
  const owner =
    ref !== undefined
      ? tableIn(schema, ref)
      : Object.keys(schema.tables)
          .sort()
          .map((r) => schema.tables[r] as Table)
          .find((t) => t.indexes.some((i) => i.name === name));
  if (!owner || !owner.indexes.some((i) => i.name === name)) {
    throw new AlabError({
      code: "E_SQL_UNKNOWN_INDEX",
      message: `index ${name}${ref === undefined ? "" : ` on ${ref}`} does not exist at this point of the migration`,
      hint: "the operation does not fit the schema the earlier migrations build; fix the migration",
    });
  }
  return owner;
}

/** plan.ts resolves `change_column` into `alter_column` before any planner sees it. */
export function unreachableChange(): never {
  throw new AlabError({ code: "E_INTERNAL", message: "internal: change_column reached a planner unresolved", hint: "this is a bug in alab; please report it", exit: 1 });
}
