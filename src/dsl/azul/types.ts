/**
 * What an Azul migration file means. `MigrationDef` mirrors the interface of the generated
 * migration DSL (src/dsl/migration) so the runner treats both styles alike; it is declared here
 * until that module exists, and must stay structurally identical to it.
 */
import type { Loc } from "../../sandbox/protocol";
import type { ColumnKind } from "../../model/types";
import type { Located, Operation } from "../operations";

export interface MigrationDef {
  readonly up: Located<Operation>[];
  /** null: the file has no way back (an `up` without `down`); rollback is refused by the runner. */
  readonly down: Located<Operation>[] | null;
  readonly transaction: boolean;
  readonly style: "generated" | "azul";
  /** Directions whose function returned a promise: the runner executes them with a live `query`. */
  readonly manual?: { readonly up: boolean; readonly down: boolean };
}

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
