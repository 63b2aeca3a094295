/**
 * The front door for evaluating many files. Literal DSL files (the form `alab new` writes) are read
 * without running them (literal-record.ts: the same recording, without the cost of a QuickJS
 * context); every other file runs in QuickJS, which is loaded only when the first such file comes.
 * Each recording is handed to `use` as soon as it exists and then dropped, so a long list never
 * holds every recording at once.
 */
import { AlabError, AlabErrors, isAlabError, throwAll } from "../errors";
import type { SourceFile } from "./evaluate";
import type { Sandbox } from "./index";
import { checkLimits, DEFAULT_LIMITS } from "./limits";
import { readLiteralFile } from "./literal-record";
import type { EvaluatedFile, FileKind } from "./protocol";
import type { Limits } from "./session";

function collect(errors: AlabError[], e: unknown): void {
  if (e instanceof AlabErrors) errors.push(...e.errors);
  else if (isAlabError(e)) errors.push(e);
  else throw e;
}

/**
 * Evaluates every file and passes each recording to `use`, in order. Failures of evaluation and
 * AlabErrors thrown by `use` are collected over all files: one is thrown as it is, several as
 * AlabErrors, so every broken file is reported in one pass.
 */
export async function evaluateFiles<T>(
  files: readonly SourceFile[],
  kind: FileKind,
  limits: Partial<Limits> | undefined,
  use: (ev: EvaluatedFile, index: number) => T,
  /** false: files run in QuickJS record no call locations (see evaluateFile); literal files always do. */
  locations = true,
): Promise<T[]> {
  const effective: Limits = { ...DEFAULT_LIMITS, ...limits };
  checkLimits(effective);
  let sandbox: Sandbox | undefined;
  const out: T[] = [];
  const errors: AlabError[] = [];
  try {
    for (const [i, file] of files.entries()) {
      try {
        let ev = readLiteralFile(file, kind, effective);
        if (ev === null) {
          // Loaded here: the WebAssembly costs start-up time and memory literal files do not need.
          sandbox ??= await (await import("./index")).createSandbox(effective);
          ev = sandbox.evaluate(file, kind, { locations });
        }
        out.push(use(ev, i));
      } catch (e) {
        collect(errors, e);
      }
    }
  } finally {
    sandbox?.dispose();
  }
  throwAll(errors);
  return out;
}

/** One file (its failure thrown as it is). */
export async function evaluateOne(file: SourceFile, kind: FileKind, limits?: Partial<Limits>): Promise<EvaluatedFile> {
  const [ev] = await evaluateFiles([file], kind, limits, (e) => e);
  return ev as EvaluatedFile;
}
