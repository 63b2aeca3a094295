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
import { checkLimits, DEFAULT_LIMITS } from "./limits";
import { type Limits, QuickJsHost } from "./vm";

export type { SourceFile } from "./evaluate";
export { SANDBOX_CODES } from "./failures";
export type { Limits } from "./vm";
export { DEFAULT_LIMITS } from "./limits";

export interface EvaluateOptions {
  /** false: no DSL call records where it was made (faster; see evaluateFile). Default true. */
  readonly locations?: boolean;
}

export interface Sandbox {
  /** Throws an AlabError pointing into the file. */
  evaluate(file: SourceFile, kind: FileKind, options?: EvaluateOptions): EvaluatedFile;
  /** Evaluates every file; throws AlabErrors with every failure (not just the first). */
  evaluateAll(files: readonly SourceFile[], kind: FileKind): EvaluatedFile[];
  dispose(): void;
}

export async function createSandbox(limits?: Partial<Limits>): Promise<Sandbox> {
  const effective: Limits = { ...DEFAULT_LIMITS, ...limits };
  checkLimits(effective);
  const host = await QuickJsHost.create(effective, { code: PRELUDE_SOURCE, filename: PRELUDE_FILE });
  let disposed = false;
  const evaluate = (file: SourceFile, kind: FileKind, options?: EvaluateOptions): EvaluatedFile => {
    if (disposed) throw new Error("sandbox: used after dispose()");
    return evaluateFile(host, file, kind, options?.locations !== false);
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
