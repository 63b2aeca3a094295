/**
 * Reading what a live database holds, one implementation per dialect (`./<dialect>/introspect.ts`,
 * loaded lazily by `openIntrospector`). Reads only: an introspector never writes, not even the
 * tracking table, so `status`, `drift` and `--dry` can run against a database they must not touch.
 */
import type { Catalog } from "../inspect/catalog";

export interface Introspector {
  /** Everything in the connection's schema (PostgreSQL) / database (MySQL) / main database (SQLite). */
  catalog(): Promise<Catalog>;
  /** Whether a table of this name exists in the connection's current schema / database. */
  tableExists(name: string): Promise<boolean>;
  /**
   * The base tables of the connection's schema / database, sorted: cheap enough for `migrate` and
   * `status` to ask whenever the tracking table is missing (is this database someone else's?).
   */
  tableNames(): Promise<string[]>;
}
