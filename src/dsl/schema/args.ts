/**
 * Reading the arguments of a recorded call: arity and type checks that name the call as the user
 * wrote it (`col.string(length)`, `.default(value)`) in the error.
 */
import type { Literal } from "../../model/types";
import { type Call, isTagged, type Value, describeValue } from "../../sandbox/protocol";
import { fail, locate, SCHEMA_DOCS } from "./fail";

/** One call being read: where it is and how to spell its correct use in a hint. */
export interface Site {
  readonly file: string;
  readonly call: Call;
  /** e.g. "col.string(length)" or ".default(value)". */
  readonly usage: string;
}

/** A value as it would be written in the file, shortened when long. */
export function showValue(v: Value): string {
  if (isTagged(v)) return describeValue(v);
  const text = JSON.stringify(v);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

export { describeValue };

function usageName(usage: string): string {
  const paren = usage.indexOf("(");
  return paren < 0 ? usage : usage.slice(0, paren);
}

/** The call's arguments, after checking it was called with between `min` and `max` of them. */
export function argsOf(site: Site, min: number, max: number): readonly Value[] {
  const { file, call, usage } = site;
  if (call.args === null) {
    fail("E_SCHEMA_NOT_CALLED", `\`${usageName(usage)}\` is read but never called`, `write \`${usage}\``, locate(file, call));
  }
  const args = call.args;
  if (args.length < min || args.length > max) {
    const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    const plural = (min === max || max === Infinity ? min : max) === 1 ? "" : "s";
    fail(
      "E_SCHEMA_BAD_ARGUMENT",
      `\`${usageName(usage)}\` takes ${expected} argument${plural}, got ${args.length}`,
      `write \`${usage}\`; ${SCHEMA_DOCS}`,
      locate(file, call),
    );
  }
  return args;
}

export function badArgument(site: Site, what: string, got: Value): never {
  return fail(
    "E_SCHEMA_BAD_ARGUMENT",
    `\`${usageName(site.usage)}\` expects ${what}, got ${describeValue(got)}`,
    `write \`${site.usage}\`; ${SCHEMA_DOCS}`,
    locate(site.file, site.call),
  );
}

export function stringArg(site: Site, v: Value | undefined, what = "a string"): string {
  if (typeof v !== "string") return badArgument(site, what, v ?? { $alab: "undefined" });
  return v;
}

export function numberArg(site: Site, v: Value | undefined, what = "a number"): number {
  if (typeof v !== "number" || !Number.isFinite(v)) return badArgument(site, what, v ?? { $alab: "undefined" });
  return v;
}

export function stringListArg(site: Site, v: Value | undefined, what: string): readonly Value[] {
  if (!Array.isArray(v)) return badArgument(site, what, v ?? { $alab: "undefined" });
  return v as readonly Value[];
}

/** A plain object argument (not an array, not a recorded chain or function). */
export function objectArg(site: Site, v: Value | undefined, what: string): { readonly [k: string]: Value } {
  if (v === null || v === undefined || typeof v !== "object" || Array.isArray(v) || isTagged(v)) {
    return badArgument(site, what, v ?? { $alab: "undefined" });
  }
  return v as { readonly [k: string]: Value };
}

/**
 * A recorded value as a Literal, or a description of the first part that is not plain data
 * (a function, a recorded expression, undefined).
 */
export function toLiteral(v: Value): { ok: true; value: Literal } | { ok: false; bad: string } {
  if (v === null || typeof v === "string" || typeof v === "boolean" || typeof v === "number") return { ok: true, value: v };
  if (Array.isArray(v)) {
    const out: Literal[] = [];
    for (const item of v as readonly Value[]) {
      const r = toLiteral(item);
      if (!r.ok) return r;
      out.push(r.value);
    }
    return { ok: true, value: out };
  }
  if (isTagged(v)) return { ok: false, bad: describeValue(v) };
  const out: { [k: string]: Literal } = {};
  for (const [k, item] of Object.entries(v as { readonly [k: string]: Value })) {
    const r = toLiteral(item);
    if (!r.ok) return r;
    out[k] = r.value;
  }
  return { ok: true, value: out };
}
