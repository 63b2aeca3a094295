/**
 * One `key: col.*` entry of a table: its constructor and modifiers judged together, producing the
 * final column(s) and, for relations, the intent that buildSchema resolves against other files.
 */
import type { SourceLocation } from "../../errors";
import type { ColumnDef, IndexDef, PolymorphicDef, RelationDef } from "../../model/def";
import { isIdentifier, relationColumn } from "../../model/names";
import { type Column, type ColumnApi, type ColumnDefault, type ColumnType, type Generated, INTEGER_KINDS, type Literal } from "../../model/types";
import { didYouMean } from "../../model/suggest";
import { FN_NAMES, readGeneratedExpr } from "../generated-value";
import type { Call, Chain } from "../../sandbox/protocol";
import { POLYMORPHIC_TYPE_LENGTH } from "./catalog";
import { checkBounds, checkedValue } from "./column-checks";
import { type ColumnSpec, readConstructor, type Scope } from "./constructor";
import { fail, locate } from "./fail";
import { type Modifiers, readModifiers } from "./modifiers";
import { boundsProblem } from "./values";
import { sqlValueOf } from "../sql-value";

export interface ColumnOutput {
  readonly columns: readonly ColumnDef[];
  readonly relation?: RelationDef;
  readonly polymorphic?: PolymorphicDef;
  readonly indexes: readonly IndexDef[];
}

export function checkIdentifier(name: string, what: string, at: SourceLocation): void {
  if (!isIdentifier(name)) {
    fail(
      "E_BAD_IDENTIFIER",
      `${what} \`${name}\` is not a valid identifier`,
      "identifiers are lower-case letters, digits and underscores, not starting with a digit (^[a-z_][a-z0-9_]*$)",
      at,
    );
  }
}

function at(scope: Scope, call: Call): SourceLocation {
  return locate(scope.file, call);
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Where = SourceLocation;

function conflict(message: string, hint: string, where: Where): never {
  return fail("E_SCHEMA_CONFLICTING_MODIFIERS", message, hint, where);
}

/** Docs, deprecation and API hints: the modifiers every kind of column takes (no SQL). */
function documentation(scope: Scope, mods: Modifiers): { docs?: string; deprecated?: string; api?: ColumnApi } {
  const out: { docs?: string; deprecated?: string; api?: ColumnApi } = {};
  if (mods.docs !== undefined) out.docs = mods.docs.value;
  if (mods.deprecated !== undefined) out.deprecated = mods.deprecated.value;
  const api = apiHints(scope.file, mods);
  if (api !== undefined) out.api = api;
  return out;
}

/** AstrolaDB's `.computed(fn...)` (stored) and `.computed(fn...).virtual()`. */
function generatedOf(scope: Scope, mods: Modifiers): Generated | undefined {
  if (mods.computed === undefined) {
    if (mods.virtual !== undefined) {
      fail("E_SCHEMA_GENERATED_COLUMN", "`.virtual()` without `.computed()` is an app-only column in AstrolaDB, which has no place in the database", "alab's schema holds database columns only: remove the column, or compute it with `.computed(fn...).virtual()`", at(scope, mods.virtual.call));
    }
    return undefined;
  }
  const given = mods.default ?? mods.backfill;
  if (given !== undefined) conflict(`\`.${given.call.name}()\` on a generated column`, "the database computes a generated column: it has no default and takes no backfill", at(scope, given.call));
  const read = readGeneratedExpr(mods.computed.value);
  if (!read.ok) {
    const near = read.name === undefined ? undefined : didYouMean(read.name, FN_NAMES, (n) => `fn.${n}()`);
    fail("E_SCHEMA_GENERATED_COLUMN", read.message, `build it from fn.col(name), strings, numbers and ${FN_NAMES.filter((n) => n !== "col").map((n) => `fn.${n}()`).join(", ")}`, locate(scope.file, read.call ?? mods.computed.call, near));
  }
  return { expr: read.expr, stored: mods.virtual === undefined };
}

/** AstrolaDB's `.format() .read_only() .write_only() .hidden()`. */
function apiHints(file: string, mods: Modifiers): ColumnApi | undefined {
  if (mods.read_only !== undefined && mods.write_only !== undefined) {
    const later = isAfterCall(mods.write_only.call, mods.read_only.call) ? mods.write_only : mods.read_only;
    fail("E_SCHEMA_CONFLICTING_MODIFIERS", "`.read_only()` and `.write_only()` contradict each other", "a column is either set by the server (read_only) or never returned (write_only): keep one", locate(file, later.call));
  }
  if (mods.format !== undefined && mods.format.value.trim() === "") {
    fail("E_SCHEMA_BAD_ARGUMENT", "`.format()` needs a format name", 'e.g. `.format("email")`, `.format("uri")`, `.format("date-time")`', locate(file, mods.format.call));
  }
  const api: { format?: string; readOnly?: true; writeOnly?: true; hidden?: true } = {};
  if (mods.format !== undefined) api.format = mods.format.value;
  if (mods.read_only !== undefined) api.readOnly = true;
  if (mods.write_only !== undefined) api.writeOnly = true;
  if (mods.hidden !== undefined) api.hidden = true;
  return Object.keys(api).length === 0 ? undefined : api;
}

function isAfterCall(a: Call, b: Call): boolean {
  return a.loc.line > b.loc.line || (a.loc.line === b.loc.line && a.loc.column > b.loc.column);
}

/** A semantic type's built-in default must still satisfy `.min()`/`.max()` given on top of it. */
function builtInDefault(scope: Scope, type: ColumnType, mods: Modifiers, value: Literal): ColumnDefault {
  const problem = boundsProblem(type, { min: mods.min?.value, max: mods.max?.value }, value);
  const bound = mods.min ?? mods.max;
  if (problem !== undefined && bound !== undefined) {
    fail(
      "E_SCHEMA_BAD_DEFAULT",
      `the built-in default does not fit the column: ${problem}`,
      "add a `.default(value)` inside the bounds",
      at(scope, bound.call),
    );
  }
  return { kind: "literal", value };
}

/** The Column shared by typed and relation columns. */
function column(scope: Scope, name: string, type: ColumnType, mods: Modifiers, base: { unique: boolean; default?: Literal }): Column {
  const nullable = mods.optional !== undefined;
  checkBounds(scope.file, type, mods);
  const col: Mutable<Column> = { name, type, nullable, unique: base.unique || mods.unique !== undefined };
  const raw = sqlValueOf(mods.default?.value);
  if (raw !== undefined && mods.default !== undefined) {
    if (!raw.ok) fail("E_SCHEMA_BAD_DEFAULT", raw.message, 'write `.default(sql({ postgres: "...", mysql: "...", sqlite: "..." }))`, one SQL expression per database', at(scope, raw.call ?? mods.default.call));
    col.default = { kind: "sql", sql: raw.sql };
  } else if (mods.default !== undefined) {
    const v = checkedValue(scope.file, "default", mods.default, type, mods, nullable);
    col.default = v.kind === "now" ? { kind: "expr", expr: "now" } : { kind: "literal", value: v.value };
  } else if (base.default !== undefined) {
    col.default = builtInDefault(scope, type, mods, base.default);
  }
  if (mods.backfill !== undefined && sqlValueOf(mods.backfill.value) !== undefined) {
    fail("E_SCHEMA_BAD_BACKFILL", "`.backfill(sql({...}))` is not supported: a backfill is a value", "backfill with a value, or fill the rows with SQL in the migration (`m.sql(\"UPDATE ...\")`) before the column becomes NOT NULL", at(scope, mods.backfill.call));
  }
  if (mods.backfill !== undefined) {
    if (nullable) {
      conflict(
        "`.backfill()` has no effect on an optional column",
        "backfill fills existing rows when a NOT NULL column is added: remove it, or drop `.optional()`",
        at(scope, mods.backfill.call),
      );
    }
    const v = checkedValue(scope.file, "backfill", mods.backfill, type, mods, nullable);
    if (v.kind === "value") col.backfill = v.value;
  }
  const generated = generatedOf(scope, mods);
  if (generated !== undefined) col.generated = generated;
  if (mods.min !== undefined) col.min = mods.min.value;
  if (mods.max !== undefined) col.max = mods.max.value;
  if (mods.pattern !== undefined) col.pattern = mods.pattern.value;
  return { ...col, ...documentation(scope, mods) };
}

type Spec<K extends ColumnSpec["kind"]> = Extract<ColumnSpec, { kind: K }>;

/** `.unsigned()` makes a whole-number type unsigned (MySQL's; other dialects refuse it when planning). */
function withSign(scope: Scope, type: ColumnType, mods: Modifiers): ColumnType {
  if (mods.unsigned === undefined) return type;
  if (!INTEGER_KINDS.has(type.kind)) {
    fail(
      "E_SCHEMA_MODIFIER_NOT_APPLICABLE",
      `\`.unsigned()\` does not apply to ${/^[aeiou]/.test(type.kind) ? "an" : "a"} ${type.kind} column`,
      "`.unsigned()` applies to whole numbers: col.smallint, col.integer, col.bigint, col.serial, col.bigserial",
      at(scope, mods.unsigned.call),
    );
  }
  return { ...type, unsigned: true } as ColumnType;
}

/** `.always()`: PostgreSQL's GENERATED ALWAYS AS IDENTITY on a serial key. */
function withIdentity(scope: Scope, type: ColumnType, mods: Modifiers): ColumnType {
  if (mods.always === undefined) return type;
  if (type.kind !== "serial" && type.kind !== "bigserial") {
    fail("E_SCHEMA_MODIFIER_NOT_APPLICABLE", "`.always()` applies to `col.serial()` and `col.bigserial()` only", "remove `.always()`", at(scope, mods.always.call));
  }
  return { ...type, identity: "always" };
}

function typed(scope: Scope, key: string, spec0: Spec<"typed">, mods: Modifiers, where: Where): ColumnOutput {
  const spec = { ...spec0, type: withIdentity(scope, withSign(scope, spec0.type, mods), mods) };
  if (spec.primaryKey) {
    const generated: Partial<Column> = spec.type.kind === "uuid" ? { default: { kind: "expr", expr: "uuid" } } : {};
    const col: Column = { name: key, type: spec.type, nullable: false, unique: false, ...generated, ...documentation(scope, mods) };
    return { columns: [{ column: col, primaryKey: true, origin: "column", index: false, at: where }], indexes: [] };
  }
  const col = column(scope, key, spec.type, mods, spec);
  if (mods.primary_key !== undefined) {
    const clash = mods.optional ?? mods.unique ?? mods.index;
    if (clash !== undefined) {
      conflict(`\`.${clash.call.name}()\` contradicts \`.primary_key()\``, "a primary key is NOT NULL, unique and indexed already: remove one of them", at(scope, clash.call));
    }
    return { columns: [{ column: col, primaryKey: true, origin: "column", index: false, at: where }], indexes: [] };
  }
  if (mods.index !== undefined && col.unique) {
    const why = spec.unique && mods.unique === undefined ? `\`col.${spec.constructor}()\` is unique` : "`.unique()` already indexes the column";
    conflict(`\`.index()\` is redundant: ${why}`, "remove `.index()`", at(scope, mods.index.call));
  }
  return { columns: [{ column: col, primaryKey: false, origin: "column", index: mods.index !== undefined, at: where }], indexes: [] };
}

function relation(scope: Scope, key: string, spec: Spec<"relation">, mods: Modifiers, where: Where): ColumnOutput {
  let base = key;
  if (mods.as !== undefined) {
    checkIdentifier(mods.as.value, "relation alias", at(scope, mods.as.call));
    base = mods.as.value;
  }
  // As in AstrolaDB, a key (or alias) that already ends in `_id` is the column's name as written.
  const col = column(scope, relationColumn(base), { kind: "uuid" }, mods, { unique: spec.unique });
  for (const given of [mods.on_delete, mods.on_update]) {
    if (given?.value === "SET NULL" && !col.nullable) {
      conflict(`\`.${given.call.name}("set_null")\` needs a nullable column`, "add `.optional()` to the relation", at(scope, given.call));
    }
    if (given?.value === "SET DEFAULT" && col.default === undefined) {
      conflict(`\`.${given.call.name}("set_default")\` needs a default`, 'add `.default("<uuid>")`, or choose another action', at(scope, given.call));
    }
  }
  const onDelete = mods.on_delete?.value ?? "NO ACTION";
  const onUpdate = mods.on_update?.value ?? "NO ACTION";
  return {
    columns: [{ column: col, primaryKey: false, origin: "relation", index: false, at: where }],
    relation: { column: col.name, target: spec.target, onDelete, onUpdate, at: where },
    indexes: [],
  };
}

function polymorphic(scope: Scope, key: string, spec: Spec<"polymorphic">, mods: Modifiers, where: Where): ColumnOutput {
  const as = spec.as?.name ?? key;
  if (spec.as !== undefined) checkIdentifier(as, "`as` name", locate(scope.file, spec.as.loc));
  const nullable = mods.optional !== undefined;
  const docs = documentation(scope, mods);
  const typeCol: Column = { name: `${as}_type`, type: { kind: "string", length: POLYMORPHIC_TYPE_LENGTH }, nullable, unique: false, ...docs };
  const idCol: Column = { name: `${as}_id`, type: { kind: "uuid" }, nullable, unique: false, ...docs };
  const def = (c: Column): ColumnDef => ({ column: c, primaryKey: false, origin: "polymorphic", index: false, at: where });
  return {
    columns: [def(typeCol), def(idCol)],
    polymorphic: { as, targets: spec.targets, at: where },
    indexes: [{ columns: [typeCol.name, idCol.name], unique: false, at: where }],
  };
}

/** Interprets `key: col.…` (the key already checked as an identifier). */
export function interpretColumn(scope: Scope, key: string, chain: Chain, fallback: SourceLocation): ColumnOutput {
  const [first, ...rest] = chain.calls;
  if (first === undefined) {
    return fail("E_SCHEMA_BAD_COLUMN", `column \`${key}\` is \`col\` itself, not a column`, "write e.g. `col.string(255)`", fallback);
  }
  const spec = readConstructor(first, scope);
  const where = at(scope, first);
  switch (spec.kind) {
    case "typed":
      return typed(scope, key, spec, readModifiers(scope.file, spec.primaryKey ? "primary_key" : "typed", rest), where);
    case "relation":
      return relation(scope, key, spec, readModifiers(scope.file, "relation", rest), where);
    case "polymorphic":
      return polymorphic(scope, key, spec, readModifiers(scope.file, "polymorphic", rest), where);
  }
}
