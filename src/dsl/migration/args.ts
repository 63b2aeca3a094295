/**
 * Reading the recorded arguments of a migration DSL call (`m.create_table(ref, fn)`,
 * `t.string(name, length)`) with errors that point at the call and show its correct spelling.
 */
import { parseIndexColumn } from "../../model/index-columns";
import { AlabError, type SourceLocation } from "../../errors";
import { didYouMean } from "../../model/suggest";
import { isIdentifier } from "../../model/names";
import type { Literal, ReferentialAction } from "../../model/types";
import { expressionProblem, unsafeExpression } from "../../sql/expression";
import { parseAction } from "./shorthand";
import { type Call, type Chain, type Fn, isTagged, type Value, describeValue } from "../../sandbox/protocol";

export const MIGRATION_DOCS = "see the migration DSL in docs/generation.md";

/** One call being read: where it is and how its correct use is spelled (`m.drop_table(ref)`). */
export interface Site {
  readonly file: string;
  readonly call: Call;
  readonly usage: string;
}

export function at(file: string, call: Call, label?: string): SourceLocation {
  const loc: SourceLocation = { file, line: call.loc.line, column: call.loc.column };
  if (label !== undefined) loc.label = label;
  return loc;
}

export function fail(code: string, message: string, hint: string, where: SourceLocation): never {
  throw new AlabError({ code, message, hint, at: where });
}

function usageName(usage: string): string {
  const paren = usage.indexOf("(");
  return paren < 0 ? usage : usage.slice(0, paren);
}

export { describeValue };

/** An unknown method: names the near misses. */
export function unknownMethod(file: string, call: Call, prefix: string, known: readonly string[], what: string): never {
  const suggestion = didYouMean(call.name, known, (c) => `${prefix}${c}`);
  return fail(
    "E_MIGRATION_UNKNOWN_METHOD",
    `unknown ${what} \`${prefix}${call.name}\``,
    MIGRATION_DOCS,
    at(file, call, suggestion),
  );
}

/** The call's arguments after checking their count; `undefined` arguments count as absent. */
export function argsOf(site: Site, min: number, max: number): readonly Value[] {
  const { call, usage } = site;
  if (call.args === null) {
    fail("E_MIGRATION_NOT_CALLED", `\`${usageName(usage)}\` is read but never called`, `write \`${usage}\``, at(site.file, call));
  }
  const args = [...call.args];
  while (args.length > 0) {
    const last = args[args.length - 1];
    if (last !== undefined && isTagged(last) && last.$alab === "undefined") args.pop();
    else break;
  }
  if (args.length < min || args.length > max) {
    const expected = min === max ? `${min}` : `${min} to ${max}`;
    fail(
      "E_MIGRATION_BAD_ARGUMENT",
      `\`${usageName(usage)}\` takes ${expected} argument${expected === "1" ? "" : "s"}, got ${args.length}`,
      `write \`${usage}\`; ${MIGRATION_DOCS}`,
      at(site.file, call),
    );
  }
  return args;
}

export function badArgument(site: Site, what: string, got: Value | undefined): never {
  return fail(
    "E_MIGRATION_BAD_ARGUMENT",
    `\`${usageName(site.usage)}\` expects ${what}, got ${describeValue(got)}`,
    `write \`${site.usage}\`; ${MIGRATION_DOCS}`,
    at(site.file, site.call),
  );
}

export function stringArg(site: Site, v: Value | undefined, what = "a string"): string {
  if (typeof v !== "string") return badArgument(site, what, v);
  return v;
}

/**
 * A table CHECK's expression: SQL by design, but refused unless it stays one expression inside its
 * CHECK (…) on every dialect (src/sql/expression.ts), before anything runs.
 */
export function expressionArg(site: Site, v: Value | undefined, what: string): string {
  const s = stringArg(site, v, "an SQL expression");
  const problem = expressionProblem(s);
  if (problem !== undefined) throw unsafeExpression(s, what, problem).withLocation(at(site.file, site.call));
  return s;
}

export function identifierArg(site: Site, v: Value | undefined, what: string): string {
  const s = stringArg(site, v, what);
  if (!isIdentifier(s)) {
    fail(
      "E_MIGRATION_BAD_IDENTIFIER",
      `${what} ${JSON.stringify(s)} is not a valid identifier`,
      "identifiers are lower-case letters, digits and underscores, not starting with a digit (^[a-z_][a-z0-9_]*$)",
      at(site.file, site.call),
    );
  }
  return s;
}

export function integerArg(site: Site, v: Value | undefined, what: string, min: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) return badArgument(site, what, v);
  return v;
}

export function numberArg(site: Site, v: Value | undefined, what = "a number"): number {
  if (typeof v !== "number" || !Number.isFinite(v)) return badArgument(site, what, v);
  return v;
}

export function booleanArg(site: Site, v: Value | undefined, what = "`true` or `false`"): boolean {
  if (typeof v !== "boolean") return badArgument(site, what, v);
  return v;
}

/** A list of identifiers, also accepted as a single string (`"email"` for `["email"]`). */
export function columnListArg(site: Site, v: Value | undefined, what: string): string[] {
  const list = typeof v === "string" ? [v] : v;
  if (!Array.isArray(list) || list.length === 0) return badArgument(site, what, v);
  const out: string[] = [];
  for (const item of list as readonly Value[]) {
    const name = identifierArg(site, item, "column name");
    if (out.includes(name)) fail("E_MIGRATION_BAD_ARGUMENT", `column \`${name}\` is listed twice`, "list each column once", at(site.file, site.call));
    out.push(name);
  }
  return out;
}

/** Index key columns: names, each optionally followed by ` asc` or ` desc`. */
export function indexColumnsArg(site: Site, v: Value | undefined): { column: string; descending: boolean }[] {
  const list = typeof v === "string" ? [v] : v;
  if (!Array.isArray(list) || list.length === 0) return badArgument(site, 'an array of column names (`"col"` or `"col desc"`)', v);
  const out: { column: string; descending: boolean }[] = [];
  for (const item of list as readonly Value[]) {
    const parsed = typeof item === "string" ? parseIndexColumn(item) : undefined;
    if (parsed === undefined) return badArgument(site, 'column names, each optionally followed by " desc"', item);
    if (out.some((o) => o.column === parsed.column)) fail("E_MIGRATION_BAD_ARGUMENT", `column \`${parsed.column}\` is listed twice`, "list each column once", at(site.file, site.call));
    out.push({ ...parsed });
  }
  return out;
}

export function objectArg(site: Site, v: Value | undefined, what: string): { readonly [k: string]: Value } {
  if (v === null || v === undefined || typeof v !== "object" || Array.isArray(v) || isTagged(v)) return badArgument(site, what, v);
  return v as { readonly [k: string]: Value };
}

/** An options object whose keys must all be known. */
export function optionsArg(site: Site, v: Value | undefined, known: readonly string[]): { readonly [k: string]: Value } {
  const obj = objectArg(site, v, `an options object with ${known.map((k) => `\`${k}\``).join(", ")}`);
  for (const key of Object.keys(obj)) {
    if (!known.includes(key)) {
      const suggestion = didYouMean(key, known, (c) => c);
      fail(
        "E_MIGRATION_BAD_ARGUMENT",
        `\`${usageName(site.usage)}\` has no option \`${key}\``,
        `options are ${known.map((k) => `\`${k}\``).join(", ")}; ${MIGRATION_DOCS}`,
        at(site.file, site.call, suggestion),
      );
    }
  }
  return obj;
}

export function fnArg(site: Site, v: Value | undefined, what = "a function such as `(t) => { ... }`"): Fn {
  if (v === undefined || v === null || !isTagged(v) || v.$alab !== "fn") return badArgument(site, what, v);
  return v.fn;
}

/** The chains started from a callback's first parameter; other parameters must be unused. */
export function paramChains(site: Site, fn: Fn): readonly Chain[] {
  for (let i = 1; i < fn.params.length; i++) {
    const extra = fn.params[i];
    const first = extra?.[0]?.calls[0];
    if (first !== undefined) {
      fail(
        "E_MIGRATION_BAD_ARGUMENT",
        `the callback of \`${usageName(site.usage)}\` uses a parameter ${i + 1}, which is never given`,
        `write \`${site.usage}\`; the callback receives one builder`,
        { file: site.file, line: first.loc.line, column: first.loc.column },
      );
    }
  }
  return [...(fn.params[0] ?? [])].sort((a, b) => a.seq - b.seq);
}

/** A recorded value as plain data, or an error naming what is not (a function, an expression). */
export function literalArg(site: Site, v: Value | undefined): Literal {
  if (v === undefined) return badArgument(site, "a value", v);
  if (v === null || typeof v === "string" || typeof v === "boolean" || typeof v === "number") return v;
  if (Array.isArray(v)) return (v as readonly Value[]).map((item) => literalArg(site, item));
  if (isTagged(v)) return badArgument(site, "plain data (a string, number, boolean, null, array or object)", v);
  const out: { [k: string]: Literal } = {};
  for (const [k, item] of Object.entries(v as { readonly [k: string]: Value })) out[k] = literalArg(site, item);
  return out;
}

/** A table reference in a migration: "ns.table" or a bare SQL name ("auth_role_auth_user"). */
export function refArg(site: Site, v: Value | undefined, what = "a table reference such as \"auth.user\""): string {
  const raw = stringArg(site, v, what);
  const parts = raw.split(".");
  const ok = (parts.length === 1 || parts.length === 2) && parts.every((p) => isIdentifier(p));
  if (!ok) {
    fail(
      "E_MIGRATION_BAD_REFERENCE",
      `table reference ${JSON.stringify(raw)} is not of the form "ns.table" or "table"`,
      "names are lower-case letters, digits and underscores (^[a-z_][a-z0-9_]*$)",
      at(site.file, site.call),
    );
  }
  return raw;
}

/** "CASCADE", "set null", "set_null", "nullify" ...: one of the five referential actions. */
export function actionArg(site: Site, v: Value | undefined): ReferentialAction {
  const raw = stringArg(site, v, 'an action such as "CASCADE" or "SET NULL"');
  const parsed = parseAction(raw);
  if (parsed === undefined) {
    fail("E_MIGRATION_BAD_ACTION", `unknown referential action ${JSON.stringify(raw)}`, 'use "CASCADE", "RESTRICT", "SET NULL", "SET DEFAULT" or "NO ACTION"', at(site.file, site.call));
  }
  return parsed;
}
