/**
 * The recording of a literal DSL file (literal-parse.ts), built the way the in-sandbox recorders
 * build it (recorder-source.ts, values-source.ts), so the result equals what QuickJS would
 * return: chains numbered in the order the engine creates them (a method's chain before its
 * arguments are evaluated, a root call's chain after), functions invoked when they are passed,
 * with one fresh root per parameter, locations on the called names, a function's location where
 * its text is first found from its call, and JSON's view of values. tests/sandbox/literal.test.ts
 * compares both on a corpus of files.
 *
 * The recording's size is counted as values-source.ts counts it (`ser`), so both readers stop at
 * the same node (budgets.ts); past any budget the file goes to QuickJS, which decides.
 */
import { type Budgets, budgetsFor } from "./budgets";
import type { SourceFile } from "./evaluate";
import { DEFAULT_LIMITS } from "./limits";
import { type LiteralCall, type LiteralChain, type LiteralExpr, type LiteralFn, parseLiteralFile } from "./literal-parse";
import type { Call, Chain, EvaluatedFile, FileKind, Fn, Value } from "./protocol";
import { TextIndex } from "./recording";
import type { Limits } from "./session";
import { isTypeScript } from "./typescript";

interface Root {
  readonly name: string;
  readonly callable: boolean;
  readonly log: ChainBuilder[];
}

interface ChainBuilder {
  readonly root: string;
  readonly seq: number;
  /** `at`: offset of the called name (locations are computed once, at the end). */
  readonly calls: { name: string; args: Snapped[] | null; at: number }[];
}

/** A value as the engine holds it after evaluating an argument (before the recorder snapshots it). */
type Raw =
  | { readonly k: "value"; readonly value: string | number | boolean | null }
  | { readonly k: "array"; readonly items: readonly Raw[] }
  | { readonly k: "object"; readonly entries: readonly (readonly [string, Raw])[] }
  | { readonly k: "closure"; readonly fn: LiteralFn; readonly scope: Scope }
  | { readonly k: "chain"; readonly chain: ChainBuilder };

/** A recorded value: chains stay builders until the end (later calls on them still count). */
type Snapped =
  | string
  | number
  | boolean
  | null
  | { readonly k: "array"; readonly items: readonly Snapped[] }
  | { readonly k: "object"; readonly entries: readonly (readonly [string, Snapped])[] }
  | { readonly k: "chain"; readonly chain: ChainBuilder }
  | { readonly k: "fn"; readonly params: readonly ChainBuilder[][]; readonly body?: ChainBuilder; readonly at: number };

type Scope = ReadonlyMap<string, Root>;

class NotRecordable extends Error {}

/** Functions are searched for by a prefix this long, each match then compared in full. */
const SEARCH_PREFIX = 32;

const ROOTS: Record<FileKind, readonly { name: string; callable: boolean }[]> = {
  schema: [
    { name: "table", callable: true },
    { name: "col", callable: false },
    { name: "sql", callable: true },
    { name: "fn", callable: false },
  ],
  migration: [
    { name: "migration", callable: true },
    { name: "sql", callable: true },
    { name: "fn", callable: false },
  ],
};

class Recorder {
  private seq = 0;
  /** Naive cost of the searches that located functions so far (see invoke). */
  private searched = 0;
  constructor(
    private readonly source: string,
    private readonly budgets: Budgets,
  ) {}

  private newChain(root: Root): ChainBuilder {
    const chain: ChainBuilder = { root: root.name, seq: ++this.seq, calls: [] };
    root.log.push(chain);
    return chain;
  }

  /** Evaluates a chain expression: gets, arguments and applies in the engine's order. */
  chain(node: LiteralChain, scope: Scope): ChainBuilder {
    const root = scope.get(node.root);
    if (root === undefined) throw new NotRecordable();
    let chain: ChainBuilder | null = null;
    if (node.rootCall !== null) {
      if (!root.callable) throw new NotRecordable();
      const args = this.evaluateArgs(node.rootCall, scope);
      chain = this.newChain(root);
      const call = { name: root.name, args: null as Snapped[] | null, at: node.rootCall.at };
      chain.calls.push(call);
      call.args = args.map((a) => this.snap(a, node.rootCall as LiteralCall));
    }
    for (const m of node.methods) {
      chain ??= this.newChain(root);
      const call = { name: m.name, args: null as Snapped[] | null, at: m.at };
      chain.calls.push(call);
      const args = this.evaluateArgs(m, scope);
      call.args = args.map((a) => this.snap(a, m));
    }
    if (chain === null) throw new NotRecordable();
    return chain;
  }

  private evaluateArgs(call: LiteralCall, scope: Scope): Raw[] {
    return call.args.map((a) => this.evaluate(a, scope));
  }

  private evaluate(e: LiteralExpr, scope: Scope): Raw {
    switch (e.k) {
      case "value":
        return e;
      case "array":
        return { k: "array", items: e.items.map((x) => this.evaluate(x, scope)) };
      case "object":
        return { k: "object", entries: e.entries.map(([key, x]) => [key, this.evaluate(x, scope)] as const) };
      case "fn":
        return { k: "closure", fn: e, scope };
      case "chain":
        return { k: "chain", chain: this.chain(e, scope) };
    }
  }

  private snap(v: Raw, site: LiteralCall): Snapped {
    switch (v.k) {
      case "value":
        return v.value;
      case "array":
        return { k: "array", items: v.items.map((x) => this.snap(x, site)) };
      case "object":
        return { k: "object", entries: v.entries.map(([key, x]) => [key, this.snap(x, site)] as const) };
      case "chain":
        return v;
      case "closure":
        return this.invoke(v.fn, v.scope, site);
    }
  }

  /**
   * Where the prelude finds a function: the first match of its text from the call's reported
   * position (the function itself follows the call, so there is one by its own start). Each step
   * is charged what it can cost at worst, a naive search of the prefix and a full comparison:
   * many long alike callbacks in one call would make the search quadratic.
   */
  private locate(fn: LiteralFn, site: LiteralCall): number {
    const text = this.source.slice(fn.start, fn.end);
    const prefix = text.slice(0, SEARCH_PREFIX);
    for (let from = site.raw; ; ) {
      const at = this.source.indexOf(prefix, from);
      if (at < 0 || at > fn.start) throw new NotRecordable();
      this.searched += (at - from + 1) * prefix.length + text.length;
      if (this.searched > this.budgets.literalSearch) throw new NotRecordable();
      if (this.source.startsWith(text, at)) return at;
      from = at + 1;
    }
  }

  /** Calls a function with one fresh "param" root per declared parameter (at least one). */
  private invoke(fn: LiteralFn, outer: Scope, site: LiteralCall): Snapped {
    const roots: Root[] = [];
    const scope = new Map(outer);
    for (let i = 0; i < Math.max(1, fn.params.length); i++) {
      const root: Root = { name: "param", callable: false, log: [] };
      roots.push(root);
      const name = fn.params[i];
      if (name !== undefined) scope.set(name, root);
    }
    const at = this.locate(fn, site);
    for (const s of fn.statements ?? []) this.chain(s, scope);
    const body = fn.body === undefined ? undefined : this.chain(fn.body, scope);
    return { k: "fn", params: roots.map((r) => r.log), ...(body === undefined ? {} : { body }), at };
  }
}

/**
 * Builders -> the protocol's values, as the host reads them from the sandbox's JSON. Chains are
 * shared builders, so the result can be far larger than the text: it is counted as it is built,
 * exactly as `ser` counts in values-source.ts (a node per value, chain and call; the characters
 * of strings, keys and call names).
 */
class Finisher {
  private nodes = 0;
  private chars = 0;
  constructor(
    private readonly index: TextIndex,
    private readonly budgets: Budgets,
  ) {}

  private count(nodes: number, chars: number): void {
    this.nodes += nodes;
    this.chars += chars;
    if (this.nodes > this.budgets.recordedNodes || this.chars > this.budgets.recordedChars) throw new NotRecordable();
  }

  value(v: Snapped): Value {
    this.count(1, typeof v === "string" ? v.length : 0);
    if (v === null || typeof v !== "object") return v;
    switch (v.k) {
      case "array":
        return v.items.map((x) => this.value(x));
      case "object": {
        const out: { [key: string]: Value } = {};
        for (const [key, x] of v.entries) {
          this.count(0, key.length);
          Object.defineProperty(out, key, { value: this.value(x), enumerable: true, writable: true, configurable: true });
        }
        return out;
      }
      case "chain":
        return { $alab: "chain", chain: this.chain(v.chain) };
      case "fn": {
        const fn: Fn = {
          params: v.params.map((log) => log.map((c) => this.chain(c))),
          returned: v.body === undefined ? "undefined" : "chain",
          ...(v.body === undefined ? {} : { value: this.value({ k: "chain", chain: v.body }) }),
          loc: this.index.loc(v.at),
        };
        return { $alab: "fn", fn };
      }
    }
  }

  chain(c: ChainBuilder): Chain {
    this.count(1, 0);
    const calls: Call[] = c.calls.map((call) => {
      this.count(1, call.name.length);
      return { name: call.name, args: call.args === null ? null : call.args.map((a) => this.value(a)), loc: this.index.loc(call.at) };
    });
    return { root: c.root, seq: c.seq, calls };
  }
}

/**
 * The file's recording without running it, or null when it is not a literal DSL file (or is
 * TypeScript, whose stripped text differs from the file), or is beyond a budget for the sandbox
 * `limits`, and must be evaluated in QuickJS.
 */
export function readLiteralFile(file: SourceFile, kind: FileKind, limits: Limits = DEFAULT_LIMITS): EvaluatedFile | null {
  if (isTypeScript(file.path) || /[\n()]/.test(file.path)) return null;
  const budgets = budgetsFor(limits);
  const parsed = parseLiteralFile(file.source, budgets);
  if (parsed === null) return null;
  const allowed = ROOTS[kind];
  // The `alab` module exports the kind's roots (schema: also none other); any other name fails to link.
  if (parsed.imports.some((n, i) => !allowed.some((r) => r.name === n) || parsed.imports.indexOf(n) !== i)) return null;
  const scope = new Map<string, Root>(allowed.map((r) => [r.name, { ...r, log: [] }]));
  try {
    const exported: Snapped = { k: "chain", chain: new Recorder(file.source, budgets).chain(parsed.exported, scope) };
    // A migration's exports are an object { default }, counted like any object.
    const top: Snapped = kind === "schema" ? exported : { k: "object", entries: [["default", exported]] };
    const value = new Finisher(new TextIndex(file.source), budgets).value(top);
    return { file: file.path, value, logs: [], source: file.source };
  } catch (e) {
    if (e instanceof NotRecordable) return null;
    throw e;
  }
}
