/**
 * Hand-built sandbox recordings for schema DSL tests, written like the schema files they stand
 * for: `table({ email: col.email().unique() }).timestamps()`. `.at(line, column)` sets the
 * location of the next call (default 1:1); `.read(name)` records a property read but not called.
 */
import type { Call, EvaluatedFile, Loc, Tagged, Value } from "../../../src/sandbox/protocol";

const STATE = Symbol("recording");
const DEFAULT_LOC: Loc = { line: 1, column: 1 };

interface State {
  readonly root: string;
  readonly seq: number;
  readonly calls: readonly Call[];
  readonly next?: Loc;
}

/** Names the tests call directly; any other name goes through `.call(name, ...args)`. */
type DslName =
  | "id" | "uuid" | "string" | "text" | "integer" | "float" | "decimal" | "boolean" | "date" | "time"
  | "datetime" | "json" | "base64" | "enum" | "email" | "username" | "password_hash" | "phone" | "name"
  | "title" | "slug" | "body" | "markdown" | "html" | "summary" | "url" | "ip" | "ipv4" | "ipv6"
  | "user_agent" | "money" | "percentage" | "counter" | "quantity" | "rating" | "duration" | "token"
  | "code" | "country" | "currency" | "locale" | "timezone" | "color" | "flag" | "belongs_to"
  | "one_to_one" | "belongs_to_any" | "optional" | "nullable" | "unique" | "index" | "default"
  | "backfill" | "min" | "max" | "pattern" | "docs" | "deprecated" | "as" | "on_delete" | "on_update"
  | "timestamps" | "soft_delete" | "sortable" | "auditable" | "check" | "many_to_many" | "migration"
  | "format" | "read_only" | "write_only" | "hidden" | "searchable" | "filterable" | "sort_by" | "junction";

/**
 * A recorder: every property is a call that extends the chain. Arguments are `any` on purpose:
 * the helper stands in for arbitrary user code, including wrong arguments.
 */
export type Rec = {
  // biome-ignore lint/suspicious/noExplicitAny: see above
  readonly [K in DslName]: (...args: any[]) => Rec;
} & {
  at(line: number, column: number): Rec;
  read(name: string): Rec;
  call(name: string, ...args: unknown[]): Rec;
};

let seq = 0;

function make(state: State): Rec {
  const push = (name: string, args: readonly Value[] | null): Rec =>
    make({ root: state.root, seq: state.seq, calls: [...state.calls, { name, args, loc: state.next ?? DEFAULT_LOC }] });
  return new Proxy({} as Rec, {
    get(_target, prop) {
      if (prop === STATE) return state;
      if (typeof prop === "symbol") return undefined;
      if (prop === "at") return (line: number, column: number) => make({ ...state, next: { line, column } });
      if (prop === "read") return (name: string) => push(name, null);
      if (prop === "call") return (name: string, ...args: unknown[]) => push(name, args.map(toValue));
      return (...args: unknown[]) => push(prop, args.map(toValue));
    },
  });
}

function stateOf(x: unknown): State | undefined {
  if (typeof x !== "object" || x === null) return undefined;
  return (x as { [STATE]?: State })[STATE];
}

/** Converts test values (recorders, undefined, nested objects) to what the sandbox would send. */
export function toValue(x: unknown): Value {
  const state = stateOf(x);
  if (state !== undefined) return { $alab: "chain", chain: { root: state.root, seq: state.seq, calls: state.calls } } satisfies Tagged;
  if (x === undefined) return { $alab: "undefined" };
  if (x === null || typeof x === "string" || typeof x === "number" || typeof x === "boolean") return x;
  if (Array.isArray(x)) return x.map(toValue);
  if (typeof x === "function") return { $alab: "fn", fn: { params: [], returned: "undefined", loc: DEFAULT_LOC } };
  if (typeof x === "object") {
    if ("$alab" in x) return x as Value;
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, toValue(v)]));
  }
  throw new TypeError(`cannot record ${typeof x}`);
}

/** The `col` root; `col.at(3, 10).string(255)` places the constructor call at 3:10. */
export const col: Rec = new Proxy({} as Rec, {
  get(_target, prop) {
    const fresh = make({ root: "col", seq: ++seq, calls: [] });
    return (fresh as unknown as Record<string | symbol, unknown>)[prop];
  },
});

/** Any other root (`migration`, `m`), for wrong-default-export tests. */
export function root(name: string): Rec {
  return make({ root: name, seq: ++seq, calls: [] });
}

/** The `table` root, callable: `table({...})` or `tableAt(1, 16)({...})`. */
export function tableAt(line: number, column: number): (columns: unknown, ...rest: unknown[]) => Rec {
  return (columns, ...rest) =>
    make({ root: "table", seq: ++seq, calls: [{ name: "table", args: [columns, ...rest].map(toValue), loc: { line, column } }] });
}

export const table = tableAt(1, 16);

export function schemaFile(value: unknown, file = "schemas/test/thing.js"): EvaluatedFile {
  return { file, value: toValue(value), logs: [], source: "" };
}

/** A Call as recorded, for assertions. */
export function callOf(rec: Rec, index = 0): Call | undefined {
  return stateOf(rec)?.calls[index];
}
