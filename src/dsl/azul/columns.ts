/**
 * Azul column definitions: `table.<type>(name, options)` followed by attribute calls
 * (`.notNull().default(0).references('users.id')`). Azul columns are NULLable unless `notNull()`
 * (or a primary key), the opposite of the schema DSL.
 */
import { unreachable } from "../../errors";
import { foreignKeyName } from "../../model/names";
import type { Column, ColumnDefault, ColumnType, ForeignKey, Literal, ReferentialAction } from "../../model/types";
import type { Call, Chain, Loc, Value } from "../../sandbox/protocol";
import { typeProblem } from "../schema/values";
import { checkName, describe, readArgs, readName, readOptions, readPositiveInt, readString, requireCalled, type Site, unknownMethod } from "./args";
import { AZUL_DOCS, fail } from "./fail";

type AzulType = "serial" | "integer" | "integer64" | "string" | "text" | "binary" | "bool" | "date" | "time" | "dateTime" | "float" | "decimal";

/** Method name -> Azul type; `auto` and `increments` are Azul's aliases of `serial`. */
const TYPE_METHODS: { readonly [method: string]: AzulType } = {
  serial: "serial",
  auto: "serial",
  increments: "serial",
  integer: "integer",
  integer64: "integer64",
  string: "string",
  text: "text",
  binary: "binary",
  bool: "bool",
  date: "date",
  time: "time",
  dateTime: "dateTime",
  float: "float",
  decimal: "decimal",
};

export const COLUMN_METHODS: readonly string[] = Object.keys(TYPE_METHODS);
export const COLUMN_ATTRIBUTES = ["pk", "primaryKey", "notNull", "unique", "default", "references", "onDelete", "onUpdate"] as const;
/** Attributes that take no value: a chained call, or `true` in the options. */
const FLAGS: readonly string[] = ["pk", "primaryKey", "notNull", "unique"];

export function isColumnMethod(name: string): boolean {
  return Object.hasOwn(TYPE_METHODS, name);
}

/** The logical kind an Azul type name stands for (`table.rename`'s third argument). */
export function kindOfAzulType(name: string): ColumnType["kind"] | undefined {
  if (!isColumnMethod(name)) return undefined;
  return logicalType(TYPE_METHODS[name] as AzulType, {}).kind;
}

function logicalType(t: AzulType, o: { length?: number; precision?: number; scale?: number }): ColumnType {
  switch (t) {
    case "serial":
      return { kind: "serial" };
    case "integer":
      return { kind: "integer" };
    case "integer64":
      return { kind: "bigint" };
    case "string":
      return { kind: "string", length: o.length ?? 255 };
    case "text":
      return { kind: "text" };
    case "binary":
      return { kind: "binary" };
    case "bool":
      return { kind: "boolean" };
    case "date":
      return { kind: "date" };
    case "time":
      return { kind: "time" };
    case "dateTime":
      return { kind: "datetime" };
    case "float":
      return { kind: "float" };
    case "decimal": {
      const d: { kind: "decimal"; precision?: number; scale?: number } = { kind: "decimal" };
      if (o.precision !== undefined) d.precision = o.precision;
      if (o.scale !== undefined) d.scale = o.scale;
      return d;
    }
    default:
      return unreachable(t, "Azul column type");
  }
}

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  readonly azulType: AzulType;
  readonly primaryKey: boolean;
  readonly notNull: boolean;
  readonly unique: boolean;
  readonly default?: ColumnDefault;
  readonly references?: { readonly table: string; readonly column: string };
  readonly onDelete: ReferentialAction;
  readonly onUpdate: ReferentialAction;
  /** Where the column was declared (the `table.<type>(...)` call). */
  readonly loc: Loc;
}

function typeOptionNames(t: AzulType): string[] {
  return t === "string" ? ["length"] : t === "decimal" ? ["precision", "scale"] : [];
}

function readTypeOptions(site: Site, t: AzulType, o: Record<string, Value>): { length?: number; precision?: number; scale?: number } {
  const out: { length?: number; precision?: number; scale?: number } = {};
  if (o.length !== undefined) out.length = readPositiveInt(site, o.length, "`length`");
  if (o.precision !== undefined) out.precision = readPositiveInt(site, o.precision, "`precision`");
  if (o.scale !== undefined) {
    out.scale = readPositiveInt(site, o.scale, "`scale`", true);
    if (out.precision === undefined) {
      fail("E_AZUL_DECIMAL_SCALE", "Must specify precision if specifying scale.", "pass both: `{ precision: 20, scale: 10 }`", site.file, site.call.loc);
    }
    if (out.scale > out.precision) {
      fail("E_AZUL_BAD_ARGUMENT", `\`scale\` ${out.scale} is larger than \`precision\` ${out.precision}`, "the scale counts digits after the point, out of `precision` digits", site.file, site.call.loc);
    }
  }
  return out;
}

const TRUE_SPELLINGS = ["1", "t", "true"];
const FALSE_SPELLINGS = ["0", "f", "false"];

/** Azul's `default(value)`: numbers and strings only; spellings of other types are read into them. */
function readDefault(site: Site, v: Value | undefined, spec: { name: string; type: ColumnType; azulType: AzulType }): ColumnDefault {
  if (typeof v !== "number" && typeof v !== "string") {
    return fail("E_AZUL_DEFAULT", `\`default(value)\` accepts only numbers and strings, got ${describe(v)}`, `for a boolean write \`default(1)\` or \`default('true')\`; ${AZUL_DOCS}`, site.file, site.call.loc);
  }
  let value: Literal = v;
  const text = String(v).toLowerCase();
  const kind = spec.type.kind;
  if (kind === "boolean") {
    if (TRUE_SPELLINGS.includes(text)) value = true;
    else if (FALSE_SPELLINGS.includes(text)) value = false;
  } else if ((kind === "integer" || kind === "float") && typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) {
    value = Number(v);
  }
  const problem = typeProblem(spec.type, value);
  if (problem !== undefined) {
    fail("E_AZUL_DEFAULT", `default of \`${spec.name}\` does not fit a ${spec.azulType} column: ${problem}`, `give a value of the column's type; ${AZUL_DOCS}`, site.file, site.call.loc);
  }
  return { kind: "literal", value };
}

function readReference(site: Site, v: Value | undefined, table: string): { table: string; column: string } {
  const ref = readString(site, v, "the reference");
  const parts = ref.split(".");
  if (parts.length > 2 || parts.some((p) => p === "")) {
    fail("E_AZUL_REFERENCE", `Invalid reference format ${JSON.stringify(ref)}`, "write `references('table.column')`, or `references('column')` for a column of the same table", site.file, site.call.loc);
  }
  // Azul reads a bare 'column' as a column of the table being defined (a self-reference).
  const [refTable, refColumn] = parts.length === 1 ? [table, parts[0] as string] : [parts[0] as string, parts[1] as string];
  checkName(site.file, site.call, refTable, "referenced table");
  checkName(site.file, site.call, refColumn, "referenced column");
  return { table: refTable, column: refColumn };
}

function readAction(site: Site, v: Value | undefined): ReferentialAction {
  const action = typeof v === "string" ? v.toUpperCase() : "";
  if (action === "CASCADE" || action === "RESTRICT") return action;
  if (action === "NULLIFY") return "SET NULL";
  const shown = typeof v === "string" ? v : describe(v);
  return fail("E_AZUL_FK_ACTION", `Unknown foreign key action "${shown}"`, "the action must be one of `cascade`, `restrict` or `nullify`", site.file, site.call.loc);
}

/** Reads `table.<type>(name, options).<attribute>()...`; `chain.calls[0]` is the type call. */
export function readColumnChain(file: string, table: string, chain: Chain): ColumnSpec {
  const head = chain.calls[0] as Call;
  const azulType = TYPE_METHODS[head.name] as AzulType;
  const site: Site = { file, call: head, usage: `table.${head.name}(column${azulType === "string" || azulType === "decimal" ? ", [options]" : ""})` };
  const [nameArg, optionsArg] = readArgs(site, 2);
  const name = readName(site, nameArg, "column name");
  // As in maguey, the options object also takes the attributes: `table.serial('id', { primaryKey: true })`.
  const options = readOptions(site, optionsArg, [...typeOptionNames(azulType), ...COLUMN_ATTRIBUTES]);
  const type = logicalType(azulType, readTypeOptions(site, azulType, options));
  let primaryKey = false;
  let notNull = false;
  let unique = false;
  let dflt: ColumnDefault | undefined;
  let references: { table: string; column: string } | undefined;
  let onDelete: ReferentialAction = "NO ACTION";
  let onUpdate: ReferentialAction = "NO ACTION";
  let actionCall: Call | undefined;
  const apply = (attr: (typeof COLUMN_ATTRIBUTES)[number], arg: Value | undefined, s: Site, call: Call): void => {
    switch (attr) {
      case "pk":
      case "primaryKey":
        primaryKey = true;
        break;
      case "notNull":
        notNull = true;
        break;
      case "unique":
        unique = true;
        break;
      case "default":
        dflt = readDefault(s, arg, { name, type, azulType });
        break;
      case "references":
        references = readReference(s, arg, table);
        break;
      case "onDelete":
        onDelete = readAction(s, arg);
        actionCall ??= call;
        break;
      case "onUpdate":
        onUpdate = readAction(s, arg);
        actionCall ??= call;
        break;
      default:
        unreachable(attr, "column attribute");
    }
  };
  for (const attr of COLUMN_ATTRIBUTES) {
    if (!Object.hasOwn(options, attr)) continue;
    const value = options[attr];
    const s: Site = { ...site, usage: `table.${head.name}(column, { ${attr}: ... })` };
    if (FLAGS.includes(attr)) {
      if (typeof value !== "boolean") fail("E_AZUL_BAD_ARGUMENT", `option \`${attr}\` must be true or false, got ${describe(value)}`, `write \`{ ${attr}: true }\`, or chain \`.${attr}()\`; ${AZUL_DOCS}`, file, head.loc);
      if (value) apply(attr, undefined, s, head);
    } else apply(attr, value, s, head);
  }
  for (const call of chain.calls.slice(1)) {
    requireCalled(file, call, `table.${head.name}(...)`);
    const attr = COLUMN_ATTRIBUTES.find((a) => a === call.name);
    if (attr === undefined) unknownMethod(file, call, "column", COLUMN_ATTRIBUTES);
    const s: Site = { file, call, usage: `.${call.name}(${FLAGS.includes(attr) ? "" : "value"})` };
    const [arg] = readArgs(s, FLAGS.includes(attr) ? 0 : 1);
    apply(attr, arg, s, call);
  }
  if (references === undefined && actionCall !== undefined) {
    fail("E_AZUL_REFERENCE", `\`${actionCall.name}\` on \`${name}\` has no foreign key to act on`, `add \`.references('table.column')\` to the column; ${AZUL_DOCS}`, file, actionCall.loc);
  }
  const spec: ColumnSpec = { name, type, azulType, primaryKey, notNull, unique, onDelete, onUpdate, loc: head.loc };
  return { ...spec, ...(dflt === undefined ? {} : { default: dflt }), ...(references === undefined ? {} : { references }) };
}

export function toColumn(spec: ColumnSpec, isPrimaryKey: boolean): Column {
  const column: Column = { name: spec.name, type: spec.type, nullable: !(spec.notNull || isPrimaryKey), unique: spec.unique };
  return spec.default === undefined ? column : { ...column, default: spec.default };
}

export function toForeignKey(spec: ColumnSpec, tableSql: string): ForeignKey | undefined {
  if (spec.references === undefined) return undefined;
  return {
    name: foreignKeyName(tableSql, [spec.name]),
    columns: [spec.name],
    refTable: spec.references.table,
    refColumns: [spec.references.column],
    onDelete: spec.onDelete,
    onUpdate: spec.onUpdate,
  };
}
