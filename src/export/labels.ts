/**
 * How a column's type reads in a diagram: the logical type with its parameters (`string(255)`,
 * `decimal(10,2)`), or with `--dialect` the SQL type that dialect creates (src/sql/typemap.ts).
 */
import { unreachable } from "../errors";
import type { Column, ColumnType, Table } from "../model/types";
import type { Dialect } from "../sql/dialect";
import { sqlType } from "../sql/typemap";

export function logicalType(type: ColumnType): string {
  switch (type.kind) {
    case "string":
      return `string(${type.length})`;
    case "char":
      return `char(${type.length})`;
    case "timestamp":
      return `${type.timezone ? "timestamptz" : "timestamp"}${type.precision === undefined ? "" : `(${type.precision})`}`;
    case "decimal":
      return type.precision === undefined ? "decimal" : `decimal(${type.precision}${type.scale === undefined ? "" : `,${type.scale}`})`;
    case "smallint":
    case "integer":
    case "bigint":
    case "serial":
    case "bigserial":
      return type.unsigned === true ? `${type.kind} unsigned` : type.kind;
    case "uuid":
    case "text":
    case "float":
    case "boolean":
    case "date":
    case "time":
    case "datetime":
    case "json":
    case "base64":
    case "binary":
    case "enum":
      return type.kind;
    case "sql_type":
      return type.sql;
    case "native_enum":
      return `enum ${type.name}`;
    default:
      return unreachable(type, "column type");
  }
}

/** The label of a column's type: logical without a dialect, the dialect's SQL type with one. */
export function typeLabel(column: Column, dialect: Dialect | undefined): string {
  return dialect === undefined ? logicalType(column.type) : sqlType(column.type, dialect);
}

/** Key markers of a column: PK, FK, UK (a single-column unique), in that order. */
export function keyMarkers(table: Table, column: Column): ("PK" | "FK" | "UK")[] {
  const out: ("PK" | "FK" | "UK")[] = [];
  if (table.primaryKey.includes(column.name)) out.push("PK");
  if (table.foreignKeys.some((k) => k.columns.includes(column.name))) out.push("FK");
  const uniqueIndex = table.indexes.some((i) => i.unique && i.columns.length === 1 && i.columns[0] === column.name);
  if ((column.unique || uniqueIndex) && !out.includes("PK")) out.push("UK");
  return out;
}
