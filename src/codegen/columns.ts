/**
 * A column (and the foreign key a relation brings) as a `t.*` expression. Shorthands are written
 * only when they rebuild the column exactly (src/dsl/migration/shorthand), otherwise the plain
 * type with modifiers, so every generated line reads back as what it was written from.
 */
import type { Column, ColumnDefault, ColumnType, ForeignKey, GeneratedExpr, SqlByDialect, Table } from "../model/types";
import type { ColumnChanges } from "../dsl/operations";
import { AlabError, EXIT, unreachable } from "../errors";
import { asRelation, DEFAULT_ACTION, idColumn, type Relation, timestampColumns } from "../dsl/migration/shorthand";
import { literal, str, strList } from "./literal";

/** Structural equality where an absent property and one set to undefined are the same. */
function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined).sort();
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined).sort();
  if (ka.join("\0") !== kb.join("\0")) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Modifiers every column form shares, in a fixed order. */
function tail(c: Column): string {
  let out = "";
  if (c.backfill !== undefined) out += `.backfill(${literal(c.backfill)})`;
  if (c.docs !== undefined) out += `.docs(${str(c.docs)})`;
  if (c.deprecated !== undefined) out += c.deprecated === "" ? ".deprecated()" : `.deprecated(${str(c.deprecated)})`;
  if (c.api?.format !== undefined) out += `.format(${str(c.api.format)})`;
  if (c.api?.readOnly === true) out += ".read_only()";
  if (c.api?.writeOnly === true) out += ".write_only()";
  if (c.api?.hidden === true) out += ".hidden()";
  return out;
}

function typeCall(c: Column): string {
  const n = str(c.name);
  const t = c.type;
  switch (t.kind) {
    case "string":
      return `t.string(${n}, ${t.length})`;
    case "char":
      return `t.char(${n}, ${t.length})`;
    case "timestamp":
      return `t.${t.timezone ? "timestamptz" : "timestamp"}(${n}${t.precision === undefined ? "" : `, ${t.precision}`})`;
    case "decimal":
      if (t.precision === undefined) return `t.decimal(${n})`;
      return t.scale === undefined ? `t.decimal(${n}, ${t.precision})` : `t.decimal(${n}, ${t.precision}, ${t.scale})`;
    case "enum":
      return `t.enum(${n}, ${strList(t.values)})`;
    case "sql_type":
      return `t.sql_type(${n}, ${str(t.sql)})`;
    case "native_enum":
      return `t.native_enum(${n}, ${str(t.name)}, ${strList(t.values)})`;
    case "smallint": case "integer": case "bigint": case "serial": case "bigserial":
      return `t.${t.kind}(${n})${t.unsigned === true ? ".unsigned()" : ""}${(t.kind === "serial" || t.kind === "bigserial") && t.identity === "always" ? ".always()" : ""}`;
    case "uuid": case "text": case "float": case "boolean":
    case "date": case "time": case "datetime": case "json": case "base64": case "binary":
      return `t.${t.kind}(${n})`;
    default:
      return unreachable(t, "column type");
  }
}

/** `sql({ postgres: "...", mysql: "..." })` with the keys in a fixed order. */
export function sqlCall(sql: SqlByDialect): string {
  const parts = (["postgres", "mysql", "sqlite"] as const).flatMap((d) => (sql[d] === undefined ? [] : [`${d}: ${str(sql[d] as string)}`]));
  return `sql({ ${parts.join(", ")} })`;
}

function defaultCall(d: ColumnDefault): string {
  switch (d.kind) {
    case "literal":
      return `.default(${literal(d.value)})`;
    case "expr":
      return d.expr === "now" ? ".default_now()" : ".default_uuid()";
    case "sql":
      return `.default(${sqlCall(d.sql)})`;
    default:
      return unreachable(d, "default");
  }
}

/** `c.set_type("string", 30)`: the type as `t.<type>(name, ...args)` writes it, without the name. */
function setTypeCall(type: ColumnType): string {
  const written = typeCall({ name: "x", type, nullable: false, unique: false });
  const m = /^t\.([a-z_0-9]+)\("x"(?:, (.*))?\)$/.exec(written);
  if (m === null) throw new AlabError({ code: "E_INTERNAL", message: `internal: cannot write the type of ${written} for set_type`, hint: "this is a bug in alab; please report it", exit: EXIT.runtime });
  return `.set_type(${str(m[1] as string)}${m[2] === undefined ? "" : `, ${m[2]}`})`;
}

/** The partial form of `m.alter_column` (AstrolaDB's): `c.set_type(...).set_nullable()...`. */
export function changesExpr(changes: ColumnChanges): string {
  let out = "c";
  if (changes.type !== undefined) out += setTypeCall(changes.type);
  if (changes.nullable !== undefined) out += changes.nullable ? ".set_nullable()" : ".set_not_null()";
  const d = changes.default;
  if (d === null) out += ".drop_default()";
  else if (d?.kind === "literal") out += `.set_default(${literal(d.value)})`;
  else if (d?.kind === "expr") out += `.set_server_default(${str(d.expr === "now" ? "now()" : "gen_random_uuid()")})`;
  else if (d?.kind === "sql") out += `.set_server_default(${sqlCall(d.sql)})`;
  if (changes.backfill !== undefined) out += `.backfill(${literal(changes.backfill)})`;
  return out;
}

export function columnExpr(c: Column): string {
  let out = typeCall(c);
  if (c.nullable) out += ".optional()";
  if (c.unique) out += ".unique()";
  if (c.default !== undefined) out += defaultCall(c.default);
  if (c.min !== undefined) out += `.min(${literal(c.min)})`;
  if (c.max !== undefined) out += `.max(${literal(c.max)})`;
  if (c.pattern !== undefined) out += `.pattern(${str(c.pattern)})`;
  if (c.generated !== undefined) out += `.computed(${fnExpr(c.generated.expr)})${c.generated.stored ? "" : ".virtual()"}`;
  return out + tail(c);
}

/** A generated column's expression in AstrolaDB's `fn` builder. */
function fnExpr(e: GeneratedExpr): string {
  switch (e.k) {
    case "col":
      return `fn.col(${str(e.name)})`;
    case "lit":
      return literal(e.value);
    case "fn":
      return `fn.${e.fn}(${e.args.map(fnExpr).join(", ")})`;
    case "sql":
      return `fn.${sqlCall(e.sql)}`;
    default:
      return unreachable(e, "generated expression");
  }
}

export function relationExpr(c: Column, r: Relation): string {
  let out = `t.${r.unique ? "one_to_one" : "belongs_to"}(${str(r.target)})`;
  if (r.alias !== undefined) out += `.as(${str(r.alias)})`;
  if (r.nullable) out += ".optional()";
  if (r.onDelete !== DEFAULT_ACTION) out += `.on_delete(${str(r.onDelete)})`;
  if (r.onUpdate !== DEFAULT_ACTION) out += `.on_update(${str(r.onUpdate)})`;
  return out + tail(c);
}

/** Options of a foreign key as written: the name always, actions when not the default. */
export function keyOptions(fk: ForeignKey): string[] {
  const out = [`name: ${str(fk.name)}`];
  if (fk.onDelete !== DEFAULT_ACTION) out.push(`on_delete: ${str(fk.onDelete)}`);
  if (fk.onUpdate !== DEFAULT_ACTION) out.push(`on_update: ${str(fk.onUpdate)}`);
  return out;
}

/** The statements inside `m.create_table(ref, (t) => { ... })`, without indentation. */
export function tableBody(table: Table): string[] {
  const lines: string[] = [];
  const usedKeys = new Set<string>();
  let columns = [...table.columns];
  let pkWritten = false;
  const first = columns[0];
  if (first !== undefined && table.primaryKey.length === 1 && table.primaryKey[0] === "id" && deepEqual(first, idColumn())) {
    lines.push("t.id();");
    columns = columns.slice(1);
    pkWritten = true;
  }
  const stamps = timestampColumns();
  const lastTwo = columns.slice(-2);
  const collapse = lastTwo.length === 2 && deepEqual(lastTwo, stamps);
  if (collapse) columns = columns.slice(0, -2);
  for (const c of columns) {
    const fk = table.foreignKeys.find((k) => !usedKeys.has(k.name) && asRelation(table.ref, c, k) !== undefined);
    const relation = fk === undefined ? undefined : asRelation(table.ref, c, fk);
    if (fk !== undefined && relation !== undefined) {
      usedKeys.add(fk.name);
      lines.push(`${relationExpr(c, relation)};`);
    } else lines.push(`${columnExpr(c)};`);
  }
  if (collapse) lines.push("t.timestamps();");
  if (!pkWritten && table.primaryKey.length > 0) lines.push(`t.primary_key(${table.primaryKey.map(str).join(", ")});`);
  for (const check of table.checks) lines.push(`t.check(${str(check.name)}, ${str(check.expr)});`);
  for (const fk of table.foreignKeys) {
    if (usedKeys.has(fk.name)) continue;
    lines.push(`t.foreign_key(${strList(fk.columns)}, ${str(fk.refTable)}, ${strList(fk.refColumns)}, { ${keyOptions(fk).join(", ")} });`);
  }
  if (table.docs !== undefined) lines.push(`t.docs(${str(table.docs)});`);
  if (table.deprecated !== undefined) lines.push(table.deprecated === "" ? "t.deprecated();" : `t.deprecated(${str(table.deprecated)});`);
  const api = table.api;
  if (api?.searchable !== undefined) lines.push(`t.searchable(${strList(api.searchable)});`);
  if (api?.filterable !== undefined) lines.push(`t.filterable(${strList(api.filterable)});`);
  if (api?.sortBy !== undefined) lines.push(`t.sort_by(${strList(api.sortBy)});`);
  if (api?.junction?.source !== undefined && api.junction.target !== undefined) lines.push(`t.junction(${str(api.junction.source)}, ${str(api.junction.target)});`);
  return lines;
}
