/**
 * One `key: col.*` entry of a table: its constructor and modifiers judged together, producing the
 * final column(s) and, for relations, the intent that buildSchema resolves against other files.
 */
import type { SourceLocation } from "../../errors";
import type { ColumnDef, IndexDef, PolymorphicDef, RelationDef } from "../../model/def";
import { isIdentifier } from "../../model/names";
import type { Column, ColumnDefault, ColumnType, Literal } from "../../model/types";
import type { Call, Chain, Value } from "../../sandbox/protocol";
import { showValue, toLiteral } from "./args";
import { POLYMORPHIC_TYPE_LENGTH } from "./catalog";
import { type ColumnSpec, readConstructor, type Scope } from "./constructor";
import { fail, locate } from "./fail";
import { type Given, type Modifiers, readModifiers } from "./modifiers";
import { boundsProblem, typeProblem } from "./values";

export interface ColumnOutput {
  readonly columns: readonly ColumnDef[];
  readonly relation?: RelationDef;
  readonly polymorphic?: PolymorphicDef;
  readonly indexes: readonly IndexDef[];
}

const NOW = /^(now|now\(\)|current_timestamp)$/i;
const BY_VALUE = new Set<ColumnType["kind"]>(["integer", "bigint", "float", "decimal"]);
const BY_LENGTH = new Set<ColumnType["kind"]>(["string", "text"]);

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

function article(word: string): string {
  return /^[aeiou]/.test(word) ? "an" : "a";
}

function at(scope: Scope, call: Call): SourceLocation {
  return locate(scope.file, call.loc);
}

function checkBounds(scope: Scope, type: ColumnType, mods: Modifiers): void {
  for (const given of [mods.min, mods.max]) {
    if (given === undefined) continue;
    const name = given.call.name;
    if (!BY_VALUE.has(type.kind) && !BY_LENGTH.has(type.kind)) {
      fail("E_SCHEMA_MODIFIER_NOT_APPLICABLE", `\`.${name}()\` does not apply to ${article(type.kind)} ${type.kind} column`, "`.min()`/`.max()` bound numbers (the value) and strings (the length)", at(scope, given.call));
    }
    if (BY_LENGTH.has(type.kind)) {
      if (!Number.isInteger(given.value) || given.value < 0) {
        fail("E_SCHEMA_BAD_RANGE", `\`.${name}(${given.value})\` on a string bounds its length: it must be a whole number of at least 0`, "write e.g. `.min(3)`", at(scope, given.call));
      }
      if (type.kind === "string" && given.value > type.length) {
        fail("E_SCHEMA_BAD_RANGE", `\`.${name}(${given.value})\` exceeds the column length ${type.length}`, `use a length of at most ${type.length}, or a longer \`col.string(n)\``, at(scope, given.call));
      }
    }
  }
  if (mods.min !== undefined && mods.max !== undefined && mods.min.value > mods.max.value) {
    fail("E_SCHEMA_BAD_RANGE", `\`.min(${mods.min.value})\` is greater than \`.max(${mods.max.value})\``, "make the minimum at most the maximum", at(scope, mods.max.call));
  }
  if (mods.pattern !== undefined) {
    const { call, value } = mods.pattern;
    if (!BY_LENGTH.has(type.kind)) {
      fail("E_SCHEMA_MODIFIER_NOT_APPLICABLE", `\`.pattern()\` does not apply to ${article(type.kind)} ${type.kind} column`, "`.pattern()` constrains string and text columns", at(scope, call));
    }
    let problem = value === "" ? "it is empty" : undefined;
    try {
      new RegExp(value);
    } catch (e) {
      problem = e instanceof Error ? e.message : String(e);
    }
    if (problem !== undefined) fail("E_SCHEMA_BAD_PATTERN", `\`.pattern(${JSON.stringify(value)})\` is not a valid regular expression: ${problem}`, "write a regular expression as a string, e.g. `.pattern(\"^[a-z0-9-]+$\")`", at(scope, call));
  }
}

/** A default or backfill value checked against the column; `now` allowed only as a datetime default. */
function value(
  scope: Scope,
  which: "default" | "backfill",
  given: Given<Value>,
  type: ColumnType,
  mods: Modifiers,
  nullable: boolean,
): Literal | ColumnDefault {
  const code = which === "default" ? "E_SCHEMA_BAD_DEFAULT" : "E_SCHEMA_BAD_BACKFILL";
  const where = at(scope, given.call);
  const literal = toLiteral(given.value);
  if (!literal.ok) fail(code, `\`.${which}()\` needs a plain value, got ${literal.bad}`, "pass a string, number, boolean, array or object literal", where);
  const v = literal.value;
  if (v === null) {
    if (which === "backfill") fail(code, "`.backfill(null)` would leave existing rows NULL", "backfill with a real value, or drop `.backfill()`", where);
    if (!nullable) fail(code, "a NOT NULL column cannot default to null", "add `.optional()`, or remove `.default(null)`", where);
    return { kind: "literal", value: null };
  }
  if (type.kind === "datetime" && typeof v === "string" && NOW.test(v)) {
    if (which === "backfill") fail(code, `\`.backfill(${JSON.stringify(v)})\` needs a fixed value`, "backfill with an ISO-8601 date-time such as \"2024-01-01T00:00:00Z\"", where);
    return { kind: "expr", expr: "now" };
  }
  const problem = typeProblem(type, v) ?? boundsProblem(type, { min: mods.min?.value, max: mods.max?.value, pattern: mods.pattern?.value }, v);
  if (problem !== undefined) fail(code, `\`.${which}(${showValue(given.value)})\` does not fit the column: ${problem}`, `give a value of the column's type (${describeType(type)})`, where);
  return which === "default" ? { kind: "literal", value: v } : v;
}

function describeType(type: ColumnType): string {
  switch (type.kind) {
    case "string":
      return `string(${type.length})`;
    case "decimal":
      return `decimal(${type.precision ?? ""},${type.scale ?? ""})`;
    case "enum":
      return `one of ${type.values.map((v) => JSON.stringify(v)).join(", ")}`;
    default:
      return type.kind;
  }
}

/** The Column shared by typed and relation columns. */
function column(scope: Scope, name: string, type: ColumnType, mods: Modifiers, base: { unique: boolean; default?: Literal }): Column {
  const nullable = mods.optional !== undefined;
  checkBounds(scope, type, mods);
  const col: { -readonly [K in keyof Column]: Column[K] } = { name, type, nullable, unique: base.unique || mods.unique !== undefined };
  if (mods.default !== undefined) col.default = value(scope, "default", mods.default, type, mods, nullable) as ColumnDefault;
  else if (base.default !== undefined) {
    const problem = boundsProblem(type, { min: mods.min?.value, max: mods.max?.value }, base.default);
    const bound = mods.min ?? mods.max;
    if (problem !== undefined && bound !== undefined) {
      fail("E_SCHEMA_BAD_DEFAULT", `the built-in default does not fit the column: ${problem}`, "add a `.default(value)` inside the bounds", at(scope, bound.call));
    }
    col.default = { kind: "literal", value: base.default };
  }
  if (mods.backfill !== undefined) {
    if (nullable) {
      fail("E_SCHEMA_CONFLICTING_MODIFIERS", "`.backfill()` has no effect on an optional column", "backfill fills existing rows when a NOT NULL column is added: remove it, or drop `.optional()`", at(scope, mods.backfill.call));
    }
    col.backfill = value(scope, "backfill", mods.backfill, type, mods, nullable) as Literal;
  }
  if (mods.min !== undefined) col.min = mods.min.value;
  if (mods.max !== undefined) col.max = mods.max.value;
  if (mods.pattern !== undefined) col.pattern = mods.pattern.value;
  if (mods.docs !== undefined) col.docs = mods.docs.value;
  if (mods.deprecated !== undefined) col.deprecated = mods.deprecated.value;
  return col;
}

function typed(scope: Scope, key: string, spec: Extract<ColumnSpec, { kind: "typed" }>, mods: Modifiers, where: SourceLocation): ColumnOutput {
  if (spec.primaryKey) {
    const col: { -readonly [K in keyof Column]: Column[K] } = { name: key, type: spec.type, nullable: false, unique: false, default: { kind: "expr", expr: "uuid" } };
    if (mods.docs !== undefined) col.docs = mods.docs.value;
    if (mods.deprecated !== undefined) col.deprecated = mods.deprecated.value;
    return { columns: [{ column: col, primaryKey: true, origin: "column", index: false, at: where }], indexes: [] };
  }
  const col = column(scope, key, spec.type, mods, spec);
  if (mods.index !== undefined && col.unique) {
    const why = spec.unique && mods.unique === undefined ? `\`col.${spec.constructor}()\` is unique` : "`.unique()` already indexes the column";
    fail("E_SCHEMA_CONFLICTING_MODIFIERS", `\`.index()\` is redundant: ${why}`, "remove `.index()`", at(scope, mods.index.call));
  }
  return { columns: [{ column: col, primaryKey: false, origin: "column", index: mods.index !== undefined, at: where }], indexes: [] };
}

function relation(scope: Scope, key: string, spec: Extract<ColumnSpec, { kind: "relation" }>, mods: Modifiers, where: SourceLocation): ColumnOutput {
  let base = key;
  if (mods.as !== undefined) {
    checkIdentifier(mods.as.value, "relation alias", at(scope, mods.as.call));
    base = mods.as.value;
  }
  if (base.endsWith("_id")) {
    fail("E_SCHEMA_RELATION_KEY", `\`${base}\` would make a column \`${base}_id\``, `name the relation \`${base.slice(0, -3)}\`: alab adds \`_id\` itself`, mods.as !== undefined ? at(scope, mods.as.call) : where);
  }
  const col = column(scope, `${base}_id`, { kind: "uuid" }, mods, { unique: spec.unique });
  const onDelete = mods.on_delete?.value ?? "NO ACTION";
  const onUpdate = mods.on_update?.value ?? "NO ACTION";
  for (const given of [mods.on_delete, mods.on_update]) {
    if (given?.value === "SET NULL" && !col.nullable) {
      fail("E_SCHEMA_CONFLICTING_MODIFIERS", `\`.${given.call.name}("set_null")\` needs a nullable column`, "add `.optional()` to the relation", at(scope, given.call));
    }
    if (given?.value === "SET DEFAULT" && col.default === undefined) {
      fail("E_SCHEMA_CONFLICTING_MODIFIERS", `\`.${given.call.name}("set_default")\` needs a default`, "add `.default(\"<uuid>\")`, or choose another action", at(scope, given.call));
    }
  }
  return {
    columns: [{ column: col, primaryKey: false, origin: "relation", index: false, at: where }],
    relation: { column: col.name, target: spec.target, onDelete, onUpdate, at: where },
    indexes: [],
  };
}

function polymorphic(scope: Scope, key: string, spec: Extract<ColumnSpec, { kind: "polymorphic" }>, mods: Modifiers, where: SourceLocation): ColumnOutput {
  const as = spec.as?.name ?? key;
  if (spec.as !== undefined) checkIdentifier(as, "`as` name", locate(scope.file, spec.as.loc));
  const nullable = mods.optional !== undefined;
  const extra: { docs?: string; deprecated?: string } = {};
  if (mods.docs !== undefined) extra.docs = mods.docs.value;
  if (mods.deprecated !== undefined) extra.deprecated = mods.deprecated.value;
  const typeCol: Column = { name: `${as}_type`, type: { kind: "string", length: POLYMORPHIC_TYPE_LENGTH }, nullable, unique: false, ...extra };
  const idCol: Column = { name: `${as}_id`, type: { kind: "uuid" }, nullable, unique: false, ...extra };
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
