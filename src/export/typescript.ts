/**
 * `alab export typescript`: the schema as TypeScript types for Kysely — one interface per table
 * (`<Name>Table`) with `Generated<T>` / `ColumnType<S, I, U>` where what is read differs from what
 * may be written, and a `Database` interface keyed by SQL table name, so `Kysely<Database>` checks
 * selects, wheres and inserts. Beside them, plain row types (`<Name>Row`: what a select returns),
 * which `plain` writes alone, with no Kysely import.
 *
 * What a select returns is what the drivers alab is built on return (measured, docs/export.md):
 * decimals and 64-bit integers as strings (numbers on SQLite), dates as Date on PostgreSQL and
 * MySQL and as ISO text on SQLite, MySQL and SQLite booleans as 0/1 numbers, binary as Uint8Array.
 */
import { unreachable } from "../errors";
import { AUTO_KINDS, type Column, type ColumnType, type Schema, type Table } from "../model/types";
import type { Dialect } from "../sql/dialect";
import { tablesInOrder } from "./relations";

export interface TypeScriptOptions {
  readonly dialect: Dialect;
  /** Only the plain row types, without Kysely. */
  readonly plain: boolean;
}

/** The TypeScript types of one column: read, inserted, updated. */
interface TsType {
  readonly select: string;
  readonly insert: string;
  readonly update: string;
}

const same = (t: string): TsType => ({ select: t, insert: t, update: t });
const readWrite = (select: string, write: string): TsType => ({ select, insert: write, update: write });

function baseType(type: ColumnType, dialect: Dialect): TsType {
  const sqlite = dialect === "sqlite";
  switch (type.kind) {
    case "uuid":
    case "string":
    case "char":
    case "text":
    case "sql_type":
    case "time":
      return same("string");
    case "smallint":
    case "integer":
    case "serial":
    case "float":
      return same("number");
    case "bigint":
    case "bigserial":
      return sqlite ? readWrite("number", "number | bigint") : readWrite("string", "string | number | bigint");
    case "decimal":
      return readWrite("string", "string | number");
    case "boolean":
      return dialect === "postgres" ? same("boolean") : readWrite("number", "number | boolean");
    case "date":
    case "datetime":
    case "timestamp":
      return sqlite ? same("string") : readWrite("Date", "Date | string");
    case "json":
      return sqlite ? same("string") : readWrite("JsonValue", "string");
    case "base64":
    case "binary":
      return same("Uint8Array");
    case "enum":
    case "native_enum":
      return same(type.values.map((v) => JSON.stringify(v)).join(" | "));
    default:
      return unreachable(type, "column type");
  }
}

function orNull(t: string, nullable: boolean): string {
  return nullable ? `${t} | null` : t;
}

/** The column's type in a Kysely table interface. */
function kyselyType(column: Column, dialect: Dialect): string {
  const t = baseType(column.type, dialect);
  const [s, i, u] = [t.select, t.insert, t.update].map((x) => orNull(x, column.nullable)) as [string, string, string];
  // A generated column is read, never written: Kysely's GeneratedAlways.
  if (column.generated !== undefined) return `GeneratedAlways<${s}>`;
  const defaulted = column.default !== undefined || AUTO_KINDS.has(column.type.kind);
  const uniform = s === i && i === u;
  if (defaulted) return uniform ? `Generated<${s}>` : `ColumnType<${s}, ${i} | undefined, ${u}>`;
  return uniform ? s : `ColumnType<${s}, ${i}, ${u}>`;
}

/** The generated file imports Kysely's types; alab itself does not (only src/sql may). */
const KYSELY = "kysely";

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A property key: bare when it is an identifier, else a string literal. */
export function propertyKey(name: string): string {
  return IDENT.test(name) ? name : JSON.stringify(name);
}

/**
 * `auth_user` → `AuthUser`, the stem of `AuthUserTable` and `AuthUserRow`: a valid identifier,
 * unique (`t_1` and `t1` both give `T1`: the second is `T12`). The suffixes keep the names off the
 * globals and helpers the file uses (`Date`, `Database`, `JsonValue`).
 */
function typeNames(tables: readonly Table[]): Map<string, string> {
  const used = new Set<string>();
  const out = new Map<string, string>();
  for (const t of tables) {
    let base = t.sqlName
      .split(/[^A-Za-z0-9]+/)
      .filter((w) => w !== "")
      .map((w) => w[0]!.toUpperCase() + w.slice(1))
      .join("");
    if (!/^[A-Za-z]/.test(base)) base = `T${base}`;
    let name = base;
    for (let n = 2; used.has(`${name}Table`) || used.has(`${name}Row`); n++) name = `${base}${n}`;
    used.add(`${name}Table`).add(`${name}Row`);
    out.set(t.sqlName, name);
  }
  return out;
}

/** A JSDoc block, or nothing; `*\/` in user text cannot end it. */
function doc(lines: readonly (string | undefined)[], indent: string): string[] {
  const text = lines.filter((l): l is string => l !== undefined && l !== "").flatMap((l) => l.split(/\r?\n|\r|\u2028|\u2029/));
  if (text.length === 0) return [];
  const safe = text.map((l) => l.replace(/\*\//g, "*\\/"));
  if (safe.length === 1) return [`${indent}/** ${safe[0]} */`];
  return [`${indent}/**`, ...safe.map((l) => `${indent} * ${l}`.trimEnd()), `${indent} */`];
}

function columnDoc(c: Column): (string | undefined)[] {
  return [c.docs, c.deprecated === undefined ? undefined : `@deprecated${c.deprecated === "" ? "" : ` ${c.deprecated}`}`];
}

export function exportTypeScript(schema: Schema, opts: TypeScriptOptions): string {
  const tables = tablesInOrder(schema);
  const names = typeNames(tables);
  const usesJson = tables.some((t) => t.columns.some((c) => c.type.kind === "json")) && opts.dialect !== "sqlite";
  const out: string[] = [
    `// Generated by \`alab export typescript${opts.plain ? " --plain" : ""} --dialect ${opts.dialect}\` from the schema. Do not edit: export again.`,
    "",
  ];
  const generatedAlways = tables.some((t) => t.columns.some((c) => c.generated !== undefined));
  if (!opts.plain) out.push(`import type { ColumnType, Generated${generatedAlways ? ", GeneratedAlways" : ""} } from "${KYSELY}";`, "");
  if (usesJson) {
    out.push("export type JsonPrimitive = boolean | number | string | null;", "export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };", "");
  }
  if (!opts.plain) {
    for (const t of tables) {
      out.push(...doc([t.ref === t.sqlName ? undefined : t.ref, t.docs], ""), `export interface ${names.get(t.sqlName)}Table {`);
      for (const c of t.columns) out.push(...doc(columnDoc(c), "  "), `  ${propertyKey(c.name)}: ${kyselyType(c, opts.dialect)};`);
      out.push("}", "");
    }
    out.push("/** Every table, keyed by its SQL name: `new Kysely<Database>(…)`. */", "export interface Database {");
    for (const t of tables) out.push(`  ${propertyKey(t.sqlName)}: ${names.get(t.sqlName)}Table;`);
    out.push("}", "");
  }
  for (const t of tables) {
    out.push(`/** A row of ${t.sqlName} as a select returns it. */`, `export interface ${names.get(t.sqlName)}Row {`);
    for (const c of t.columns) out.push(`  ${propertyKey(c.name)}: ${orNull(baseType(c.type, opts.dialect).select, c.nullable)};`);
    out.push("}", "");
  }
  return `${out.join("\n").trimEnd()}\n`;
}
