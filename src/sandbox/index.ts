/**
 * The sandbox: evaluates schema and migration files in QuickJS (WebAssembly) and returns what they
 * recorded (protocol.ts). One WebAssembly instance and one runtime are shared while files behave
 * (vm.ts says when they are replaced); every file gets a fresh context, so nothing a file does
 * reaches another file or the host.
 */
import { AlabError, AlabErrors, isAlabError } from "../errors";
import { evaluateFile, type SourceFile } from "./evaluate";
import { PRELUDE_FILE, PRELUDE_SOURCE } from "./prelude";
import type { EvaluatedFile, FileKind } from "./protocol";
import { type Limits, QuickJsHost } from "./vm";

export type { SourceFile } from "./evaluate";
export { SANDBOX_CODES } from "./failures";
export type { Limits } from "./vm";

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

export interface Sandbox {
  /** Throws an AlabError pointing into the file. */
  evaluate(file: SourceFile, kind: FileKind): EvaluatedFile;
  /** Evaluates every file; throws AlabErrors with every failure (not just the first). */
  evaluateAll(files: readonly SourceFile[], kind: FileKind): EvaluatedFile[];
  dispose(): void;
}

/** QuickJS's stack limit must stay below the WebAssembly shadow stack (5 MiB in this build). */
const MAX_STACK_BYTES = 4 * 1024 * 1024;

function checkLimits(limits: Limits): void {
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

export async function createSandbox(limits?: Partial<Limits>): Promise<Sandbox> {
  const effective: Limits = { ...DEFAULT_LIMITS, ...limits };
  checkLimits(effective);
  const host = await QuickJsHost.create(effective, { code: PRELUDE_SOURCE, filename: PRELUDE_FILE });
  let disposed = false;
  const evaluate = (file: SourceFile, kind: FileKind): EvaluatedFile => {
    if (disposed) throw new Error("sandbox: used after dispose()");
    return evaluateFile(host, file, kind);
  };
  return {
    evaluate,
    evaluateAll(files, kind) {
      const results: EvaluatedFile[] = [];
      const errors: AlabError[] = [];
      for (const file of files) {
        try {
          results.push(evaluate(file, kind));
        } catch (e) {
          if (!isAlabError(e)) throw e;
          errors.push(e);
        }
      }
      if (errors.length > 0) throw new AlabErrors(errors);
      return results;
    },
    dispose() {
      disposed = true;
      host.dispose();
    },
  };
}
