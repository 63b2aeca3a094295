/**
 * What an introspector (src/db/<dialect>/introspect.ts) reads from a live database, before any
 * interpretation: names, types and expressions exactly as the server prints them. The pure
 * normalizer (./normalize.ts) turns a Catalog into the model `Schema` plus what the model cannot
 * express; keeping the two apart lets every rewrite rule be tested without a server.
 */
import type { Dialect } from "../sql/dialect";

export type CatalogAction = "CASCADE" | "RESTRICT" | "SET NULL" | "SET DEFAULT" | "NO ACTION";

export interface CatalogColumn {
  readonly name: string;
  /**
   * The type as the server spells it, lower-cased: PostgreSQL `format_type()` ("character
   * varying(200)", "timestamp with time zone", "public.citext"), MySQL `COLUMN_TYPE` ("int(11)",
   * "tinyint(1)", "enum('a','b')", "int unsigned"), SQLite the declared type ("varchar(200)", "").
   */
  readonly type: string;
  readonly nullable: boolean;
  /** The default expression as the server prints it (`'x'::character varying`, `current_timestamp()`); absent when none. */
  readonly default?: string;
  /**
   * How the column gets values by itself: PostgreSQL identity (`always`/`by-default`) or a serial's
   * `nextval` default (`sequence`); MySQL `auto-increment`; SQLite `rowid` (an INTEGER PRIMARY
   * KEY) or `autoincrement` (the same with AUTOINCREMENT).
   */
  readonly identity?: "always" | "by-default" | "sequence" | "auto-increment" | "rowid" | "autoincrement";
  /** MySQL's `ON UPDATE current_timestamp(…)`, as the server prints it. */
  readonly onUpdate?: string;
  /** GENERATED ALWAYS AS (expr) STORED / VIRTUAL. */
  readonly generated?: { readonly expr: string; readonly stored: boolean };
  readonly comment?: string;
  /** A collation other than the table's / database's default. */
  readonly collation?: string;
}

/** One key part of an index: a column or an expression, with its order. */
export interface CatalogIndexPart {
  readonly column?: string;
  readonly expr?: string;
  readonly descending: boolean;
  /** MySQL prefix length (`KEY (name(10))`). */
  readonly prefix?: number;
  /** NULLS FIRST / LAST when it is not the default for the part's direction (PostgreSQL). */
  readonly nulls?: "first" | "last";
  /** An operator class other than the default for the part's type (`text_pattern_ops`). */
  readonly opclass?: string;
  /** A collation other than the column's / expression's own. */
  readonly collation?: string;
}

export interface CatalogIndex {
  readonly name: string;
  readonly unique: boolean;
  readonly parts: readonly CatalogIndexPart[];
  /** A partial index's WHERE clause, as the server prints it. */
  readonly predicate?: string;
  /** Access method when not the default B-tree (`gin`, `hash`, `fulltext`, `spatial`). */
  readonly method?: string;
  /**
   * The constraint the index exists for, when it is not a plain CREATE INDEX: the primary key, a
   * UNIQUE constraint, or (MySQL) the index InnoDB made by itself for a foreign key.
   */
  readonly backs?: "primary" | "unique" | "foreign-key";
  /** Non-key columns carried in the index (PostgreSQL INCLUDE). */
  readonly include?: readonly string[];
  /** UNIQUE NULLS NOT DISTINCT (PostgreSQL 15+). */
  readonly nullsNotDistinct?: boolean;
  /** The whole CREATE INDEX as the server prints it, when it can (for pull to carry as raw SQL). */
  readonly definition?: string;
}

export interface CatalogForeignKey {
  readonly name: string;
  readonly columns: readonly string[];
  /** The referenced table's SQL name (in the same schema / database). */
  readonly refTable: string;
  readonly refColumns: readonly string[];
  readonly onDelete: CatalogAction;
  readonly onUpdate: CatalogAction;
  /** PostgreSQL NOT VALID: not yet checked against existing rows. */
  readonly notValid?: boolean;
}

export interface CatalogCheck {
  readonly name: string;
  /** The expression inside CHECK (…), as the server prints it. */
  readonly expr: string;
  readonly notValid?: boolean;
}

export interface CatalogTable {
  /** SQL name. */
  readonly name: string;
  readonly columns: readonly CatalogColumn[];
  /** Primary-key columns in key order; empty when the table has none. */
  readonly primaryKey: readonly string[];
  readonly indexes: readonly CatalogIndex[];
  readonly foreignKeys: readonly CatalogForeignKey[];
  readonly checks: readonly CatalogCheck[];
  readonly comment?: string;
  /** What the reader saw and the model has no place for (partitioning, a table-level option…). */
  readonly extras?: readonly CatalogObject[];
}

/** Anything else in the schema: the normalizer reports each as unmanaged, never drops it. */
export interface CatalogObject {
  readonly kind: "view" | "materialized-view" | "trigger" | "sequence" | "type" | "function" | "procedure" | "event" | "extension" | "rule" | "policy" | "partition" | "other";
  readonly name: string;
  /** The table it belongs to, when it belongs to one (a trigger, an index). */
  readonly table?: string;
  /** Its definition as the server prints it, when the server can (for `pull` to carry as raw SQL). */
  readonly definition?: string;
  /** What it is, when the kind alone does not say (`an exclusion constraint`, `partitioned by RANGE (at)`). */
  readonly note?: string;
}

export interface Catalog {
  readonly dialect: Dialect;
  /** The server's version string, as `Driver.version`. */
  readonly version: string;
  /** Base tables of the connection's schema (PostgreSQL) / database (MySQL) / main database (SQLite), by name. */
  readonly tables: readonly CatalogTable[];
  readonly objects: readonly CatalogObject[];
}
