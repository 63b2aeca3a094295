/** What the Azul run tests read back from a database: columns, indexes, rows, and the failure of a run. */
import type { Driver } from "../../src/db/driver";
import type { RollbackOptions } from "../../src/workflows/rollback";

/** The first value of each row (drivers differ in how they case column labels). */
async function firstValues(d: Driver, sql: string): Promise<string[]> {
  const rows = await d.query({ sql });
  return rows.map((r) => String(Object.values(r)[0]));
}

/** Column names of a table, in table order. */
export function columnsOf(d: Driver, table: string): Promise<string[]> {
  const sql = {
    postgres: `select column_name as c from information_schema.columns where table_schema = current_schema() and table_name = '${table}' order by ordinal_position`,
    mysql: `select column_name as c from information_schema.columns where table_schema = database() and table_name = '${table}' order by ordinal_position`,
    sqlite: `select name as c from pragma_table_info('${table}') order by cid`,
  }[d.dialect];
  return firstValues(d, sql);
}

/** Names of a table's secondary indexes (not the primary key), sorted. */
export async function indexesOf(d: Driver, table: string): Promise<string[]> {
  const sql = {
    postgres: `select indexname as i from pg_indexes where schemaname = current_schema() and tablename = '${table}' and indexname not like '%_pkey' order by 1`,
    mysql: `select distinct index_name as i from information_schema.statistics where table_schema = database() and table_name = '${table}' and index_name <> 'PRIMARY' order by 1`,
    sqlite: `select name as i from sqlite_master where type = 'index' and tbl_name = '${table}' and name not like 'sqlite_%' order by 1`,
  }[d.dialect];
  return firstValues(d, sql);
}

/** Whether the tracking table exists at all. */
export async function hasHistoryTable(d: Driver): Promise<boolean> {
  const sql = {
    postgres: "select count(*) as n from information_schema.tables where table_schema = current_schema() and table_name = 'alab_migrations'",
    mysql: "select count(*) as n from information_schema.tables where table_schema = database() and table_name = 'alab_migrations'",
    sqlite: "select count(*) as n from sqlite_master where name = 'alab_migrations'",
  }[d.dialect];
  return Number((await firstValues(d, sql))[0]) > 0;
}

/** Rows as arrays of strings (null as "null"), in the query's order. */
export async function rowsOf(d: Driver, sql: string): Promise<string[][]> {
  const rows = await d.query({ sql });
  return rows.map((r) => Object.values(r).map((v) => (v === null ? "null" : String(v))));
}

export { failure } from "../support/failure";

/** `yes`: tests that widen the target to `all` mean it (no person to ask; see rollback's confirmation). */
export const ROLLBACK_ONE: RollbackOptions = { target: { kind: "steps", n: 1 }, dry: false, tx: "all", lockTimeoutSeconds: 10, yes: true };
