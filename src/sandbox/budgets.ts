/**
 * What one file may cost, derived from the sandbox limits, for both readers of user files.
 *
 * Both readers enforce the same two outer bounds, so they agree on every file:
 * - the source's size: past it, QuickJS could not hold the text within its memory limit (the host
 *   copies it into the WebAssembly memory twice, unchecked), so the file is refused up front with
 *   E_SANDBOX_MEMORY, before the host tokenizes it;
 * - the recording's size (values, chains and calls, and the characters of their strings, names
 *   and keys, counted the same way on both sides): past it the file is refused with
 *   E_SANDBOX_RECORDING. Everything after the boundary (DSL, normalize, diff, codegen) works on
 *   the recording, so this also bounds them; a recording can be exponential in the text (an
 *   arrow's returned chain is recorded twice), so the count stops it while it is built.
 *
 * The literal reader has budgets of its own on top (tokens, nesting, arguments, the work of
 * locating functions), so that it gives up long before it holds as much memory as QuickJS may,
 * and never recurses deeply on the host's stack. Giving up is `null`: QuickJS decides, under its
 * own limits. At the default 64 MiB, a first migration of ~1100 ten-column tables is within every
 * budget (tests/sandbox/literal.test.ts); a larger one is E_SANDBOX_RECORDING on both paths.
 */
import type { Limits } from "./session";

export interface Budgets {
  /** Longest source text either reader takes (UTF-16 units). */
  readonly sourceChars: number;
  /** Most values, chains and calls a file's recording may hold. */
  readonly recordedNodes: number;
  /** Most characters of strings, keys and method names a file's recording may hold. */
  readonly recordedChars: number;
  /** The literal reader: most tokens it holds (each costs ~70 bytes on the host). */
  readonly literalTokens: number;
  /** The literal reader: deepest nesting of arrays, objects, calls and functions. */
  readonly literalDepth: number;
  /** The literal reader: most arguments of one call. */
  readonly literalArgs: number;
  /**
   * The literal reader: most work locating functions in the text, counted as the naive cost of
   * each search (window × pattern), which a file of many alike callbacks would make quadratic.
   */
  readonly literalSearch: number;
}

/**
 * Measured on QuickJS (the smallest memory limit a literal file evaluates under): a recorded node
 * costs it 140 bytes in a generated migration and up to ~450 in the worst shape measured (30 000
 * columns in one table, 90 000 nodes: 40 MiB), so 1 KiB of limit per node keeps every literal
 * file within QuickJS's limit with room to spare. A nesting level costs up to ~1.7 KiB of its
 * stack (nested functions), so 4 KiB of stack limit per level keeps the deepest mix under half.
 */
export function budgetsFor(limits: Limits): Budgets {
  const memory = limits.memoryBytes;
  return {
    sourceChars: Math.floor(memory / 16),
    recordedNodes: Math.floor(memory / 1024),
    recordedChars: Math.floor(memory / 8),
    literalTokens: Math.floor(memory / 256),
    literalDepth: Math.max(8, Math.floor(limits.stackBytes / 4096)),
    literalArgs: 64,
    literalSearch: memory,
  };
}
