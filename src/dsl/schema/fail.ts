/**
 * How the schema DSL reports a mistake: an AlabError pointing at the recorded call. Every code
 * used by the schema DSL and the normalizer is listed in SCHEMA_HELP, so docs/errors.md and the
 * tests can enumerate them.
 */
import { AlabError, type SourceLocation } from "../../errors";
import type { Call, Loc } from "../../sandbox/protocol";

export const SCHEMA_DOCS = "see docs/schema.md";

/**
 * Where a mistake is. Given a recorded call, the span is the call's name (the sandbox records the
 * position of the property name: `strng` in `col.strng(255)`), so the code frame underlines it.
 */
export function locate(file: string, where: Call | Loc | undefined, label?: string): SourceLocation {
  const at: SourceLocation = { file };
  const loc = where === undefined ? undefined : "loc" in where ? where.loc : where;
  if (loc !== undefined) {
    at.line = loc.line;
    at.column = loc.column;
  }
  if (where !== undefined && "name" in where && where.name.length > 0) at.length = where.name.length;
  if (label !== undefined) at.label = label;
  return at;
}

export function schemaError(code: string, message: string, hint: string, at: SourceLocation): AlabError {
  return new AlabError({ code, message, hint, at });
}

/** Throwing form for the interpreter, which stops at a file's first mistake. */
export function fail(code: string, message: string, hint: string, at: SourceLocation): never {
  throw schemaError(code, message, hint, at);
}

/** "`a`, `b` and `c`" */
export function listNames(names: readonly string[]): string {
  const quoted = names.map((n) => `\`${n}\``);
  if (quoted.length <= 1) return quoted.join("");
  return `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}`;
}
