/**
 * Comparing operations by meaning: a created table's columns, keys and checks in canonical order
 * (the writer lists a table's keys where its columns are; the reader collects them in that order).
 * Used to prove a written file reads back as the operations it was written from.
 */
import { stableStringify } from "../model/json";
import type { Operation } from "../dsl/operations";
import { canonicalTable } from "../diff/canonical";

export function comparableOps(ops: readonly Operation[]): string {
  return stableStringify(ops.map((op) => (op.op === "create_table" ? { ...op, table: canonicalTable(op.table) } : op)));
}

export function sameOps(a: readonly Operation[], b: readonly Operation[]): boolean {
  return comparableOps(a) === comparableOps(b);
}
