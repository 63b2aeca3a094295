/**
 * The calls chained on `table({...})`: generated columns (`.timestamps()` ...), composite indexes,
 * checks, many-to-many and table-level polymorphic relations, docs.
 */
import type { SourceLocation } from "../../errors";
import type { CheckDef, ColumnDef, ColumnOrigin, IndexDef, ManyToManyDef, PolymorphicDef } from "../../model/def";
import { didYouMean } from "../../model/suggest";
import type { Column } from "../../model/types";
import { type Call, isTagged, type Value } from "../../sandbox/protocol";
import { parseIndexColumn } from "../../model/index-columns";
import { argsOf, badArgument, objectArg, type Site, stringArg } from "./args";
import { checkIdentifier, interpretColumn } from "./column";
import type { Scope } from "./constructor";
import { fail, locate } from "./fail";
import { expressionProblem, unsafeExpression } from "../../sql/expression";
import { resolveRef } from "./reference";

/** A table-level `.index()`/`.unique()` as written, resolved once every column is known. */
export interface PendingIndex {
  readonly names: readonly string[];
  readonly unique: boolean;
  readonly site: Site;
  readonly descending?: readonly string[];
  readonly name?: string;
  readonly where?: string;
}

/** Everything the table-level calls contribute. */
export interface TableParts {
  readonly columns: ColumnDef[];
  readonly indexes: IndexDef[];
  readonly pending: PendingIndex[];
  readonly checks: CheckDef[];
  readonly manyToMany: ManyToManyDef[];
  readonly polymorphic: PolymorphicDef[];
  /** `.primary_key(...)` as written, resolved once every column is known. */
  primaryKey?: { readonly names: readonly string[]; readonly site: Site };
  docs?: string;
  deprecated?: string;
  /** AstrolaDB's API metadata as written; checked against the columns and relations in interpret.ts. */
  readonly api: PendingApi;
}

/** `.searchable() .filterable() .sort_by() .junction()` as written, with where they were written. */
export interface PendingApi {
  searchable?: { readonly names: readonly string[]; readonly site: Site };
  filterable?: { readonly names: readonly string[]; readonly site: Site };
  sortBy?: { readonly names: readonly string[]; readonly site: Site };
  junction?: { readonly source?: string; readonly target?: string; readonly site: Site };
}

const USAGE = {
  timestamps: ".timestamps()",
  soft_delete: ".soft_delete()",
  sortable: ".sortable()",
  auditable: ".auditable()",
  index: '.index("col_a", "col_b desc", { name: "idx_x", where: "deleted_at is null" })',
  unique: '.unique("col_a", "col_b", { name: "uq_x", where: "deleted_at is null" })',
  check: '.check("name", "expression")',
  many_to_many: '.many_to_many("ns.table")',
  belongs_to_any: '.belongs_to_any(["ns.a", "ns.b"], { as: "name" })',
  docs: '.docs("text")',
  deprecated: '.deprecated("reason")',
  searchable: '.searchable(["title", "body"])',
  filterable: '.filterable(["status", "created_at"])',
  sort_by: '.sort_by(["-created_at", "title"])',
  junction: '.junction("ns.a", "ns.b")',
  primary_key: '.primary_key("col_a", "col_b")',
} as const;

type Method = keyof typeof USAGE;

/** Every method `table({...})` chains; the editor typings list the same. */
export const TABLE_METHOD_NAMES: readonly string[] = Object.keys(USAGE);

/** Methods that may be called once only (a second call would only repeat the first). */
const ONCE: readonly Method[] = ["timestamps", "soft_delete", "sortable", "auditable", "docs", "deprecated", "searchable", "filterable", "sort_by", "junction", "primary_key"];

const NOW: Column["default"] = { kind: "expr", expr: "now" };
const ZERO: Column["default"] = { kind: "literal", value: 0 };
const DATETIME: Column["type"] = { kind: "datetime" };

function generated(origin: ColumnOrigin, where: SourceLocation, columns: readonly Column[]): ColumnDef[] {
  return columns.map((column) => ({ column, primaryKey: false, origin, index: false, at: where }));
}

function columnNames(site: Site, args: readonly Value[]): string[] {
  const list = args.length === 1 && Array.isArray(args[0]) ? (args[0] as readonly Value[]) : args;
  if (list.length === 0) badArgument(site, "at least one column name", null);
  const names = list.map((v) => stringArg(site, v, "column names"));
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) {
    fail(
      "E_SCHEMA_BAD_ARGUMENT",
      `column \`${twice}\` is listed twice`,
      "list each column once",
      locate(site.file, site.call),
    );
  }
  return names;
}

/** `.index(...)`/`.unique(...)`: columns (`"col desc"` for descending), then optionally `{ name, where }`. */
function pendingIndex(scope: Scope, site: Site, unique: boolean, args: readonly Value[]): PendingIndex {
  const last = args[args.length - 1];
  const hasOptions = args.length > 1 && last !== null && typeof last === "object" && !Array.isArray(last) && !isTagged(last);
  const written = columnNames(site, hasOptions ? args.slice(0, -1) : args);
  const names: string[] = [];
  const descending: string[] = [];
  for (const text of written) {
    const parsed = parseIndexColumn(text);
    if (parsed === undefined) badArgument(site, 'column names, each optionally followed by " desc"', text);
    names.push(parsed.column);
    if (parsed.descending) descending.push(parsed.column);
  }
  const out: { -readonly [K in keyof PendingIndex]: PendingIndex[K] } = { names, unique, site };
  if (descending.length > 0) out.descending = descending;
  if (!hasOptions) return out;
  const options = objectArg(site, last, "options `{ name, where }`");
  for (const key of Object.keys(options)) {
    if (key !== "name" && key !== "where") badArgument(site, "options with only `name` and `where`", options);
  }
  const where = locate(site.file, site.call);
  if (options.name !== undefined) {
    const n = stringArg(site, options.name, "an index name");
    checkIdentifier(n, "index name", where);
    out.name = n;
  }
  if (options.where !== undefined) {
    const expr = stringArg(site, options.where, "a SQL condition string").trim();
    const problem = expr === "" ? { reason: "it is empty", offset: 0 } : expressionProblem(expr);
    if (problem !== undefined) throw unsafeExpression(expr, `the condition of an index on ${scope.ref}`, problem).withLocation(where);
    out.where = expr;
  }
  return out;
}

function method(scope: Scope, parts: TableParts, name: Method, call: Call): void {
  const site: Site = { file: scope.file, call, usage: USAGE[name] };
  const where = locate(scope.file, call);
  switch (name) {
    case "timestamps":
      argsOf(site, 0, 0);
      parts.columns.push(
        ...generated("timestamps", where, [
          { name: "created_at", type: { kind: "datetime" }, nullable: false, unique: false, default: NOW },
          { name: "updated_at", type: { kind: "datetime" }, nullable: false, unique: false, default: NOW },
        ]),
      );
      return;
    case "soft_delete":
      argsOf(site, 0, 0);
      parts.columns.push(...generated("soft_delete", where, [{ name: "deleted_at", type: DATETIME, nullable: true, unique: false }]));
      return;
    case "sortable":
      argsOf(site, 0, 0);
      parts.columns.push(
        ...generated("sortable", where, [{ name: "position", type: { kind: "integer" }, nullable: false, unique: false, default: ZERO }]),
      );
      return;
    case "auditable":
      argsOf(site, 0, 0);
      parts.columns.push(
        ...generated("auditable", where, [
          { name: "created_by", type: { kind: "uuid" }, nullable: true, unique: false },
          { name: "updated_by", type: { kind: "uuid" }, nullable: true, unique: false },
        ]),
      );
      return;
    case "index":
    case "unique":
      parts.pending.push(pendingIndex(scope, site, name === "unique", argsOf(site, 1, Infinity)));
      return;
    case "check": {
      const [n, e] = argsOf(site, 2, 2);
      const checkName = stringArg(site, n, "a check name");
      const expr = stringArg(site, e, "a SQL expression string").trim();
      checkIdentifier(checkName, "check name", where);
      if (expr === "") {
        fail(
          "E_SCHEMA_BAD_ARGUMENT",
          `check \`${checkName}\` has an empty expression`,
          'write e.g. `.check("chk_price", "price >= 0")`',
          where,
        );
      }
      const problem = expressionProblem(expr);
      if (problem !== undefined) throw unsafeExpression(expr, `check \`${checkName}\` on ${scope.ref}`, problem).withLocation(where);
      if (parts.checks.some((c) => c.name === checkName)) {
        fail("E_SCHEMA_DUPLICATE_CHECK", `check \`${checkName}\` is defined twice`, "give each check its own name", where);
      }
      parts.checks.push({ name: checkName, expr, at: where });
      return;
    }
    case "many_to_many": {
      const [raw] = argsOf(site, 1, 1);
      const target = resolveRef(site, stringArg(site, raw, 'a table reference such as "auth.role"'), scope.ns, scope.ref);
      if (target === scope.ref) {
        fail(
          "E_SCHEMA_JUNCTION_SELF",
          `\`${scope.ref}\` cannot be many-to-many with itself`,
          "define a junction table with two `col.belongs_to()` columns under different keys",
          where,
        );
      }
      if (parts.manyToMany.some((m) => m.target === target)) {
        fail("E_SCHEMA_DUPLICATE_METHOD", `\`.many_to_many("${target}")\` is declared twice`, "declare each relation once", where);
      }
      parts.manyToMany.push({ target, at: where });
      return;
    }
    case "belongs_to_any": {
      const args = argsOf(site, 2, 2);
      const options = objectArg(site, args[1], '`{ as: "name" }`');
      if (typeof options.as !== "string") {
        fail(
          "E_SCHEMA_BAD_ARGUMENT",
          "a table-level `.belongs_to_any()` needs `{ as: \"name\" }` to name its columns",
          `write \`${USAGE.belongs_to_any}\``,
          where,
        );
      }
      const as = options.as;
      const out = interpretColumn(scope, as, { root: "col", seq: 0, calls: [call] }, where);
      parts.columns.push(...out.columns);
      parts.indexes.push(...out.indexes);
      if (out.polymorphic !== undefined) parts.polymorphic.push(out.polymorphic);
      return;
    }
    case "docs": {
      const [text] = argsOf(site, 1, 1);
      parts.docs = stringArg(site, text);
      return;
    }
    case "deprecated": {
      const [reason] = argsOf(site, 0, 1);
      parts.deprecated = reason === undefined ? "" : stringArg(site, reason);
      return;
    }
    case "searchable":
    case "filterable":
      parts.api[name] = { names: columnNames(site, argsOf(site, 1, Infinity)), site };
      return;
    case "sort_by":
      parts.api.sortBy = { names: columnNames(site, argsOf(site, 1, Infinity)), site };
      return;
    case "junction": {
      const refs = argsOf(site, 0, 2);
      if (refs.length === 1) badArgument(site, "no table (the two sides are found from the table's two relations) or both sides", refs[0] ?? null);
      const [a, b] = refs.map((r) => resolveRef(site, stringArg(site, r, 'a table reference such as "blog.post"'), scope.ns, scope.ref));
      parts.api.junction = { ...(a === undefined ? {} : { source: a }), ...(b === undefined ? {} : { target: b }), site };
      return;
    }
    case "primary_key":
      parts.primaryKey = { names: columnNames(site, argsOf(site, 1, Infinity)), site };
      return;
  }
}

/** Applies the calls after `table(...)`, in order. */
export function applyTableMethods(scope: Scope, parts: TableParts, calls: readonly Call[]): void {
  const seen = new Set<string>();
  for (const call of calls) {
    const name = call.name;
    if (!Object.prototype.hasOwnProperty.call(USAGE, name)) {
      fail(
        "E_SCHEMA_UNKNOWN_METHOD",
        `unknown table method \`.${name}()\``,
        `a table takes ${Object.keys(USAGE).map((m) => `\`.${m}()\``).join(", ")}`,
        locate(scope.file, call, didYouMean(name, Object.keys(USAGE), (m) => `.${m}()`)),
      );
    }
    const m = name as Method;
    if (ONCE.includes(m) && seen.has(m)) {
      fail("E_SCHEMA_DUPLICATE_METHOD", `\`.${m}()\` is called twice`, "call it once", locate(scope.file, call));
    }
    seen.add(m);
    method(scope, parts, m, call);
  }
}
