/**
 * QuickJS plumbing, independent of what runs in it: a runtime with the limits, a *realm* context
 * per runtime holding trusted code (evaluated once, its value handed to every session), a fresh
 * context per session (session.ts), the deadline behind the interrupt handler, and a module loader
 * that serves only the modules a session names. The recorder prelude and the file protocol live
 * elsewhere (evaluate.ts); WebAssembly instances in instances.ts.
 *
 * Runtime hygiene between files (each rule has a case in tests/sandbox/limits.test.ts):
 * - a file that ends normally (result or thrown error) leaves the runtime reusable;
 * - after a limit was hit, or when the runtime holds a lot of memory afterwards, it is freed, which
 *   also collects garbage cycles the file left; the next file gets a new runtime;
 * - a file that leaves promise jobs queued (they would run in the next file's drain; an endless
 *   chain stopped at the job limit does), or hit a limit while promise jobs ran, retires the whole instance (instances.ts): an interrupt or an
 *   out-of-memory inside a job can leak references in QuickJS (JS_FreeRuntime then aborts on its
 *   leak assertion) or worse corrupt its heap (measured, with endless promise chains). So does a
 *   host stack overflow (the C state is mid-call), or an abort anyway.
 */
import { DefaultIntrinsics, type QuickJSContext, type QuickJSHandle, type QuickJSRuntime } from "quickjs-emscripten-core";
import { type Limits, Session, type SessionHost, VmFailed } from "./session";
import { Instances } from "./instances";
import type { QuickJSInstance } from "./wasm";

export { type Limits, Session, type VmFailure, VmFailed } from "./session";

// Typed arrays cost ~0.8 ms per context to set up and no alab file needs them; Date is nondeterministic.
const INTRINSICS = { ...DefaultIntrinsics, Date: false, TypedArrays: false };
/** The instance's initial memory (wasm.ts): below it, no file can have left much behind. */
const HEAVY_CHECK_BYTES = 16 * 1024 * 1024;
/**
 * More promise jobs than any schema or migration file needs: an endless chain (~70 000 run in
 * 250 ms; at 32 MiB one ran out of memory after ~570 000) is stopped here, long before either limit.
 */
export const MAX_FILE_JOBS = 10_000;

/** Trusted code evaluated once per runtime in a context of its own; sessions get its value. */
export interface RealmSource {
  readonly code: string;
  readonly filename: string;
}

interface Runtime {
  readonly instance: QuickJSInstance;
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
  private deadline = Number.POSITIVE_INFINITY;
  /** The current instance's refused memory growths when the session began. */
  private refusalsBefore = 0;
  timedOut = false;
  /** True while trusted realm code runs that the deadline must not interrupt. */
  private quiet = false;
  refusedImport: string | null = null;
  private modules: ReadonlyMap<string, string> = new Map();

  private constructor(
    private readonly instances: Instances,
    readonly limits: Limits,
    private readonly realmSource: RealmSource,
  ) {}

  static async create(limits: Limits, realm: RealmSource): Promise<QuickJsHost> {
    return new QuickJsHost(await Instances.create(limits.memoryBytes), limits, realm);
  }

  get runtime(): QuickJSRuntime {
    if (this.current === null) throw new Error("sandbox: no runtime");
    return this.current.rt;
  }

  expired(): boolean {
    if (performance.now() > this.deadline) this.timedOut = true;
    return this.timedOut;
  }

  outOfMemory(): boolean {
    return this.current !== null && this.current.instance.heap.refusals > this.refusalsBefore;
  }

  uninterrupted<T>(run: () => T): T {
    this.quiet = true;
    try {
      return run();
    } finally {
      this.quiet = false;
    }
  }

  /**
   * Whether the runtime holds a lot of memory (live or garbage cycles not yet collected), which
   * the next file would lack under the instance's memory cap. Measuring walks the heap, so it is
   * only done once the instance's memory has grown past its initial size.
   */
  private heavy(instance: QuickJSInstance, rt: QuickJSRuntime): boolean {
    if (instance.module.getWasmMemory().buffer.byteLength <= HEAVY_CHECK_BYTES) return false;
    const usage = rt.computeMemoryUsage();
    const ctx = rt.context as QuickJSContext;
    try {
      return ctx.getProp(usage, "memory_used_size").consume((h) => ctx.getNumber(h)) > this.limits.memoryBytes / 4;
    } finally {
      usage.dispose();
    }
  }

  private newRuntime(instance: QuickJSInstance): Runtime {
    // No memory limit of QuickJS's own: the instance's memory cap is the limit (see wasm.ts).
    const rt = instance.module.newRuntime();
    rt.setMaxStackSize(this.limits.stackBytes);
    // Out of memory stops the file at once too: it may not go on in a heap that hit its limit.
    rt.setInterruptHandler(() => !this.quiet && (this.expired() || this.outOfMemory()));
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
      throw new Error(`sandbox realm failed to start: ${detail}`);
    }
    return { instance, rt, realmCtx, realm: result.value };
  }

  /** Free the runtime, collecting everything it holds; the next session makes a new one. */
  private freeRuntime(): void {
    const current = this.current;
    this.current = null;
    if (current === null) return;
    try {
      current.realm.dispose();
      current.realmCtx.dispose();
      current.rt.dispose();
    } catch {
      this.instances.retire(); // a leak assertion aborted the instance
    }
  }

  /**
   * Runs `body` in a fresh context under the limits. `modules` are the only importable modules
   * (name -> source). The context is always disposed; the runtime as the file comment says.
   */
  session<T>(modules: ReadonlyMap<string, string>, body: (s: Session) => T): T {
    const instance = this.instances.usable();
    if (instance === null) throw new VmFailed({ kind: "exhausted" });
    if (this.current?.instance !== instance) this.current = null;
    this.modules = modules;
    this.refusedImport = null;
    this.timedOut = false;
    this.refusalsBefore = instance.heap.refusals;
    this.current ??= this.newRuntime(instance);
    const { rt, realm } = this.current;
    const ctx = rt.newContext({ intrinsics: INTRINSICS });
    const session = new Session(this, ctx, realm, MAX_FILE_JOBS);
    let limitHit = false;
    this.deadline = performance.now() + this.limits.timeoutMs;
    try {
      return body(session);
    } catch (e) {
      if (isHostStackOverflow(e)) {
        // The instance's C state is mid-call: nothing of it may be touched again.
        this.current = null;
        this.instances.retire();
        throw new VmFailed({ kind: "stack" });
      }
      limitHit = e instanceof VmFailed && e.failure.kind !== "exception" && e.failure.kind !== "import";
      throw e;
    } finally {
      this.deadline = Number.POSITIVE_INFINITY;
      if (this.current?.rt === rt) {
        session.release();
        ctx.dispose();
        const troubled = limitHit || this.timedOut || this.outOfMemory();
        if (rt.hasPendingJob() || (session.jobsRun > 0 && troubled)) {
          this.current = null;
          this.instances.retire();
        } else if (troubled || this.heavy(instance, rt)) this.freeRuntime();
      }
    }
  }

  dispose(): void {
    if (this.current !== null && this.instances.usable() === this.current.instance) this.freeRuntime();
    this.current = null;
  }
}
