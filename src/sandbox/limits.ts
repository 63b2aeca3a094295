/**
 * The sandbox's limits per file and their validation: separate from the QuickJS host so a command
 * whose files are all literal (literal-record.ts) checks its configuration without loading QuickJS.
 */
import { AlabError } from "../errors";
import type { Limits } from "./session";

/**
 * Stack: 128 KiB of QuickJS stack is ~680 frames of plain recursion, plenty for DSL files. QuickJS
 * measures only its WebAssembly shadow stack, while WebAssembly frames also use the host's native
 * stack: with 1 MiB, plain recursion overflowed Bun's stack (a host RangeError) before QuickJS
 * noticed, and at 160 KiB deep JSON.parse did. The host error is still caught (E_SANDBOX_STACK)
 * and the instance replaced, but that path is the exception, not the rule.
 *
 * Memory: enforced as a cap on the WebAssembly memory (the limit plus 16 MiB for QuickJS itself,
 * see wasm.ts); QuickJS's own limit is set too but counts allocations rather than bytes.
 * Time: enforced at QuickJS's interrupt polls and between promise jobs; a loop whose every
 * iteration spends long in one builtin call can overrun it (polls come every ~10 000 iterations).
 */
export const DEFAULT_LIMITS: Limits = {
  timeoutMs: 5000,
  memoryBytes: 64 * 1024 * 1024,
  stackBytes: 128 * 1024,
};

/** QuickJS's stack limit must stay below the WebAssembly shadow stack (5 MiB in this build). */
const MAX_STACK_BYTES = 4 * 1024 * 1024;

export function checkLimits(limits: Limits): void {
  for (const [key, value] of Object.entries(limits)) {
    const tooBig = key === "stackBytes" && value > MAX_STACK_BYTES;
    if (typeof value !== "number" || !Number.isFinite(value) || value <= 0 || tooBig) {
      throw new AlabError({
        code: "E_SANDBOX_LIMITS",
        message: `sandbox limit ${key} must be a positive number${key === "stackBytes" ? " up to 4 MiB" : ""}, got ${String(value)}`,
        hint: "set sandbox.timeout_ms and sandbox.memory_mb in alab.yaml to positive integers",
      });
    }
  }
}

