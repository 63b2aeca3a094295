/**
 * A host-side stand-in for the sandbox's recorders, so tests write migrations as plain JavaScript
 * and get the recording the sandbox would produce (protocol.ts): every property call on a root
 * is recorded with its arguments, functions passed as arguments are invoked at once with fresh
 * roots, and every chain gets the next sequence number. Each recorded call gets the next line
 * number (column 1), so `locOf` can find where a call "was written".
 */
import { AlabError } from "../../../src/errors";
import type { Call, Chain, EvaluatedFile, Fn, Loc, Value } from "../../../src/sandbox/protocol";

interface MutableCall {
  name: string;
  args: Value[] | null;
  loc: Loc;
}
interface MutableChain {
  root: string;
  seq: number;
  calls: MutableCall[];
}

export class Recorder {
  private seq = 0;
  private line = 1;
  private readonly chains = new WeakMap<object, MutableChain>();

  private nextLoc(): Loc {
    return { line: this.line++, column: 1 };
  }

  /** A proxy that records calls on `chain`; used for roots (chain undefined) and chains. */
  private proxy(root: string, log: MutableChain[], chain: MutableChain | undefined): unknown {
    const self = this;
    const target = function () {};
    const p: object = new Proxy(target, {
      get(_t, prop) {
        if (typeof prop === "symbol") return undefined;
        let c = chain;
        if (c === undefined) {
          c = { root, seq: self.seq++, calls: [] };
          log.push(c);
        }
        const call: MutableCall = { name: prop, args: null, loc: self.nextLoc() };
        c.calls.push(call);
        const next = self.proxy(root, log, c) as object;
        return new Proxy(function () {}, {
          apply(_t2, _this, args: unknown[]) {
            call.args = args.map((a) => self.value(a));
            return next;
          },
          get(_t2, prop2) {
            return Reflect.get(next, prop2);
          },
        });
      },
    });
    if (chain !== undefined) this.chains.set(p, chain);
    return p;
  }

  /** Invokes `f` with fresh roots, one per declared parameter (at least one). */
  fn(f: (...args: never[]) => unknown, roots?: readonly string[]): Fn {
    const loc = this.nextLoc();
    const count = Math.max(1, f.length, roots?.length ?? 0);
    const logs: MutableChain[][] = [];
    const params: unknown[] = [];
    for (let i = 0; i < count; i++) {
      const log: MutableChain[] = [];
      logs.push(log);
      params.push(this.proxy(roots?.[i] ?? "param", log, undefined));
    }
    const result = (f as (...a: unknown[]) => unknown)(...params);
    return { params: logs as readonly (readonly Chain[])[], returned: this.returned(result), loc };
  }

  private returned(result: unknown): Fn["returned"] {
    if (result === undefined) return "undefined";
    if ((typeof result === "object" || typeof result === "function") && result !== null) {
      if (this.chains.has(result)) return "chain";
      if (typeof (result as { then?: unknown }).then === "function") return "promise";
    }
    return "value";
  }

  value(v: unknown): Value {
    if (v === undefined) return { $alab: "undefined" };
    if (v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
    if (Array.isArray(v)) return v.map((x) => this.value(x));
    if (typeof v === "function" || typeof v === "object") {
      const chain = this.chains.get(v as object);
      if (chain !== undefined) return { $alab: "chain", chain: chain as Chain };
      if (typeof v === "function") {
        // `await chain` hands the engine's resolve/reject to `.then`; calling them with a fresh
        // (thenable) recorder would resolve forever, so native functions are recorded unrun.
        if (/\[native code\]/.test(Function.prototype.toString.call(v))) return { $alab: "fn", fn: { params: [], returned: "undefined", loc: this.nextLoc() } };
        return { $alab: "fn", fn: this.fn(v as (...args: never[]) => unknown) };
      }
      const out: { [k: string]: Value } = {};
      for (const [k, x] of Object.entries(v as object)) out[k] = this.value(x);
      return out;
    }
    throw new Error(`cannot record ${typeof v}`);
  }

  /** Module exports -> the value the sandbox returns; up/down/change get `schema` and `query`. */
  exports(exp: Record<string, unknown>): Value {
    const out: { [k: string]: Value } = {};
    for (const [k, v] of Object.entries(exp)) {
      if (typeof v === "function") out[k] = { $alab: "fn", fn: this.fn(v as (...args: never[]) => unknown, ["schema", "query"]) };
      else if (k === "default" && typeof v === "object" && v !== null) out[k] = this.exports(v as Record<string, unknown>);
      else out[k] = this.value(v);
    }
    return out;
  }
}

export const FILE = "migrations/20150101000000_test.js";

/** Records `exp` as a migration file's exports. */
export function migrationFile(exp: Record<string, unknown>, file = FILE): EvaluatedFile {
  return { file, value: new Recorder().exports(exp), logs: [], source: "" };
}

function* walk(v: Value): Generator<Call> {
  if (v === null || typeof v !== "object") return;
  if (Array.isArray(v)) {
    for (const x of v) yield* walk(x);
    return;
  }
  const tagged = v as { $alab?: string; chain?: Chain; fn?: Fn };
  if (tagged.$alab === "chain" && tagged.chain) yield* walkChain(tagged.chain);
  else if (tagged.$alab === "fn" && tagged.fn) for (const log of tagged.fn.params) for (const c of log) yield* walkChain(c);
  else if (tagged.$alab === undefined) for (const x of Object.values(v as Record<string, Value>)) yield* walk(x);
}

function* walkChain(c: Chain): Generator<Call> {
  for (const call of c.calls) {
    yield call;
    for (const a of call.args ?? []) yield* walk(a);
  }
}

/** Where the `nth` (0-based) recorded call named `name` was "written". */
export function locOf(ev: EvaluatedFile, name: string, nth = 0): { file: string; line: number; column: number } {
  const calls = [...walk(ev.value)].filter((c) => c.name === name).sort((a, b) => a.loc.line - b.loc.line);
  const call = calls[nth];
  if (call === undefined) throw new Error(`no call ${name} #${nth} in the recording`);
  return { file: ev.file, line: call.loc.line, column: call.loc.column };
}

/** The AlabError `f` throws (fails the test when it throws nothing or something else). */
export function errorOf(f: () => unknown): AlabError {
  try {
    f();
  } catch (e) {
    if (e instanceof AlabError) return e;
    throw e;
  }
  throw new Error("expected an AlabError, nothing was thrown");
}

/**
 * What tests call `schema`, `query` and `table` through. Recorder proxies accept any property
 * call, exactly like the sandbox's roots, so typing them would only restate the DSL under test.
 */
// biome-ignore lint/suspicious/noExplicitAny: test boundary, see above
export type R = any;
