/**
 * A model table → the text of its schema file (`schemas/<ns>/<table>.js`, AstrolaDB syntax), for
 * `alab pull`. Written only when the schema DSL rebuilds the table exactly: every column, key,
 * index, check and foreign key must have a DSL form that makes it under the very name it has.
 * Otherwise the answer says why not, each reason naming what the DSL lacks, so pull can carry the
 * table another way and tell the user. Byte-identical output for identical input. Pure.
 */
import { jsonEqual } from "../model/json";
import { indexColumnTexts } from "../model/index-columns";
import { compositeUniqueName, foreignKeyName, indexName, isIdentifier, sqlNameOf } from "../model/names";
import type { Column, ColumnType, ForeignKey, Index, Literal, Schema, Table } from "../model/types";
import { expressionProblem } from "../sql/expression";
import { idColumn, softDeleteColumn, timestampColumns } from "../dsl/migration/shorthand";
import { literal, str } from "./literal";

export type SchemaFileResult =
  | { readonly kind: "file"; readonly ns: string; readonly name: string; readonly text: string }
  | { readonly kind: "unexpressible"; readonly why: readonly string[] };

/** "order_items" → namespace "order", table "items": the split a schema file's path makes back. */
export function namespacedRef(sqlName: string): string | undefined {
  const cut = sqlName.indexOf("_");
  if (cut <= 0 || cut === sqlName.length - 1) return undefined;
  const ns = sqlName.slice(0, cut);
  const name = sqlName.slice(cut + 1);
  if (!isIdentifier(ns) || !isIdentifier(name)) return undefined;
  const ref = `${ns}.${name}`;
  return sqlNameOf(ref) === sqlName ? ref : undefined;
}

/** A name inside a `//` comment: never a line break (it would end the comment), never a control character. */
export function commentText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function sameColumn(a: Column, b: Column): boolean {
  return jsonEqual(a, b);
}

const ACTION_WORD: Readonly<Record<ForeignKey["onDelete"], string>> = {
  CASCADE: "cascade",
  RESTRICT: "restrict",
  "SET NULL": "set_null",
  "SET DEFAULT": "set_default",
  "NO ACTION": "no_action",
};

function typeCall(c: Column): string | undefined {
  const t = c.type;
  switch (t.kind) {
    case "uuid": case "text": case "float": case "boolean": case "date": case "time": case "datetime": case "json": case "base64":
      return `col.${t.kind}()`;
    case "smallint": case "integer": case "bigint":
      return `col.${t.kind}()${t.unsigned === true ? ".unsigned()" : ""}`;
    case "string":
      return `col.string(${t.length})`;
    case "char":
      return `col.char(${t.length})`;
    case "timestamp":
      return `col.${t.timezone ? "timestamptz" : "timestamp"}(${t.precision === undefined ? "" : t.precision})`;
    case "decimal":
      return t.precision === undefined || t.scale === undefined ? undefined : `col.decimal(${t.precision}, ${t.scale})`;
    case "enum":
      return `col.enum(${literal(t.values as Literal)})`;
    case "sql_type":
      return `col.sql_type(${str(t.sql)})`;
    // serial and bigserial are keys only (written with the primary key); binary is Azul's alone.
    case "serial": case "bigserial": case "binary":
      return undefined;
  }
}

/** The type a relation's column takes from the key it references (the schema DSL's rule). */
function referencingType(key: ColumnType): ColumnType {
  const sign = "unsigned" in key && key.unsigned === true ? { unsigned: true as const } : {};
  if (key.kind === "serial") return { kind: "integer", ...sign };
  if (key.kind === "bigserial") return { kind: "bigint", ...sign };
  return key;
}

function defaultCall(c: Column): string | undefined {
  const d = c.default;
  if (d === undefined) return "";
  if (d.kind === "literal") return `.default(${literal(d.value)})`;
  if (d.kind === "expr" && d.expr === "now" && c.type.kind === "datetime") return '.default("now")';
  // AstrolaDB's per-database sql() defaults are not read from a live database, so never pulled.
  return undefined;
}

function modifiers(c: Column): string {
  let out = "";
  if (c.min !== undefined) out += `.min(${literal(c.min)})`;
  if (c.max !== undefined) out += `.max(${literal(c.max)})`;
  if (c.pattern !== undefined) out += `.pattern(${str(c.pattern)})`;
  if (c.docs !== undefined) out += `.docs(${str(c.docs)})`;
  if (c.deprecated !== undefined) out += c.deprecated === "" ? ".deprecated()" : `.deprecated(${str(c.deprecated)})`;
  return out;
}

interface Lines {
  readonly columns: string[];
  readonly chain: string[];
  readonly why: string[];
}

/** The column a foreign key is a `col.belongs_to()` of, with its line; undefined when it is not one. */
function relationLine(table: Table, fk: ForeignKey, schema: Schema, managed: ReadonlySet<string>): { column: string; line: string; index?: string } | string {
  const name = fk.columns[0];
  const col = table.columns.find((c) => c.name === name);
  if (fk.columns.length !== 1 || name === undefined || col === undefined) return `foreign key ${fk.name} spans ${fk.columns.length} columns`;
  const target = schema.tables[fk.refTable];
  if (target === undefined || !managed.has(target.ref)) return `foreign key ${fk.name} references ${fk.refTable}, which is not a schema file`;
  if (!name.endsWith("_id") || name.length <= 3) return `foreign key ${fk.name}: column ${name} does not end in _id, as col.belongs_to() names it`;
  const key = target.primaryKey.length === 1 ? target.columns.find((c) => c.name === target.primaryKey[0]) : undefined;
  if (key === undefined || fk.refColumns.length !== 1 || fk.refColumns[0] !== key.name) return `foreign key ${fk.name}: col.belongs_to() references ${target.ref}'s single-column primary key, and it references (${fk.refColumns.join(", ")})`;
  if (!jsonEqual(col.type, referencingType(key.type))) return `foreign key ${fk.name}: column ${name} is ${col.type.kind}, and col.belongs_to() makes it the type of ${target.ref}.${key.name}`;
  const expectedName = foreignKeyName(table.sqlName, [name]);
  if (fk.name !== expectedName) return `foreign key ${fk.name} is not named as col.belongs_to() names it (${expectedName}; explicit key names are not in the schema DSL yet)`;
  if (col.default !== undefined && col.default.kind !== "literal") return `foreign key ${fk.name}: column ${name} has a default col.belongs_to() cannot write`;
  const ix = indexName(table.sqlName, [name]);
  const indexed = table.indexes.find((i) => i.name === ix && !i.unique && i.columns.length === 1 && i.columns[0] === name);
  if (!col.unique && indexed === undefined) return `foreign key ${fk.name}: col.belongs_to() indexes ${name} as ${ix}, and the table has no such index`;
  let line = `${name.slice(0, -3)}: col.${col.unique ? "one_to_one" : "belongs_to"}(${str(target.ref)})`;
  if (col.nullable) line += ".optional()";
  if (col.default !== undefined) line += defaultCall(col) ?? "";
  if (fk.onDelete !== "NO ACTION") line += `.on_delete(${str(ACTION_WORD[fk.onDelete])})`;
  if (fk.onUpdate !== "NO ACTION") line += `.on_update(${str(ACTION_WORD[fk.onUpdate])})`;
  line += modifiers(col);
  return { column: name, line, ...(col.unique ? {} : { index: ix }) };
}

function indexLine(table: Table, ix: Index): { column?: string; chain?: string } | string {
  const texts = indexColumnTexts(ix);
  const plain = ix.where === undefined && (ix.descending ?? []).length === 0;
  const derived = ix.unique ? compositeUniqueName(table.sqlName, ix.columns) : indexName(table.sqlName, ix.columns);
  // A named, partial or descending unique index on one column stays an index (never the column's
  // `.unique()`); a plain one under the derived name is the column's, and the reader made it so.
  const options: string[] = [];
  if (ix.name !== derived || !plain || (ix.unique && ix.columns.length === 1)) options.push(`name: ${str(ix.name)}`);
  if (ix.where !== undefined) {
    if (expressionProblem(ix.where) !== undefined) return `index ${ix.name}: its condition is outside what schema files accept`;
    options.push(`where: ${str(ix.where)}`);
  }
  const only = ix.columns[0];
  const col = table.columns.find((c) => c.name === only);
  if (!ix.unique && options.length === 0 && ix.columns.length === 1 && only !== undefined && col !== undefined && !col.unique) return { column: only };
  const args = [...texts.map(str), ...(options.length === 0 ? [] : [`{ ${options.join(", ")} }`])];
  return { chain: `.${ix.unique ? "unique" : "index"}(${args.join(", ")})` };
}

function body(table: Table, schema: Schema, managed: ReadonlySet<string>): Lines {
  const why: string[] = [];
  const columns: string[] = [];
  const chain: string[] = [];
  let rest = [...table.columns];
  /** A single-column key written as `.primary_key()` on its column. */
  let keyColumn: string | undefined;
  const pk = table.primaryKey;
  const pkColumn = pk.length === 1 ? rest.find((c) => c.name === pk[0]) : undefined;
  if (pkColumn !== undefined) {
    const { docs: _d, deprecated: _x, ...core } = pkColumn;
    const t = pkColumn.type;
    if (jsonEqual(core, { ...idColumn(), name: pkColumn.name })) {
      columns.push(`${pkColumn.name}: col.id()${modifiers(pkColumn)}`);
      rest = rest.filter((c) => c !== pkColumn);
    } else if ((t.kind === "serial" || t.kind === "bigserial") && jsonEqual(core, { name: pkColumn.name, type: t, nullable: false, unique: false })) {
      columns.push(`${pkColumn.name}: col.${t.kind}()${t.unsigned === true ? ".unsigned()" : ""}${t.identity === "always" ? ".always()" : ""}${modifiers(pkColumn)}`);
      rest = rest.filter((c) => c !== pkColumn);
    } else if (pkColumn.nullable || pkColumn.unique || typeCall(pkColumn) === undefined) {
      why.push(`primary key ${pkColumn.name} has no schema-file form (${pkColumn.type.kind}${pkColumn.nullable ? ", nullable" : ""})`);
    } else {
      keyColumn = pkColumn.name;
    }
  } else if (pk.length > 1) {
    for (const name of pk) {
      const c = rest.find((x) => x.name === name);
      if (c === undefined || c.nullable) why.push(`primary key column ${name} is ${c === undefined ? "missing" : "nullable"}`);
    }
  }
  const relations = new Map<string, string>();
  const fkIndexes = new Set<string>();
  for (const fk of table.foreignKeys) {
    const r = relationLine(table, fk, schema, managed);
    if (typeof r === "string") why.push(r);
    else {
      relations.set(r.column, r.line);
      if (r.index !== undefined) fkIndexes.add(r.index);
    }
  }
  if (keyColumn !== undefined && relations.has(keyColumn)) why.push(`primary key ${keyColumn} is also a relation (col.belongs_to() cannot be the key)`);
  const indexed = new Set<string>();
  for (const ix of table.indexes) {
    if (fkIndexes.has(ix.name)) continue;
    const r = indexLine(table, ix);
    if (typeof r === "string") why.push(r);
    else if (r.column !== undefined) indexed.add(r.column);
    else if (r.chain !== undefined) chain.push(r.chain);
  }
  const stamps = timestampColumns();
  const hasStamps = stamps.every((s) => rest.some((c) => sameColumn(c, s)));
  if (hasStamps) rest = rest.filter((c) => !stamps.some((s) => sameColumn(c, s)));
  const soft = softDeleteColumn();
  const hasSoft = rest.some((c) => sameColumn(c, soft));
  if (hasSoft) rest = rest.filter((c) => !sameColumn(c, soft));
  for (const c of rest) {
    if (!isIdentifier(c.name)) {
      why.push(`column ${JSON.stringify(c.name)} is not a lower-case identifier`);
      continue;
    }
    // A live generated column's expression is the server's own SQL; the schema DSL writes .computed(fn…).
    if (c.generated !== undefined || c.api !== undefined) {
      why.push(`column ${c.name}: ${c.generated !== undefined ? "a generated column" : "API hints"} pulled from a database ${c.generated !== undefined ? "is" : "are"} not written in schema files yet`);
      continue;
    }
    const rel = relations.get(c.name);
    if (rel !== undefined) {
      columns.push(rel);
      continue;
    }
    const type = typeCall(c);
    if (type === undefined) {
      why.push(`column ${c.name}: type ${c.type.kind}${c.type.kind === "decimal" ? " without precision and scale" : ""} has no schema-file form yet`);
      continue;
    }
    const dflt = defaultCall(c);
    if (dflt === undefined) {
      why.push(`column ${c.name}: its default (${c.default?.kind === "expr" ? c.default.expr : ""}) has no schema-file form on a ${c.type.kind} column`);
      continue;
    }
    let line = `${c.name}: ${type}`;
    if (c.name === keyColumn) line += ".primary_key()";
    if (c.nullable) line += ".optional()";
    if (c.unique) line += ".unique()";
    if (indexed.has(c.name)) line += ".index()";
    columns.push(line + dflt + modifiers(c));
  }
  for (const check of table.checks) {
    if (!isIdentifier(check.name)) why.push(`check ${JSON.stringify(check.name)} is not named with a lower-case identifier`);
    else if (expressionProblem(check.expr) !== undefined) why.push(`check ${check.name}: its expression is outside what schema files accept`);
    else chain.push(`.check(${str(check.name)}, ${str(check.expr)})`);
  }
  if (pk.length > 1) {
    // A relation in the key is named by its key in the file (`post` for post_id).
    const keyNames = pk.map((name) => (relations.has(name) ? name.slice(0, -3) : name));
    chain.unshift(`.primary_key(${keyNames.map(str).join(", ")})`);
  }
  if (hasStamps) chain.unshift(".timestamps()");
  if (hasSoft) chain.unshift(".soft_delete()");
  if (table.docs !== undefined) chain.push(`.docs(${str(table.docs)})`);
  return { columns, chain, why };
}

/**
 * The schema file of `table`, one of the tables pull writes as files (`managed`, by ref: a
 * relation may only point at another of them). `notes` are comment lines about what the database
 * holds for this table that the file leaves out (pull's unmanaged objects).
 */
export function writeSchemaFile(table: Table, schema: Schema, managed: ReadonlySet<string>, notes: readonly string[] = []): SchemaFileResult {
  const ref = namespacedRef(table.sqlName);
  if (ref === undefined || ref !== table.ref) {
    return { kind: "unexpressible", why: [`its name ${JSON.stringify(table.sqlName)} is not <namespace>_<table> (tables without a namespace are not in the schema DSL yet)`] };
  }
  const { columns, chain, why } = body(table, schema, managed);
  if (why.length > 0) return { kind: "unexpressible", why };
  const [ns, name] = ref.split(".") as [string, string];
  const header = [`// Table ${ref} (SQL name ${table.sqlName}), written by \`alab pull\`. Column types and modifiers: docs/schema.md`];
  for (const n of notes) header.push(`// ${commentText(n)}`);
  const inner = columns.map((c) => `  ${c},`);
  const open = inner.length === 0 ? "export default table({})" : ["export default table({", ...inner, "})"].join("\n");
  const tail = chain.map((c) => `\n  ${c}`).join("");
  return { kind: "file", ns, name, text: `${header.join("\n")}\n${open}${tail};\n` };
}
