/**
 * The expected schema (what the migrations build) against the live one (normalized with the
 * expected schema as its hint): the differences as the diff's changes, from expected to live, so
 * "add column" means the database has a column the migrations never made. Documentation
 * (`docs`, `deprecated`) and API metadata (`api`) live only in the files and are not compared. Pure.
 */
import type { Change } from "../diff/changes";
import { structuralDiff } from "../diff/diff";
import type { Column, Schema, Table } from "../model/types";

/**
 * The schema without documentation and API metadata. Only what has them is copied: 500 tables without any cost
 * nothing. Order is left as it is — the diff pairs everything by name — so the schema is not
 * sorted again.
 */
function withoutDocs(s: Schema): Schema {
  let tables: { [ref: string]: Table } | undefined;
  for (const [ref, t] of Object.entries(s.tables)) {
    const documented = t.docs !== undefined || t.deprecated !== undefined || t.api !== undefined || t.columns.some((c) => c.docs !== undefined || c.deprecated !== undefined || c.api !== undefined);
    if (!documented) continue;
    tables ??= { ...s.tables };
    const { docs: _docs, deprecated: _deprecated, api: _api, ...table } = t;
    tables[ref] = {
      ...table,
      columns: t.columns.map((c): Column => {
        if (c.docs === undefined && c.deprecated === undefined && c.api === undefined) return c;
        const { docs: _d, deprecated: _x, api: _a, ...col } = c;
        return col;
      }),
    };
  }
  return tables === undefined ? s : { tables };
}

export interface CompareOptions {
  /** Count tables no migration made as differences too (otherwise the caller lists them apart). */
  readonly strict: boolean;
}

/** Differences between the expected and the live schema, in the diff's order. */
export function compareSchemas(expected: Schema, live: Schema, opts: CompareOptions): Change[] {
  const e = withoutDocs(expected);
  const l = withoutDocs(live);
  const tables: { [ref: string]: Table } = {};
  for (const [ref, t] of Object.entries(l.tables)) if (opts.strict || e.tables[ref] !== undefined) tables[ref] = t;
  return structuralDiff(e, { tables });
}

/** Tables in the live schema that no migration made (refs, sorted). */
export function unexpectedTables(expected: Schema, live: Schema): string[] {
  return Object.keys(live.tables)
    .filter((ref) => expected.tables[ref] === undefined)
    .sort();
}
