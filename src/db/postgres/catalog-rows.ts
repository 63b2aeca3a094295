/** The rows of catalogSql (./catalog-sql.ts), one list per part, as postgres.js hands them over. */

export interface TableRow {
  readonly oid: number;
  readonly name: string;
  readonly kind: "r" | "p";
  /** A partition of another table: not a table of its own to alab. */
  readonly partition: boolean;
  /** Owned by an extension: the extension is listed instead. */
  readonly extension: boolean;
  /** p permanent, u unlogged. */
  readonly persistence: string;
  readonly rls: boolean;
  readonly force_rls: boolean;
  readonly options: readonly string[] | null;
  readonly typed: boolean;
  readonly comment: string | null;
  readonly partkey: string | null;
  /** A partition's root table (oid) and bound. */
  readonly root: number | null;
  readonly bound: string | null;
  /** Parents of a table that inherits (or a partition), in order; null for none. */
  readonly inherits: readonly string[] | null;
}

export interface ColumnRow {
  readonly t: number;
  readonly num: number;
  readonly name: string;
  readonly type: string;
  readonly notnull: boolean;
  readonly dflt: string | null;
  /** a always, d by default, "" none. */
  readonly ident: string;
  /** s stored, v virtual (PostgreSQL 18), "" none. */
  readonly gen: string;
  readonly coll: string | null;
  readonly comment: string | null;
}

export interface ConstraintRow {
  readonly t: number;
  readonly name: string;
  /** p primary key, u unique, f foreign key, c check, x exclusion, t constraint trigger, n not null. */
  readonly type: string;
  /** Attribute numbers of the key, in key order ("1 2"); null for a check on no column. */
  readonly cols: string | null;
  /** A foreign key's table (oid) and its attribute numbers. */
  readonly ref: number;
  readonly refcols: string | null;
  /** A foreign key to a table the reader does not read: its name and columns. */
  readonly outside: readonly [string, readonly string[]] | null;
  readonly del: string;
  readonly upd: string;
  /** f full, p partial, s simple. */
  readonly match: string;
  /** ON DELETE SET NULL / SET DEFAULT with a column list. */
  readonly delcols: boolean;
  readonly deferrable: boolean;
  readonly deferred: boolean;
  readonly validated: boolean;
  readonly noinherit: boolean;
  readonly expr: string | null;
  readonly def: string | null;
  readonly idx: number;
  readonly comment: string | null;
}

export interface IndexRow {
  readonly t: number;
  readonly oid: number;
  readonly name: string;
  readonly uniq: boolean;
  readonly prim: boolean;
  readonly excl: boolean;
  readonly valid: boolean;
  readonly nkey: number;
  /** Attribute numbers of every column, key then INCLUDE ("1 0 3"); 0 for an expression. */
  readonly keys: string;
  /** Per key part: bit 1 DESC, bit 2 NULLS FIRST ("0 3"). */
  readonly opts: string;
  /** Per key part of an index with expressions: the expression as pg_get_indexdef(oid, k, true) prints it, null for a column. */
  readonly exprs: readonly (string | null)[] | null;
  /** Per key part, an operator class other than the default; null when every part has the default. */
  readonly opclasses: readonly (string | null)[] | null;
  /** Per key part, a collation other than the column's; null when no part may have one. */
  readonly collations: readonly (string | null)[] | null;
  readonly pred: string | null;
  readonly method: string;
  readonly nnd: boolean;
  /** The whole CREATE INDEX, for an index that is more than btree columns in ascending order. */
  readonly def: string | null;
  readonly comment: string | null;
}

export interface ObjectRow {
  readonly kind: string;
  readonly name: string;
  readonly tbl: string | null;
  readonly def: string | null;
  readonly note: string | null;
  /** A sequence's name as regclass prints it, and the column owning it (OWNED BY). */
  readonly seq: string | null;
  readonly owner: number | null;
  readonly ownercol: number | null;
}

export interface CatalogRows {
  readonly tables: readonly TableRow[];
  readonly columns: readonly ColumnRow[];
  readonly constraints: readonly ConstraintRow[];
  readonly indexes: readonly IndexRow[];
  readonly objects: readonly ObjectRow[];
}
