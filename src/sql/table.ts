/**
 * Column definitions and CREATE TABLE, compiled by Kysely with our own type strings.
 * Constraint placement: PostgreSQL and MySQL get named table-level constraints; SQLite gets the
 * column-derived CHECKs inline on their column so that ALTER TABLE DROP COLUMN still works there.
 */
import type { ColumnDefinitionBuilder, CreateTableBuilder, OnModifyForeignAction } from "kysely";
import { AlabError } from "../errors";
import { fitIdentifier, sqlNameOf, uniqueName } from "../model/names";
import { AUTO_KINDS, type Check, type Column, type ForeignKey, type ReferentialAction, type Schema, type Table } from "../model/types";
import { columnChecks, type NamedCheck } from "./checks";
import { db, id, raw, stmt } from "./compiler";
import type { Dialect, Statement } from "./dialect";
import { quoteIdent } from "./escape";
import { generatedClause } from "./generated";
import { assertSafeExpression } from "./expression";
import { defaultSql, mysqlUnindexable, sqlType } from "./typemap";

export function action(a: ReferentialAction): OnModifyForeignAction {
  return a.toLowerCase() as OnModifyForeignAction;
}

/** The SQL name of a referenced table: from the schema when it is there, else derived from the ref. */
export function refSqlName(schema: Schema, ref: string): string {
  return schema.tables[ref]?.sqlName ?? sqlNameOf(ref);
}

export function findColumn(table: Table, name: string): Column {
  const col = table.columns.find((c) => c.name === name);
  if (!col) {
    throw new AlabError({
      code: "E_SQL_UNKNOWN_COLUMN",
      message: `table ${table.ref} has no column \`${name}\``,
      hint: `its columns are: ${table.columns.map((c) => c.name).join(", ")}`,
    });
  }
  return col;
}

/** MySQL refuses keys on TEXT/BLOB/JSON without a prefix length: say so before the server does. */
export function assertIndexable(table: Table, columns: readonly string[], dialect: Dialect, what: string): void {
  if (dialect !== "mysql") return;
  for (const name of columns) {
    const col = findColumn(table, name);
    if (mysqlUnindexable(col.type)) {
      throw new AlabError({
        code: "E_SQL_MYSQL_UNINDEXABLE",
        message: `MySQL cannot use ${col.type.kind} column ${table.sqlName}.${name} in ${what} (TEXT/BLOB/JSON keys need a prefix length)`,
        hint: `make the column a string with a length (e.g. col.string(255)), or drop the ${what}`,
      });
    }
  }
}

/**
 * MariaDB's InnoDB accepts `ON DELETE/UPDATE SET DEFAULT` and stores no action instead (10.11
 * measured: the key reads back as RESTRICT); MySQL's refuses the table. Either way the database
 * would not do what the migration says: say so before sending it.
 */
export function assertForeignKeyActions(table: Table, fk: ForeignKey, dialect: Dialect): void {
  if (dialect !== "mysql") return;
  const which = (["onDelete", "onUpdate"] as const).filter((k) => fk[k] === "SET DEFAULT");
  if (which.length === 0) return;
  const clause = which.map((k) => (k === "onDelete" ? "ON DELETE" : "ON UPDATE")).join(" and ");
  throw new AlabError({
    code: "E_SQL_MYSQL_SET_DEFAULT",
    message: `foreign key ${fk.name} on ${table.ref}: MySQL/MariaDB (InnoDB) does not carry out ${clause} SET DEFAULT`,
    hint: "use SET NULL (with an optional column), CASCADE, RESTRICT or NO ACTION on MySQL/MariaDB",
  });
}

/** serial/bigserial is an auto-increment key: MySQL and SQLite only allow that on the table's only primary-key column. */
export function assertSerial(table: Table, col: Column, dialect: Dialect): void {
  if (!AUTO_KINDS.has(col.type.kind) || dialect === "postgres") return;
  if (table.primaryKey.length !== 1 || table.primaryKey[0] !== col.name) {
    throw new AlabError({
      code: "E_SQL_SERIAL_NOT_KEY",
      message: `${col.type.kind} column ${table.sqlName}.${col.name} must be the table's only primary-key column on ${dialect}`,
      hint: "make it the primary key (Azul `.pk()`), or use an integer column",
    });
  }
}

export interface ColumnOptions {
  /** Leave out NOT NULL (the column is made NOT NULL after a backfill). */
  readonly nullable?: boolean;
  /** Leave out the default (it is set after a backfill). */
  readonly noDefault?: boolean;
  /** Put the primary key on the column itself (single-column keys; required for SQLite serial). */
  readonly primaryKey?: boolean;
  /** SQLite: CHECKs written on the column. */
  readonly checks?: readonly NamedCheck[];
  /** SQLite ADD COLUMN: the foreign key written on the column. */
  readonly reference?: { readonly fk: ForeignKey; readonly refSql: string };
}

export interface ColumnSpec {
  readonly name: string;
  readonly type: ReturnType<typeof raw>;
  readonly build: (b: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;
}

function identityAlways(col: Column): boolean {
  return (col.type.kind === "serial" || col.type.kind === "bigserial") && col.type.identity === "always";
}

export function columnSpec(table: Table, col: Column, dialect: Dialect, opts: ColumnOptions = {}): ColumnSpec {
  assertSerial(table, col, dialect);
  if (identityAlways(col) && dialect !== "postgres") {
    throw new AlabError({
      code: "E_SQL_UNSUPPORTED_TYPE",
      message: `${col.type.kind} column ${table.sqlName}.${col.name} is GENERATED ALWAYS AS IDENTITY, which cannot exist on ${dialect}`,
      hint: "drop `.always()` for this dialect: its auto-increment accepts values from outside too",
    });
  }
  const type = sqlType(col.type, dialect);
  const def = opts.noDefault || col.generated !== undefined ? undefined : defaultSql(table.sqlName, col, dialect);
  const serial = AUTO_KINDS.has(col.type.kind);
  const generated = col.generated === undefined ? undefined : generatedClause(table, col.name, col.generated, dialect).sql;
  const build = (b0: ColumnDefinitionBuilder): ColumnDefinitionBuilder => {
    let b = b0;
    // Right after the type: MySQL wants NOT NULL after the generation clause.
    if (generated !== undefined) b = b.modifyFront(raw(generated));
    if (serial && dialect === "postgres") b = identityAlways(col) ? b.generatedAlwaysAsIdentity() : b.generatedByDefaultAsIdentity();
    if (def !== undefined) b = b.defaultTo(raw(def));
    // MariaDB takes no NOT NULL on a generated column (drift reads it back from the model there).
    if (!col.nullable && !opts.nullable && !(generated !== undefined && dialect === "mysql")) b = b.notNull();
    if (opts.primaryKey) b = b.primaryKey();
    if (serial && dialect !== "postgres") b = b.autoIncrement();
    for (const c of opts.checks ?? []) b = b.modifyEnd(raw(`constraint ${quoteIdent(c.name, dialect)} check (${c.expr})`));
    if (opts.reference) b = b.modifyEnd(raw(referenceClause(opts.reference.fk, opts.reference.refSql, dialect, true)));
    return b;
  };
  return { name: id(col.name, "column"), type: raw(type), build };
}

/** `[constraint "fk"] references "t" ("c") on delete …`: for SQLite's column-level foreign keys. */
function referenceClause(fk: ForeignKey, refSql: string, dialect: Dialect, named: boolean): string {
  const cols = fk.refColumns.map((c) => quoteIdent(c, dialect)).join(", ");
  let s = `${named ? `constraint ${quoteIdent(fk.name, dialect)} ` : ""}references ${quoteIdent(refSql, dialect)} (${cols})`;
  if (fk.onDelete !== "NO ACTION") s += ` on delete ${action(fk.onDelete)}`;
  if (fk.onUpdate !== "NO ACTION") s += ` on update ${action(fk.onUpdate)}`;
  return s;
}

/**
 * A table check's expression as SQL: the user's text, refused unless it stays one expression
 * inside its CHECK (…) on every dialect. Schema and migration files are refused when read; this is
 * the last line for what arrives another way (a hand-edited snapshot, an operation built in code).
 */
export function tableCheckSql(table: Pick<Table, "ref">, check: Check): string {
  return assertSafeExpression(check.expr, `check \`${check.name}\` on ${table.ref}`);
}

/** Column checks of a whole table, for the dialects that keep them at table level. */
export function tableColumnChecks(table: Table, dialect: Dialect, notes: string[]): Map<string, NamedCheck[]> {
  const out = new Map<string, NamedCheck[]>();
  for (const col of table.columns) {
    const r = columnChecks(table.sqlName, col, dialect);
    out.set(col.name, r.checks);
    notes.push(...r.notes);
  }
  return out;
}

export interface CreateOptions {
  /** Create under another name (the SQLite rebuild's `<table>__alab_new`); constraint names stay the table's. */
  readonly as?: string;
  readonly ifNotExists?: boolean;
}

export function rebuildName(tableSql: string): string {
  return fitIdentifier(`${tableSql}__alab_new`);
}

export function createTable(table: Table, schema: Schema, dialect: Dialect, opts: CreateOptions = {}): { statement: Statement; notes: string[] } {
  const notes: string[] = [];
  const name = id(opts.as ?? table.sqlName, "table");
  const inlinePk = table.primaryKey.length === 1 ? table.primaryKey[0] : undefined;
  assertIndexable(table, table.primaryKey, dialect, "a primary key");
  const checks = tableColumnChecks(table, dialect, notes);
  let q: CreateTableBuilder<string, string> = db(dialect).schema.createTable(name);
  if (opts.ifNotExists) q = q.ifNotExists();
  for (const col of table.columns) {
    const spec = columnSpec(table, col, dialect, {
      primaryKey: col.name === inlinePk,
      checks: dialect === "sqlite" ? (checks.get(col.name) ?? []) : [],
    });
    q = q.addColumn(spec.name, spec.type, spec.build);
  }
  if (table.primaryKey.length > 1) {
    q = q.addPrimaryKeyConstraint(id(fitIdentifier(`pk_${table.sqlName}`)), table.primaryKey.map((c) => id(c, "column")));
  }
  for (const col of table.columns) {
    if (!col.unique) continue;
    assertIndexable(table, [col.name], dialect, "a unique constraint");
    q = q.addUniqueConstraint(id(uniqueName(table.sqlName, col.name)), [col.name]);
  }
  for (const fk of table.foreignKeys) {
    assertIndexable(table, fk.columns, dialect, "a foreign key");
    assertForeignKeyActions(table, fk, dialect);
    q = q.addForeignKeyConstraint(
      id(fk.name, "foreign key"),
      fk.columns.map((c) => id(c, "column")),
      id(refSqlName(schema, fk.refTable), "table"),
      fk.refColumns.map((c) => id(c, "column")),
      (b) => {
        let f = b;
        if (fk.onDelete !== "NO ACTION") f = f.onDelete(action(fk.onDelete));
        if (fk.onUpdate !== "NO ACTION") f = f.onUpdate(action(fk.onUpdate));
        return f;
      },
    );
  }
  if (dialect !== "sqlite") {
    for (const col of table.columns) for (const c of checks.get(col.name) ?? []) q = q.addCheckConstraint(id(c.name, "check"), raw(c.expr));
  }
  for (const c of table.checks) q = q.addCheckConstraint(id(c.name, "check"), raw(tableCheckSql(table, c)));
  return { statement: stmt(q), notes };
}
