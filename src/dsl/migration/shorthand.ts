/**
 * What the shorthand builders of the migration DSL (`t.id()`, `t.timestamps()`, `t.belongs_to()`,
 * ...) stand for. The interpreter builds columns from these, and the writer uses them in reverse:
 * it writes a shorthand only when the shorthand rebuilds the column exactly, so a generated file
 * always reads back as the operations it was written from. They match what the schema DSL makes of
 * `col.id()`, `.timestamps()`, `col.belongs_to()`, so the seed's example comes out in the seed's shape.
 */
import { foreignKeyName, relationColumn, sqlNameOf } from "../../model/names";
import type { Column, ForeignKey, ReferentialAction } from "../../model/types";

/** belongs_to without `.on_delete()` / `.on_update()`: the SQL default. */
export const DEFAULT_ACTION: ReferentialAction = "NO ACTION";

export const ACTIONS: readonly ReferentialAction[] = ["CASCADE", "RESTRICT", "SET NULL", "SET DEFAULT", "NO ACTION"];

/** "SET NULL", "set null", "set_null", "nullify" (Azul) all name the same action. */
export function parseAction(raw: string): ReferentialAction | undefined {
  const norm = raw.trim().toUpperCase().replace(/[_\s]+/g, " ");
  if (norm === "NULLIFY") return "SET NULL";
  return ACTIONS.find((a) => a === norm);
}

export function idColumn(): Column {
  return { name: "id", type: { kind: "uuid" }, nullable: false, unique: false, default: { kind: "expr", expr: "uuid" } };
}

export function timestampColumns(): Column[] {
  return ["created_at", "updated_at"].map((name) => ({
    name,
    type: { kind: "datetime" },
    nullable: false,
    unique: false,
    default: { kind: "expr", expr: "now" },
  }));
}

export function softDeleteColumn(): Column {
  return { name: "deleted_at", type: { kind: "datetime" }, nullable: true, unique: false };
}

export function sortableColumn(): Column {
  return { name: "position", type: { kind: "integer" }, nullable: false, unique: false, default: { kind: "literal", value: 0 } };
}

export function auditableColumns(): Column[] {
  return ["created_by", "updated_by"].map((name) => ({ name, type: { kind: "uuid" }, nullable: true, unique: false }));
}

/** "auth.user" -> "user": the part a relation column is named after. */
export function tablePart(ref: string): string {
  const dot = ref.indexOf(".");
  return dot < 0 ? ref : ref.slice(dot + 1);
}

export function relationColumnName(target: string, alias: string | undefined): string {
  return alias === undefined ? `${tablePart(target)}_id` : relationColumn(alias);
}

export interface Relation {
  readonly target: string;
  readonly alias?: string;
  readonly nullable: boolean;
  readonly unique: boolean;
  readonly onDelete: ReferentialAction;
  readonly onUpdate: ReferentialAction;
}

/** The column and foreign key `t.belongs_to(target)` (or `one_to_one`) adds to table `ref`. */
export function relationParts(ref: string, r: Relation): { column: Column; foreignKey: ForeignKey } {
  const name = relationColumnName(r.target, r.alias);
  return {
    column: { name, type: { kind: "uuid" }, nullable: r.nullable, unique: r.unique },
    foreignKey: {
      name: foreignKeyName(sqlNameOf(ref), [name]),
      columns: [name],
      refTable: r.target,
      refColumns: ["id"],
      onDelete: r.onDelete,
      onUpdate: r.onUpdate,
    },
  };
}

/** belongs_to_any: `<as>_type` names the target table, `<as>_id` its row; no foreign key. */
export const POLYMORPHIC_TYPE_LENGTH = 100;

export function polymorphicColumns(as: string, nullable: boolean): Column[] {
  return [
    { name: `${as}_id`, type: { kind: "uuid" }, nullable, unique: false },
    { name: `${as}_type`, type: { kind: "string", length: POLYMORPHIC_TYPE_LENGTH }, nullable, unique: false },
  ];
}

function sameData(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortDeep(a)) === JSON.stringify(sortDeep(b));
}

function sortDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = sortDeep(x);
    }
    return out;
  }
  return v;
}

/**
 * The relation that makes exactly this column and foreign key on table `ref`, or undefined when
 * `t.belongs_to` cannot express them. A relation column may also carry docs, deprecation and a
 * backfill (written as modifiers), nothing else.
 */
export function asRelation(ref: string, column: Column, fk: ForeignKey): Relation | undefined {
  if (fk.columns.length !== 1 || fk.columns[0] !== column.name || !column.name.endsWith("_id")) return undefined;
  const base = relationColumnName(fk.refTable, undefined);
  const aliasName = column.name.slice(0, -3);
  const relation: Relation = {
    target: fk.refTable,
    ...(column.name === base ? {} : { alias: aliasName }),
    nullable: column.nullable,
    unique: column.unique,
    onDelete: fk.onDelete,
    onUpdate: fk.onUpdate,
  };
  if (aliasName === "" || !/^[a-z_][a-z0-9_]*$/.test(aliasName)) return undefined;
  const parts = relationParts(ref, relation);
  const { docs: _d, deprecated: _p, backfill: _b, ...core } = column;
  return sameData(parts.column, core) && sameData(parts.foreignKey, fk) ? relation : undefined;
}
