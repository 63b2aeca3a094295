/**
 * What differs between two schemas, as a discriminated union in the manner of Atlas: add, drop,
 * modify and rename of tables, columns, indexes, foreign keys and checks.
 */
import type { Check, Column, ForeignKey, Index, Table } from "../model/types";

/** The parts of a column a modification can touch. */
export type ColumnAspect = "type" | "nullable" | "default" | "unique" | "min" | "max" | "pattern" | "docs" | "deprecated" | "api";

export const COLUMN_ASPECTS: readonly ColumnAspect[] = ["type", "nullable", "default", "unique", "min", "max", "pattern", "docs", "deprecated", "api"];

export type Change =
  | { readonly kind: "addTable"; readonly table: Table }
  | { readonly kind: "dropTable"; readonly table: Table }
  | { readonly kind: "renameTable"; readonly from: string; readonly to: string }
  | { readonly kind: "addColumn"; readonly ref: string; readonly column: Column }
  | { readonly kind: "dropColumn"; readonly ref: string; readonly column: Column }
  | { readonly kind: "renameColumn"; readonly ref: string; readonly from: string; readonly to: string }
  | { readonly kind: "modifyColumn"; readonly ref: string; readonly from: Column; readonly to: Column; readonly aspects: readonly ColumnAspect[] }
  | { readonly kind: "addIndex"; readonly ref: string; readonly index: Index }
  | { readonly kind: "dropIndex"; readonly ref: string; readonly index: Index }
  | { readonly kind: "renameIndex"; readonly ref: string; readonly from: string; readonly to: string }
  | { readonly kind: "modifyIndex"; readonly ref: string; readonly from: Index; readonly to: Index }
  | { readonly kind: "addForeignKey"; readonly ref: string; readonly foreignKey: ForeignKey }
  | { readonly kind: "dropForeignKey"; readonly ref: string; readonly foreignKey: ForeignKey }
  | { readonly kind: "modifyForeignKey"; readonly ref: string; readonly from: ForeignKey; readonly to: ForeignKey }
  | { readonly kind: "addCheck"; readonly ref: string; readonly check: Check }
  | { readonly kind: "dropCheck"; readonly ref: string; readonly check: Check }
  | { readonly kind: "modifyCheck"; readonly ref: string; readonly from: Check; readonly to: Check };

export type ChangeKind = Change["kind"];
