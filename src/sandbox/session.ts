/**
 * One session: a fresh QuickJS context under a deadline. Evaluates scripts and modules, calls
 * functions, runs pending promise jobs, and turns every exception into a VmFailure (timeout,
 * memory, stack, refused import, or a plain exception left for the caller to describe). Every
 * handle it returns is owned by the session and released with it.
 */
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, VmCallResult } from "quickjs-emscripten-core";
import { unreachable } from "../errors";

export interface Limits {
  readonly timeoutMs: number;
  readonly memoryBytes: number;
  readonly stackBytes: number;
}

export type VmFailure =
  // `stack`: QuickJS's own backtrace of the error that stopped the file, when there is one.
  | { readonly kind: "timeout"; readonly stack?: string }
  | { readonly kind: "memory"; readonly stack?: string }
  | { readonly kind: "stack"; readonly stack?: string }
  | { readonly kind: "pending" } // the module's top-level await never settled
  | { readonly kind: "jobs"; readonly limit: number } // more promise callbacks ran than a file may run
  | { readonly kind: "exhausted" } // the WebAssembly instance is unusable and no fresh one is ready yet
  | { readonly kind: "import"; readonly specifier: string }
  | { readonly kind: "exception"; readonly error: QuickJSHandle };

export class VmFailed extends Error {
  constructor(readonly failure: VmFailure) {
    super(`sandbox: ${failure.kind}`);
  }
}

/** What a session needs from its host: the runtime, the deadline and the loader's refusals. */
export interface SessionHost {
  readonly runtime: QuickJSRuntime;
  /** True once the deadline passed (the interrupt handler fired, or time is up between jobs). */
  expired(): boolean;
  /**
   * True once QuickJS ran out of memory in this session (its memory refused to grow, wasm.ts),
   * whatever the file did with the error: caught it, or let it reject a promise nobody awaits.
   */
  outOfMemory(): boolean;
  /** Runs trusted realm code with the interrupt handler quiet. */
  uninterrupted<T>(run: () => T): T;
  readonly timedOut: boolean;
  readonly refusedImport: string | null;
}

const JOB_BATCH = 256;

/** What the realm tells of an Error: its built-in prototype's name (null for others), message and stack. */
interface ErrorFacts {
  readonly builtin: string | null;
  readonly message: string;
  readonly stack: string;
}

export class Session {
  private readonly owned: QuickJSHandle[] = [];
  /** Promise jobs run so far: an interrupt or out-of-memory inside one can leak inside QuickJS. */
  jobsRun = 0;

  constructor(
    private readonly host: SessionHost,
    readonly ctx: QuickJSContext,
    /** The realm's value (owned by the host, valid for this session). */
    readonly realm: QuickJSHandle,
    /**
     * Promise jobs the session may run. An endless promise chain grows memory until an
     * out-of-memory inside a job, which QuickJS turns into a rejection nobody sees: the file would
     * then "succeed". Stopping it at a job count is deterministic and long before memory runs out.
     */
    private readonly maxJobs = Number.POSITIVE_INFINITY,
  ) {}

  own<H extends QuickJSHandle>(handle: H): H {
    this.owned.push(handle);
    return handle;
  }

  release(): void {
    for (const h of this.owned.splice(0)) if (h.alive) h.dispose();
  }

  /**
   * Classifies an exception without running the file's code: the realm's `facts` reads only an
   * Error's own data properties and prototype (describe-source.ts); anything else (a proxy, a
   * getter, a symbol) is a plain exception, for the prelude to describe.
   */
  failureOf(error: QuickJSHandle): VmFailure {
    const stack = (): { stack?: string } => {
      const facts = this.errorFacts(error);
      return facts === null ? {} : { stack: facts.stack };
    };
    if (this.host.timedOut) return { kind: "timeout", ...stack() };
    const refused = this.host.refusedImport;
    if (refused !== null) return { kind: "import", specifier: refused };
    if (this.host.outOfMemory()) return { kind: "memory", ...stack() };
    const facts = this.errorFacts(error);
    if (facts !== null && (facts.builtin === "InternalError" || facts.builtin === "SyntaxError" || facts.builtin === "RangeError")) {
      if (facts.message === "out of memory" || facts.message === "string too long") return { kind: "memory", stack: facts.stack };
      // The parser reports code nested too deeply for the stack as a SyntaxError.
      if (facts.message === "stack overflow") return { kind: "stack", stack: facts.stack };
    }
    return { kind: "exception", error };
  }

  /** The realm's facts of an Error (null for anything else, or when they cannot be had). */
  private errorFacts(error: QuickJSHandle): ErrorFacts | null {
    const ctx = this.ctx;
    try {
      const facts = this.own(ctx.getProp(this.realm, "facts"));
      // Trusted, bounded code: the deadline must not cut it short (the file may be out of time).
      const result = this.host.uninterrupted(() => ctx.callFunction(facts, ctx.undefined, error));
      if (result.error !== undefined) {
        result.error.dispose();
        return null;
      }
      const json = result.value.consume((h) => (ctx.typeof(h) === "string" ? ctx.getString(h) : null));
      if (json === null) return null;
      const [builtin, message, stack] = JSON.parse(json) as [string | null, string, string];
      return { builtin, message, stack };
    } catch {
      return null;
    }
  }

  private unwrap(result: VmCallResult<QuickJSHandle>): QuickJSHandle {
    if (result.error !== undefined) throw new VmFailed(this.failureOf(this.own(result.error)));
    const value = this.own(result.value);
    this.check();
    return value;
  }

  /**
   * Throws when the deadline passed or memory ran out since the session began. Also after the
   * host copies a string in: the copy's malloc is unchecked (quickjs-emscripten), so no code may
   * run in the instance after one failed.
   */
  check(): void {
    if (this.host.expired()) throw new VmFailed({ kind: "timeout" });
    if (this.host.outOfMemory()) throw new VmFailed({ kind: "memory" });
  }

  /** A string value's text; copying it out of QuickJS allocates, so memory is checked after. */
  text(handle: QuickJSHandle): string {
    const text = this.ctx.getString(handle);
    this.check();
    return text;
  }

  evalScript(code: string, filename: string): QuickJSHandle {
    return this.unwrap(this.ctx.evalCode(code, filename, { type: "global", strict: true }));
  }

  /** Evaluates an ES module and returns its namespace (after top-level await settles). */
  evalModule(code: string, filename: string): QuickJSHandle {
    const result = this.unwrap(this.ctx.evalCode(code, filename, { type: "module" }));
    const state = this.ctx.getPromiseState(result);
    if (state.type === "fulfilled" && state.notAPromise === true) return result;
    this.drain();
    const settled = this.ctx.getPromiseState(result);
    switch (settled.type) {
      case "fulfilled":
        return this.own(settled.value);
      case "rejected":
        throw new VmFailed(this.failureOf(this.own(settled.error)));
      case "pending":
        throw new VmFailed({ kind: "pending" });
      default:
        return unreachable(settled, "promise state");
    }
  }

  call(fn: QuickJSHandle, self: QuickJSHandle, ...args: QuickJSHandle[]): QuickJSHandle {
    return this.unwrap(this.ctx.callFunction(fn, self, ...args));
  }

  /**
   * Runs pending promise jobs until none is left, under the session's deadline. An out-of-memory
   * inside a job becomes a rejection in QuickJS; the host sees it through outOfMemory().
   */
  drain(): void {
    for (;;) {
      this.check();
      const result = this.host.runtime.executePendingJobs(JOB_BATCH);
      if (result.error !== undefined) throw new VmFailed(this.failureOf(this.own(result.error)));
      if (result.value === 0) break;
      this.jobsRun += result.value;
      if (this.jobsRun > this.maxJobs) throw new VmFailed({ kind: "jobs", limit: this.maxJobs });
    }
    this.check();
  }
}
