/**
 * Single ALTER/CREATE/DROP statements shared by the PostgreSQL and MySQL planners, with the
 * spelling differences between them in one place. SQLite uses the few it can run (ADD/DROP/RENAME
 * COLUMN, indexes, RENAME TABLE); everything else it cannot ALTER goes through rebuild.ts.
 */
import { AlabError, unreachable } from "../errors";
import { assertSafeExpression } from "./expression";
import type { Check, Column, ForeignKey, Index, Literal, Table } from "../model/types";
import type { Capabilities } from "./capabilities";
import type { NamedCheck } from "./checks";
import { db, id, raw, rawStmt, stmt } from "./compiler";
import type { Dialect, Statement } from "./dialect";
import { quoteIdent } from "./escape";
import { action, assertForeignKeyActions, assertIndexable, columnSpec, type ColumnOptions, tableCheckSql } from "./table";
import { literalFor } from "./typemap";

export function addColumn(table: Table, col: Column, dialect: Dialect, opts: ColumnOptions = {}): Statement {
  const spec = columnSpec(table, col, dialect, opts);
  return stmt(db(dialect).schema.alterTable(id(table.sqlName, "table")).addColumn(spec.name, spec.type, spec.build));
}

export function dropColumn(tableSql: string, column: string, dialect: Dialect): Statement {
  return stmt(db(dialect).schema.alterTable(id(tableSql, "table")).dropColumn(id(column, "column")));
}

export function renameColumn(tableSql: string, from: string, to: string, dialect: Dialect): Statement {
  return stmt(db(dialect).schema.alterTable(id(tableSql, "table")).renameColumn(id(from, "column"), id(to, "column")));
}

export function renameTable(from: string, to: string, dialect: Dialect): Statement {
  return stmt(db(dialect).schema.alterTable(id(from, "table")).renameTo(id(to, "table")));
}

export function dropTable(tableSql: string, dialect: Dialect, ifExists: boolean): Statement {
  const q = db(dialect).schema.dropTable(id(tableSql, "table"));
  return stmt(ifExists ? q.ifExists() : q);
}

export function createIndex(table: Table, index: Index, dialect: Dialect): Statement {
  assertIndexable(table, index.columns, dialect, index.unique ? "a unique index" : "an index");
  const desc = new Set(index.descending ?? []);
  let q = db(dialect)
    .schema.createIndex(id(index.name, "index"))
    .on(id(table.sqlName, "table"))
    .columns(index.columns.map((c) => (desc.has(c) ? `${id(c, "column")} desc` : id(c, "column"))));
  if (index.unique) q = q.unique();
  if (index.where !== undefined) {
    if (dialect === "mysql") {
      throw new AlabError({
        code: "E_SQL_UNSUPPORTED_INDEX",
        message: `index ${index.name} on ${table.sqlName} is partial (where ${index.where}); MySQL and MariaDB have no partial indexes`,
        hint: "drop the `where` for MySQL/MariaDB (index every row), or keep the partial index on PostgreSQL/SQLite only",
      });
    }
    q = q.where(raw(assertSafeExpression(index.where, `the condition of index \`${index.name}\` on ${table.ref}`)) as never);
  }
  return stmt(q);
}

/** MySQL index names are per table, so its DROP INDEX names the table. */
export function dropIndex(tableSql: string, name: string, dialect: Dialect): Statement {
  const q = db(dialect).schema.dropIndex(id(name, "index"));
  return stmt(dialect === "mysql" ? q.on(id(tableSql, "table")) : q);
}

/**
 * In place where the server can; otherwise drop and create again — on MySQL in one ALTER, so a
 * foreign key the index serves is never left without one (InnoDB refuses that drop, error 1553).
 */
export function renameIndex(table: Table, from: string, to: Index, caps: Capabilities): Statement[] {
  const d = caps.dialect;
  if (!caps.renameIndex && d === "mysql") {
    const cols = to.columns.map((c) => quoteIdent(c, d)).join(", ");
    return [rawStmt(`alter table ${quoteIdent(table.sqlName, d)} drop index ${quoteIdent(from, d)}, add ${to.unique ? "unique " : ""}index ${quoteIdent(to.name, d)} (${cols})`)];
  }
  if (!caps.renameIndex) return [dropIndex(table.sqlName, from, d), createIndex(table, to, d)];
  if (d === "postgres") return [rawStmt(`alter index ${quoteIdent(from, d)} rename to ${quoteIdent(to.name, d)}`)];
  return [rawStmt(`alter table ${quoteIdent(table.sqlName, d)} rename index ${quoteIdent(from, d)} to ${quoteIdent(to.name, d)}`)];
}

export function addUnique(table: Table, name: string, columns: readonly string[], dialect: Dialect): Statement {
  assertIndexable(table, columns, dialect, "a unique constraint");
  return stmt(db(dialect).schema.alterTable(id(table.sqlName, "table")).addUniqueConstraint(id(name, "unique constraint"), columns.map((c) => id(c, "column"))));
}

/** A unique constraint is an index on MySQL. */
export function dropUnique(tableSql: string, name: string, dialect: Dialect): Statement {
  if (dialect === "mysql") return dropIndex(tableSql, name, dialect);
  return stmt(db(dialect).schema.alterTable(id(tableSql, "table")).dropConstraint(id(name, "unique constraint")));
}

/** PostgreSQL renames constraints in place; MySQL's unique constraints are indexes. */
export function renameUnique(table: Table, from: string, to: string, columns: readonly string[], caps: Capabilities): Statement[] {
  const d = caps.dialect;
  if (d === "postgres") return [rawStmt(`alter table ${quoteIdent(table.sqlName, d)} rename constraint ${quoteIdent(from, d)} to ${quoteIdent(to, d)}`)];
  return renameIndex(table, from, { name: to, columns, unique: true }, caps);
}

/** A check alab derived from a column (enum, min/max, pattern…): built from quoted names and literals. */
export function addCheck(tableSql: string, check: NamedCheck, dialect: Dialect): Statement {
  return stmt(db(dialect).schema.alterTable(id(tableSql, "table")).addCheckConstraint(id(check.name, "check"), raw(check.expr)));
}

/** A table-level check written by a user: its expression is checked first (tableCheckSql). */
export function addTableCheck(table: Table, check: Check, dialect: Dialect): Statement {
  return addCheck(table.sqlName, { name: check.name, expr: tableCheckSql(table, check) }, dialect);
}

export function dropCheck(tableSql: string, name: string, caps: Capabilities): Statement {
  const d = caps.dialect;
  if (caps.dropCheck === "check") return rawStmt(`alter table ${quoteIdent(tableSql, d)} drop check ${quoteIdent(name, d)}`);
  return stmt(db(d).schema.alterTable(id(tableSql, "table")).dropConstraint(id(name, "check")));
}

export function renameCheck(tableSql: string, from: string, to: NamedCheck, caps: Capabilities): Statement[] {
  const d = caps.dialect;
  if (d === "postgres") return [rawStmt(`alter table ${quoteIdent(tableSql, d)} rename constraint ${quoteIdent(from, d)} to ${quoteIdent(to.name, d)}`)];
  return [dropCheck(tableSql, from, caps), addCheck(tableSql, to, d)];
}

export function addForeignKey(table: Table, fk: ForeignKey, refSql: string, dialect: Dialect): Statement {
  assertIndexable(table, fk.columns, dialect, "a foreign key");
  assertForeignKeyActions(table, fk, dialect);
  const q = db(dialect)
    .schema.alterTable(id(table.sqlName, "table"))
    .addForeignKeyConstraint(
      id(fk.name, "foreign key"),
      fk.columns.map((c) => id(c, "column")),
      id(refSql, "table"),
      fk.refColumns.map((c) => id(c, "column")),
    );
  let b = q;
  if (fk.onDelete !== "NO ACTION") b = b.onDelete(action(fk.onDelete));
  if (fk.onUpdate !== "NO ACTION") b = b.onUpdate(action(fk.onUpdate));
  return stmt(b);
}

/** Whether `columns` lead one of the table's keys or indexes, which InnoDB then uses for a foreign key on them. */
export function servedBy(table: Table, columns: readonly string[]): boolean {
  const leads = (key: readonly string[]) => columns.length <= key.length && columns.every((c, i) => key[i] === c);
  return leads(table.primaryKey) || table.indexes.some((ix) => leads(ix.columns)) || table.columns.some((c) => c.unique && leads([c.name]));
}

/**
 * Drops a foreign key of `table` (as it is before the drop). InnoDB gives a foreign key that no
 * index serves an index of its own, named after the key, and keeps it when the key goes (narrowed
 * when one of its columns goes): on MySQL that index is dropped too, unless another key may lean
 * on it (then it stays, rather than risk a statement InnoDB refuses).
 */
export function dropForeignKeyOf(table: Table, fk: ForeignKey, dialect: Dialect): Statement[] {
  const drop = dropForeignKey(table.sqlName, fk.name, dialect);
  if (dialect !== "mysql" || servedBy(table, fk.columns)) return [drop];
  // Keys on leading columns of one another may share one index, whichever key it was made for.
  const prefix = (a: readonly string[], b: readonly string[]) => a.length <= b.length && a.every((c, i) => b[i] === c);
  const sharing = table.foreignKeys.some((other) => other.name !== fk.name && (prefix(other.columns, fk.columns) || prefix(fk.columns, other.columns)));
  return sharing ? [drop] : [drop, dropIndex(table.sqlName, fk.name, dialect)];
}

export function dropForeignKey(tableSql: string, name: string, dialect: Dialect): Statement {
  switch (dialect) {
    case "mysql":
      return rawStmt(`alter table ${quoteIdent(tableSql, dialect)} drop foreign key ${quoteIdent(name, dialect)}`);
    case "postgres":
    case "sqlite":
      return stmt(db(dialect).schema.alterTable(id(tableSql, "table")).dropConstraint(id(name, "foreign key")));
    default:
      return unreachable(dialect, "dialect");
  }
}

/** UPDATE t SET c = <value> WHERE c IS NULL: fills existing rows before the column becomes NOT NULL. */
export function backfill(table: Table, col: Column, value: Literal, dialect: Dialect): Statement {
  const lit = literalFor(table.sqlName, col, value, dialect, "backfill");
  return stmt(
    db(dialect)
      .updateTable(id(table.sqlName, "table"))
      .set({ [id(col.name, "column")]: raw(lit) })
      .where(id(col.name, "column"), "is", null),
  );
}
