/**
 * SQLite's documented table rebuild, for every change it cannot ALTER in place:
 *
 *   (before the transaction)  pragma foreign_keys = off
 *   guard: foreign keys really are off, and the table has no triggers (a rebuild would drop them)
 *   create table "t__alab_new" (…the new definition…)
 *   insert into "t__alab_new" (cols) select exprs from "t"
 *   drop table "t"
 *   alter table "t__alab_new" rename to "t"      (legacy_alter_table on: views on "t" keep working)
 *   create index … (the table's indexes)
 *   guard: pragma_foreign_key_check is empty    (child rows still point at existing parents)
 *   (after the transaction)   pragma foreign_keys = on
 *
 * The old table is never renamed aside: SQLite would rewrite the foreign keys of its children to
 * follow it. Guards are inserts into a temporary table whose CHECK constraint is named with the
 * failure's explanation, so a violated guard fails the statement (and the transaction) with a
 * readable message — also when the SQL is piped into the sqlite3 shell.
 */
import { fitIdentifier } from "../model/names";
import type { Schema, Table } from "../model/types";
import { db, id, raw, rawStmt, stmt } from "./compiler";
import * as ddl from "./ddl";
import type { Statement } from "./dialect";
import { quoteIdent, quoteLiteral } from "./escape";
import { createTable, rebuildName } from "./table";

const D = "sqlite";

/** Outside the transaction: PRAGMA foreign_keys is a no-op inside one. */
export const FOREIGN_KEYS_OFF: Statement = { sql: "pragma foreign_keys = off" };
/** Runs after COMMIT or ROLLBACK; also resets legacy_alter_table in case a rebuild failed midway. */
export const FOREIGN_KEYS_ON: readonly Statement[] = [{ sql: "pragma legacy_alter_table = off" }, { sql: "pragma foreign_keys = on" }];

/** A quoted SQLite name carrying a message (built only from validated identifiers). */
function message(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

function guardTable(t: Table): string {
  return fitIdentifier(`alab_rebuild_${t.sqlName}`);
}

/**
 * The whole database's foreign keys checked, failing the transaction on a violation. A plan ends
 * with it when statements ran after its last rebuild (foreign keys are off for the whole
 * transaction); a runner that joins several plans in one transaction ends the transaction with it.
 */
export function foreignKeyCheck(): Statement[] {
  const t = quoteIdent("alab_foreign_key_check", D);
  return [
    rawStmt(`create temp table ${t} ("violations" integer constraint ${message("foreign key violations (foreign keys were off for a table rebuild): see pragma foreign_key_check")} check ("violations" = 0))`),
    rawStmt(`insert into ${t} ("violations") select count(*) from pragma_foreign_key_check`),
    rawStmt(`drop table ${t}`),
  ];
}

export interface RebuildSource {
  /** SQL expression over the old table's columns giving the new column's value. */
  readonly [newColumn: string]: string;
}

/**
 * Statements that turn table `from` into table `to` (same SQL name after any rename the caller
 * did before). `sources` overrides where a new column's value comes from; by default a column
 * takes the old column of the same name, and a column with no source gets its default.
 */
export function rebuild(from: Table, to: Table, after: Schema, sources: RebuildSource = {}): { statements: Statement[]; notes: string[] } {
  const temp = rebuildName(to.sqlName);
  const guard = id(guardTable(to), "table");
  // Generated columns take no writes: the new table computes them.
  const old = new Set(from.columns.filter((c) => c.generated === undefined).map((c) => c.name));
  const copied = to.columns.filter((c) => c.generated === undefined && (sources[c.name] !== undefined || old.has(c.name)));
  const created = createTable(to, after, D, { as: temp });
  const q = (n: string) => quoteIdent(n, D);
  const statements: Statement[] = [
    rawStmt(
      `create temp table ${q(guard)} (` +
        `"foreign_keys" integer constraint ${message(`foreign keys are on: run the plan's before-statements outside the transaction to rebuild ${to.sqlName}`)} check ("foreign_keys" = 0), ` +
        `"triggers" integer constraint ${message(`${from.sqlName} has triggers, which rebuilding the table would drop: drop them before this migration and create them again after`)} check ("triggers" = 0), ` +
        `"violations" integer constraint ${message(`foreign key violations after rebuilding ${to.sqlName}: see pragma foreign_key_check`)} check ("violations" = 0))`,
    ),
    rawStmt(
      `insert into ${q(guard)} ("foreign_keys", "triggers") select (select "foreign_keys" from pragma_foreign_keys), ` +
        `(select count(*) from "sqlite_master" where "type" = 'trigger' and "tbl_name" = ${quoteLiteral(from.sqlName, D)})`,
    ),
    created.statement,
  ];
  if (copied.length > 0) {
    const select = db(D)
      .selectFrom(id(from.sqlName, "table"))
      .select(copied.map((c) => (sources[c.name] === undefined ? id(c.name, "column") : raw(sources[c.name]!).as(id(c.name, "column")))));
    statements.push(stmt(db(D).insertInto(id(temp, "table")).columns(copied.map((c) => c.name)).expression(select)));
  }
  statements.push(
    ddl.dropTable(from.sqlName, D, false),
    { sql: "pragma legacy_alter_table = on" },
    ddl.renameTable(temp, to.sqlName, D),
    { sql: "pragma legacy_alter_table = off" },
  );
  for (const ix of to.indexes) statements.push(ddl.createIndex(to, ix, D));
  statements.push(rawStmt(`insert into ${q(guard)} ("violations") select count(*) from pragma_foreign_key_check`), rawStmt(`drop table ${q(guard)}`));
  return { statements, notes: [`SQLite: table rebuild for ${to.sqlName}`, ...created.notes] };
}
