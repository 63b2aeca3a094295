/**
 * QuickJS plumbing, independent of what runs in it: one WebAssembly instance and one runtime with
 * the limits, a *realm* context per runtime holding trusted code (evaluated once, its value handed
 * to every session), a fresh context per session (session.ts), the deadline behind the interrupt
 * handler, and a module loader that serves only the modules a session names. The recorder prelude
 * and the file protocol live elsewhere (evaluate.ts).
 *
 * A runtime is reused while files leave no promise jobs queued (those would run in the next
 * file's drain). A file that does (typically an endless promise chain stopped by the deadline)
 * gets its runtime dropped, never freed: the interrupt leaks a reference inside QuickJS and
 * JS_FreeRuntime would abort on its leak assertion. The dropped runtime's memory stays in the
 * WebAssembly heap until a fresh instance, loaded in the background, replaces the whole module
 * between two files; a host stack overflow is handled the same way. Limits hit without queued jobs
 * (loops, memory, recursion) leave the runtime reusable: freeing the context frees the file.
 */
import { DefaultIntrinsics, type QuickJSContext, type QuickJSHandle, type QuickJSRuntime, type QuickJSWASMModule } from "quickjs-emscripten-core";
import { type Limits, Session, type SessionHost, VmFailed } from "./session";
import { loadQuickJS } from "./wasm";

export { type Limits, Session, type VmFailure, VmFailed } from "./session";

// Typed arrays cost ~0.8 ms per context to set up and no alab file needs them; Date is nondeterministic.
const INTRINSICS = { ...DefaultIntrinsics, Date: false, TypedArrays: false };
/**
 * Dropped runtimes leak heap, host stack overflows leak shadow stack: after this many on one
 * instance, files are refused (E_SANDBOX_EXHAUSTED) until the fresh instance is swapped in.
 */
const MAX_LEAKS_PER_MODULE = 8;

/** Trusted code evaluated once per runtime in a context of its own; sessions get its value. */
export interface RealmSource {
  readonly code: string;
  readonly filename: string;
}

interface Runtime {
  readonly rt: QuickJSRuntime;
  readonly realmCtx: QuickJSContext;
  readonly realm: QuickJSHandle;
}

/** A WebAssembly call that ran out of *host* stack (deep native recursion QuickJS does not check). */
function isHostStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

export class QuickJsHost implements SessionHost {
  private current: Runtime | null = null;
  private fresh: QuickJSWASMModule | null = null;
  private loading = false;
  private leaks = 0;
  private deadline = Number.POSITIVE_INFINITY;
  timedOut = false;
  refusedImport: string | null = null;
  private modules: ReadonlyMap<string, string> = new Map();

  private constructor(
    private module: QuickJSWASMModule,
    readonly limits: Limits,
    private readonly realmSource: RealmSource,
  ) {}

  static async create(limits: Limits, realm: RealmSource): Promise<QuickJsHost> {
    return new QuickJsHost(await loadQuickJS(), limits, realm);
  }

  get runtime(): QuickJSRuntime {
    if (this.current === null) throw new Error("sandbox: no runtime");
    return this.current.rt;
  }

  expired(): boolean {
    if (performance.now() > this.deadline) this.timedOut = true;
    return this.timedOut;
  }

  private newRuntime(): Runtime {
    const rt = this.module.newRuntime();
    rt.setMemoryLimit(this.limits.memoryBytes);
    rt.setMaxStackSize(this.limits.stackBytes);
    rt.setInterruptHandler(() => this.expired());
    rt.setModuleLoader(
      (name) => {
        const source = this.modules.get(name);
        if (source !== undefined) return source;
        this.refusedImport ??= name;
        return { error: new Error(`import of "${name}" is not allowed in alab files`) };
      },
      // No path resolution: a specifier is only ever looked up as written.
      (_base, requested) => requested,
    );
    const realmCtx = rt.newContext({ intrinsics: INTRINSICS });
    const result = realmCtx.evalCode(this.realmSource.code, this.realmSource.filename, { type: "global", strict: true });
    if (result.error !== undefined) {
      const detail = JSON.stringify(realmCtx.dump(result.error));
      result.error.dispose();
      // After host stack overflows the instance's shadow stack may be too short to even start.
      if (this.leaks > 0) throw new VmFailed({ kind: "exhausted" });
      throw new Error(`sandbox realm failed to start: ${detail}`);
    }
    return { rt, realmCtx, realm: result.value };
  }

  /** Forget the runtime without freeing it (see the file comment) and fetch a fresh instance. */
  private dropRuntime(): void {
    this.current = null;
    this.leaks++;
    if (this.loading || this.fresh !== null) return;
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

  /**
   * Runs `body` in a fresh context under the limits. `modules` are the only importable modules
   * (name -> source). The context is always disposed.
   */
  session<T>(modules: ReadonlyMap<string, string>, body: (s: Session) => T): T {
    if (this.fresh !== null) {
      this.module = this.fresh;
      this.fresh = null;
      this.current = null;
      this.leaks = 0;
    }
    if (this.leaks > MAX_LEAKS_PER_MODULE) throw new VmFailed({ kind: "exhausted" });
    this.modules = modules;
    this.refusedImport = null;
    this.timedOut = false;
    this.current ??= this.newRuntime();
    const { rt, realm } = this.current;
    const ctx = rt.newContext({ intrinsics: INTRINSICS });
    const session = new Session(this, ctx, realm);
    this.deadline = performance.now() + this.limits.timeoutMs;
    try {
      return body(session);
    } catch (e) {
      if (isHostStackOverflow(e)) {
        // The runtime's C state is mid-call: nothing of it may be touched again.
        this.dropRuntime();
        throw new VmFailed({ kind: "stack" });
      }
      throw e;
    } finally {
      this.deadline = Number.POSITIVE_INFINITY;
      if (this.current?.rt === rt) {
        session.release();
        ctx.dispose();
        if (rt.hasPendingJob()) this.dropRuntime();
      }
    }
  }

  dispose(): void {
    const current = this.current;
    this.current = null;
    if (current === null) return;
    try {
      current.realm.dispose();
      current.realmCtx.dispose();
      current.rt.dispose();
    } catch {
      // A leak assertion inside QuickJS aborts the instance; it is being thrown away anyway.
    }
  }
}
