/**
 * The live database as the model sees it: a `Schema` of everything the model can hold, and each
 * thing it cannot, named with the reason. Nothing the catalog holds is dropped silently.
 */
import type { Schema } from "../model/types";
import type { CatalogObject } from "./catalog";

export interface Unmanaged {
  readonly kind: "table" | "column" | "default" | "index" | "check" | "foreign-key" | CatalogObject["kind"];
  /** SQL name of the table it belongs to, when it belongs to one. */
  readonly table?: string;
  readonly name: string;
  /** Why the model cannot hold it (e.g. "an expression index", "type citext"). */
  readonly why: string;
  /** Its definition as the server prints it, when known (pull carries it as raw SQL). */
  readonly definition?: string;
}

export interface LiveSchema {
  /** Every base table the model can hold (also tables no migration made), keyed by ref. */
  readonly schema: Schema;
  /** What the model cannot hold, in a stable order (table, kind, name). */
  readonly unmanaged: readonly Unmanaged[];
}
