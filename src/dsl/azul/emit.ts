/** Small constructors shared by the statement interpreters. */
import type { Chain, Fn, Loc } from "../../sandbox/protocol";
import type { Operation } from "../operations";
import { AZUL_DOCS, fail } from "./fail";
import type { Emitted } from "./types";

export function emit(file: string, loc: Loc, value: Operation): Emitted {
  return { op: { value, file, line: loc.line, column: loc.column } };
}

/**
 * The chains started from a callback's first parameter (`table`), in the order written. A
 * callback that uses further parameters gets nothing from Azul for them, so that is an error.
 */
export function callbackChains(file: string, fn: Fn, what: string): readonly Chain[] {
  for (const [i, log] of fn.params.entries()) {
    const used = log.find((c) => c.calls.length > 0);
    if (i > 0 && used !== undefined) {
      fail("E_AZUL_BAD_ARGUMENT", `${what} receives one argument (the table), but parameter ${i + 1} is used`, `define the callback as \`function (table) { ... }\`; ${AZUL_DOCS}`, file, used.calls[0]?.loc ?? fn.loc);
    }
  }
  return [...(fn.params[0] ?? [])].filter((c) => c.calls.length > 0).sort((a, b) => a.seq - b.seq);
}
