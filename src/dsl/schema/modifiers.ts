/**
 * The calls after a column's constructor (`.optional().unique().default(0)`): which apply to which
 * kind of column, each given at most once, with its arguments read. Combinations and values are
 * judged afterwards, in column.ts, once every modifier is known (so their order never matters).
 */
import type { ReferentialAction } from "../../model/types";
import type { Call, Value } from "../../sandbox/protocol";
import { didYouMean } from "../../model/suggest";
import { argsOf, numberArg, type Site, stringArg } from "./args";
import { fail, locate } from "./fail";

export type ColumnKind = "typed" | "primary_key" | "relation" | "polymorphic";

/** Usage of every modifier, keyed by the name written; `nullable` is an alias of `optional`. */
const USAGE = {
  optional: ".optional()",
  nullable: ".nullable()",
  unique: ".unique()",
  unsigned: ".unsigned()",
  always: ".always()",
  primary_key: ".primary_key()",
  index: ".index()",
  default: ".default(value)",
  backfill: ".backfill(value)",
  min: ".min(n)",
  max: ".max(n)",
  pattern: '.pattern("^[a-z]+$")',
  docs: '.docs("text")',
  deprecated: '.deprecated("reason")',
  format: '.format("email")',
  computed: '.computed(fn.concat(fn.col("a"), " ", fn.col("b")))',
  virtual: ".virtual()",
  read_only: ".read_only()",
  write_only: ".write_only()",
  hidden: ".hidden()",
  as: '.as("alias")',
  on_delete: '.on_delete("cascade")',
  on_update: '.on_update("cascade")',
} as const;

type ModifierName = keyof typeof USAGE;

/** Documentation and AstrolaDB's API hints: no SQL, every kind of column takes them. */
const COMMON: readonly ModifierName[] = ["docs", "deprecated", "format", "read_only", "write_only", "hidden"];
/** The modifiers each kind of `col.*` column takes; the editor typings list the same. */
export const ALLOWED: Record<ColumnKind, readonly ModifierName[]> = {
  typed: ["optional", "nullable", "unique", "unsigned", "primary_key", "index", "default", "backfill", "min", "max", "pattern", "computed", "virtual", ...COMMON],
  primary_key: ["unsigned", "always", ...COMMON],
  relation: ["as", "optional", "nullable", "unique", "default", "backfill", "on_delete", "on_update", ...COMMON],
  polymorphic: ["optional", "nullable", ...COMMON],
};

const WHY_NOT: Record<ColumnKind, string> = {
  typed: "`.as()`, `.on_delete()` and `.on_update()` apply only to `col.belongs_to()` and `col.one_to_one()`",
  primary_key: "`col.id()`, `col.serial()` and `col.bigserial()` are the primary key: always NOT NULL, unique, indexed, and given their values by the database",
  relation: "a foreign key column holds the referenced row's UUID and is already indexed",
  polymorphic: "`col.belongs_to_any()` takes only `.optional()`, documentation (`.docs()`, `.deprecated()`) and API hints (`.format()`, `.read_only()`, `.write_only()`, `.hidden()`)",
};

const ACTIONS: Record<string, ReferentialAction> = {
  cascade: "CASCADE",
  restrict: "RESTRICT",
  set_null: "SET NULL",
  set_default: "SET DEFAULT",
  no_action: "NO ACTION",
};

export interface Given<T> {
  readonly value: T;
  readonly call: Call;
}

export interface Modifiers {
  optional?: Given<true>;
  unique?: Given<true>;
  unsigned?: Given<true>;
  always?: Given<true>;
  primary_key?: Given<true>;
  index?: Given<true>;
  default?: Given<Value>;
  backfill?: Given<Value>;
  min?: Given<number>;
  max?: Given<number>;
  pattern?: Given<string>;
  docs?: Given<string>;
  deprecated?: Given<string>;
  format?: Given<string>;
  computed?: Given<Value>;
  virtual?: Given<true>;
  read_only?: Given<true>;
  write_only?: Given<true>;
  hidden?: Given<true>;
  as?: Given<string>;
  on_delete?: Given<ReferentialAction>;
  on_update?: Given<ReferentialAction>;
}

function isModifier(name: string): name is ModifierName {
  return Object.prototype.hasOwnProperty.call(USAGE, name);
}

function action(site: Site, v: Value | undefined): ReferentialAction {
  const raw = stringArg(site, v, 'an action: "cascade", "restrict", "set_null", "set_default" or "no_action"');
  const found = ACTIONS[raw.trim().toLowerCase().replace(/[\s_]+/g, "_")];
  if (found === undefined) {
    fail(
      "E_SCHEMA_BAD_ACTION",
      `unknown referential action ${JSON.stringify(raw)}`,
      'use "cascade", "restrict", "set_null", "set_default" or "no_action"',
      locate(site.file, site.call, didYouMean(raw.toLowerCase(), Object.keys(ACTIONS), (a) => a)),
    );
  }
  return found;
}

function read(mods: Modifiers, name: ModifierName, site: Site): void {
  const { call } = site;
  const one = (): Value => argsOf(site, 1, 1)[0] ?? null;
  switch (name) {
    case "optional":
    case "nullable":
      argsOf(site, 0, 0);
      mods.optional = { value: true, call };
      return;
    case "unique":
    case "unsigned":
    case "always":
    case "primary_key":
    case "index":
    case "read_only":
    case "write_only":
    case "hidden":
    case "virtual":
      argsOf(site, 0, 0);
      mods[name] = { value: true, call };
      return;
    case "default":
    case "backfill":
    case "computed":
      mods[name] = { value: one(), call };
      return;
    case "min":
    case "max":
      mods[name] = { value: numberArg(site, one()), call };
      return;
    case "pattern":
    case "docs":
    case "format":
    case "as":
      mods[name] = { value: stringArg(site, one()), call };
      return;
    case "deprecated": {
      const [reason] = argsOf(site, 0, 1);
      mods.deprecated = { value: reason === undefined ? "" : stringArg(site, reason), call };
      return;
    }
    case "on_delete":
    case "on_update":
      mods[name] = { value: action(site, one()), call };
      return;
  }
}

/** Reads `calls` (the chain after its constructor) for a column of `kind`. */
export function readModifiers(file: string, kind: ColumnKind, calls: readonly Call[]): Modifiers {
  const mods: Modifiers = {};
  const allowed = ALLOWED[kind];
  for (const call of calls) {
    const name = call.name;
    if (!isModifier(name)) {
      const suggestion = didYouMean(name, allowed, (m) => `.${m}()`);
      fail(
        "E_SCHEMA_UNKNOWN_MODIFIER",
        `unknown column modifier \`.${name}()\``,
        `this column takes ${allowed.map((m) => `\`.${m}()\``).join(", ")}`,
        locate(file, call, suggestion),
      );
    }
    if (!allowed.includes(name)) {
      fail("E_SCHEMA_MODIFIER_NOT_APPLICABLE", `\`.${name}()\` does not apply to this column`, WHY_NOT[kind], locate(file, call));
    }
    const key = name === "nullable" ? "optional" : name;
    if (mods[key] !== undefined) {
      const first = mods[key]?.call.name ?? key;
      fail(
        "E_SCHEMA_DUPLICATE_MODIFIER",
        first === name ? `\`.${name}()\` is given twice` : `\`.${name}()\` repeats \`.${first}()\``,
        "give each modifier once",
        locate(file, call),
      );
    }
    read(mods, name, { file, call, usage: USAGE[name] });
  }
  return mods;
}
