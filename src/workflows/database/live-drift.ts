/**
 * The live database against a schema: read its catalog on an open connection, normalize it with
 * the schema as the hint, and list the differences and what alab does not manage. Shared by
 * `alab drift`, `alab verify`, the check step and `status`. Reads only.
 */
import type { Driver } from "../../db/driver";
import { openIntrospector } from "../../db/open";
import type { Catalog } from "../../inspect/catalog";
import { RULES } from "../../inspect/dialects";
import { type DriftDifference, driftDifferences } from "../../inspect/differences";
import type { Unmanaged } from "../../inspect/live";
import { normalizeCatalog } from "../../inspect/normalize";
import type { Schema } from "../../model/types";

export interface LiveDrift {
  readonly differences: readonly DriftDifference[];
  /** Tables no migration made (unless counted as differences) and what the model cannot hold. */
  readonly unmanaged: readonly Unmanaged[];
}

/** The live catalog, read on `driver` (reads only). */
export async function readCatalog(driver: Driver): Promise<Catalog> {
  return (await openIntrospector(driver)).catalog();
}

/** `strict`: tables no migration made are differences (`extra-table`) instead of unmanaged. */
export async function liveDrift(driver: Driver, expected: Schema, strict: boolean, read: Promise<Catalog> = readCatalog(driver)): Promise<LiveDrift> {
  const catalog = await read;
  const live = normalizeCatalog(catalog, RULES[driver.dialect], { expected });
  const differences = driftDifferences(expected, live.schema, { strict });
  const extraTables: Unmanaged[] = strict
    ? []
    : Object.values(live.schema.tables)
        .filter((t) => expected.tables[t.ref] === undefined)
        .map((t) => ({ kind: "table", name: t.sqlName, why: "no applied migration made this table" }));
  return { differences, unmanaged: [...extraTables, ...live.unmanaged] };
}

/** An unmanaged object in one line: "trigger shop_product.shop_touch: a trigger". */
export function unmanagedText(u: Unmanaged): string {
  return `${u.kind} ${u.table === undefined ? "" : `${u.table}.`}${u.name}: ${u.why}`;
}
