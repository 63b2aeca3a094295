/**
 * The first call of a `col.*` chain: which kind of column it makes (a typed column, a foreign key,
 * a polymorphic pair) and its type arguments, checked.
 */
import type { ColumnType, Literal } from "../../model/types";
import type { Call, Loc, Value } from "../../sandbox/protocol";
import { isIdentifier } from "../../model/names";
import { didYouMean } from "../../model/suggest";
import { argsOf, badArgument, numberArg, objectArg, type Site, stringArg, stringListArg } from "./args";
import {
  COLUMN_CONSTRUCTORS,
  isOwn,
  MAX_DECIMAL_PRECISION,
  MAX_DECIMAL_SCALE,
  MAX_CHAR_LENGTH,
  MAX_STRING_LENGTH,
  PARAMETRIC_TYPES,
  RELATIONS,
  SEMANTIC_TYPES,
  SIMPLE_TYPES,
} from "./catalog";
import { fail, locate } from "./fail";
import { resolveRef } from "./reference";
import { rawTypeProblem } from "../../sql/raw-type";

export type ColumnSpec =
  | {
      readonly kind: "typed";
      readonly type: ColumnType;
      readonly primaryKey: boolean;
      /** Uniqueness and default a semantic type brings; modifiers may add to or replace them. */
      readonly unique: boolean;
      readonly default?: Literal;
      readonly constructor: string;
    }
  | { readonly kind: "relation"; readonly target: string; readonly unique: boolean; readonly constructor: string }
  | {
      readonly kind: "polymorphic";
      readonly targets: readonly string[];
      readonly as?: { readonly name: string; readonly loc: Loc };
      readonly constructor: string;
    };

export interface Scope {
  readonly file: string;
  readonly ns: string;
  readonly ref: string;
}

function typed(type: ColumnType, constructor: string, extra: { unique?: boolean; default?: Literal; pk?: boolean } = {}): ColumnSpec {
  const spec = { kind: "typed" as const, type, primaryKey: extra.pk ?? false, unique: extra.unique ?? false, constructor };
  return extra.default === undefined ? spec : { ...spec, default: extra.default };
}

function stringType(site: Site): ColumnType {
  const [length] = argsOf(site, 0, 1);
  if (typeof length !== "number" || !Number.isInteger(length) || length < 1 || length > MAX_STRING_LENGTH) {
    const got = length === undefined ? "no length" : `${JSON.stringify(length)}`;
    fail(
      "E_SCHEMA_STRING_LENGTH",
      `\`col.string\` needs a length from 1 to ${MAX_STRING_LENGTH}, got ${got}`,
      length !== undefined && typeof length === "number" && length > MAX_STRING_LENGTH
        ? "use `col.text()` for longer text"
        : "write `col.string(255)` for VARCHAR(255), or `col.text()` for unlimited text",
      locate(site.file, site.call),
    );
  }
  return { kind: "string", length };
}

function rawType(site: Site): ColumnType {
  const [text] = argsOf(site, 1, 1);
  const sql = stringArg(site, text, 'an SQL type name such as "citext"');
  const problem = rawTypeProblem(sql);
  if (problem !== undefined) {
    fail("E_SCHEMA_SQL_TYPE", `\`col.sql_type(${JSON.stringify(sql)})\` is refused: ${problem}`, 'write the type alone, e.g. `col.sql_type("citext")`; defaults and constraints go in modifiers', locate(site.file, site.call));
  }
  return { kind: "sql_type", sql };
}

function charType(site: Site): ColumnType {
  const [length] = argsOf(site, 0, 1);
  if (typeof length !== "number" || !Number.isInteger(length) || length < 1 || length > MAX_CHAR_LENGTH) {
    fail(
      "E_SCHEMA_STRING_LENGTH",
      `\`col.char\` needs a length from 1 to ${MAX_CHAR_LENGTH}, got ${length === undefined ? "no length" : JSON.stringify(length)}`,
      "write `col.char(2)` for CHAR(2); `col.string(n)` for text of varying length",
      locate(site.file, site.call),
    );
  }
  return { kind: "char", length };
}

function timestampType(site: Site, timezone: boolean): ColumnType {
  const [precision] = argsOf(site, 0, 1);
  if (precision === undefined) return { kind: "timestamp", timezone };
  if (typeof precision !== "number" || !Number.isInteger(precision) || precision < 0 || precision > 6) {
    badArgument(site, "a precision from 0 to 6 (digits after the second)", precision);
  }
  return { kind: "timestamp", timezone, precision };
}

function decimalType(site: Site): ColumnType {
  const args = argsOf(site, 0, 2);
  const [p, s] = args;
  const hint = "write `col.decimal(10, 2)` for 10 digits, 2 after the point (DECIMAL(10,2))";
  const at = locate(site.file, site.call);
  if (args.length < 2) fail("E_SCHEMA_DECIMAL", "`col.decimal` needs a precision and a scale", hint, at);
  if (typeof p !== "number" || !Number.isInteger(p) || p < 1 || p > MAX_DECIMAL_PRECISION) {
    fail("E_SCHEMA_DECIMAL", `decimal precision must be an integer from 1 to ${MAX_DECIMAL_PRECISION}, got ${JSON.stringify(p)}`, hint, at);
  }
  if (typeof s !== "number" || !Number.isInteger(s) || s < 0 || s > Math.min(p, MAX_DECIMAL_SCALE)) {
    fail(
      "E_SCHEMA_DECIMAL",
      `decimal scale must be an integer from 0 to ${Math.min(p, MAX_DECIMAL_SCALE)} (at most the precision ${p}), got ${JSON.stringify(s)}`,
      hint,
      at,
    );
  }
  return { kind: "decimal", precision: p, scale: s };
}

/** `col.native_enum("mood", ["happy", "sad"])`: the type's name, then its values as `col.enum` takes them. */
function nativeEnumType(site: Site): ColumnType {
  const [name, list] = argsOf(site, 1, 2);
  const typeName = stringArg(site, name, 'the enum type\'s name, e.g. "mood"');
  if (!isIdentifier(typeName)) {
    fail("E_BAD_IDENTIFIER", `enum type name \`${typeName}\` is not a valid identifier`, "identifiers are lower-case letters, digits and underscores, not starting with a digit (^[a-z_][a-z0-9_]*$)", locate(site.file, site.call));
  }
  const values = enumValues(site, list, 'write `col.native_enum("mood", ["happy", "sad"])`');
  return { kind: "native_enum", name: typeName, values };
}

function enumType(site: Site): ColumnType {
  const [list] = argsOf(site, 0, 1);
  return { kind: "enum", values: enumValues(site, list, 'write `col.enum(["draft", "published"])`') };
}

function enumValues(site: Site, list: Value | undefined, hint: string): string[] {
  const at = locate(site.file, site.call);
  if (list === undefined || (Array.isArray(list) && list.length === 0)) {
    fail("E_SCHEMA_ENUM_EMPTY", `\`${site.usage.slice(0, site.usage.indexOf("("))}\` needs at least one value`, hint, at);
  }
  const values = stringListArg(site, list, "an array of strings");
  const seen = new Set<string>();
  for (const v of values) {
    if (typeof v !== "string" || v === "") {
      fail("E_SCHEMA_ENUM_VALUE", `enum values must be non-empty strings, got ${JSON.stringify(v)}`, hint, at);
    }
    if (seen.has(v)) fail("E_SCHEMA_ENUM_DUPLICATE", `enum value ${JSON.stringify(v)} is listed twice`, "list each value once", at);
    seen.add(v);
  }
  return [...seen];
}

function polymorphic(site: Site, scope: Scope): ColumnSpec {
  const args = argsOf(site, 1, 2);
  const list = stringListArg(site, args[0], "an array of table references");
  if (list.length === 0) {
    fail(
      "E_SCHEMA_BAD_ARGUMENT",
      "`col.belongs_to_any` needs at least one table reference",
      `write \`${site.usage}\``,
      locate(site.file, site.call),
    );
  }
  const targets: string[] = [];
  for (const raw of list) {
    const ref = resolveRef(site, stringArg(site, raw, "an array of table references"), scope.ns, scope.ref);
    if (targets.includes(ref)) {
      fail(
        "E_SCHEMA_BAD_ARGUMENT",
        `\`col.belongs_to_any\` lists \"${ref}\" twice`,
        "list each table once",
        locate(site.file, site.call),
      );
    }
    targets.push(ref);
  }
  if (args.length < 2) return { kind: "polymorphic", targets, constructor: "belongs_to_any" };
  const options = objectArg(site, args[1], "options `{ as: \"name\" }`");
  for (const key of Object.keys(options)) {
    if (key !== "as") badArgument(site, "options with only `as`", options);
  }
  const name = stringArg(site, options.as, "`as` to be a column name prefix");
  return { kind: "polymorphic", targets, as: { name, loc: site.call.loc }, constructor: "belongs_to_any" };
}

/** Reads the first call of a `col` chain. */
export function readConstructor(call: Call, scope: Scope): ColumnSpec {
  const name = call.name;
  const site = (usage: string): Site => ({ file: scope.file, call, usage });
  if (isOwn(SIMPLE_TYPES, name)) {
    argsOf(site(`col.${name}()`), 0, 0);
    return typed(SIMPLE_TYPES[name], name);
  }
  if (isOwn(PARAMETRIC_TYPES, name)) {
    const s = site(PARAMETRIC_TYPES[name]);
    switch (name) {
      case "id":
        argsOf(s, 0, 0);
        return typed({ kind: "uuid" }, name, { pk: true });
      case "serial":
      case "bigserial":
        argsOf(s, 0, 0);
        return typed({ kind: name }, name, { pk: true });
      case "string":
        return typed(stringType(s), name);
      case "char":
        return typed(charType(s), name);
      case "sql_type":
        return typed(rawType(s), name);
      case "native_enum":
        return typed(nativeEnumType(s), name);
      case "timestamp":
      case "timestamptz":
        return typed(timestampType(s, name === "timestamptz"), name);
      case "decimal":
        return typed(decimalType(s), name);
      case "enum":
        return typed(enumType(s), name);
    }
  }
  const semantic = isOwn(SEMANTIC_TYPES, name) ? SEMANTIC_TYPES[name] : undefined;
  if (semantic !== undefined) {
    if (name === "flag") {
      const s = site("col.flag(defaultValue?)");
      const [value] = argsOf(s, 0, 1);
      if (value !== undefined && typeof value !== "boolean") badArgument(s, "`true` or `false`", value);
      return typed(semantic.type, name, { default: value ?? false });
    }
    argsOf(site(`col.${name}()`), 0, 0);
    return typed(semantic.type, name, { unique: semantic.unique === true, default: semantic.default });
  }
  if (isOwn(RELATIONS, name)) {
    const s = site(RELATIONS[name]);
    if (name === "belongs_to_any") return polymorphic(s, scope);
    const [raw] = argsOf(s, 1, 1);
    const target = resolveRef(s, stringArg(s, raw, "a table reference such as \"auth.user\""), scope.ns, scope.ref);
    return { kind: "relation", target, unique: name === "one_to_one", constructor: name };
  }
  const suggestion = didYouMean(name, COLUMN_CONSTRUCTORS, (c) => `col.${c}`);
  return fail(
    "E_SCHEMA_UNKNOWN_TYPE",
    `unknown column type \`col.${name}\``,
    `see the column types in docs/schema.md`,
    locate(scope.file, call, suggestion),
  );
}
