/**
 * A database with tables and no tracking table is not one alab set up: running every migration
 * on top of it would fail halfway (or worse, succeed beside the real tables). `migrate` refuses
 * and `status` says so, both pointing at adoption (`alab pull`, `alab baseline`), as Prisma's
 * "database schema is not empty" does.
 */
import type { Driver } from "../../db/driver";
import { openIntrospector } from "../../db/open";
import { AlabError, EXIT } from "../../errors";
import { CHECKPOINT_TABLE } from "../../sql/checkpoint";
import { HISTORY_TABLE } from "../../sql/history";
import { plural } from "../words";

/** The tables of a database that has no tracking table (the caller checked that). */
export async function untrackedTables(driver: Driver): Promise<string[]> {
  // alab's own tables (the normalizer's OWN_TABLES, named here so that `migrate` need not load it).
  return (await (await openIntrospector(driver)).tableNames()).filter((t) => t !== HISTORY_TABLE && t !== CHECKPOINT_TABLE);
}

export function untrackedSummary(tables: readonly string[]): string {
  return `${plural(tables.length, "unmanaged table")}, no tracking table (${HISTORY_TABLE})`;
}

export const ADOPT_HINT = "adopt the database first: `alab pull` writes schema files and a baseline migration from it, then `alab baseline` records that migration as applied (docs/adopting.md); if your migrations already describe it, `alab baseline` alone";

export function untrackedError(tables: readonly string[]): AlabError {
  const shown = tables.slice(0, 10);
  return new AlabError({
    code: "E_UNTRACKED_DATABASE",
    message: `the database has ${untrackedSummary(tables)}: alab did not make it, and will not run every migration on top of it`,
    hint: ADOPT_HINT,
    details: [`tables: ${shown.join(", ")}${tables.length > shown.length ? `, and ${tables.length - shown.length} more` : ""}`],
    exit: EXIT.check,
  });
}
