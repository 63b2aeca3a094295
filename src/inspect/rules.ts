/**
 * What each dialect's normalizer knows (./postgres.ts, ./mysql.ts, ./sqlite.ts): how the server
 * rewrites what alab sent — type spellings, default expressions, CHECK expressions — and which
 * indexes it made by itself. ./normalize.ts does the rest, the same way for every dialect.
 *
 * A `hint` is the object the migrations say should be there (drift, verify). Where the database
 * cannot tell two model values apart (SQLite stores `date`, `uuid` and `text` alike), a live value
 * that is what alab would have written for the hint *is* the hint; without one (pull) the rules
 * pick the plainest model value for what they see.
 */
import type { Column, ColumnDefault, ColumnType, ReferentialAction } from "../model/types";
import type { Dialect } from "../sql/dialect";
import type { CatalogAction, CatalogColumn, CatalogIndex, CatalogTable } from "./catalog";

/** A live value the model has no way to hold, and why (reported as unmanaged, never dropped). */
export interface Unrepresentable {
  readonly unrepresentable: string;
}

export function isUnrepresentable(x: unknown): x is Unrepresentable {
  return typeof x === "object" && x !== null && "unrepresentable" in x;
}

/** A CHECK alab derives from a column, read back: which column, and what it says. */
export type DerivedCheck =
  | { readonly column: string; readonly what: "enum"; readonly values: readonly string[] }
  | { readonly column: string; readonly what: "min" | "max"; readonly value: number }
  | { readonly column: string; readonly what: "pattern"; readonly value: string }
  /** SQLite only: what makes a TEXT/INTEGER column a json / boolean / string(n) column there. */
  | { readonly column: string; readonly what: "json" | "bool" }
  | { readonly column: string; readonly what: "length"; readonly value: number };

export interface DialectRules {
  readonly dialect: Dialect;
  /** The model type of a live column (its type, and identity for serial keys). */
  columnType(col: CatalogColumn, hint?: ColumnType): ColumnType | Unrepresentable;
  /** The model default of a live column; undefined when it has none. */
  columnDefault(col: CatalogColumn, type: ColumnType, hint?: Column): ColumnDefault | undefined | Unrepresentable;
  /**
   * Whether the server's print of a CHECK expression (`live`) means what alab wrote (`written`).
   * `table` is the live table the check is on: the casts a server adds depend on column types.
   */
  sameExpression(live: string, written: string, table?: CatalogTable): boolean;
  /** The expression in the form alab shows and compares (server casts and redundant parentheses gone). */
  canonicalExpression(live: string, table?: CatalogTable): string;
  /** A check named as alab names column checks, read back into what it says; undefined when it is not one. */
  derivedCheck(name: string, expr: string, table: CatalogTable): DerivedCheck | undefined;
  /** An index the server made by itself for something else (MySQL's foreign-key indexes, SQLite's autoindexes). */
  implicitIndex(index: CatalogIndex, table: CatalogTable): boolean;
  /**
   * A foreign key's live ON DELETE/UPDATE action in model terms, where the server prints two
   * actions alike (MariaDB: RESTRICT for RESTRICT, NO ACTION and no clause). Default: as printed.
   */
  referentialAction?(live: CatalogAction, hint?: ReferentialAction): ReferentialAction;
}
