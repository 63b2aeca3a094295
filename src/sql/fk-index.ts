/**
 * Dropping an index a foreign key leans on, on MySQL/MariaDB. InnoDB needs an index for every
 * foreign key; it makes one of its own (named after the key) when none serves, and drops it again
 * as soon as a user's index can serve instead. From then on the user's index cannot be dropped
 * while the key stays (error 1553). So that drop goes with the key: one ALTER drops both, the next
 * adds the key again, and InnoDB gives it an index of its own, which it will again give up for a
 * later index. Other databases need no index for a foreign key.
 */
import type { ForeignKey, Schema, Table } from "../model/types";
import type { Capabilities } from "./capabilities";
import type { Statement } from "./dialect";
import { addForeignKey, servedBy } from "./ddl";
import { quoteIdent } from "./escape";
import { rawStmt } from "./compiler";
import type { StepResult } from "./step";
import { refSqlName } from "./table";

/** What goes away: an index by name, or the unique constraint of a column (an index on MySQL). */
export type IndexGoing = { readonly kind: "index"; readonly name: string } | { readonly kind: "unique"; readonly name: string; readonly column: string };

function without(table: Table, going: IndexGoing): Table {
  if (going.kind === "index") return { ...table, indexes: table.indexes.filter((i) => i.name !== going.name) };
  return { ...table, columns: table.columns.map((c) => (c.name === going.column ? { ...c, unique: false } : c)) };
}

/** Keys of `table` an index serves now but none would once `going` is gone. */
export function keysLosingIndex(table: Table, going: IndexGoing): ForeignKey[] {
  const rest = without(table, going);
  return table.foreignKeys.filter((fk) => servedBy(table, fk.columns) && !servedBy(rest, fk.columns));
}

/**
 * Drops `going` from `table` (as it is before the drop); `schema` resolves the keys' targets.
 * `alone` is the statement that drops it when no key needs it.
 */
export function dropIndexKeepingKeys(table: Table, going: IndexGoing, schema: Schema, caps: Capabilities, alone: Statement): StepResult {
  const d = caps.dialect;
  const keys = d === "mysql" ? keysLosingIndex(table, going) : [];
  if (keys.length === 0) return { statements: [alone] };
  const q = (name: string) => quoteIdent(name, d);
  const drops = [...keys.map((k) => `drop foreign key ${q(k.name)}`), `drop index ${q(going.name)}`];
  const statements: Statement[] = [rawStmt(`alter table ${q(table.sqlName)} ${drops.join(", ")}`)];
  for (const k of keys) statements.push(addForeignKey(table, k, refSqlName(schema, k.refTable), d));
  const notes = keys.map((k) => `MySQL/MariaDB: foreign key ${k.name} is dropped with index ${going.name} it needs and added again`);
  return { statements, notes };
}
