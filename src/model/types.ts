/**
 * The normalized schema model: plain, immutable, JSON-serializable data. It is what schema files
 * normalize to, what the snapshot stores, what migration operations replay onto, and what the diff
 * compares. Everything here is data; behaviour lives in the modules beside this one.
 *
 * Identity of a table is its `ref`: "ns.table" for schema-file tables, or a bare SQL name for
 * junction tables ("auth_role_auth_user") and hand-written Azul tables ("articles").
 * `sqlName` is the name in the database: the ref with "." replaced by "_".
 */

/** Logical column types. SQL per dialect is decided in src/sql (docs/dialects.md). */
export type ColumnType =
  | { readonly kind: "uuid" }
  | { readonly kind: "string"; readonly length: number }
  /** Fixed-length, blank-padded text (`char(n)`). */
  | { readonly kind: "char"; readonly length: number }
  | { readonly kind: "text" }
  | { readonly kind: "smallint"; readonly unsigned?: true }
  | { readonly kind: "integer"; readonly unsigned?: true }
  | { readonly kind: "bigint"; readonly unsigned?: true } // Azul integer64
  | { readonly kind: "serial"; readonly unsigned?: true } // Azul serial/auto/increments: auto-incrementing integer
  | { readonly kind: "bigserial"; readonly unsigned?: true } // auto-incrementing bigint
  | { readonly kind: "float" }
  | { readonly kind: "decimal"; readonly precision?: number; readonly scale?: number }
  | { readonly kind: "boolean" }
  | { readonly kind: "date" }
  | { readonly kind: "time" }
  | { readonly kind: "datetime" }
  /**
   * A timestamp as existing databases declare it: with or without time zone, with a fractional
   * precision (0–6; absent: the dialect's default, 6 on PostgreSQL, 0 on MySQL). `datetime` stays
   * alab's own spelling of a point in time.
   */
  | { readonly kind: "timestamp"; readonly timezone: boolean; readonly precision?: number }
  | { readonly kind: "json" }
  | { readonly kind: "base64" } // AstrolaDB base64: binary storage
  | { readonly kind: "binary" } // Azul binary
  | { readonly kind: "enum"; readonly values: readonly string[] }
  /**
   * A type alab does not model (`citext`, `inet`, `integer[]`), kept as written and sent to the
   * database verbatim on every dialect; only a plain type name is accepted (src/sql/raw-type.ts).
   */
  | { readonly kind: "sql_type"; readonly sql: string };

export type ColumnKind = ColumnType["kind"];

/** Whole-number kinds: the ones `unsigned` (MySQL only) applies to. */
export const INTEGER_KINDS: ReadonlySet<ColumnKind> = new Set(["smallint", "integer", "bigint", "serial", "bigserial"]);
/** Kinds whose values the database generates (PostgreSQL identity, MySQL AUTO_INCREMENT, SQLite rowid). */
export const AUTO_KINDS: ReadonlySet<ColumnKind> = new Set(["serial", "bigserial"]);

/** A literal value as written by the user (JSON for json columns). */
export type Literal = string | number | boolean | null | readonly Literal[] | { readonly [k: string]: Literal };

/**
 * A column default. `literal` is escaped per dialect; `expr` is one of a closed set of portable
 * expressions that each dialect spells its own way (never user SQL).
 */
export type ColumnDefault =
  | { readonly kind: "literal"; readonly value: Literal }
  | { readonly kind: "expr"; readonly expr: "now" | "uuid" }
  /**
   * AstrolaDB's `sql({ postgres: "...", mysql: "...", sqlite: "..." })`: one SQL expression per
   * database, written as given (each checked to be one expression). A database it has no text
   * for is an error when a migration is planned for it.
   */
  | { readonly kind: "sql"; readonly sql: SqlByDialect };

/** SQL text per database; at least one. */
export interface SqlByDialect {
  readonly postgres?: string;
  readonly mysql?: string;
  readonly sqlite?: string;
}

export interface Column {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
  /** Single-column UNIQUE; its constraint name is `names.uniqueName(table, column)`. */
  readonly unique: boolean;
  readonly default?: ColumnDefault;
  /** Value written into existing rows when the column is added NOT NULL (not kept as a default). */
  readonly backfill?: Literal;
  /**
   * Value constraints from `.min()/.max()/.pattern()`: on the value for numeric types, on the
   * character length for string/text. The SQL layer turns them into named CHECKs per dialect
   * (`names.columnCheckName(table, column, "min" | "max" | "pattern")`); enum, SQLite boolean and
   * SQLite json checks are derived there from the type, so they are not stored either.
   */
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  /** Documentation only (`.docs()`); kept in the snapshot, never in SQL. */
  readonly docs?: string;
  /** `.deprecated(reason?)`; documentation only. */
  readonly deprecated?: string;
  /** AstrolaDB's API hints (`.format()`, `.read_only()`…); kept in the snapshot, never in SQL. */
  readonly api?: ColumnApi;
  /**
   * A generated column (AstrolaDB's `.computed(fn...)`, `.virtual()`): the database computes it
   * from the row; `stored` on disk, else computed when read. It has no default and takes no writes.
   */
  readonly generated?: Generated;
}

export interface Generated {
  readonly expr: GeneratedExpr;
  readonly stored: boolean;
}

/** AstrolaDB's `fn` expressions: columns of the row, literals, portable functions, per-database SQL. */
export type GeneratedExpr =
  | { readonly k: "col"; readonly name: string }
  | { readonly k: "lit"; readonly value: string | number }
  | { readonly k: "fn"; readonly fn: GeneratedFn; readonly args: readonly GeneratedExpr[] }
  | { readonly k: "sql"; readonly sql: SqlByDialect };

export type GeneratedFn =
  | "concat" | "upper" | "lower" | "trim" | "length" | "add" | "sub" | "mul" | "div" | "abs" | "round" | "floor" | "ceil"
  | "coalesce" | "nullif";

/** How an API over the table should treat a column (AstrolaDB metadata; no SQL). */
export interface ColumnApi {
  /** `.format("email")`: a format name for validators and generated clients (JSON Schema's `format`). */
  readonly format?: string;
  /** `.read_only()`: set by the server, never by a client. */
  readonly readOnly?: true;
  /** `.write_only()`: accepted from clients, never returned. */
  readonly writeOnly?: true;
  /** `.hidden()`: not exposed by the API at all. */
  readonly hidden?: true;
}

/** How an API over the table should query it (AstrolaDB metadata; no SQL). */
export interface TableApi {
  /** `.searchable([...])`: columns for full-text search. */
  readonly searchable?: readonly string[];
  /** `.filterable([...])`: columns allowed in filters. */
  readonly filterable?: readonly string[];
  /** `.sort_by([...])`: the default order, `-column` for descending. */
  readonly sortBy?: readonly string[];
  /** `.junction(a?, b?)`: the table links two others (many-to-many); the sides when given. */
  readonly junction?: { readonly source?: string; readonly target?: string };
}

export type ReferentialAction = "CASCADE" | "RESTRICT" | "SET NULL" | "SET DEFAULT" | "NO ACTION";

export interface ForeignKey {
  readonly name: string;
  readonly columns: readonly string[];
  /** Ref of the referenced table (see the header comment). */
  readonly refTable: string;
  readonly refColumns: readonly string[];
  readonly onDelete: ReferentialAction;
  readonly onUpdate: ReferentialAction;
}

export interface Index {
  readonly name: string;
  readonly columns: readonly string[];
  readonly unique: boolean;
  /** The key columns stored in descending order, in index order (absent: all ascending). */
  readonly descending?: readonly string[];
  /** A partial index's condition: a portable boolean SQL expression, checked as a CHECK's is. */
  readonly where?: string;
}

/** A table-level `.check(name, expr)`. Column-derived checks are not stored (see Column.min). */
export interface Check {
  readonly name: string;
  /** A portable boolean SQL expression over the table's columns. */
  readonly expr: string;
}

export interface Table {
  readonly ref: string;
  readonly sqlName: string;
  /** In the seed's order: primary key, alphabetical, deleted_at, created_at, updated_at. */
  readonly columns: readonly Column[];
  /** Primary-key column names; empty for a table without one (Azul `.pk(null)`). */
  readonly primaryKey: readonly string[];
  readonly indexes: readonly Index[];
  readonly foreignKeys: readonly ForeignKey[];
  readonly checks: readonly Check[];
  readonly docs?: string;
  /** `.deprecated(reason)` on the table; documentation only. */
  readonly deprecated?: string;
  /** AstrolaDB's API metadata; kept in the snapshot, never in SQL. */
  readonly api?: TableApi;
}

export interface Schema {
  /** Keyed by table ref; key order is not significant (serializers sort keys). */
  readonly tables: { readonly [ref: string]: Table };
}

export const emptySchema: Schema = Object.freeze({ tables: Object.freeze({}) });
