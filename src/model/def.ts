/**
 * Table definitions: what one schema file means before the whole schema is known. Columns are
 * final; what needs the other files (references, junction tables, schema-wide names) is kept as
 * intent with the location it was written at, so `buildSchema` can report problems in user code.
 * Defined here rather than in src/dsl so the model never depends on the DSL that produces it.
 */
import type { SourceLocation } from "../errors";
import type { Column, ReferentialAction, TableApi } from "./types";

/** Why a column exists; generated columns name the call that made them in clash messages. */
export type ColumnOrigin =
  | "column" // an object key: `email: col.email()`
  | "relation" // belongs_to / one_to_one: `<key>_id`
  | "polymorphic" // belongs_to_any: `<as>_type`, `<as>_id`
  | "timestamps"
  | "soft_delete"
  | "sortable"
  | "auditable";

export interface ColumnDef {
  readonly column: Column;
  readonly primaryKey: boolean;
  readonly origin: ColumnOrigin;
  /** `.index()` on the column. */
  readonly index: boolean;
  readonly at: SourceLocation;
}

/** A belongs_to / one_to_one foreign key, its target not yet checked. */
export interface RelationDef {
  readonly column: string;
  /** Target ref with the namespace filled in ("auth.user"); may not exist. */
  readonly target: string;
  readonly onDelete: ReferentialAction;
  readonly onUpdate: ReferentialAction;
  readonly at: SourceLocation;
}

/** belongs_to_any: no foreign key (the target varies), but every target must exist. */
export interface PolymorphicDef {
  readonly as: string;
  readonly targets: readonly string[];
  readonly at: SourceLocation;
}

/** A table-level `.index()` / `.unique()` or a derived composite index, columns resolved. */
export interface IndexDef {
  readonly columns: readonly string[];
  readonly unique: boolean;
  readonly at: SourceLocation;
  /** An explicit name (`{ name }`), kept instead of the derived one. */
  readonly name?: string;
  readonly descending?: readonly string[];
  /** A partial index's condition (`{ where }`). */
  readonly where?: string;
}

export interface CheckDef {
  readonly name: string;
  readonly expr: string;
  readonly at: SourceLocation;
}

export interface ManyToManyDef {
  readonly target: string;
  readonly at: SourceLocation;
}

export interface TableDef {
  readonly ns: string;
  readonly name: string;
  /** "ns.name" */
  readonly ref: string;
  readonly file: string;
  /** The `table(...)` call. */
  readonly at: SourceLocation;
  readonly columns: readonly ColumnDef[];
  readonly relations: readonly RelationDef[];
  readonly polymorphic: readonly PolymorphicDef[];
  readonly indexes: readonly IndexDef[];
  readonly checks: readonly CheckDef[];
  readonly manyToMany: readonly ManyToManyDef[];
  /** A table-level `.primary_key("a", "b")`, in its order (otherwise the key is the column marked primaryKey). */
  readonly primaryKey?: readonly string[];
  readonly docs?: string;
  readonly deprecated?: string;
  /** AstrolaDB's API metadata, its columns resolved (`author` -> `author_id`). */
  readonly api?: TableApi;
}
