/**
 * diffSchemas(from, to, renames): every difference between the snapshot (`from`) and the schema
 * files (`to`). Decided renames are applied to `from` first, so everything after them compares
 * like with like; undecided drop/add pairs stay drops and adds here (renameCandidates lists them
 * so the caller can ask). Table docs are documentation no operation carries, so they are ignored;
 * so is a column's `backfill`, which belongs to the change that adds a column.
 */
import { sameIndexShape } from "../model/index-columns";
import { AlabError } from "../errors";
import { jsonEqual } from "../model/json";
import { compareNames } from "../model/order";
import type { Column, Schema, Table } from "../model/types";
import { type Change, COLUMN_ASPECTS, type ColumnAspect } from "./changes";
import { replay } from "./replay";
import { renameCandidates, type RenameCandidate, type Renames, renameOps } from "./renames";

export type { Change, ColumnAspect } from "./changes";

const same = (a: unknown, b: unknown): boolean => jsonEqual(a ?? null, b ?? null);

export function columnAspects(a: Column, b: Column): ColumnAspect[] {
  return COLUMN_ASPECTS.filter((aspect) => !same(a[aspect], b[aspect]));
}

function byName<T extends { readonly name: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((i) => [i.name, i]));
}

function namedDiff<T extends { readonly name: string }>(
  before: readonly T[],
  after: readonly T[],
): { added: T[]; dropped: T[]; modified: [T, T][] } {
  const a = byName(before);
  const b = byName(after);
  const added = after.filter((x) => !a.has(x.name));
  const dropped = before.filter((x) => !b.has(x.name));
  const modified: [T, T][] = [];
  for (const x of before) {
    const y = b.get(x.name);
    if (y !== undefined && !same(x, y)) modified.push([x, y]);
  }
  return { added, dropped, modified };
}

function tableChanges(a: Table, b: Table): Change[] {
  const ref = b.ref;
  if (!same(a.primaryKey, b.primaryKey)) {
    throw new AlabError({
      code: "E_DIFF_PRIMARY_KEY",
      message: `the primary key of ${ref} changes from (${a.primaryKey.join(", ")}) to (${b.primaryKey.join(", ")})`,
      hint: "alab does not change a primary key in place: create a new table and move the data (with m.sql), or keep the old key",
    });
  }
  const out: Change[] = [];
  const cols = namedDiff(a.columns, b.columns);
  for (const column of cols.added) out.push({ kind: "addColumn", ref, column });
  for (const column of cols.dropped) out.push({ kind: "dropColumn", ref, column });
  for (const [from, to] of cols.modified) {
    // A generated column holds no data of its own: a change to how it is generated is a drop and an add.
    if (!same(from.generated, to.generated)) {
      out.push({ kind: "dropColumn", ref, column: from }, { kind: "addColumn", ref, column: to });
      continue;
    }
    const aspects = columnAspects(from, to);
    if (aspects.length > 0) out.push({ kind: "modifyColumn", ref, from, to, aspects });
  }
  const ix = namedDiff(a.indexes, b.indexes);
  const addedIx = [...ix.added];
  for (const index of ix.dropped) {
    // An index that only changed its name (a table rename left the old one) is renamed, not rebuilt.
    const twin = addedIx.findIndex((n) => sameIndexShape(n, index));
    const found = addedIx[twin];
    if (found !== undefined) {
      addedIx.splice(twin, 1);
      out.push({ kind: "renameIndex", ref, from: index.name, to: found.name });
    } else out.push({ kind: "dropIndex", ref, index });
  }
  for (const index of addedIx) out.push({ kind: "addIndex", ref, index });
  for (const [from, to] of ix.modified) out.push({ kind: "modifyIndex", ref, from, to });
  const fks = namedDiff(a.foreignKeys, b.foreignKeys);
  for (const foreignKey of fks.added) out.push({ kind: "addForeignKey", ref, foreignKey });
  for (const foreignKey of fks.dropped) out.push({ kind: "dropForeignKey", ref, foreignKey });
  for (const [from, to] of fks.modified) out.push({ kind: "modifyForeignKey", ref, from, to });
  const checks = namedDiff(a.checks, b.checks);
  for (const check of checks.added) out.push({ kind: "addCheck", ref, check });
  for (const check of checks.dropped) out.push({ kind: "dropCheck", ref, check });
  for (const [from, to] of checks.modified) out.push({ kind: "modifyCheck", ref, from, to });
  return out;
}

/** Applies the decided renames to `from`; returns them as changes too. */
export function applyRenames(from: Schema, to: Schema, renames: Renames): { renamed: Schema; changes: Change[] } {
  const ops = renameOps(from, to, renames);
  const changes: Change[] = ops.map((op) => {
    if (op.op === "rename_table") return { kind: "renameTable", from: op.from, to: op.to };
    if (op.op === "rename_column") return { kind: "renameColumn", ref: op.ref, from: op.from, to: op.to };
    throw new Error("unreachable: renameOps makes only renames");
  });
  return { renamed: replay(from, ops), changes };
}

/** Structural differences, with no rename detection beyond indexes. */
export function structuralDiff(from: Schema, to: Schema): Change[] {
  const out: Change[] = [];
  const refs = [...new Set([...Object.keys(from.tables), ...Object.keys(to.tables)])].sort(compareNames);
  for (const ref of refs) {
    const a = from.tables[ref];
    const b = to.tables[ref];
    if (a === undefined && b !== undefined) out.push({ kind: "addTable", table: b });
    else if (a !== undefined && b === undefined) out.push({ kind: "dropTable", table: a });
    else if (a !== undefined && b !== undefined) out.push(...tableChanges(a, b));
  }
  return out;
}

export function diffSchemas(from: Schema, to: Schema, renames: Renames): Change[] {
  const { renamed, changes } = applyRenames(from, to, renames);
  return [...changes, ...structuralDiff(renamed, to)];
}

/** Drop/add pairs that could be renames and are not decided yet. */
export function openRenameCandidates(from: Schema, to: Schema, renames: Renames): RenameCandidate[] {
  return renameCandidates(applyRenames(from, to, renames).renamed, to, renames);
}
