/**
 * QuickJS plumbing, independent of what runs in it: one WASM module and one runtime with the
 * limits, a *realm* context per runtime holding trusted code (evaluated once, its value handed to
 * every session), a fresh context per session, a deadline enforced by the interrupt handler and
 * between pending jobs, a module loader that serves only the modules a session names, and
 * classification of failures (timeout, memory, stack, refused import, plain exception). The
 * recorder prelude and the file protocol live elsewhere (evaluate.ts).
 */
import {
  DefaultIntrinsics,
  type QuickJSContext,
  type QuickJSHandle,
  type QuickJSRuntime,
  type QuickJSWASMModule,
  type VmCallResult,
} from "quickjs-emscripten-core";
import { unreachable } from "../errors";
import { loadQuickJS } from "./wasm";

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
  | { readonly kind: "exhausted" } // too many host stack overflows before a fresh module loaded
  | { readonly kind: "import"; readonly specifier: string }
  | { readonly kind: "exception"; readonly error: QuickJSHandle };

export class VmFailed extends Error {
  constructor(readonly failure: VmFailure) {
    super(`sandbox: ${failure.kind}`);
  }
}

/** A WebAssembly call that ran out of *host* stack (deep native recursion QuickJS does not check). */
function isHostStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

const JOB_BATCH = 256;
// Typed arrays cost ~0.8 ms per context to set up and no alab file needs them; Date is nondeterministic.
const INTRINSICS = { ...DefaultIntrinsics, Date: false, TypedArrays: false };

/** Trusted code evaluated once per runtime in a context of its own; sessions get its value. */
export interface RealmSource {
  readonly code: string;
  readonly filename: string;
}

interface Realm {
  readonly ctx: QuickJSContext;
  readonly value: QuickJSHandle;
}
const MAX_CRASHES_PER_MODULE = 4;

export class QuickJsHost {
  private runtime: QuickJSRuntime | null = null;
  private realm: Realm | null = null;
  private loading = false;
  private fresh: QuickJSWASMModule | null = null;
  private crashes = 0;
  private deadline = Number.POSITIVE_INFINITY;
  private timedOut = false;
  private refused: string | null = null;
  private modules: ReadonlyMap<string, string> = new Map();

  private constructor(
    private module: QuickJSWASMModule,
    readonly limits: Limits,
    private readonly realmSource: RealmSource,
  ) {}

  static async create(limits: Limits, realm: RealmSource): Promise<QuickJsHost> {
    return new QuickJsHost(await loadQuickJS(), limits, realm);
  }

  private newRealm(rt: QuickJSRuntime): Realm {
    const ctx = rt.newContext({ intrinsics: INTRINSICS });
    const result = ctx.evalCode(this.realmSource.code, this.realmSource.filename, { type: "global", strict: true });
    if (result.error !== undefined) {
      const detail = JSON.stringify(ctx.dump(result.error));
      result.error.dispose();
      ctx.dispose();
      throw new Error(`sandbox realm failed to start: ${detail}`);
    }
    return { ctx, value: result.value };
  }

  private disposeRuntime(): void {
    if (this.realm !== null) {
      this.realm.value.dispose();
      this.realm.ctx.dispose();
      this.realm = null;
    }
    this.runtime?.dispose();
    this.runtime = null;
  }

  private newRuntime(): QuickJSRuntime {
    const rt = this.module.newRuntime();
    rt.setMemoryLimit(this.limits.memoryBytes);
    rt.setMaxStackSize(this.limits.stackBytes);
    rt.setInterruptHandler(() => {
      if (performance.now() <= this.deadline) return false;
      this.timedOut = true;
      return true;
    });
    rt.setModuleLoader(
      (name) => {
        const source = this.modules.get(name);
        if (source !== undefined) return source;
        this.refused ??= name;
        return { error: new Error(`import of "${name}" is not allowed in alab files`) };
      },
      // No path resolution: a specifier is only ever looked up as written.
      (_base, requested) => requested,
    );
    return rt;
  }

  /**
   * Runs `body` in a fresh context under the limits. `modules` are the only importable modules
   * (name -> source). The context is disposed afterwards; the runtime is replaced after a limit
   * was hit, and the whole module after the host stack overflowed inside it.
   */
  session<T>(modules: ReadonlyMap<string, string>, body: (s: Session) => T): T {
    if (this.fresh !== null) {
      this.module = this.fresh;
      this.fresh = null;
      this.runtime = null;
      this.realm = null;
      this.crashes = 0;
    }
    if (this.crashes > MAX_CRASHES_PER_MODULE) throw new VmFailed({ kind: "exhausted" });
    this.modules = modules;
    this.refused = null;
    this.timedOut = false;
    if (this.runtime === null) {
      const rt = this.newRuntime();
      try {
        this.realm = this.newRealm(rt);
      } catch (e) {
        // After host stack overflows the module's shadow stack may be too short to even start.
        if (this.crashes > 0) throw new VmFailed({ kind: "exhausted" });
        throw e;
      }
      this.runtime = rt;
    }
    const realm = this.realm as Realm;
    const ctx = this.runtime.newContext({ intrinsics: INTRINSICS });
    const session = new Session(this, ctx, realm.value);
    let recycle = false;
    this.deadline = performance.now() + this.limits.timeoutMs;
    try {
      return body(session);
    } catch (e) {
      if (isHostStackOverflow(e)) {
        this.abandonAfterCrash();
        throw new VmFailed({ kind: "stack" });
      }
      recycle = e instanceof VmFailed && e.failure.kind !== "exception" && e.failure.kind !== "import";
      throw e;
    } finally {
      this.deadline = Number.POSITIVE_INFINITY;
      if (this.runtime !== null) {
        session.release();
        ctx.dispose();
        if (recycle) this.disposeRuntime();
      }
    }
  }

  /**
   * The crashed runtime is dropped without disposing (its C state is mid-call). The module keeps
   * working for new runtimes (measured), but the shadow stack in use at the crash is lost, so a
   * fresh module is loaded in the background and swapped in by the next session once ready.
   */
  private abandonAfterCrash(): void {
    this.runtime = null;
    this.realm = null;
    this.crashes++;
    if (this.loading) return;
    this.loading = true;
    void loadQuickJS().then(
      (m) => {
        this.fresh = m;
        this.loading = false;
      },
      () => {
        this.loading = false;
      },
    );
  }

  /** A dynamic import the loader refused during the current session (user code may swallow it). */
  get refusedImport(): string | null {
    return this.refused;
  }

  dispose(): void {
    this.disposeRuntime();
  }

  /** @internal for Session */
  failureOf(error: QuickJSHandle, ctx: QuickJSContext): VmFailure {
    const type = ctx.typeof(error);
    // Reading own data properties runs no JavaScript; a getter would be interrupted once expired.
    const text = (key: string): string => {
      if (type !== "object") return "";
      try {
        return ctx.getProp(error, key).consume((h) => (ctx.typeof(h) === "string" ? ctx.getString(h) : ""));
      } catch {
        return "";
      }
    };
    if (this.timedOut) return { kind: "timeout", stack: text("stack") };
    if (this.refused !== null) return { kind: "import", specifier: this.refused };
    if (type === "null") return { kind: "memory" }; // QuickJS throws null when it cannot even allocate the error
    const name = text("name");
    if (name === "InternalError" || name === "SyntaxError" || name === "RangeError") {
      const message = text("message");
      if (message === "out of memory" || message === "string too long") return { kind: "memory", stack: text("stack") };
      // The parser reports nesting too deep for the stack as a SyntaxError.
      if (message === "stack overflow") return { kind: "stack", stack: text("stack") };
    }
    return { kind: "exception", error };
  }

  /** @internal for Session */
  get expired(): boolean {
    if (performance.now() > this.deadline) this.timedOut = true;
    return this.timedOut;
  }

  /** @internal for Session */
  get runtimeHandle(): QuickJSRuntime {
    if (this.runtime === null) throw new Error("sandbox runtime is gone");
    return this.runtime;
  }
}

/** One context. Every handle it returns is owned by the session and released with it. */
export class Session {
  private readonly owned: QuickJSHandle[] = [];

  constructor(
    private readonly host: QuickJsHost,
    readonly ctx: QuickJSContext,
    /** The realm's value (owned by the host, valid for this session). */
    readonly realm: QuickJSHandle,
  ) {}

  own<H extends QuickJSHandle>(handle: H): H {
    this.owned.push(handle);
    return handle;
  }

  release(): void {
    for (const h of this.owned.splice(0)) if (h.alive) h.dispose();
  }

  private unwrap(result: VmCallResult<QuickJSHandle>): QuickJSHandle {
    if (result.error !== undefined) {
      const error = this.own(result.error);
      throw new VmFailed(this.host.failureOf(error, this.ctx));
    }
    if (this.host.expired) throw new VmFailed({ kind: "timeout" });
    return this.own(result.value);
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
        throw new VmFailed(this.host.failureOf(this.own(settled.error), this.ctx));
      case "pending":
        throw new VmFailed({ kind: "pending" });
      default:
        return unreachable(settled, "promise state");
    }
  }

  call(fn: QuickJSHandle, self: QuickJSHandle, ...args: QuickJSHandle[]): QuickJSHandle {
    return this.unwrap(this.ctx.callFunction(fn, self, ...args));
  }

  /** Runs pending promise jobs until none is left, under the session's deadline. */
  drain(): void {
    for (;;) {
      if (this.host.expired) throw new VmFailed({ kind: "timeout" });
      const result = this.host.runtimeHandle.executePendingJobs(JOB_BATCH);
      if (result.error !== undefined) {
        const error = this.own(result.error);
        throw new VmFailed(this.host.failureOf(error, this.ctx));
      }
      if (result.value === 0) break;
    }
    if (this.host.expired) throw new VmFailed({ kind: "timeout" });
  }
}
