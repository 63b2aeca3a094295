/**
 * How the Azul interpreter reports a mistake: an AlabError at the recorded call. The codes are
 * listed in AZUL_CODES so docs and tests can enumerate them.
 */
import { AlabError, type SourceLocation } from "../../errors";
import type { Loc } from "../../sandbox/protocol";

export const AZUL_DOCS = "see docs/azul.md";

export const AZUL_CODES = [
  "E_AZUL_EXPORTS",
  "E_AZUL_IRREVERSIBLE",
  "E_AZUL_CHANGE_MANUAL",
  "E_AZUL_SEQUENTIAL_QUERY",
  "E_AZUL_UNKNOWN_METHOD",
  "E_AZUL_NOT_CALLED",
  "E_AZUL_BAD_ARGUMENT",
  "E_AZUL_MISSING_CALLBACK",
  "E_AZUL_MULTIPLE_PK",
  "E_AZUL_DUPLICATE",
  "E_AZUL_UNKNOWN_COLUMN",
  "E_AZUL_RENAME_TYPE",
  "E_AZUL_DECIMAL_SCALE",
  "E_AZUL_DEFAULT",
  "E_AZUL_REFERENCE",
  "E_AZUL_FK_ACTION",
  "E_AZUL_UNSUPPORTED",
  "E_AZUL_RAW_ARGS",
  "E_AZUL_NAME_TOO_LONG",
] as const;

export type AzulCode = (typeof AZUL_CODES)[number];

export function at(file: string, loc: Loc | undefined): SourceLocation {
  return loc === undefined ? { file } : { file, line: loc.line, column: loc.column };
}

export function fail(code: AzulCode, message: string, hint: string, file: string, loc: Loc | undefined): never {
  throw new AlabError({ code, message, hint, at: at(file, loc) });
}

/** "`a`, `b` or `c`" */
export function orList(names: readonly string[]): string {
  const quoted = names.map((n) => `\`${n}\``);
  if (quoted.length <= 1) return quoted.join("");
  return `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}`;
}
