/**
 * The online forms of index and constraint changes: what an existing, busy table needs so that
 * reads and writes go on while the change is made.
 *
 *   PostgreSQL  CREATE/DROP INDEX CONCURRENTLY (outside any transaction, so the migration runs
 *               outside one); foreign keys and checks added NOT VALID (a brief lock, no scan) and
 *               validated by a second statement under a lock that lets reads and writes go on.
 *   MySQL       ALGORITHM=INPLACE, LOCK=NONE on index changes: the server refuses the statement
 *               rather than silently copying the table or blocking writes. Foreign keys and checks
 *               have no NOT VALID there: the plain form.
 *   SQLite      one writer at a time and no lock queue: the plain forms.
 */
import { unreachable } from "../errors";
import type { Check, ForeignKey, Index, Table } from "../model/types";
import * as ddl from "./ddl";
import type { Dialect, Statement } from "./dialect";
import { quoteIdent } from "./escape";

const OUTSIDE = "PostgreSQL runs CREATE/DROP INDEX CONCURRENTLY only outside a transaction";
const VALIDATE_OUTSIDE = "PostgreSQL validates a NOT VALID constraint after the statement that added it committed (so its lock is gone)";
const MYSQL_ONLINE = " algorithm=inplace lock=none";

export function createIndexOnline(table: Table, index: Index, dialect: Dialect): Statement {
  const plain = ddl.createIndex(table, index, dialect);
  switch (dialect) {
    case "postgres": {
      const sql = plain.sql.replace(/^create (unique )?index /, (_m, u: string | undefined) => `create ${u ?? ""}index concurrently `);
      // A failed concurrent build leaves an INVALID index behind that would block the next try.
      return { sql, outside: OUTSIDE, cleanup: [{ sql: `drop index concurrently if exists ${quoteIdent(index.name, dialect)}` }] };
    }
    case "mysql":
      return { sql: `${plain.sql}${MYSQL_ONLINE}` };
    case "sqlite":
      return plain;
    default:
      return unreachable(dialect, "dialect");
  }
}

export function dropIndexOnline(tableSql: string, name: string, dialect: Dialect): Statement {
  switch (dialect) {
    case "postgres":
      return { sql: `drop index concurrently ${quoteIdent(name, dialect)}`, outside: OUTSIDE };
    case "mysql":
      // MariaDB's DROP INDEX takes no algorithm; ALTER TABLE does on both servers.
      return { sql: `alter table ${quoteIdent(tableSql, dialect)} drop index ${quoteIdent(name, dialect)}, algorithm=inplace, lock=none` };
    case "sqlite":
      return ddl.dropIndex(tableSql, name, dialect);
    default:
      return unreachable(dialect, "dialect");
  }
}

/** PostgreSQL: `ADD CONSTRAINT … NOT VALID`, then `VALIDATE CONSTRAINT` in a statement of its own. */
function notValidThenValidate(add: Statement, tableSql: string, name: string): Statement[] {
  const validate = `alter table ${quoteIdent(tableSql, "postgres")} validate constraint ${quoteIdent(name, "postgres")}`;
  return [{ sql: `${add.sql} not valid` }, { sql: validate, outside: VALIDATE_OUTSIDE }];
}

export function addForeignKeyOnline(table: Table, fk: ForeignKey, refSql: string, dialect: Dialect): Statement[] {
  const plain = ddl.addForeignKey(table, fk, refSql, dialect);
  return dialect === "postgres" ? notValidThenValidate(plain, table.sqlName, fk.name) : [plain];
}

export function addCheckOnline(table: Table, check: Check, dialect: Dialect): Statement[] {
  const plain = ddl.addTableCheck(table, check, dialect);
  return dialect === "postgres" ? notValidThenValidate(plain, table.sqlName, check.name) : [plain];
}
