/**
 * Azul manual mode: a migration's `up`/`down` run in the sandbox with live `schema` and `query`
 * (live-source.ts), its queries answered by the host while the function waits on them.
 *
 * The loop: call the function in a fresh context, run pending jobs, then take the queries the file
 * executed, in the order it executed them, hand each to `execute` (the host runs it on the
 * migration's connection) and resolve its promise with the result; run jobs again; until nothing
 * is left to run. The function's promise must then have settled.
 *
 * Each run gets a WebAssembly instance of its own (manual migrations are rare; loading one costs
 * ~1 ms once the module is compiled): a session here spans awaits, which the shared instance's
 * synchronous sessions (vm.ts) must never interleave with. The limits are the sandbox's: memory
 * and stack as for any file, and the time limit counting only time spent in QuickJS — the clock
 * stops while the host waits on the database.
 */
import { DefaultIntrinsics, type QuickJSContext, type QuickJSHandle, type QuickJSRuntime } from "quickjs-emscripten-core";
import { AlabError, EXIT, unreachable } from "../errors";
import { type Budgets, budgetsFor } from "./budgets";
import type { SourceFile } from "./evaluate";
import { type Described, describedError, describeSafely, importError, limitError, locFromStack, sourceTooLarge } from "./failures";
import { forbiddenImports } from "./imports";
import { DEFAULT_LIMITS } from "./index";
import { LIVE_PRELUDE_SOURCE, type LiveMethod } from "./live-source";
import { PRELUDE_FILE, SAMPLES_SOURCE } from "./prelude";
import type { Chain, Loc } from "./protocol";
import { type Json, type LocationMap, locationMap, readValue, TextIndex } from "./recording";
import { type Limits, Session, type SessionHost, VmFailed } from "./session";
import { tokenize } from "./tokens";
import { isTypeScript, stripTypes } from "./typescript";
import { type HeapWatch, loadQuickJS } from "./wasm";

/** As vm.ts: no Date (nondeterministic), no typed arrays (not needed, slow to set up). */
const INTRINSICS = { ...DefaultIntrinsics, Date: false, TypedArrays: false };
/** As evaluate.ts for migration files. */
const ALAB_MODULE = "export const migration = globalThis.migration;\nexport const sql = globalThis.sql;\nexport default Object.freeze({ migration, sql });\n";
const MAX_LOG_LINES = 1000;

export interface LiveInput {
  readonly file: SourceFile;
  readonly name: "up" | "down";
  readonly limits?: Partial<Limits>;
  /**
   * Runs one chain the file executed (`schema.createTable(...)`, `query.raw(...)`); what it returns
   * (JSON-compatible, or undefined) is what the file's promise resolves to. Throwing stops the file:
   * the error is rethrown by runLive.
   */
  readonly execute: (chain: Chain) => Promise<Json | undefined>;
  /** console output of the function (not of the file's top level, already shown when it was read). */
  readonly onLog: (line: string) => void;
}

export type LiveEnd =
  /** The function's promise fulfilled; `unexecuted` lists the chains it made but never ran. */
  | { readonly kind: "fulfilled"; readonly unexecuted: readonly Chain[] }
  /** It returned no thenable this time. */
  | { readonly kind: "not-thenable" }
  /** Nothing left to run, and its promise is still pending (it awaits something that is not a query). */
  | { readonly kind: "pending"; readonly unexecuted: readonly Chain[] };

interface Request {
  readonly json: string;
  readonly resolve: QuickJSHandle;
}

/** An exception the prelude described (handles already released). */
class DescribedFailure extends Error {
  constructor(readonly described: Described) {
    super(described.message);
  }
}

/** A WebAssembly call that ran out of host stack. */
function isHostStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

class LiveHost implements SessionHost {
  timedOut = false;
  /** True while trusted realm code runs that the deadline must not interrupt. */
  private quiet = false;
  refusedImport: string | null = null;
  private deadline = Number.POSITIVE_INFINITY;
  /** QuickJS time left while the clock is stopped. */
  private left: number;

  constructor(
    readonly runtime: QuickJSRuntime,
    readonly limits: Limits,
    /** The run's own instance: any refused growth of its memory is the run's. */
    private readonly heap: HeapWatch,
  ) {
    this.left = limits.timeoutMs;
    // No memory limit of QuickJS's own: the instance's memory cap is the limit (see wasm.ts).
    runtime.setMaxStackSize(limits.stackBytes);
    // Out of memory stops the file at once too: it may not go on in a heap that hit its limit.
    runtime.setInterruptHandler(() => !this.quiet && (this.expired() || this.outOfMemory()));
    runtime.setModuleLoader(
      (name) => {
        if (name === "alab") return ALAB_MODULE;
        this.refusedImport ??= name;
        return { error: new Error(`import of "${name}" is not allowed in alab files`) };
      },
      (_base, requested) => requested,
    );
  }

  expired(): boolean {
    if (performance.now() > this.deadline) this.timedOut = true;
    return this.timedOut;
  }

  outOfMemory(): boolean {
    return this.heap.refusals > 0;
  }

  uninterrupted<T>(run: () => T): T {
    this.quiet = true;
    try {
      return run();
    } finally {
      this.quiet = false;
    }
  }

  start(): void {
    this.deadline = performance.now() + this.left;
  }

  stop(): void {
    this.left = Math.max(0, this.deadline - performance.now());
    this.deadline = Number.POSITIVE_INFINITY;
  }
}

function prepare(file: SourceFile, limits: Limits, budgets: Budgets): { code: string; map: LocationMap } {
  if (file.source.length > budgets.sourceChars) throw sourceTooLarge(file.path, file.source.length, limits, budgets.sourceChars);
  const original = new TextIndex(file.source);
  const stripped = isTypeScript(file.path) ? stripTypes(file.path, file.source) : null;
  const code = stripped === null ? file.source : stripped.code;
  const evaluated = stripped === null ? original : new TextIndex(code);
  const map = locationMap(evaluated, original, stripped === null ? null : stripped.toOriginal);
  const refused = forbiddenImports(tokenize(code))[0];
  if (refused !== undefined) throw importError(file.path, refused.specifier, map.at(evaluated.loc(refused.start)));
  return { code, map };
}

/** A serialized chain (`{ "$alab": "chain", chain }`), rebuilt and mapped like a recording. */
function readChain(json: Json, map: LocationMap): Chain {
  const v = readValue(json, map);
  if (typeof v !== "object" || v === null || Array.isArray(v) || !("$alab" in v) || v.$alab !== "chain") {
    throw new AlabError({ code: "E_INTERNAL", message: "internal: the manual-mode sandbox sent something that is not a chain", hint: "this is a bug in alab; please report it", exit: EXIT.runtime });
  }
  return (v as { chain: Chain }).chain;
}

function readChains(json: string, map: LocationMap): Chain[] {
  return (JSON.parse(json) as Json[]).map((chain) => readChain({ $alab: "chain", chain }, map));
}

/** The session itself; every QuickJS exception leaves it as VmFailed. */
async function drive(host: LiveHost, s: Session, realm: QuickJSHandle, input: LiveInput, code: string, map: LocationMap, budgets: Budgets): Promise<LiveEnd> {
  const ctx = s.ctx;
  const path = input.file.path;
  const queue: Request[] = [];
  let forward = false;
  let lines = 0;
  const log = s.own(
    ctx.newFunction("log", (line) => {
      if (forward && lines++ < MAX_LOG_LINES) input.onLog(ctx.getString(line));
    }),
  );
  const run = s.own(
    ctx.newFunction("run", (json, resolve) => {
      queue.push({ json: ctx.getString(json), resolve: s.own(resolve.dup()) });
    }),
  );
  const samples = s.evalScript(SAMPLES_SOURCE, PRELUDE_FILE);
  const newFile = s.own(ctx.getProp(realm, "newFile"));
  const [nodes, chars] = [s.own(ctx.newNumber(budgets.recordedNodes)), s.own(ctx.newNumber(budgets.recordedChars))];
  const [kind, file, text] = [s.own(ctx.newString("migration")), s.own(ctx.newString(path)), s.own(ctx.newString(code))];
  s.check();
  const api = s.call(newFile, realm, kind, file, text, log, ctx.global, samples, run, nodes, chars);
  const method = (name: LiveMethod, ...args: QuickJSHandle[]): QuickJSHandle => s.call(s.own(ctx.getProp(api, name)), api, ...args);
  try {
    const namespace = s.evalModule(code, path);
    s.drain();
    forward = true;
    const watched = method("start", namespace, s.own(ctx.newString(input.name)));
    if (ctx.typeof(watched) === "undefined") return { kind: "not-thenable" };
    for (;;) {
      s.drain();
      const next = queue.shift();
      if (next !== undefined) {
        const chain = readChain(JSON.parse(next.json) as Json, map);
        host.stop();
        let result: Json | undefined;
        try {
          result = await input.execute(chain);
        } finally {
          host.start();
        }
        const text = result === undefined ? ctx.undefined : s.own(ctx.newString(JSON.stringify(result)));
        s.check();
        s.call(next.resolve, ctx.undefined, text);
        continue;
      }
      const state = ctx.getPromiseState(watched);
      switch (state.type) {
        case "fulfilled": {
          state.value.dispose();
          return { kind: "fulfilled", unexecuted: readChains(s.text(method("unexecuted")), map) };
        }
        case "rejected":
          throw new VmFailed(s.failureOf(s.own(state.error)));
        case "pending":
          return { kind: "pending", unexecuted: readChains(s.text(method("unexecuted")), map) };
        default:
          return unreachable(state, "promise state");
      }
    }
  } catch (e) {
    if (!(e instanceof VmFailed && e.failure.kind === "exception")) throw e;
    const error = e.failure.error;
    throw new DescribedFailure(describeSafely(() => s.text(method("describe", error))));
  }
}

/**
 * Runs the file's `up` or `down` in manual mode. Errors of the file (thrown, rejected, limits) are
 * AlabErrors at its file:line:column; an error thrown by `execute` is rethrown as it is.
 */
export async function runLive(input: LiveInput): Promise<LiveEnd> {
  const limits: Limits = { ...DEFAULT_LIMITS, ...input.limits };
  const path = input.file.path;
  const budgets = budgetsFor(limits);
  const { code, map } = prepare(input.file, limits, budgets);
  const { module, heap } = await loadQuickJS(limits.memoryBytes);
  const rt = module.newRuntime();
  const host = new LiveHost(rt, limits, heap);
  let realmCtx: QuickJSContext | undefined;
  let ctx: QuickJSContext | undefined;
  let session: Session | undefined;
  let broken = false;
  try {
    host.start();
    realmCtx = rt.newContext({ intrinsics: INTRINSICS });
    const realm = realmCtx.evalCode(LIVE_PRELUDE_SOURCE, PRELUDE_FILE, { type: "global", strict: true });
    if (realm.error !== undefined) {
      const detail = JSON.stringify(realmCtx.dump(realm.error));
      realm.error.dispose();
      throw new AlabError({ code: "E_INTERNAL", message: `internal: the manual-mode sandbox failed to start: ${detail}`, hint: "this is a bug in alab; please report it", exit: EXIT.runtime });
    }
    const realmValue = realm.value;
    ctx = rt.newContext({ intrinsics: INTRINSICS });
    session = new Session(host, ctx, realmValue);
    session.own(realmValue);
    return await drive(host, session, realmValue, input, code, map, budgets);
  } catch (e) {
    if (e instanceof DescribedFailure) {
      const { loc, call } = e.described;
      throw describedError(path, e.described, loc === null ? null : typeof call === "string" ? map.call(loc, call) : map.at(loc));
    }
    if (isHostStackOverflow(e)) {
      broken = true;
      throw limitError(path, { kind: "stack" }, limits, null);
    }
    if (e instanceof VmFailed) {
      broken = true;
      const failure = e.failure;
      if (failure.kind === "exception") throw new Error("sandbox: undescribed exception");
      const stack = "stack" in failure && failure.stack !== undefined ? failure.stack : "";
      const loc: Loc | null = locFromStack(stack, path, code);
      throw limitError(path, failure, limits, loc === null ? null : map.at(loc));
    }
    // `execute` failed: the session itself is intact.
    throw e;
  } finally {
    host.stop();
    // After a limit the instance is dropped whole (the garbage collector takes its memory): freeing
    // a runtime QuickJS left mid-job can abort on its leak assertion.
    if (!broken && !host.timedOut) {
      try {
        session?.release();
        ctx?.dispose();
        realmCtx?.dispose();
        rt.dispose();
      } catch {
        // The instance is not used again either way.
      }
    }
  }
}
