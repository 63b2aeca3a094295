/**
 * The expected schema (what the migrations build) against the live one (normalized with the
 * expected schema as its hint): the differences as the diff's changes, from expected to live, so
 * "add column" means the database has a column the migrations never made. Documentation
 * (`docs`, `deprecated`) and API metadata (`api`) live only in the files and are not compared. Pure.
 */
import { canonicalSchema } from "../diff/canonical";
import type { Change } from "../diff/changes";
import { structuralDiff } from "../diff/diff";
import type { Column, Schema, Table } from "../model/types";

function withoutDocs(s: Schema): Schema {
  const tables: { [ref: string]: Table } = {};
  for (const [ref, t] of Object.entries(s.tables)) {
    const { docs: _docs, deprecated: _deprecated, api: _api, ...table } = t;
    tables[ref] = {
      ...table,
      columns: t.columns.map((c): Column => {
        const { docs: _d, deprecated: _x, api: _a, ...col } = c;
        return col;
      }),
    };
  }
  return canonicalSchema({ tables });
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
