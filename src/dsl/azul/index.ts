/**
 * Azul.js-style migration files (`exports.up/down/change` with `schema` and `query`) as
 * operations. Pure: it reads the sandbox's recording of the file and never runs anything.
 *
 * - `change`: `up` is its operations; `down` is derived, each call's reverse in reverse order;
 *   a call without a reverse is refused when the file is read, before any SQL runs.
 * - `up` (+ `down`): sequential mode when the function returns nothing; manual mode when it returns
 *   a thenable, in which case its calls are not interpreted and the runner executes the function
 *   itself with a live `query` (`manual.up` / `manual.down`).
 */
import type { EvaluatedFile, Fn, Value } from "../../sandbox/protocol";
import { isTagged } from "../../sandbox/protocol";
import type { Located, Operation } from "../operations";
import { describe } from "./args";
import { AZUL_DOCS, fail } from "./fail";
import { EXECUTION, executionCall, interpretFunction, type Statement, statements, step } from "./statements";
import type { AzulMigrationDef, Emitted, RenameTypeCheck, Step } from "./types";

export type { AzulMigrationDef, MigrationDef, RenameTypeCheck } from "./types";
export { AZUL_CODES } from "./fail";

const EXPORTS = ["up", "down", "change", "transaction"] as const;
type ExportName = (typeof EXPORTS)[number];

type Obj = { readonly [k: string]: Value };

/** The value as a plain object (not an array, not a tagged function or chain), or undefined. */
function asObject(v: Value | undefined): Obj | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !isTagged(v) ? (v as Obj) : undefined;
}

function absent(v: Value | undefined): boolean {
  return v === undefined || (isTagged(v) && v.$alab === "undefined");
}

/** True when the exports look like an Azul migration (functions up/down/change, CommonJS or ES). */
export function looksLikeAzul(value: Value): boolean {
  const hasFn = (o: Obj | undefined): boolean =>
    o !== undefined &&
    ["up", "down", "change"].some((k) => {
      const v = o[k];
      return v !== undefined && isTagged(v) && v.$alab === "fn";
    });
  const top = asObject(value);
  return hasFn(top) || hasFn(asObject(top?.default));
}

/** CommonJS exports and an ES default-export object, merged; anything else is refused. */
function readExports(file: string, value: Value): Partial<Record<ExportName, Value>> {
  const form = "export `up` and `down` functions, or a `change` function (`exports.change = function (schema) { ... }`)";
  const top = asObject(value);
  if (top === undefined) return fail("E_AZUL_EXPORTS", `an Azul migration exports an object of functions, got ${describe(value)}`, form, file, undefined);
  const out: Partial<Record<ExportName, Value>> = {};
  const take = (key: string, v: Value, where: string): void => {
    if (absent(v)) return;
    const known = EXPORTS.find((k) => k === key);
    if (known === undefined) {
      fail("E_AZUL_EXPORTS", `unknown export \`${key}\`${where}`, `an Azul migration exports only ${EXPORTS.map((k) => `\`${k}\``).join(", ")}; ${AZUL_DOCS}`, file, undefined);
    }
    if (out[known] !== undefined) fail("E_AZUL_EXPORTS", `\`${key}\` is exported twice (directly and in the default export)`, "export it once", file, undefined);
    out[known] = v;
  };
  for (const key of Object.keys(top).sort()) if (key !== "default") take(key, top[key] as Value, "");
  const d = top.default;
  if (d !== undefined && !absent(d)) {
    const obj = asObject(d);
    if (obj === undefined) {
      const generated = isTagged(d) && d.$alab === "chain" && d.chain.root === "migration";
      fail("E_AZUL_EXPORTS", generated ? "this is a generated migration (`migration({...})`), not an Azul one" : `the default export is ${describe(d)}`, generated ? "read it with the generated-migration DSL" : `the default export of an Azul migration is an object: \`export default { up(schema) { ... }, down(schema) { ... } }\``, file, undefined);
    }
    for (const key of Object.keys(obj).sort()) take(key, obj[key] as Value, " in the default export");
  }
  return out;
}

function readFnExport(file: string, name: string, v: Value | undefined): Fn | undefined {
  if (v === undefined) return undefined;
  if (!isTagged(v) || v.$alab !== "fn") {
    return fail("E_AZUL_EXPORTS", `\`${name}\` must be a function, got ${describe(v)}`, `write \`exports.${name} = function (schema, query) { ... }\``, file, undefined);
  }
  return v.fn;
}

/** Manual mode: the function returned a thenable — a promise, or a query it chained `.then()` on. */
function isManual(file: string, fn: Fn, name: string): boolean {
  if (fn.returned === "promise") return true;
  return fn.returned === "chain" && statements(file, fn, name).some((s) => executionCall(s.chain) !== undefined);
}

function flatten(steps: readonly Step[]): Emitted[] {
  return steps.flatMap((s) => s.ops);
}

function split(list: readonly Emitted[]): { ops: Located<Operation>[]; checks: RenameTypeCheck[] } {
  const checks: RenameTypeCheck[] = [];
  list.forEach((e, op) => {
    if (e.renameType !== undefined) checks.push({ op, kind: e.renameType.kind, azulType: e.renameType.azulType });
  });
  return { ops: list.map((e) => e.op), checks };
}

function reverseOf(file: string, steps: readonly Step[]): Emitted[] {
  const out: Emitted[] = [];
  for (const s of steps) {
    if (!Array.isArray(s.reverse)) {
      const r = s.reverse as { irreversible: string; loc: Fn["loc"] };
      fail("E_AZUL_IRREVERSIBLE", `\`${r.irreversible}\` is not reversible`, `\`exports.change\` may only make changes alab can undo (create, rename, add, index); write \`exports.up\` and \`exports.down\` instead; ${AZUL_DOCS}`, file, r.loc);
    }
  }
  for (const s of [...steps].reverse()) out.push(...(s.reverse as readonly Emitted[]));
  return out;
}

/**
 * One `schema.*` or `query.raw` chain as operations, for the manual-mode runner: when a manual
 * migration awaits a schema call, the live bridge turns that call's chain into operations here
 * and runs them (the chain's execution calls, `.then`/`.execute`, are the bridge's business).
 */
export function azulStatementOps(file: string, statement: Statement): Located<Operation>[] {
  const calls = statement.chain.calls.filter((c) => !EXECUTION.includes(c.name));
  return step(file, { root: statement.root, chain: { ...statement.chain, calls } }).ops.map((e) => e.op);
}

export type { Statement };

export function interpretAzul(ev: EvaluatedFile): AzulMigrationDef {
  const file = ev.file;
  const exp = readExports(file, ev.value);
  const change = readFnExport(file, "change", exp.change);
  const up = readFnExport(file, "up", exp.up);
  const down = readFnExport(file, "down", exp.down);
  let transaction = true;
  if (exp.transaction !== undefined) {
    if (typeof exp.transaction !== "boolean") fail("E_AZUL_EXPORTS", `\`transaction\` must be \`true\` or \`false\`, got ${describe(exp.transaction)}`, "write `exports.transaction = false` to run the migration outside a transaction", file, undefined);
    transaction = exp.transaction;
  }
  if (change !== undefined) {
    if (up !== undefined || down !== undefined) {
      fail("E_AZUL_EXPORTS", `the migration exports both \`change\` and \`${up !== undefined ? "up" : "down"}\``, "export either `change` (rollback is derived) or `up` and `down`, not both", file, change.loc);
    }
    if (isManual(file, change, "change")) {
      fail("E_AZUL_CHANGE_MANUAL", "`change` returns a promise, but a reversible migration cannot run in manual mode", "return nothing from `change`, or write `exports.up` and `exports.down` to run queries yourself", file, change.loc);
    }
    const steps = interpretFunction(file, change, "change");
    const u = split(flatten(steps));
    const d = split(reverseOf(file, steps));
    return { up: u.ops, down: d.ops, transaction, style: "azul", renameTypes: { up: u.checks, down: d.checks } };
  }
  if (up === undefined) {
    fail("E_AZUL_EXPORTS", down === undefined ? "the migration exports neither `up` nor `change`" : "the migration exports `down` but no `up`", "export `up` (and `down`), or `change`", file, down?.loc);
  }
  const manualUp = isManual(file, up, "up");
  const manualDown = down !== undefined && isManual(file, down, "down");
  const u = split(manualUp ? [] : flatten(interpretFunction(file, up, "up")));
  const d = down === undefined ? undefined : split(manualDown ? [] : flatten(interpretFunction(file, down, "down")));
  const def: AzulMigrationDef = {
    up: u.ops,
    down: d === undefined ? null : d.ops,
    transaction,
    style: "azul",
    renameTypes: { up: u.checks, down: d?.checks ?? [] },
  };
  return manualUp || manualDown ? { ...def, manual: { up: manualUp, down: manualDown } } : def;
}
