/**
 * Drift as data: the expected schema (what the applied migrations build) against the live one,
 * each difference with a stable kind, the object it is about, what was expected and what is there,
 * and the line `alab new` would print for it. `alab drift --json`, `alab verify --json` and the
 * check step all read this one list. Pure.
 *
 * Words follow the diff from expected to live: "add column x" means the database has a column the
 * migrations never made (what `alab new` would write to get there), "drop index y" that an index
 * they made is gone.
 */
import type { Change, ColumnAspect } from "../diff/changes";
import { describeChange } from "../diff/describe";
import { AlabError, EXIT, unreachable } from "../errors";
import type { Schema, Table } from "../model/types";
import { compareSchemas } from "./compare";

export type DriftKind =
  | "extra-table"
  | "missing-table"
  | "extra-column"
  | "missing-column"
  | "changed-column"
  | "changed-primary-key"
  | "extra-index"
  | "missing-index"
  | "changed-index"
  | "renamed-index"
  | "extra-foreign-key"
  | "missing-foreign-key"
  | "changed-foreign-key"
  | "extra-check"
  | "missing-check"
  | "changed-check";

export interface DriftDifference {
  readonly kind: DriftKind;
  /** The table's ref (`shop.product`); a table no migration made goes by its SQL name. */
  readonly table: string;
  readonly column?: string;
  readonly index?: string;
  /** A foreign key's or a check's name. */
  readonly constraint?: string;
  /** Which parts of a changed column differ. */
  readonly aspects?: readonly ColumnAspect[];
  /** What the migrations built (model JSON); null when the database has something they never made. */
  readonly expected: unknown;
  /** What the database holds (model JSON); null when it is missing there. */
  readonly actual: unknown;
  /** The difference in the words `alab new` uses. */
  readonly message: string;
}

/** The part of a table a table-level difference shows: without its columns' details repeated. */
function tableSummary(t: Table): unknown {
  return { ref: t.ref, sqlName: t.sqlName, columns: t.columns.map((c) => c.name), primaryKey: t.primaryKey };
}

export function differenceOf(c: Change): DriftDifference {
  const message = describeChange(c);
  switch (c.kind) {
    case "addTable":
      return { kind: "extra-table", table: c.table.ref, expected: null, actual: tableSummary(c.table), message };
    case "dropTable":
      return { kind: "missing-table", table: c.table.ref, expected: tableSummary(c.table), actual: null, message };
    case "renameTable":
    case "renameColumn":
      // structuralDiff decides no renames of tables or columns: only a person can (`alab new --rename`).
      throw new AlabError({ code: "E_INTERNAL", message: `internal: a comparison produced a rename (${message})`, hint: "this is a bug in alab; please report it", exit: EXIT.runtime });
    case "addColumn":
      return { kind: "extra-column", table: c.ref, column: c.column.name, expected: null, actual: c.column, message };
    case "dropColumn":
      return { kind: "missing-column", table: c.ref, column: c.column.name, expected: c.column, actual: null, message };
    case "modifyColumn":
      return { kind: "changed-column", table: c.ref, column: c.to.name, aspects: c.aspects, expected: c.from, actual: c.to, message };
    case "addIndex":
      return { kind: "extra-index", table: c.ref, index: c.index.name, expected: null, actual: c.index, message };
    case "dropIndex":
      return { kind: "missing-index", table: c.ref, index: c.index.name, expected: c.index, actual: null, message };
    case "renameIndex":
      return { kind: "renamed-index", table: c.ref, index: c.from, expected: { name: c.from }, actual: { name: c.to }, message };
    case "modifyIndex":
      return { kind: "changed-index", table: c.ref, index: c.from.name, expected: c.from, actual: c.to, message };
    case "addForeignKey":
      return { kind: "extra-foreign-key", table: c.ref, constraint: c.foreignKey.name, expected: null, actual: c.foreignKey, message };
    case "dropForeignKey":
      return { kind: "missing-foreign-key", table: c.ref, constraint: c.foreignKey.name, expected: c.foreignKey, actual: null, message };
    case "modifyForeignKey":
      return { kind: "changed-foreign-key", table: c.ref, constraint: c.from.name, expected: c.from, actual: c.to, message };
    case "addCheck":
      return { kind: "extra-check", table: c.ref, constraint: c.check.name, expected: null, actual: c.check, message };
    case "dropCheck":
      return { kind: "missing-check", table: c.ref, constraint: c.check.name, expected: c.check, actual: null, message };
    case "modifyCheck":
      return { kind: "changed-check", table: c.ref, constraint: c.from.name, expected: c.from, actual: c.to, message };
    default:
      return unreachable(c, "change");
  }
}

/**
 * Every difference between the expected and the live schema. A primary key that differs is a
 * difference of its own (the diff refuses to plan one, drift only reports it); the rest of that
 * table is compared with the keys made equal. `strict`: tables no migration made count too.
 */
export function driftDifferences(expected: Schema, live: Schema, opts: { readonly strict: boolean }): DriftDifference[] {
  const keys: DriftDifference[] = [];
  const aligned: { [ref: string]: Table } = { ...live.tables };
  for (const [ref, l] of Object.entries(live.tables)) {
    const e = expected.tables[ref];
    if (e === undefined || e.primaryKey.join("\0") === l.primaryKey.join("\0")) continue;
    const show = (k: readonly string[]) => `(${k.join(", ")})`;
    keys.push({
      kind: "changed-primary-key",
      table: ref,
      expected: e.primaryKey,
      actual: l.primaryKey,
      message: `change the primary key of ${ref}: ${show(e.primaryKey)} -> ${show(l.primaryKey)}`,
    });
    aligned[ref] = { ...l, primaryKey: e.primaryKey };
  }
  return [...keys, ...compareSchemas(expected, { tables: aligned }, opts).map(differenceOf)];
}
