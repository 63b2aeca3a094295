/**
 * Every way evaluating a file can fail, as AlabErrors pointing into the user's file. The codes are
 * listed in SANDBOX_CODES (for docs/errors.md and the tests).
 */
import { AlabError, EXIT, type SourceLocation, unreachable } from "../errors";
import type { Loc } from "./protocol";
import { VmFailed } from "./session";
import type { Limits, VmFailure } from "./vm";

export const SANDBOX_CODES = {
  E_SANDBOX_SYNTAX: "the file does not parse (JavaScript, or TypeScript before stripping)",
  E_SANDBOX_THROWN: "the file threw an exception while it was evaluated",
  E_SANDBOX_IMPORT: 'the file imports a module other than "alab"',
  E_SANDBOX_FORBIDDEN: "the file used something the sandbox refuses (Math.random, Function constructors, assigning to DSL objects)",
  E_SANDBOX_VALUE: "a value passed to the DSL or exported cannot be recorded (non-finite number, bigint, symbol, cycle, `$alab` key, class instance)",
  E_SANDBOX_NO_EXPORT: "a schema file without a default export, or a migration file that exports nothing",
  E_SANDBOX_DUPLICATE_EXPORT: "a migration exports the same name as an ES export and through CommonJS `exports`",
  E_SANDBOX_PENDING: "the file's top-level await never finished",
  E_SANDBOX_JOBS: "the file ran more promise callbacks than any schema or migration file needs (an endless promise chain)",
  E_SANDBOX_TIMEOUT: "the file ran longer than the sandbox time limit",
  E_SANDBOX_MEMORY: "the file used more memory than the sandbox memory limit, or is too large to evaluate within it",
  E_SANDBOX_RECORDING: "the file recorded more DSL calls and values (or characters of them) than alab takes from one file at the sandbox memory limit",
  E_SANDBOX_STACK: "the file recursed deeper than the sandbox stack allows",
  E_SANDBOX_LIMITS: "createSandbox was given a limit that is not a positive number",
  E_SANDBOX_EXHAUSTED: "a file was not evaluated because an earlier file broke the sandbox and its replacement was not ready yet",
} as const;

const ENGINE_LOCATED: ReadonlySet<string> = new Set([
  "E_SANDBOX_SYNTAX", "E_SANDBOX_IMPORT", "E_SANDBOX_TIMEOUT", "E_SANDBOX_MEMORY", "E_SANDBOX_STACK",
  "E_SANDBOX_JOBS", "E_SANDBOX_PENDING", "E_SANDBOX_EXHAUSTED", "E_SANDBOX_LIMITS", "E_SANDBOX_RECORDING",
] satisfies (keyof typeof SANDBOX_CODES)[]);

/**
 * Whether a failure is located by the engine (its stack or the parser) or not at all, never by a
 * recorded DSL call: evaluating the file again with call locations would give the same error.
 */
export function isEngineLocated(code: string): boolean {
  return ENGINE_LOCATED.has(code);
}

/** What the prelude's describe() returns for an exception. */
export interface Described {
  readonly code?: string;
  readonly hint?: string;
  readonly name?: string;
  readonly message: string;
  readonly loc: Loc | null;
  /** The DSL method the location belongs to (the location is then moved onto its name). */
  readonly call?: string | null;
  readonly compile?: boolean;
}

/** Said of an exception the prelude could not describe (it describes anything; this is the backstop). */
const UNDESCRIBED: Described = { message: "the file threw a value that cannot be described", loc: null };
/** Longest message of a described exception: the prelude bounds its texts too. */
const MESSAGE_MAX = 4000;

/**
 * The prelude's description of an exception (`describe` calls into the sandbox). A limit hit
 * while describing is that limit; anything else that goes wrong is UNDESCRIBED, never a crash.
 */
export function describeSafely(describe: () => string): Described {
  try {
    const d = JSON.parse(describe()) as Described | null;
    return typeof d === "object" && d !== null && typeof d.message === "string" ? d : UNDESCRIBED;
  } catch (e) {
    if (e instanceof VmFailed && e.failure.kind !== "exception") throw e;
    return UNDESCRIBED;
  }
}

const SANDBOXED = new Set([
  "process", "require", "Bun", "Deno", "fetch", "setTimeout", "setInterval", "setImmediate", "clearTimeout",
  "clearInterval", "queueMicrotask", "Date", "eval", "WeakRef", "FinalizationRegistry", "XMLHttpRequest", "WebSocket",
  "structuredClone", "performance", "crypto", "Buffer", "__dirname", "__filename",
]);

function at(file: string, loc: Loc | null): SourceLocation {
  return loc === null ? { file } : { file, line: loc.line, column: loc.column };
}

export function describedError(file: string, d: Described, loc: Loc | null): AlabError {
  if (d.code !== undefined) {
    return new AlabError({ code: d.code, message: d.message, hint: d.hint, at: at(file, loc) });
  }
  if (d.compile === true) {
    return new AlabError({ code: "E_SANDBOX_SYNTAX", message: `syntax error: ${d.message}`, hint: "fix the syntax at this location", at: at(file, loc) });
  }
  const missing = /^'([\w$]+)' is not defined$/.exec(d.message)?.[1];
  const hint =
    missing !== undefined && SANDBOXED.has(missing)
      ? `\`${missing}\` is not available: alab files run in a sandbox that provides only the DSL, \`console\` and the standard JavaScript built-ins without Date and Math.random`
      : "the file threw while alab evaluated it; fix the code at this location";
  const full = d.name !== undefined && d.name !== "" ? `${d.name}: ${d.message}` : d.message;
  const message = full.length > MESSAGE_MAX ? `${full.slice(0, MESSAGE_MAX)}…` : full;
  return new AlabError({ code: "E_SANDBOX_THROWN", message, hint, at: at(file, loc) });
}

function kib(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${Math.round(bytes / 1024)} KiB`;
}

/** Characters of text, in the units a reader of a file size expects. */
function mib(chars: number): string {
  return `${(chars / (1024 * 1024)).toFixed(1)} MiB`;
}

/** A failure that is not a described exception (limits, imports the loader refused). */
export function limitError(file: string, failure: Exclude<VmFailure, { kind: "exception" }>, limits: Limits, loc: Loc | null): AlabError {
  const where = at(file, loc);
  switch (failure.kind) {
    case "timeout":
      return new AlabError({
        code: "E_SANDBOX_TIMEOUT",
        message: `${file} did not finish within ${limits.timeoutMs} ms, the sandbox time limit`,
        hint: "look for an endless loop (also in promise callbacks); if the file is really that slow, raise sandbox.timeout_ms in alab.yaml",
        at: where,
      });
    case "memory":
      return new AlabError({
        code: "E_SANDBOX_MEMORY",
        message: `${file} needed more than ${kib(limits.memoryBytes)}, the sandbox memory limit`,
        hint: "look for an array or string that grows without end; if the file really needs more, raise sandbox.memory_mb in alab.yaml",
        at: where,
      });
    case "stack":
      return new AlabError({
        code: "E_SANDBOX_STACK",
        message: `${file} recursed too deeply (sandbox stack limit ${kib(limits.stackBytes)})`,
        hint: "look for a function that calls itself without end, or for values or code nested thousands of levels deep",
        at: where,
      });
    case "pending":
      return new AlabError({
        code: "E_SANDBOX_PENDING",
        message: `${file} awaits something at the top level that never settles`,
        hint: "alab files cannot wait for timers or I/O; remove the top-level await",
        at: where,
      });
    case "jobs":
      return new AlabError({
        code: "E_SANDBOX_JOBS",
        message: `${file} ran more than ${failure.limit} promise callbacks, more than any alab file needs`,
        hint: "look for a promise callback that schedules another one without end; alab files describe tables and need no asynchronous code",
        at: where,
      });
    case "import":
      return importError(file, failure.specifier, loc);
    case "exhausted":
      return new AlabError({
        code: "E_SANDBOX_EXHAUSTED",
        message: `${file} was not evaluated: the sandbox is restarting after an earlier file broke it (a host stack overflow, or a limit hit inside promise callbacks)`,
        hint: "fix the file reported before this one (E_SANDBOX_STACK, E_SANDBOX_TIMEOUT or E_SANDBOX_MEMORY) and run the command again",
        exit: EXIT.runtime,
        at: { file },
      });
    default:
      return unreachable(failure, "sandbox failure");
  }
}

/**
 * A file too large for QuickJS to hold within the memory limit (budgets.ts), refused before the
 * host reads it further.
 */
export function sourceTooLarge(file: string, chars: number, limits: Limits, maxChars: number): AlabError {
  return new AlabError({
    code: "E_SANDBOX_MEMORY",
    message: `${file} is ${mib(chars)} of text, more than the ${mib(maxChars)} a sandbox memory limit of ${kib(limits.memoryBytes)} can evaluate`,
    hint: "a schema or migration file this large is not expected; split it, or raise sandbox.memory_mb in alab.yaml",
    at: { file },
  });
}

export function importError(file: string, specifier: string | null, loc: Loc | null): AlabError {
  const what = specifier === null ? "a dynamic import() whose module is not a string literal" : `an import of "${specifier}"`;
  return new AlabError({
    code: "E_SANDBOX_IMPORT",
    message: `${what} is not allowed: alab files may only import "alab"`,
    hint: 'use the DSL through the globals or `import { ... } from "alab"`; alab files cannot load other code',
    at: at(file, loc),
  });
}

/**
 * The first frame of a QuickJS stack that is in `file`, with the column converted from code
 * points to UTF-16 units of `text`. Mirrors locFromStack in the prelude, for the errors QuickJS
 * raises itself (interrupts, out of memory) whose description cannot run code in the context.
 */
export function locFromStack(stack: string, file: string, text: string): Loc | null {
  for (const line of stack.split("\n")) {
    const paren = line.lastIndexOf(`(${file}:`);
    const bare = line.indexOf(`at ${file}:`);
    const start = paren >= 0 ? paren + file.length + 2 : bare >= 0 ? bare + file.length + 4 : -1;
    if (start < 0) continue;
    const m = /^(\d+):(\d+)/.exec(line.slice(start));
    if (m === null) continue;
    const lineNo = Number(m[1]);
    const lines = text.split("\n");
    const chars = Array.from(lines[lineNo - 1] ?? "").slice(0, Number(m[2]) - 1);
    return { line: lineNo, column: chars.join("").length + 1 };
  }
  return null;
}
