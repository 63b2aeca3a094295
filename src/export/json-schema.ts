/**
 * `alab export json-schema`: one JSON Schema (draft 2020-12) per table under `$defs`, keyed by SQL
 * table name, describing a row to write: types and formats, enums, lengths and the column's own
 * min/max/pattern, `null` allowed where the column is nullable, and `required` listing the
 * columns a row must be given (NOT NULL, no default, not auto-incremented). Decimals are strings,
 * as the TypeScript export and the drivers have them; binary is base64 text. AstrolaDB's API hints
 * become `format`, `readOnly`, `writeOnly` and `deprecated`; the table-level ones (searchable,
 * filterable, sort_by, junction) describe queries, not rows, and are not written.
 */
import { unreachable } from "../errors";
import { stableStringify } from "../model/json";
import { AUTO_KINDS, type Column, type Literal, type Schema, type Table } from "../model/types";
import { tablesInOrder } from "./relations";

type Json = string | number | boolean | null | readonly Json[] | JsonObject;
type JsonObject = { [key: string]: Json | Literal | undefined };

const INT32 = { minimum: -2147483648, maximum: 2147483647 };

function typeSchema(column: Column): JsonObject {
  const t = column.type;
  switch (t.kind) {
    case "uuid":
      return { type: "string", format: "uuid" };
    case "string":
    case "char":
      return { type: "string", maxLength: t.length };
    case "text":
      return { type: "string" };
    case "smallint":
      return { type: "integer", ...(t.unsigned === true ? { minimum: 0, maximum: 65535 } : { minimum: -32768, maximum: 32767 }) };
    case "integer":
    case "serial":
      return { type: "integer", ...(t.unsigned === true ? { minimum: 0, maximum: 4294967295 } : INT32) };
    case "bigint":
    case "bigserial":
      return t.unsigned === true ? { type: "integer", minimum: 0 } : { type: "integer" };
    case "float":
      return { type: "number" };
    case "decimal":
      return { type: "string", pattern: "^-?[0-9]+(\\.[0-9]+)?$" };
    case "boolean":
      return { type: "boolean" };
    case "date":
      return { type: "string", format: "date" };
    case "time":
      return { type: "string", format: "time" };
    case "datetime":
    case "timestamp":
      return { type: "string", format: "date-time" };
    case "json":
    case "sql_type":
      return {};
    case "base64":
    case "binary":
      return { type: "string", contentEncoding: "base64" };
    case "enum":
    case "native_enum":
      return { type: "string", enum: [...t.values] };
    default:
      return unreachable(t, "column type");
  }
}

/** min/max are on the value for numbers, on the character length for text. */
function limits(column: Column, base: JsonObject): JsonObject {
  const text = base.type === "string" && column.type.kind !== "decimal";
  const out: JsonObject = {};
  if (column.min !== undefined) out[text ? "minLength" : "minimum"] = column.min;
  if (column.max !== undefined) {
    const key = text ? "maxLength" : "maximum";
    const given = base[key];
    out[key] = typeof given === "number" ? Math.min(given, column.max) : column.max;
  }
  if (column.pattern !== undefined) out.pattern = column.pattern;
  return out;
}

function nullable(schema: JsonObject): JsonObject {
  const { type, enum: values } = schema;
  if (typeof type !== "string") return schema; // json: already anything, null included
  return { ...schema, type: [type, "null"], ...(Array.isArray(values) ? { enum: [...values, null] } : {}) };
}

function columnSchema(column: Column): JsonObject {
  const base = typeSchema(column);
  let s: JsonObject = { ...base, ...limits(column, base) };
  if (column.nullable) s = nullable(s);
  if (column.default?.kind === "literal") s.default = column.default.value;
  if (column.docs !== undefined) s.description = column.docs;
  if (column.deprecated !== undefined) s.deprecated = true;
  // AstrolaDB's API hints map onto JSON Schema's own keywords; `hidden` has none (the column is still a column of the row).
  if (column.api?.format !== undefined) s.format = column.api.format;
  if (column.api?.readOnly === true || column.generated !== undefined) s.readOnly = true;
  if (column.api?.writeOnly === true) s.writeOnly = true;
  return s;
}

export function tableSchema(table: Table): JsonObject {
  // Null prototype: a column named `__proto__` is a property like any other.
  const properties = Object.create(null) as JsonObject;
  for (const c of table.columns) properties[c.name] = columnSchema(c);
  const required = table.columns.filter((c) => !c.nullable && c.default === undefined && c.generated === undefined && !AUTO_KINDS.has(c.type.kind)).map((c) => c.name);
  return {
    title: table.sqlName,
    ...(table.docs === undefined ? {} : { description: table.docs }),
    ...(table.deprecated === undefined ? {} : { deprecated: true }),
    type: "object",
    properties,
    required,
    additionalProperties: false,
  };
}

export function exportJsonSchema(schema: Schema): string {
  const defs = Object.create(null) as JsonObject;
  for (const t of tablesInOrder(schema)) defs[t.sqlName] = tableSchema(t);
  return stableStringify({ $schema: "https://json-schema.org/draft/2020-12/schema", $comment: "Generated by `alab export json-schema`: one schema per table under $defs", $defs: defs });
}
