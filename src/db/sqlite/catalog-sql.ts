/**
 * The queries behind SqliteIntrospector.catalog(): sqlite_master, and each pragma as a
 * table-valued function joined with it, so one query reads one kind of thing for every table
 * (never a pragma per table). Everything names the `main` schema explicitly: a temporary table of
 * the same name (alab's rebuild guards, a user's) would otherwise be read in its place. Sorted by
 * SQLite (BINARY collation: byte order of UTF-8, which is code-point order). Row types beside.
 */

/** Base tables of main that SQLite does not keep for itself, without virtual tables (their module may not be loaded). */
const tables = (join: string, where = ""): string =>
  `main.sqlite_master m ${join} where ${where}m.type = 'table' and m.name not like 'sqlite\\_%' escape '\\' and m.sql not like 'CREATE VIRTUAL %'`;

export const MASTER_SQL = `select m.type, m.name, m.tbl_name as tbl, m.sql from main.sqlite_master m
where m.name not like 'sqlite\\_%' escape '\\' order by m.type, m.name`;

export interface MasterRow {
  readonly type: string;
  readonly name: string;
  readonly tbl: string;
  readonly sql: string | null;
}

export const COLUMNS_SQL = `select m.name as tbl, c.cid, c.name, c.type, c."notnull" as not_null, c.dflt_value as dflt, c.pk, c.hidden
from ${tables("join pragma_table_xinfo(m.name, 'main') c")} order by m.name, c.cid`;

export interface ColumnRow {
  readonly tbl: string;
  readonly cid: number;
  readonly name: string;
  readonly type: string;
  readonly not_null: number;
  readonly dflt: string | null;
  /** Position in the primary key, from 1; 0 when not in it. */
  readonly pk: number;
  /** 0 plain, 1 hidden (virtual tables), 2 generated virtual, 3 generated stored. */
  readonly hidden: number;
}

export const INDEXES_SQL = `select m.name as tbl, l.name, l."unique" as uniq, l.origin, l.partial
from ${tables("join pragma_index_list(m.name, 'main') l")} order by m.name, l.name`;

export interface IndexRow {
  readonly tbl: string;
  readonly name: string;
  readonly uniq: number;
  /** c CREATE INDEX, u UNIQUE constraint, pk PRIMARY KEY. */
  readonly origin: string;
  readonly partial: number;
}

export const INDEX_PARTS_SQL = `select l.name as idx, x.seqno, x.cid, x.name, x."desc" as descending, x.coll
from ${tables("join pragma_index_list(m.name, 'main') l join pragma_index_xinfo(l.name, 'main') x", "x.key = 1 and ")} order by l.name, x.seqno`;

export interface IndexPartRow {
  readonly idx: string;
  readonly seqno: number;
  /** The column's number; -1 the rowid, -2 an expression. */
  readonly cid: number;
  readonly name: string | null;
  readonly descending: number;
  readonly coll: string | null;
}

export const FOREIGN_KEYS_SQL = `select m.name as tbl, f.id, f.seq, f."table" as ref, f."from" as col, f."to" as ref_col, f.on_update, f.on_delete
from ${tables("join pragma_foreign_key_list(m.name, 'main') f")} order by m.name, f.id, f.seq`;

export interface ForeignKeyRow {
  readonly tbl: string;
  readonly id: number;
  readonly seq: number;
  readonly ref: string;
  readonly col: string;
  /** NULL when the clause names no columns: the parent's primary key. */
  readonly ref_col: string | null;
  readonly on_update: string;
  readonly on_delete: string;
}

/** Tables that belong to a virtual table (FTS, R*Tree), from SQLite 3.37; older versions list none. */
export const SHADOW_SQL = `select name from pragma_table_list where schema = 'main' and type = 'shadow'`;

export interface CatalogRows {
  readonly master: readonly MasterRow[];
  readonly columns: readonly ColumnRow[];
  readonly indexes: readonly IndexRow[];
  readonly indexParts: readonly IndexPartRow[];
  readonly foreignKeys: readonly ForeignKeyRow[];
  readonly shadow: ReadonlySet<string>;
}
