/** Changes in words, one line each, for `alab new` output and `alab check` reports. */
import { indexColumnTexts } from "../model/index-columns";
import { unreachable } from "../errors";
import { stableStringify } from "../model/json";
import type { Column, ColumnType, ForeignKey, Index } from "../model/types";
import type { Change, ColumnAspect } from "./changes";

export function typeText(t: ColumnType): string {
  switch (t.kind) {
    case "string":
      return `string(${t.length})`;
    case "char":
      return `char(${t.length})`;
    case "sql_type":
      return `sql_type(${JSON.stringify(t.sql)})`;
    case "timestamp":
      return `${t.timezone ? "timestamptz" : "timestamp"}${t.precision === undefined ? "" : `(${t.precision})`}`;
    case "decimal":
      return t.precision === undefined ? "decimal" : `decimal(${t.precision}${t.scale === undefined ? "" : `,${t.scale}`})`;
    case "enum":
      return `enum(${t.values.map((v) => JSON.stringify(v)).join(", ")})`;
    case "native_enum":
      return `native_enum ${t.name}(${t.values.map((v) => JSON.stringify(v)).join(", ")})`;
    case "smallint":
    case "integer":
    case "bigint":
    case "serial":
    case "bigserial":
      return `${t.kind}${t.unsigned === true ? " unsigned" : ""}${(t.kind === "serial" || t.kind === "bigserial") && t.identity === "always" ? " always" : ""}`;
    default:
      return t.kind;
  }
}

function aspectText(a: Column, b: Column, aspect: ColumnAspect): string {
  const show = (v: unknown): string => (v === undefined ? "none" : stableStringify(v).trim().replace(/\s*\n\s*/g, " "));
  switch (aspect) {
    case "type":
      return `type ${typeText(a.type)} -> ${typeText(b.type)}`;
    case "nullable":
      return b.nullable ? "now optional (NULL allowed)" : "now required (NOT NULL)";
    case "unique":
      return b.unique ? "now unique" : "no longer unique";
    case "default":
      return `default ${a.default === undefined ? "none" : defaultText(a.default)} -> ${b.default === undefined ? "none" : defaultText(b.default)}`;
    default:
      return `${aspect} ${show(a[aspect])} -> ${show(b[aspect])}`;
  }
}

function defaultText(d: NonNullable<Column["default"]>): string {
  if (d.kind === "literal") return stableStringify(d.value).trim();
  if (d.kind === "sql") return `sql(${stableStringify(d.sql).trim().replace(/\s*\n\s*/g, " ")})`;
  return `${d.expr}()`;
}

/** What existing rows get: NULL, the default, or the backfill value. */
function addedText(col: Column): string {
  const parts: string[] = [];
  if (col.nullable) parts.push("optional");
  if (col.default !== undefined) parts.push(`default ${defaultText(col.default)}`);
  if (col.backfill !== undefined) parts.push(`backfill ${stableStringify(col.backfill).trim()}`);
  return parts.length === 0 ? "" : ` (${parts.join(", ")})`;
}

function indexText(i: Index): string {
  return `${i.unique ? "unique index" : "index"} ${i.name} (${indexColumnTexts(i).join(", ")})${i.where === undefined ? "" : ` where ${i.where}`}`;
}

function keyText(f: ForeignKey): string {
  return `foreign key ${f.name} (${f.columns.join(", ")}) -> ${f.refTable} (${f.refColumns.join(", ")}) on delete ${f.onDelete} on update ${f.onUpdate}`;
}

export function describeChange(c: Change): string {
  switch (c.kind) {
    case "addTable":
      return `add table ${c.table.ref}`;
    case "dropTable":
      return `drop table ${c.table.ref}`;
    case "renameTable":
      return `rename table ${c.from} to ${c.to}`;
    case "addColumn":
      return `add column ${c.ref}.${c.column.name} ${typeText(c.column.type)}${addedText(c.column)}`;
    case "dropColumn":
      return `drop column ${c.ref}.${c.column.name}`;
    case "renameColumn":
      return `rename column ${c.ref}.${c.from} to ${c.to}`;
    case "modifyColumn":
      return `change column ${c.ref}.${c.to.name}: ${c.aspects.map((a) => aspectText(c.from, c.to, a)).join("; ")}`;
    case "addIndex":
      return `add ${indexText(c.index)} on ${c.ref}`;
    case "dropIndex":
      return `drop ${indexText(c.index)} on ${c.ref}`;
    case "renameIndex":
      return `rename index ${c.from} on ${c.ref} to ${c.to}`;
    case "modifyIndex":
      return `change index ${c.from.name} on ${c.ref}: ${indexText(c.from)} -> ${indexText(c.to)}`;
    case "addForeignKey":
      return `add ${keyText(c.foreignKey)} on ${c.ref}`;
    case "dropForeignKey":
      return `drop foreign key ${c.foreignKey.name} on ${c.ref}`;
    case "modifyForeignKey":
      return `change foreign key ${c.from.name} on ${c.ref}: ${keyText(c.to)}`;
    case "addCheck":
      return `add check ${c.check.name} on ${c.ref}: ${c.check.expr}`;
    case "dropCheck":
      return `drop check ${c.check.name} on ${c.ref}`;
    case "modifyCheck":
      return `change check ${c.from.name} on ${c.ref}: ${c.from.expr} -> ${c.to.expr}`;
    default:
      return unreachable(c, "change");
  }
}
