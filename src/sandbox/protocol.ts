/**
 * What crosses the sandbox boundary: JSON only. User files run in QuickJS against *recorders*:
 * DSL roots (`col`, `table`, `migration`, `m`, `t`, `schema`, `query`, ...) whose every property
 * call is recorded with its arguments and its source location, and returned as a chain that records
 * further calls. The host then interprets the recording with the real DSL (src/dsl), which is pure
 * TypeScript and reports mistakes at the recorded file:line:column.
 *
 *   col.string(255).unique()     -> Chain { root: "col", calls: [string(255), unique()] }
 *   table({ ... }).timestamps()  -> Chain { root: "table", calls: [table({...}), timestamps()] }
 *   m.create_table("a.b", (t) => { t.id(); })
 *        -> Chain { root: "m", calls: [create_table("a.b", Fn { params: [[Chain{root:"t", id()}]] })] }
 *
 * Functions passed as arguments are invoked immediately, in the sandbox, with fresh recorder roots
 * (one per declared parameter, at least one), so statements inside callbacks keep source order.
 * `seq` numbers every chain of a file in creation order: interleaved logs (Azul `schema` and
 * `query` calls) can be merged back into the order written.
 */

export interface Loc {
  readonly line: number; // 1-based, in the user's file
  readonly column: number; // 1-based, in UTF-16 code units (JavaScript string indices + 1)
}

export interface Call {
  readonly name: string;
  /** null when the property was read but never called (`col.id` instead of `col.id()`). */
  readonly args: readonly Value[] | null;
  readonly loc: Loc;
}

export interface Chain {
  /** The root the chain started from: a global name ("col", "table", "migration") or "param". */
  readonly root: string;
  readonly seq: number;
  readonly calls: readonly Call[];
}

export interface Fn {
  /** One chain log per parameter the function was given: every chain started from that param. */
  readonly params: readonly (readonly Chain[])[];
  /**
   * What the function returned: nothing, a real thenable ("promise", Azul manual mode), a recorder
   * chain ("chain": the host decides what it means, e.g. a returned `schema.createTable(...)`), or
   * any other value.
   */
  readonly returned: "undefined" | "promise" | "chain" | "value";
  /** The returned chain when `returned` is "chain" (it may start from a global root, not a param). */
  readonly value?: Value;
  /** Where the function is defined (its first token), else where it was passed. */
  readonly loc: Loc;
}

/** Tagged non-JSON values. The key "$alab" is reserved in user objects. */
export type Tagged =
  | { readonly $alab: "chain"; readonly chain: Chain }
  | { readonly $alab: "fn"; readonly fn: Fn }
  | { readonly $alab: "undefined" };

export type Value =
  | null
  | boolean
  | number
  | string
  | readonly Value[]
  | Tagged
  | { readonly [key: string]: Value };

export function isTagged(v: Value): v is Tagged {
  return typeof v === "object" && v !== null && !Array.isArray(v) && typeof (v as { $alab?: unknown }).$alab === "string";
}

/** The file kinds the sandbox knows; each installs its own roots and its own `alab` module. */
export type FileKind =
  | "schema" // globals table, col; module "alab" exports { table, col }; result: default export
  | "migration"; // globals migration, exports, module; "alab" exports { migration }; result: exports

export interface EvaluatedFile {
  readonly file: string; // path as given (relative to the project, for messages)
  /**
   * schema: the default export. migration: an object of the module's exports (ES `default`
   * unwrapped into its properties when it is a `migration({...})` chain is NOT done here: the host
   * DSL decides). CommonJS `exports.x` / `module.exports = {...}` and ES exports are merged into
   * one object: { default?: Value, up?: Value, down?: Value, change?: Value, transaction?: Value }.
   */
  readonly value: Value;
  /** console.log/warn/error lines, in order, already prefixed with nothing (the CLI prefixes). */
  readonly logs: readonly string[];
  /**
   * The file's text as given, for code frames: every Loc refers to it. For TypeScript the code
   * actually evaluated is the stripped output, but locations are mapped back to this text.
   */
  readonly source: string;
}

/** A recorded value in words, for error messages ("the string \"x\"", "a function", ...). */
export function describeValue(v: Value | undefined): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (typeof v === "string") return `the string ${JSON.stringify(v)}`;
  if (typeof v === "number") return `the number ${v}`;
  if (typeof v === "boolean") return `\`${v}\``;
  if (Array.isArray(v)) return "an array";
  if (isTagged(v)) {
    switch (v.$alab) {
      case "chain":
        return `a \`${v.chain.root}\` expression`;
      case "fn":
        return "a function";
      case "undefined":
        return "undefined";
    }
  }
  return "an object";
}
