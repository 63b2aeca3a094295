/**
 * Change[] -> the operations of `up`, in an order every database accepts: renames first (the diff
 * was computed after them), then everything that goes away (keys, checks and indexes before the
 * columns and tables they use; tables in reverse dependency order), then everything new (tables
 * in dependency order with their indexes, as in the seed; columns; alterations; indexes, checks and
 * keys last, when everything they point at exists). `down` is the exact reverse (src/diff/invert).
 *
 * Two vocabularies meet here: the diff's `Change.kind` (what differs, with from/to) and the
 * migration file's `Operation.op` (what is written and run). Each change becomes:
 *   addTable → create_table + create_index…      dropTable → drop_table (FKs into it dropped first)
 *   renameTable → rename_table                     addColumn → add_column (+ its FK when a relation)
 *   dropColumn → drop_column                       renameColumn → rename_column
 *   modifyColumn → alter_column (the whole column)
 *   addIndex → create_index   dropIndex → drop_index   renameIndex → rename_index
 *   modifyIndex → drop_index + create_index
 *   addForeignKey → add_foreign_key   dropForeignKey → drop_foreign_key
 *   modifyForeignKey → drop_foreign_key + add_foreign_key
 *   addCheck → add_check   dropCheck → drop_check   modifyCheck → drop_check + add_check
 */
import { AlabError, unreachable } from "../errors";
import { compareNames, compareColumnNames } from "../model/order";
import { AUTO_KINDS, type ForeignKey, type Schema, type Table } from "../model/types";
import type { Operation } from "../dsl/operations";
import { asRelation } from "../dsl/migration/shorthand";
import { indexCreationOrder } from "../dsl/migration/index-order";
import type { Change } from "./changes";
import { columnNarrowing } from "./destructive";
import { invertAll } from "./invert";
import { dependencyOrder } from "./order";
import { replay } from "./replay";

export interface MigrationOps {
  readonly up: Operation[];
  readonly down: Operation[];
  /** Indexes into `up` of operations that lose data, with why. */
  readonly destructive: ReadonlyMap<number, string>;
}

type Phase = "rename" | "renameIndex" | "dropKey" | "dropIndex" | "dropColumn" | "dropTable" | "createTable" | "addColumn" | "alterColumn" | "createIndex" | "addKey";
const PHASES: readonly Phase[] = ["rename", "renameIndex", "dropKey", "dropIndex", "dropColumn", "dropTable", "createTable", "addColumn", "alterColumn", "createIndex", "addKey"];

interface Planned {
  readonly op: Operation;
  readonly destructive?: string;
}

/** A NOT NULL column added to a table that has rows needs a value for them. */
export function notNullProblems(changes: readonly Change[]): AlabError | undefined {
  const bad = changes.flatMap((c) =>
    c.kind === "addColumn" && !c.column.nullable && c.column.default === undefined && c.column.backfill === undefined && !AUTO_KINDS.has(c.column.type.kind) && c.column.generated === undefined
      ? [`${c.ref}.${c.column.name}`]
      : [],
  );
  if (bad.length === 0) return undefined;
  return new AlabError({
    code: "E_GENERATE_NOT_NULL",
    message: `${bad.length === 1 ? "a NOT NULL column is" : "NOT NULL columns are"} added to an existing table with no value for existing rows: ${bad.join(", ")}`,
    hint: "in the schema file, add `.default(value)` (kept as the column's default) or `.backfill(value)` (written into existing rows once), or make the column `.optional()`",
    details: bad.map((b) => `${b}: add .default(value) or .backfill(value)`),
  });
}

function bySortKey(a: [string, string], b: [string, string]): number {
  return compareNames(a[0], b[0]) || compareNames(a[1], b[1]);
}

export function operationsFor(from: Schema, changes: readonly Change[]): MigrationOps {
  const phases = new Map<Phase, { key: [string, string]; item: Planned }[]>(PHASES.map((p) => [p, []]));
  const put = (phase: Phase, key: [string, string], item: Planned): void => void phases.get(phase)?.push({ key, item });
  const ordered: Planned[] = [];

  // Renames keep their given order: a column rename may name a table renamed just before.
  const renames: Planned[] = [];
  for (const c of changes) {
    if (c.kind === "renameTable") renames.push({ op: { op: "rename_table", from: c.from, to: c.to } });
    else if (c.kind === "renameColumn") renames.push({ op: { op: "rename_column", ref: c.ref, from: c.from, to: c.to } });
  }
  const renamed = replay(from, renames.map((r) => r.op));

  const added = changes.flatMap((c) => (c.kind === "addTable" ? [c.table] : []));
  const dropped = changes.flatMap((c) => (c.kind === "dropTable" ? [c.table] : []));
  const addedRefs = new Set(added.map((t) => t.ref));
  const addedColumns = new Set(changes.flatMap((c) => (c.kind === "addColumn" ? [`${c.ref}.${c.column.name}`] : [])));
  const addKeys = changes.flatMap((c) => (c.kind === "addForeignKey" ? [c] : []));
  const mergedKeys = new Set<string>();

  for (const c of changes) {
    switch (c.kind) {
      case "renameTable":
      case "renameColumn":
      case "addTable":
      case "dropTable":
        break;
      case "addColumn": {
        const key = addKeys.find((k) => k.ref === c.ref && asRelation(c.ref, c.column, k.foreignKey) !== undefined);
        if (key !== undefined) mergedKeys.add(`${c.ref}.${key.foreignKey.name}`);
        const op: Operation = key === undefined ? { op: "add_column", ref: c.ref, column: c.column } : { op: "add_column", ref: c.ref, column: c.column, foreignKey: key.foreignKey };
        put("addColumn", [c.ref, c.column.name], { op });
        break;
      }
      case "dropColumn":
        put("dropColumn", [c.ref, c.column.name], { op: { op: "drop_column", ref: c.ref, column: c.column.name }, destructive: `drops column ${c.ref}.${c.column.name} and its data` });
        break;
      case "modifyColumn": {
        const why = columnNarrowing(c.from, c.to);
        put("alterColumn", [c.ref, c.to.name], why === undefined ? { op: { op: "alter_column", ref: c.ref, column: c.to } } : { op: { op: "alter_column", ref: c.ref, column: c.to }, destructive: why });
        break;
      }
      case "addIndex":
        put("createIndex", [c.ref, c.index.name], { op: { op: "create_index", ref: c.ref, index: c.index } });
        break;
      case "dropIndex":
        put("dropIndex", [c.ref, `i:${c.index.name}`], { op: { op: "drop_index", name: c.index.name } });
        break;
      case "renameIndex":
        put("renameIndex", [c.ref, c.from], { op: { op: "rename_index", ref: c.ref, from: c.from, to: c.to } });
        break;
      case "modifyIndex":
        put("dropIndex", [c.ref, `i:${c.from.name}`], { op: { op: "drop_index", name: c.from.name } });
        put("createIndex", [c.ref, c.to.name], { op: { op: "create_index", ref: c.ref, index: c.to } });
        break;
      case "addForeignKey":
        break; // below, once merged keys are known
      case "dropForeignKey":
        put("dropKey", [c.ref, c.foreignKey.name], { op: { op: "drop_foreign_key", ref: c.ref, name: c.foreignKey.name } });
        break;
      case "modifyForeignKey":
        put("dropKey", [c.ref, c.from.name], { op: { op: "drop_foreign_key", ref: c.ref, name: c.from.name } });
        put("addKey", [c.ref, c.to.name], { op: { op: "add_foreign_key", ref: c.ref, foreignKey: c.to } });
        break;
      case "addCheck":
        put("createIndex", [c.ref, `~${c.check.name}`], { op: { op: "add_check", ref: c.ref, check: c.check } });
        break;
      case "dropCheck":
        put("dropIndex", [c.ref, `c:${c.check.name}`], { op: { op: "drop_check", ref: c.ref, name: c.check.name } });
        break;
      case "modifyCheck":
        put("dropIndex", [c.ref, `c:${c.from.name}`], { op: { op: "drop_check", ref: c.ref, name: c.from.name } });
        put("createIndex", [c.ref, `~${c.to.name}`], { op: { op: "add_check", ref: c.ref, check: c.to } });
        break;
      default:
        unreachable(c, "change");
    }
  }
  for (const k of addKeys) {
    if (!mergedKeys.has(`${k.ref}.${k.foreignKey.name}`)) put("addKey", [k.ref, k.foreignKey.name], { op: { op: "add_foreign_key", ref: k.ref, foreignKey: k.foreignKey } });
  }

  // Tables that go: keys closing a cycle first, then the tables, referencing before referenced.
  const drops = dependencyOrder(dropped);
  for (const [ref, keys] of drops.split) for (const fk of keys) put("dropKey", [ref, fk.name], { op: { op: "drop_foreign_key", ref, name: fk.name } });
  const dropTables: Planned[] = [...drops.order].reverse().map((t) => ({ op: { op: "drop_table", ref: t.ref }, destructive: `drops table ${t.ref} and its data` }));

  // Tables that come: inline keys unless they close a cycle or point at a column added later.
  const creates = dependencyOrder(added);
  const createTables: Planned[] = [];
  for (const t of creates.order) {
    const split = new Set((creates.split.get(t.ref) ?? []).map((fk) => fk.name));
    const late = (fk: ForeignKey): boolean =>
      split.has(fk.name) || (!addedRefs.has(fk.refTable) && fk.refColumns.some((col) => addedColumns.has(`${fk.refTable}.${col}`)));
    const inline = t.foreignKeys.filter((fk) => !late(fk));
    for (const fk of t.foreignKeys.filter(late)) put("addKey", [t.ref, fk.name], { op: { op: "add_foreign_key", ref: t.ref, foreignKey: fk } });
    const table: Table = { ...t, indexes: [], foreignKeys: inline };
    createTables.push({ op: { op: "create_table", table } });
    for (const index of indexCreationOrder(t)) createTables.push({ op: { op: "create_index", ref: t.ref, index } });
  }

  ordered.push(...renames);
  for (const phase of PHASES) {
    if (phase === "rename") continue;
    if (phase === "dropTable") ordered.push(...dropTables);
    else if (phase === "createTable") ordered.push(...createTables);
    else {
      const items = phases.get(phase) ?? [];
      const sorted = phase === "addColumn" || phase === "alterColumn" ? sortColumnsOps(items, renamed, added) : [...items].sort((a, b) => bySortKey(a.key, b.key));
      ordered.push(...sorted.map((x) => x.item));
    }
  }
  const up = ordered.map((p) => p.op);
  const destructive = new Map<number, string>();
  ordered.forEach((p, i) => {
    if (p.destructive !== undefined) destructive.set(i, p.destructive);
  });
  return { up, down: invertAll(from, up), destructive };
}

/** Column operations by table, then in the table's column order (the seed's order). */
function sortColumnsOps(items: { key: [string, string]; item: Planned }[], renamed: Schema, added: readonly Table[]) {
  const pkOf = (ref: string): readonly string[] => renamed.tables[ref]?.primaryKey ?? added.find((t) => t.ref === ref)?.primaryKey ?? [];
  return [...items].sort((a, b) => compareNames(a.key[0], b.key[0]) || compareColumnNames(a.key[1], b.key[1], pkOf(a.key[0])));
}
