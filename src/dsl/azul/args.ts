/**
 * Reading the arguments of a recorded call. Every reader names the call as the user wrote it
 * (`table.string(column, options)`) so a wrong argument points at its call with the right usage.
 */
import { isAlabError } from "../../errors";
import { assertIdentifier } from "../../model/names";
import { didYouMean } from "../../model/suggest";
import { type Call, type Fn, isTagged, type Value, describeValue as describe } from "../../sandbox/protocol";
import { AZUL_DOCS, fail } from "./fail";

/** The strictest identifier length of the three dialects (PostgreSQL truncates silently beyond it). */
const MAX_NAME = 63;

/** A call being read, with the usage to show in hints: "table.string(column, [options])". */
export interface Site {
  readonly file: string;
  readonly call: Call;
  readonly usage: string;
}

export { describe };

function badArgument(site: Site, message: string): never {
  return fail("E_AZUL_BAD_ARGUMENT", message, `write it as \`${site.usage}\`; ${AZUL_DOCS}`, site.file, site.call.loc);
}

/** The arguments, with explicit `undefined` read as absent; too many is an error. */
export function readArgs(site: Site, max: number): (Value | undefined)[] {
  const raw = [...(site.call.args ?? [])];
  const isUndefined = (v: Value | undefined) => v === undefined || (isTagged(v) && v.$alab === "undefined");
  while (raw.length > 0 && isUndefined(raw[raw.length - 1])) raw.pop();
  if (raw.length > max) {
    badArgument(site, `\`${site.call.name}\` takes at most ${max} argument${max === 1 ? "" : "s"}, got ${raw.length}`);
  }
  const out: (Value | undefined)[] = [];
  for (let i = 0; i < max; i++) {
    const v = raw[i];
    out.push(isUndefined(v) ? undefined : v);
  }
  return out;
}

export function readString(site: Site, v: Value | undefined, what: string): string {
  if (typeof v !== "string") badArgument(site, `${what} of \`${site.call.name}\` must be a string, got ${describe(v)}`);
  return v;
}

/** A table, column or index name: a valid identifier that no dialect would shorten. */
export function readName(site: Site, v: Value | undefined, what: string): string {
  const name = readString(site, v, what);
  checkName(site.file, site.call, name, what);
  return name;
}

export function checkName(file: string, call: Call, name: string, what: string): void {
  try {
    assertIdentifier(name, what);
  } catch (e) {
    if (isAlabError(e)) throw e.withLocation({ file, line: call.loc.line, column: call.loc.column });
    throw e;
  }
  if (name.length > MAX_NAME) {
    fail(
      "E_AZUL_NAME_TOO_LONG",
      `${what} \`${name}\` is ${name.length} characters long; databases allow ${MAX_NAME}`,
      "use a shorter name (for an index, pass `{ name: ... }`)",
      file,
      call.loc,
    );
  }
}

/** A column name or an array of them (Azul accepts both wherever columns are listed). */
export function readColumns(site: Site, v: Value | undefined, what: string): string[] {
  const list = Array.isArray(v) ? v : [v];
  if (list.length === 0) badArgument(site, `${what} of \`${site.call.name}\` must name at least one column`);
  const out = list.map((c) => readName(site, c, what));
  const dup = out.find((c, i) => out.indexOf(c) !== i);
  if (dup !== undefined) badArgument(site, `${what} of \`${site.call.name}\` lists \`${dup}\` twice`);
  return out;
}

export function readFn(site: Site, v: Value | undefined, what: string): Fn {
  if (v === undefined || v === null || !isTagged(v) || v.$alab !== "fn") {
    badArgument(site, `${what} of \`${site.call.name}\` must be a function, got ${describe(v)}`);
  }
  return v.fn;
}

/** An options object with known keys only; absent reads as {}. */
export function readOptions(site: Site, v: Value | undefined, allowed: readonly string[]): Record<string, Value> {
  if (v === undefined) return {};
  if (v === null || typeof v !== "object" || Array.isArray(v) || isTagged(v)) {
    badArgument(site, `the options of \`${site.call.name}\` must be an object, got ${describe(v)}`);
  }
  const out: Record<string, Value> = {};
  for (const key of Object.keys(v).sort()) {
    const value = (v as { readonly [k: string]: Value })[key];
    if (value === undefined || (isTagged(value) && value.$alab === "undefined")) continue;
    if (!allowed.includes(key)) {
      const near = didYouMean(key, allowed, (c) => c);
      const known = allowed.length === 0 ? "it takes none" : `known: ${allowed.map((a) => `\`${a}\``).join(", ")}`;
      fail(
        "E_AZUL_BAD_ARGUMENT",
        `\`${site.call.name}\` has no option \`${key}\``,
        `${near ?? known}; ${AZUL_DOCS}`,
        site.file,
        site.call.loc,
      );
    }
    out[key] = value;
  }
  return out;
}

/** A positive whole number option such as `length` or `precision`. */
export function readPositiveInt(site: Site, v: Value, what: string, allowZero = false): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < (allowZero ? 0 : 1)) {
    badArgument(site, `${what} must be a ${allowZero ? "non-negative" : "positive"} whole number, got ${describe(v)}`);
  }
  return v;
}

export function readBoolean(site: Site, v: Value, what: string): boolean {
  if (typeof v !== "boolean") badArgument(site, `${what} must be \`true\` or \`false\`, got ${describe(v)}`);
  return v;
}

/** A method that was read but not called (`table.notNull` without parentheses). */
export function requireCalled(file: string, call: Call, owner: string): void {
  if (call.args === null) {
    fail(
      "E_AZUL_NOT_CALLED",
      `\`${owner}.${call.name}\` is read but never called`,
      `add the parentheses: \`${owner}.${call.name}(...)\``,
      file,
      call.loc,
    );
  }
}

/** Unknown method, with the nearest known ones (and the camelCase spelling of snake_case). */
export function unknownMethod(file: string, call: Call, owner: string, known: readonly string[], extra = ""): never {
  const camel = call.name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
  const near = known.includes(camel) && camel !== call.name ? `did you mean \`${camel}\`?` : didYouMean(call.name, known, (c) => c);
  const list = `${owner} methods are ${known.map((k) => `\`${k}\``).join(", ")}`;
  return fail(
    "E_AZUL_UNKNOWN_METHOD",
    `unknown method \`${owner}.${call.name}\`${extra}`,
    `${near === undefined ? list : `${near} (${list})`}; ${AZUL_DOCS}`,
    file,
    call.loc,
  );
}
