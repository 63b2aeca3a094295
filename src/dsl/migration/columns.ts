/**
 * One `t.*` chain of the migration DSL read into what it adds: columns (with the foreign key a
 * relation brings), or, inside `create_table`, a table-level primary key, check, foreign key or docs.
 */
import type { Call, Chain, Value } from "../../sandbox/protocol";
import { type Check, type Column, type ColumnApi, type ColumnDefault, type ColumnType, type ForeignKey, INTEGER_KINDS, type Literal, type SqlByDialect, type TableApi } from "../../model/types";
import { sqlValueOf } from "../sql-value";
import { FN_NAMES, readGeneratedExpr } from "../generated-value";
import type { ColumnChanges } from "../operations";
import { foreignKeyName, sqlNameOf } from "../../model/names";
import { isOwn, SEMANTIC_TYPES } from "../schema/catalog";
import { typeProblem } from "../schema/values";
import { rawTypeProblem } from "../../sql/raw-type";
import {
  actionArg, argsOf, at, badArgument, columnListArg, expressionArg, fail, identifierArg, integerArg, literalArg, MIGRATION_DOCS,
  numberArg, optionsArg, refArg, type Site, stringArg, unknownMethod,
} from "./args";
import {
  auditableColumns, DEFAULT_ACTION, idColumn, polymorphicColumns, relationParts, softDeleteColumn, sortableColumn, timestampColumns,
} from "./shorthand";

export type TItem =
  | { readonly kind: "column"; readonly column: Column; readonly primaryKey: boolean; readonly foreignKey?: ForeignKey; readonly call: Call }
  | { readonly kind: "primaryKey"; readonly columns: string[]; readonly call: Call }
  | { readonly kind: "check"; readonly check: Check; readonly call: Call }
  | { readonly kind: "foreignKey"; readonly foreignKey: ForeignKey; readonly call: Call }
  | { readonly kind: "docs"; readonly text: string; readonly call: Call }
  /** AstrolaDB's table metadata: `t.deprecated()`, `t.searchable()`, `t.filterable()`, `t.sort_by()`, `t.junction()`. */
  | { readonly kind: "tableMeta"; readonly deprecated?: string; readonly api?: TableApi; readonly call: Call }
  | { readonly kind: "manyToMany"; readonly target: string; readonly call: Call };

const NO_ARG_TYPES: { readonly [name: string]: ColumnType } = {
  uuid: { kind: "uuid" }, text: { kind: "text" }, smallint: { kind: "smallint" }, integer: { kind: "integer" }, bigint: { kind: "bigint" },
  serial: { kind: "serial" }, bigserial: { kind: "bigserial" }, float: { kind: "float" }, boolean: { kind: "boolean" }, date: { kind: "date" },
  time: { kind: "time" }, datetime: { kind: "datetime" }, json: { kind: "json" }, base64: { kind: "base64" },
  binary: { kind: "binary" },
};
const SHORTHANDS = ["id", "timestamps", "soft_delete", "sortable", "auditable", "belongs_to", "one_to_one", "belongs_to_any", "many_to_many"];
const TABLE_LEVEL = ["primary_key", "check", "foreign_key", "docs", "deprecated", "searchable", "filterable", "sort_by", "junction"];
/** What may follow `t.belongs_to_any()`. */
export const POLYMORPHIC_MODIFIERS: readonly string[] = ["optional", "nullable"];
export const T_METHODS: readonly string[] = [
  ...Object.keys(NO_ARG_TYPES), "string", "char", "timestamp", "timestamptz", "sql_type", "native_enum", "decimal", "enum", ...Object.keys(SEMANTIC_TYPES), ...SHORTHANDS, ...TABLE_LEVEL,
].sort();
const API_MODIFIERS = ["format", "read_only", "write_only", "hidden"];
/** What may follow a typed `t.*` column (and `t.id()`); the editor typings list the same (tests/workflows/project/init-typings.test.ts). */
export const COLUMN_MODIFIERS: readonly string[] = ["optional", "nullable", "unique", "unsigned", "always", "default", "default_now", "default_uuid", "backfill", "min", "max", "pattern", "docs", "deprecated", "computed", "virtual", ...API_MODIFIERS];
/** What may follow `t.belongs_to()` / `t.one_to_one()`. */
export const RELATION_MODIFIERS: readonly string[] = ["as", "optional", "nullable", "unique", "default", "on_delete", "on_update", "docs", "deprecated", "backfill", ...API_MODIFIERS];

/** A column type from the first call, or undefined when the call is not a column type. */
function typeOf(site: Site, name: string): { column: Column; args: number } | undefined {
  const nameArg = (i = 0): string => identifierArg(site, site.call.args?.[i], "column name");
  const plain = (type: ColumnType, extra: Partial<Column> = {}): Column => ({ name: nameArg(), type, nullable: false, unique: false, ...extra });
  if (isOwn(NO_ARG_TYPES, name)) {
    argsOf({ ...site, usage: `t.${name}(name)` }, 1, 1);
    return { column: plain(NO_ARG_TYPES[name] as ColumnType), args: 1 };
  }
  if (name === "string") {
    const s = { ...site, usage: "t.string(name, length)" };
    const args = argsOf(s, 2, 2);
    return { column: plain({ kind: "string", length: integerArg(s, args[1], "a length of at least 1", 1) }), args: 2 };
  }
  if (name === "native_enum") {
    const s = { ...site, usage: 't.native_enum(name, "mood", ["a", "b"])' };
    const args = argsOf(s, 3, 3);
    const typeName = identifierArg(s, args[1], "enum type name");
    const list = args[2];
    if (!Array.isArray(list) || list.length === 0) badArgument(s, "a non-empty array of strings", list);
    const values: string[] = [];
    for (const v of list as readonly unknown[]) {
      if (typeof v !== "string" || v === "" || values.includes(v)) badArgument(s, "distinct non-empty strings", list);
      values.push(v as string);
    }
    return { column: plain({ kind: "native_enum", name: typeName, values }), args: 3 };
  }
  if (name === "sql_type") {
    const s = { ...site, usage: 't.sql_type(name, "citext")' };
    const args = argsOf(s, 2, 2);
    const sql = stringArg(s, args[1], "an SQL type name");
    const problem = rawTypeProblem(sql);
    if (problem !== undefined) fail("E_MIGRATION_BAD_ARGUMENT", `\`t.sql_type\` type ${JSON.stringify(sql)} is refused: ${problem}`, 'write the type alone, e.g. `t.sql_type("email", "citext")`', at(site.file, site.call));
    return { column: plain({ kind: "sql_type", sql }), args: 2 };
  }
  if (name === "char") {
    const s = { ...site, usage: "t.char(name, length)" };
    const args = argsOf(s, 2, 2);
    return { column: plain({ kind: "char", length: integerArg(s, args[1], "a length of at least 1", 1) }), args: 2 };
  }
  if (name === "timestamp" || name === "timestamptz") {
    const s = { ...site, usage: `t.${name}(name, precision?)` };
    const args = argsOf(s, 1, 2);
    const timezone = name === "timestamptz";
    if (args.length === 1) return { column: plain({ kind: "timestamp", timezone }), args: 1 };
    const precision = integerArg(s, args[1], "a precision from 0 to 6", 0);
    if (precision > 6) badArgument(s, "a precision from 0 to 6", args[1]);
    return { column: plain({ kind: "timestamp", timezone, precision }), args: 2 };
  }
  if (name === "decimal") {
    const s = { ...site, usage: "t.decimal(name, precision, scale)" };
    const args = argsOf(s, 1, 3);
    const type: { kind: "decimal"; precision?: number; scale?: number } = { kind: "decimal" };
    if (args.length >= 2) type.precision = integerArg(s, args[1], "a precision of at least 1", 1);
    if (args.length === 3) type.scale = integerArg(s, args[2], "a scale of at least 0", 0);
    return { column: plain(type), args: args.length };
  }
  if (name === "enum") {
    const s = { ...site, usage: 't.enum(name, ["a", "b"])' };
    const args = argsOf(s, 2, 2);
    const list = args[1];
    if (!Array.isArray(list) || list.length === 0) badArgument(s, "a non-empty array of strings", list);
    const values: string[] = [];
    for (const v of list as readonly unknown[]) {
      if (typeof v !== "string" || v === "" || values.includes(v)) badArgument(s, "distinct non-empty strings", list);
      values.push(v as string);
    }
    return { column: plain({ kind: "enum", values }), args: 2 };
  }
  const semantic = isOwn(SEMANTIC_TYPES, name) ? SEMANTIC_TYPES[name] : undefined;
  if (semantic !== undefined) {
    argsOf({ ...site, usage: `t.${name}(name)` }, 1, 1);
    const extra: Partial<Column> = { unique: semantic.unique === true };
    if (semantic.default !== undefined) return { column: plain(semantic.type, { ...extra, default: { kind: "literal", value: semantic.default } }), args: 1 };
    return { column: plain(semantic.type, extra), args: 1 };
  }
  return undefined;
}

function setDefault(site: Site, column: Column, value: Literal): Column {
  // null is checked once the whole chain is read: `.default(null).optional()` is fine.
  const problem = value === null ? undefined : typeProblem(column.type, value);
  if (problem !== undefined) fail("E_MIGRATION_BAD_DEFAULT", `\`${site.usage}\` on column \`${column.name}\`: ${problem}`, "give a value of the column's type", at(site.file, site.call));
  return { ...column, default: { kind: "literal", value } };
}

/** `sql({...})` as an argument: its SQL per database, undefined when the argument is something else. */
function rawSql(file: string, call: Call, v: Value | undefined): SqlByDialect | undefined {
  const raw = sqlValueOf(v);
  if (raw === undefined) return undefined;
  if (!raw.ok) fail("E_MIGRATION_BAD_ARGUMENT", raw.message, 'write `sql({ postgres: "...", mysql: "...", sqlite: "..." })`, one SQL expression per database', at(file, raw.call ?? call));
  return raw.sql;
}

function withApi(c: Column, api: ColumnApi): Column {
  return { ...c, api: { ...c.api, ...api } };
}

function applyColumnModifier(file: string, call: Call, c: Column): Column {
  const site = (usage: string): Site => ({ file, call, usage });
  switch (call.name) {
    case "optional":
    case "nullable":
      argsOf(site(`.${call.name}()`), 0, 0);
      return { ...c, nullable: true };
    case "unique":
      argsOf(site(".unique()"), 0, 0);
      return { ...c, unique: true };
    case "always": {
      const s = site(".always()");
      argsOf(s, 0, 0);
      const t = c.type;
      if (t.kind !== "serial" && t.kind !== "bigserial") {
        fail("E_MIGRATION_BAD_ARGUMENT", `\`.always()\` applies to serial and bigserial columns, not ${t.kind} (column \`${c.name}\`)`, "use it on t.serial or t.bigserial", at(file, call));
      }
      return { ...c, type: { ...t, identity: "always" } };
    }
    case "unsigned": {
      const s = site(".unsigned()");
      argsOf(s, 0, 0);
      const t = c.type;
      if (!INTEGER_KINDS.has(t.kind)) {
        fail("E_MIGRATION_BAD_ARGUMENT", `\`.unsigned()\` applies to whole-number columns, not ${t.kind} (column \`${c.name}\`)`, "use it on t.smallint, t.integer, t.bigint, t.serial or t.bigserial", at(file, call));
      }
      return { ...c, type: { ...(t as Extract<ColumnType, { kind: "integer" }>), unsigned: true } as ColumnType };
    }
    case "default": {
      const s = site(".default(value)");
      const [v] = argsOf(s, 1, 1);
      const raw = rawSql(file, call, v);
      return raw === undefined ? setDefault(s, c, literalArg(s, v)) : { ...c, default: { kind: "sql", sql: raw } };
    }
    case "default_now":
    case "default_uuid":
      argsOf(site(`.${call.name}()`), 0, 0);
      return { ...c, default: { kind: "expr", expr: call.name === "default_now" ? "now" : "uuid" } };
    case "backfill": {
      const s = site(".backfill(value)");
      return { ...c, backfill: literalArg(s, argsOf(s, 1, 1)[0]) };
    }
    case "min":
    case "max": {
      const s = site(`.${call.name}(n)`);
      return { ...c, [call.name]: numberArg(s, argsOf(s, 1, 1)[0]) };
    }
    case "pattern": {
      const s = site(".pattern(regex)");
      const p = stringArg(s, argsOf(s, 1, 1)[0], "a regular expression as a string");
      return { ...c, pattern: p };
    }
    case "docs": {
      const s = site(".docs(text)");
      return { ...c, docs: stringArg(s, argsOf(s, 1, 1)[0]) };
    }
    case "deprecated": {
      const s = site(".deprecated(reason?)");
      const args = argsOf(s, 0, 1);
      return { ...c, deprecated: args.length === 0 ? "" : stringArg(s, args[0]) };
    }
    case "computed": {
      const s = site('.computed(fn.concat(fn.col("a"), " ", fn.col("b")))');
      const read = readGeneratedExpr(argsOf(s, 1, 1)[0]);
      if (!read.ok) fail("E_MIGRATION_BAD_ARGUMENT", read.message, `build it from fn.col(name), strings, numbers and the fn.* functions (${FN_NAMES.join(", ")})`, at(file, read.call ?? call));
      return { ...c, generated: { expr: read.expr, stored: c.generated?.stored ?? true } };
    }
    case "virtual": {
      argsOf(site(".virtual()"), 0, 0);
      if (c.generated === undefined) fail("E_MIGRATION_BAD_ARGUMENT", "`.virtual()` comes after `.computed(...)`", "write `.computed(fn...).virtual()`", at(file, call));
      return { ...c, generated: { ...c.generated, stored: false } };
    }
    case "format": {
      const s = site('.format("email")');
      const format = stringArg(s, argsOf(s, 1, 1)[0], "a format name");
      if (format.trim() === "") badArgument(s, "a format name", format);
      return withApi(c, { format });
    }
    case "read_only":
    case "write_only":
    case "hidden": {
      argsOf(site(`.${call.name}()`), 0, 0);
      const api: ColumnApi = call.name === "read_only" ? { readOnly: true } : call.name === "write_only" ? { writeOnly: true } : { hidden: true };
      const next = withApi(c, api);
      if (next.api?.readOnly === true && next.api.writeOnly === true) {
        fail("E_MIGRATION_BAD_ARGUMENT", "`.read_only()` and `.write_only()` contradict each other", "keep one of the two", at(file, call));
      }
      return next;
    }
    default:
      return unknownMethod(file, call, ".", COLUMN_MODIFIERS, "column modifier");
  }
}

function relation(file: string, chain: Chain, ref: string, unique: boolean): TItem[] {
  const [first, ...mods] = chain.calls as [Call, ...Call[]];
  const usage = `t.${first.name}("ns.table")`;
  const target = refArg({ file, call: first, usage }, argsOf({ file, call: first, usage }, 1, 1)[0]);
  let alias: string | undefined;
  let nullable = false;
  let onDelete = DEFAULT_ACTION;
  let onUpdate = DEFAULT_ACTION;
  const tail: Call[] = [];
  for (const call of mods) {
    const site = (u: string): Site => ({ file, call, usage: u });
    if (call.name === "as") alias = identifierArg(site(".as(name)"), argsOf(site(".as(name)"), 1, 1)[0], "relation alias");
    else if (call.name === "optional" || call.name === "nullable") { argsOf(site(`.${call.name}()`), 0, 0); nullable = true; }
    else if (call.name === "on_delete") onDelete = actionArg(site(".on_delete(action)"), argsOf(site(".on_delete(action)"), 1, 1)[0]);
    else if (call.name === "on_update") onUpdate = actionArg(site(".on_update(action)"), argsOf(site(".on_update(action)"), 1, 1)[0]);
    else if (RELATION_MODIFIERS.includes(call.name)) tail.push(call);
    else unknownMethod(file, call, ".", RELATION_MODIFIERS, "relation modifier");
  }
  const parts = relationParts(ref, { target, ...(alias === undefined ? {} : { alias }), nullable, unique, onDelete, onUpdate });
  let column = parts.column;
  for (const call of tail) column = applyColumnModifier(file, call, column);
  return [{ kind: "column", column, primaryKey: false, foreignKey: parts.foreignKey, call: first }];
}

function noModifiers(file: string, chain: Chain): void {
  const extra = chain.calls[1];
  if (extra !== undefined) {
    fail("E_MIGRATION_UNKNOWN_METHOD", `\`t.${chain.calls[0]?.name}()\` takes no modifiers, got \`.${extra.name}()\``, MIGRATION_DOCS, at(file, extra));
  }
}

function fixed(file: string, chain: Chain, usage: string, columns: Column[], primaryKey = false): TItem[] {
  const first = chain.calls[0] as Call;
  argsOf({ file, call: first, usage }, 0, 0);
  if (!primaryKey) noModifiers(file, chain);
  return columns.map((column) => ({ kind: "column", column, primaryKey, call: first }));
}

function tableLevel(file: string, chain: Chain, ref: string): TItem[] {
  const first = chain.calls[0] as Call;
  noModifiers(file, chain);
  switch (first.name) {
    case "primary_key": {
      const site = { file, call: first, usage: 't.primary_key("a", "b")' };
      const args = argsOf(site, 1, 64);
      return [{ kind: "primaryKey", columns: columnListArg(site, args.length === 1 ? args[0] : args, "column names"), call: first }];
    }
    case "check": {
      const site = { file, call: first, usage: 't.check("name", "expression")' };
      const [name, expr] = argsOf(site, 2, 2);
      const checkName = identifierArg(site, name, "check name");
      return [{ kind: "check", check: { name: checkName, expr: expressionArg(site, expr, `check \`${checkName}\` on ${ref}`) }, call: first }];
    }
    case "docs": {
      const site = { file, call: first, usage: 't.docs("text")' };
      return [{ kind: "docs", text: stringArg(site, argsOf(site, 1, 1)[0]), call: first }];
    }
    case "deprecated": {
      const site = { file, call: first, usage: 't.deprecated("reason")' };
      const args = argsOf(site, 0, 1);
      return [{ kind: "tableMeta", deprecated: args.length === 0 ? "" : stringArg(site, args[0]), call: first }];
    }
    case "searchable":
    case "filterable":
    case "sort_by": {
      const site = { file, call: first, usage: `t.${first.name}(["a", "b"])` };
      const args = argsOf(site, 1, 64);
      const list = args.length === 1 && Array.isArray(args[0]) ? (args[0] as readonly Value[]) : args;
      const names = list.map((v) => stringArg(site, v, "column names"));
      const bad = names.find((n) => !/^-?[a-z_][a-z0-9_]*$/.test(n) || (first.name !== "sort_by" && n.startsWith("-")));
      if (bad !== undefined || names.length === 0) badArgument(site, first.name === "sort_by" ? "column names, `-` before one for descending" : "column names", args.length === 1 ? (args[0] ?? null) : args);
      const key = first.name === "sort_by" ? "sortBy" : first.name;
      return [{ kind: "tableMeta", api: { [key]: names } as TableApi, call: first }];
    }
    case "junction": {
      const site = { file, call: first, usage: 't.junction("ns.a", "ns.b")' };
      const [a, b] = argsOf(site, 2, 2);
      return [{ kind: "tableMeta", api: { junction: { source: refArg(site, a), target: refArg(site, b) } }, call: first }];
    }
    default: {
      const site = { file, call: first, usage: 't.foreign_key(["col"], "ns.table", ["id"], { name, on_delete, on_update })' };
      const args = argsOf(site, 3, 4);
      const columns = columnListArg(site, args[0], "column names");
      const refTable = refArg(site, args[1]);
      const refColumns = columnListArg(site, args[2], "referenced column names");
      const opts = args[3] === undefined ? {} : optionsArg(site, args[3], ["name", "on_delete", "on_update"]);
      const fk: ForeignKey = {
        name: opts.name === undefined ? foreignKeyName(sqlNameOf(ref), columns) : identifierArg(site, opts.name, "foreign key name"),
        columns, refTable, refColumns,
        onDelete: opts.on_delete === undefined ? DEFAULT_ACTION : actionArg(site, opts.on_delete),
        onUpdate: opts.on_update === undefined ? DEFAULT_ACTION : actionArg(site, opts.on_update),
      };
      return [{ kind: "foreignKey", foreignKey: fk, call: first }];
    }
  }
}

/** Reads one `t.*` chain; `ref` is the table the builder belongs to (for derived names). */
export function readTChain(file: string, chain: Chain, ref: string): TItem[] {
  const first = chain.calls[0];
  if (first === undefined) return [];
  const name = first.name;
  switch (name) {
    case "id":
      return fixed(file, chain, "t.id()", [idColumn()], true).map((item) => {
        if (item.kind !== "column") return item;
        let column = item.column;
        for (const call of chain.calls.slice(1)) column = applyColumnModifier(file, call, column);
        return { ...item, column };
      });
    case "timestamps":
      return fixed(file, chain, "t.timestamps()", timestampColumns());
    case "soft_delete":
      return fixed(file, chain, "t.soft_delete()", [softDeleteColumn()]);
    case "sortable":
      return fixed(file, chain, "t.sortable()", [sortableColumn()]);
    case "auditable":
      return fixed(file, chain, "t.auditable()", auditableColumns());
    case "belongs_to":
    case "one_to_one":
      return relation(file, chain, ref, name === "one_to_one");
    case "belongs_to_any": {
      const site = { file, call: first, usage: 't.belongs_to_any(["ns.a", "ns.b"], { as: "name" })' };
      const args = argsOf(site, 2, 2);
      if (!Array.isArray(args[0]) || args[0].length === 0) badArgument(site, "a non-empty array of table references", args[0]);
      for (const r of args[0] as readonly Value[]) refArg(site, r);
      const as = identifierArg(site, optionsArg(site, args[1], ["as"]).as, "`as` prefix");
      let nullable = false;
      for (const call of chain.calls.slice(1)) {
        if (!POLYMORPHIC_MODIFIERS.includes(call.name)) unknownMethod(file, call, ".", POLYMORPHIC_MODIFIERS, "modifier");
        argsOf({ file, call, usage: `.${call.name}()` }, 0, 0);
        nullable = true;
      }
      return polymorphicColumns(as, nullable).map((column) => ({ kind: "column", column, primaryKey: false, call: first }));
    }
    case "many_to_many": {
      const site = { file, call: first, usage: 't.many_to_many("ns.table")' };
      noModifiers(file, chain);
      return [{ kind: "manyToMany", target: refArg(site, argsOf(site, 1, 1)[0]), call: first }];
    }
    case "primary_key":
    case "check":
    case "foreign_key":
    case "docs":
    case "deprecated":
    case "searchable":
    case "filterable":
    case "sort_by":
    case "junction":
      return tableLevel(file, chain, ref);
  }
  const typed = typeOf({ file, call: first, usage: `t.${name}(name)` }, name);
  if (typed === undefined) return unknownMethod(file, first, "t.", T_METHODS, "table builder method");
  let column = typed.column;
  for (const call of chain.calls.slice(1)) column = applyColumnModifier(file, call, column);
  if (column.default?.kind === "literal" && column.default.value === null && !column.nullable) {
    fail("E_MIGRATION_BAD_DEFAULT", `column \`${column.name}\` defaults to null but is NOT NULL`, "add `.optional()` or give another default", at(file, first));
  }
  return [{ kind: "column", column, primaryKey: false, call: first }];
}

/** The methods of AstrolaDB's partial `alter_column` form. */
export const CHANGE_METHODS: readonly string[] = ["set_type", "set_nullable", "set_not_null", "set_default", "drop_default", "set_server_default", "backfill"];

/** AstrolaDB's spellings in `set_type` that alab names otherwise. */
const TYPE_ALIASES: { readonly [written: string]: string } = { varchar: "string", int: "integer", bool: "boolean", double: "float" };

/** Server defaults alab knows on every dialect, as AstrolaDB users write them. */
const SERVER_DEFAULTS: { readonly [written: string]: ColumnDefault } = {
  "now()": { kind: "expr", expr: "now" },
  current_timestamp: { kind: "expr", expr: "now" },
  "gen_random_uuid()": { kind: "expr", expr: "uuid" },
  "uuid()": { kind: "expr", expr: "uuid" },
};

/**
 * `(c) => c.set_type("string", 30).set_nullable()`: the changes to column `name`, each given once.
 * `set_type` takes the names and arguments of the `t.*` types (and `varchar` for `string`).
 */
export function readColumnChanges(file: string, chains: readonly Chain[], name: string, whole: Call): ColumnChanges {
  const out: { type?: ColumnType; nullable?: boolean; default?: ColumnDefault | null; backfill?: Literal } = {};
  const seen = new Map<string, Call>();
  for (const chain of chains) {
    for (const call of chain.calls) {
      const site = (usage: string): Site => ({ file, call, usage });
      if (!CHANGE_METHODS.includes(call.name)) unknownMethod(file, call, "c.", CHANGE_METHODS, "alter_column method");
      const key = call.name === "set_nullable" || call.name === "set_not_null" ? "nullable" : call.name === "set_default" || call.name === "drop_default" || call.name === "set_server_default" ? "default" : call.name;
      const earlier = seen.get(key);
      if (earlier !== undefined) fail("E_MIGRATION_DUPLICATE", `\`.${call.name}()\` repeats \`.${earlier.name}()\``, "give each change once", at(file, call));
      seen.set(key, call);
      switch (call.name) {
        case "set_type": {
          const s = site('c.set_type("string", 255)');
          const [typeArg, ...rest] = argsOf(s, 1, 3);
          const written = stringArg(s, typeArg, "a type name such as \"string\"");
          const typeName = TYPE_ALIASES[written] ?? written;
          const synthetic: Call = { ...call, name: typeName, args: [name, ...rest] };
          const typed = typeOf({ file, call: synthetic, usage: `c.set_type("${typeName}", ...)` }, typeName);
          if (typed === undefined || isOwn(SEMANTIC_TYPES, typeName)) unknownMethod(file, { ...call, name: written }, "", [...Object.keys(NO_ARG_TYPES), "string", "decimal", "enum", "varchar"], "type for set_type");
          out.type = (typed as { column: Column }).column.type;
          break;
        }
        case "set_nullable":
        case "set_not_null":
          argsOf(site(`.${call.name}()`), 0, 0);
          out.nullable = call.name === "set_nullable";
          break;
        case "set_default": {
          const s = site(".set_default(value)");
          out.default = { kind: "literal", value: literalArg(s, argsOf(s, 1, 1)[0]) };
          break;
        }
        case "drop_default":
          argsOf(site(".drop_default()"), 0, 0);
          out.default = null;
          break;
        case "set_server_default": {
          const s = site('.set_server_default("now()")');
          const [v] = argsOf(s, 1, 1);
          const raw = rawSql(file, call, v);
          if (raw !== undefined) {
            out.default = { kind: "sql", sql: raw };
            break;
          }
          const expr = stringArg(s, v, "an SQL expression");
          const known = SERVER_DEFAULTS[expr.trim().toLowerCase()];
          if (known === undefined) {
            fail("E_MIGRATION_BAD_ARGUMENT", `\`.set_server_default(${JSON.stringify(expr)})\` is not an expression alab can write on every database`, "use now() / CURRENT_TIMESTAMP or gen_random_uuid() / uuid(); for anything else give the SQL per database: set_server_default(sql({ postgres: \"...\", mysql: \"...\", sqlite: \"...\" }))", at(file, call));
          }
          out.default = known;
          break;
        }
        case "backfill": {
          const s = site(".backfill(value)");
          out.backfill = literalArg(s, argsOf(s, 1, 1)[0]);
          break;
        }
      }
    }
  }
  if (out.default?.kind === "literal" && out.type !== undefined && out.default.value !== null) {
    const problem = typeProblem(out.type, out.default.value);
    const call = seen.get("default") as Call;
    if (problem !== undefined) fail("E_MIGRATION_BAD_DEFAULT", `\`.set_default()\` on column \`${name}\`: ${problem}`, "give a value of the new type", at(file, call));
  }
  if (Object.keys(out).length === 0) fail("E_MIGRATION_BAD_ARGUMENT", `\`m.alter_column(..., "${name}", (c) => ...)\` changes nothing`, "call at least one of c.set_type(), set_nullable(), set_not_null(), set_default(), drop_default(), set_server_default()", at(file, whole));
  return out;
}
