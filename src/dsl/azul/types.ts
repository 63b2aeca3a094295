/**
 * What an Azul migration file means: the generated DSL's `MigrationDef` (src/dsl/migration), so
 * the runner treats both styles alike, plus the column types `table.rename` claimed.
 */
import type { ColumnKind } from "../../model/types";
import type { Loc } from "../../sandbox/protocol";
import type { MigrationDef } from "../migration";
import type { Located, Operation } from "../operations";

export type { MigrationDef };

/**
 * Azul's `table.rename(from, to, type)` names the column's type, which must match the type the
 * column was created with. Only the schema the operation applies to knows that type, so the
 * interpreter records the claim and replay compares it. `op` indexes into `up` or `down`.
 */
export interface RenameTypeCheck {
  readonly op: number;
  readonly kind: ColumnKind;
  /** As written, for the message: "string", "dateTime", ... */
  readonly azulType: string;
}

export interface AzulMigrationDef extends MigrationDef {
  readonly style: "azul";
  readonly renameTypes: { readonly up: readonly RenameTypeCheck[]; readonly down: readonly RenameTypeCheck[] };
}

/** One operation with, for a column rename, the type the user claimed the column has. */
export interface Emitted {
  readonly op: Located<Operation>;
  readonly renameType?: { readonly kind: ColumnKind; readonly azulType: string };
}

/**
 * One top-level call of a migration function (`schema.createTable(...)`, `query.raw(...)`): its
 * operations, and either its reverse (already in the order to run) or the call that makes it
 * irreversible.
 */
export interface Step {
  readonly ops: readonly Emitted[];
  readonly reverse: readonly Emitted[] | { readonly irreversible: string; readonly loc: Loc };
}
