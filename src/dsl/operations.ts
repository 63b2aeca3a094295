/**
 * Migration operations: what a migration file means, independent of how it was written (generated
 * `m.*` DSL or hand-written Azul `schema.*`). Operations replay onto a Schema (src/diff/replay),
 * are written back as code (src/codegen) and planned into SQL per dialect (src/sql).
 * A discriminated union on `op`; every switch over it is exhaustive.
 */
import type { Check, Column, ColumnDefault, ColumnType, ForeignKey, Index, Literal, Table } from "../model/types";

export type Operation =
  /** `table` carries columns, primary key, foreign keys and checks; indexes come as create_index. */
  | { readonly op: "create_table"; readonly table: Table; readonly ifNotExists?: boolean }
  | { readonly op: "drop_table"; readonly ref: string; readonly ifExists?: boolean }
  | { readonly op: "rename_table"; readonly from: string; readonly to: string }
  /** A column added to an existing table; `foreignKey` when it was added by belongs_to/one_to_one. */
  | { readonly op: "add_column"; readonly ref: string; readonly column: Column; readonly foreignKey?: ForeignKey }
  | { readonly op: "drop_column"; readonly ref: string; readonly column: string }
  | { readonly op: "rename_column"; readonly ref: string; readonly from: string; readonly to: string }
  /**
   * The column's complete new definition. The old one is known from the schema the operation
   * applies to; `backfill` fills NULLs before a column becomes NOT NULL.
   */
  | { readonly op: "alter_column"; readonly ref: string; readonly column: Column }
  /**
   * AstrolaDB's partial form (`c.set_type("string", 30).set_nullable()`): only what changes. It is
   * resolved into alter_column against the schema it applies to (src/diff/change-column.ts)
   * before it is replayed, inverted or planned.
   */
  | { readonly op: "change_column"; readonly ref: string; readonly column: string; readonly changes: ColumnChanges }
  /**
   * `concurrently`: built without blocking writes (PostgreSQL CREATE INDEX CONCURRENTLY, outside
   * any transaction; MySQL ALGORITHM=INPLACE, LOCK=NONE; SQLite as usual). Not part of the schema.
   */
  | { readonly op: "create_index"; readonly ref: string; readonly index: Index; readonly concurrently?: boolean }
  /** By name only, as in the seed; the table is found in the schema the operation applies to. */
  | { readonly op: "drop_index"; readonly name: string; readonly ref?: string; readonly concurrently?: boolean }
  | { readonly op: "rename_index"; readonly ref: string; readonly from: string; readonly to: string }
  /**
   * `online`: PostgreSQL adds the key NOT VALID (a brief lock, no scan) and validates it in a second
   * statement that lets reads and writes go on; elsewhere the plain form.
   */
  | { readonly op: "add_foreign_key"; readonly ref: string; readonly foreignKey: ForeignKey; readonly online?: boolean }
  | { readonly op: "drop_foreign_key"; readonly ref: string; readonly name: string }
  /** `online`: as for add_foreign_key. */
  | { readonly op: "add_check"; readonly ref: string; readonly check: Check; readonly online?: boolean }
  | { readonly op: "drop_check"; readonly ref: string; readonly name: string }
  /**
   * Opaque SQL. Cannot be replayed onto the schema model (reported as such) and is run verbatim.
   * `args` are bound parameters (Azul `query.raw(sql, args)` with `?` placeholders).
   */
  | { readonly op: "sql"; readonly sql: string; readonly args?: readonly (string | number | boolean | null)[] };

/** What `change_column` changes; an absent key keeps the column's own. */
export interface ColumnChanges {
  readonly type?: ColumnType;
  readonly nullable?: boolean;
  /** null: drop the default (`drop_default()`). */
  readonly default?: ColumnDefault | null;
  /** Fills NULLs before the column becomes NOT NULL. */
  readonly backfill?: Literal;
}

export type OperationKind = Operation["op"];

/** Where an operation came from, for error messages that point into the migration file. */
export interface Located<T> {
  readonly value: T;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export type { Check, Column, ColumnDefault, ForeignKey, Index, Table };
