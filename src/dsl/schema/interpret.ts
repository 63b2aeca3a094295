/**
 * A schema file's recording -> TableDef. The file's default export must be `table({...})`; each
 * key becomes a column (or, for relations, `<key>_id`), table methods add the rest. The first
 * mistake stops the file, reported at the call that made it.
 */
import type { SourceLocation } from "../../errors";
import type { ColumnDef, IndexDef, RelationDef, TableDef } from "../../model/def";
import { didYouMean } from "../../model/suggest";
import { type Call, type Chain, type EvaluatedFile, isTagged, type Value } from "../../sandbox/protocol";
import { argsOf, describeValue, objectArg, type Site } from "./args";
import { checkIdentifier, interpretColumn } from "./column";
import type { Scope } from "./constructor";
import { fail, locate } from "./fail";
import { applyTableMethods, type PendingApi, type PendingIndex, type TableParts } from "./table-methods";
import type { TableApi } from "../../model/types";
import { columnsOf } from "../../sql/generated";

const TABLE_HINT = "write `export default table({ id: col.id(), ... })` in the file";

function asChain(v: Value): Chain | undefined {
  return isTagged(v) && v.$alab === "chain" ? v.chain : undefined;
}

/** The `table(...)` call and the methods chained on it, or E_SCHEMA_NOT_TABLE. */
function tableChain(file: EvaluatedFile): { readonly tableCall: Call; readonly methods: readonly Call[] } {
  const chain = asChain(file.value);
  const first = chain?.calls[0];
  if (chain === undefined || first === undefined) {
    const what = isTagged(file.value) && file.value.$alab === "undefined" ? "has no default export" : `exports ${describeValue(file.value)} by default`;
    return fail("E_SCHEMA_NOT_TABLE", `schema file ${what}, not \`table({...})\``, TABLE_HINT, locate(file.file, undefined));
  }
  if (chain.root !== "table" || first.name !== "table") {
    const shown = first.name === chain.root ? chain.root : `${chain.root}.${first.name}`;
    return fail("E_SCHEMA_NOT_TABLE", `the default export is \`${shown}(...)\`, not \`table({...})\``, TABLE_HINT, locate(file.file, first));
  }
  return { tableCall: first, methods: chain.calls.slice(1) };
}

function describeOrigin(def: ColumnDef): string {
  switch (def.origin) {
    case "column":
      return `the key \`${def.column.name}\``;
    case "relation":
      return "a relation";
    case "polymorphic":
      return "`belongs_to_any`";
    case "timestamps":
    case "soft_delete":
    case "sortable":
    case "auditable":
      return `\`.${def.origin}()\``;
  }
}

function lineOf(at: SourceLocation): string {
  return at.line === undefined ? "" : ` (line ${at.line})`;
}

function isAfter(a: SourceLocation, b: SourceLocation): boolean {
  return (a.line ?? 0) > (b.line ?? 0) || ((a.line ?? 0) === (b.line ?? 0) && (a.column ?? 0) > (b.column ?? 0));
}

function checkColumnsOnce(columns: readonly ColumnDef[]): void {
  const seen = new Map<string, ColumnDef>();
  let primary: ColumnDef | undefined;
  for (const def of columns) {
    const other = seen.get(def.column.name);
    if (other !== undefined) {
      const [first, second] = isAfter(def.at, other.at) ? [other, def] : [def, other];
      fail(
        "E_SCHEMA_DUPLICATE_COLUMN",
        `column \`${def.column.name}\` is defined twice: by ${describeOrigin(first)}${lineOf(first.at)} and by ${describeOrigin(second)}${lineOf(second.at)}`,
        "rename one of them (a relation `author` makes `author_id`; `.timestamps()` makes created_at and updated_at)",
        second.at,
      );
    }
    seen.set(def.column.name, def);
    if (def.primaryKey) {
      if (primary !== undefined) {
        fail(
          "E_SCHEMA_DUPLICATE_PRIMARY_KEY",
          `\`${def.column.name}\` is a second primary key (the first is \`${primary.column.name}\`)`,
          "a table has one primary-key column (`col.id()`, `col.serial()`, `.primary_key()`); use `col.uuid()`/`col.integer()` for other columns, or `.primary_key(\"a\", \"b\")` on the table for a composite key",
          def.at,
        );
      }
      primary = def;
    }
  }
}

/** Column names in `.index()`/`.unique()`: a relation may be named by its key (`author` -> `author_id`). */
function resolveIndex(columns: ColumnDef[], pending: PendingIndex): IndexDef | undefined {
  const byName = new Map(columns.map((c) => [c.column.name, c]));
  const resolved = pending.names.map((n) => {
    if (byName.has(n)) return n;
    const viaKey = byName.get(`${n}_id`);
    if (viaKey !== undefined && viaKey.origin !== "column") return viaKey.column.name;
    return fail(
      "E_SCHEMA_UNKNOWN_COLUMN",
      `\`.${pending.site.call.name}()\` names an unknown column \`${n}\``,
      `the table's columns are ${[...byName.keys()].sort().join(", ")}`,
      locate(pending.site.file, pending.site.call, didYouMean(n, byName.keys(), (c) => c)),
    );
  });
  const at = locate(pending.site.file, pending.site.call);
  const single = resolved.length === 1 ? byName.get(resolved[0] ?? "") : undefined;
  const shaped = pending.name !== undefined || pending.where !== undefined || pending.descending !== undefined;
  if (shaped) {
    // A named, partial or descending index is kept as written, even on one column.
    const desc = (pending.descending ?? []).map((n) => resolved[pending.names.indexOf(n)] as string);
    return {
      columns: resolved,
      unique: pending.unique,
      at,
      ...(pending.name === undefined ? {} : { name: pending.name }),
      ...(desc.length === 0 ? {} : { descending: desc }),
      ...(pending.where === undefined ? {} : { where: pending.where }),
    };
  }
  if (pending.unique && single !== undefined) {
    // One representation per meaning: a one-column unique is the column's own UNIQUE.
    if (single.column.unique || single.primaryKey) {
      fail("E_SCHEMA_DUPLICATE_INDEX", `column \`${single.column.name}\` is already unique`, "remove this `.unique()`", at);
    }
    columns[columns.indexOf(single)] = { ...single, column: { ...single.column, unique: true } };
    return undefined;
  }
  return { columns: resolved, unique: pending.unique, at };
}

/**
 * `.primary_key("a", "b")`: the columns (a relation by its key, as in `.index()`), in that order,
 * marked as the key. A table has one key: not with `col.id()`/`col.serial()`/`.primary_key()` on a
 * column, and never over an optional column.
 */
function tablePrimaryKey(columns: ColumnDef[], pk: { readonly names: readonly string[]; readonly site: Site }): string[] {
  const at = locate(pk.site.file, pk.site.call);
  const already = columns.find((c) => c.primaryKey);
  if (already !== undefined) {
    fail(
      "E_SCHEMA_DUPLICATE_PRIMARY_KEY",
      `\`.primary_key()\` on the table, but \`${already.column.name}\` is already the primary key`,
      "keep one: the column's own key, or the table's `.primary_key(...)` listing every key column",
      at,
    );
  }
  const resolved = resolveIndex(columns, { names: pk.names, unique: false, site: pk.site });
  const names = resolved?.columns ?? [];
  for (const name of names) {
    const i = columns.findIndex((c) => c.column.name === name);
    const def = columns[i] as ColumnDef;
    if (def.column.nullable) {
      fail("E_SCHEMA_CONFLICTING_MODIFIERS", `primary-key column \`${name}\` is optional`, "a primary-key column is NOT NULL: remove `.optional()`", at);
    }
    columns[i] = { ...def, primaryKey: true };
  }
  return [...names];
}

function sameIndex(a: IndexDef, b: IndexDef): boolean {
  const list = (x: readonly string[] | undefined) => (x ?? []).join("\u0000");
  return a.unique === b.unique && list(a.columns) === list(b.columns) && list(a.descending) === list(b.descending) && a.where === b.where && a.name === b.name;
}

export function interpretSchemaFile(file: EvaluatedFile, ns: string, name: string): TableDef {
  const fileAt = locate(file.file, undefined);
  // ns "" is a file directly in schemas/: a table without a namespace, whose ref is its name.
  if (ns !== "") checkIdentifier(ns, "namespace (the folder name)", fileAt);
  checkIdentifier(name, "table name (the file name)", fileAt);
  const ref = ns === "" ? name : `${ns}.${name}`;
  const scope: Scope = { file: file.file, ns, ref };
  const { tableCall, methods } = tableChain(file);
  const site: Site = { file: file.file, call: tableCall, usage: "table({ column: col.type(), ... })" };
  const shape = objectArg(site, argsOf(site, 1, 1)[0], "an object of columns");
  const tableAt = locate(file.file, tableCall);

  const parts: TableParts = { columns: [], indexes: [], pending: [], checks: [], manyToMany: [], polymorphic: [], api: {} };
  const relations: RelationDef[] = [];
  for (const [key, v] of Object.entries(shape)) {
    const col = asChain(v);
    const where = col?.calls[0] !== undefined ? locate(file.file, col.calls[0]) : tableAt;
    if (col === undefined || col.root !== "col") {
      fail(
        "E_SCHEMA_BAD_COLUMN",
        `column \`${key}\` is ${describeValue(v)}, not a \`col.*\` definition`,
        "write e.g. `" + key + ": col.string(255)`",
        where,
      );
    }
    checkIdentifier(key, "column name", where);
    const out = interpretColumn(scope, key, col, where);
    parts.columns.push(...out.columns);
    parts.indexes.push(...out.indexes);
    if (out.relation !== undefined) relations.push(out.relation);
    if (out.polymorphic !== undefined) parts.polymorphic.push(out.polymorphic);
  }
  applyTableMethods(scope, parts, methods);
  checkColumnsOnce(parts.columns);
  checkGeneratedColumns(parts.columns);
  if (parts.columns.length === 0) {
    fail("E_SCHEMA_EMPTY_TABLE", `table \`${ref}\` has no columns`, "add at least `id: col.id()`", tableAt);
  }
  for (const pending of parts.pending) {
    const index = resolveIndex(parts.columns, pending);
    if (index === undefined) continue;
    if (parts.indexes.some((other) => sameIndex(other, index))) {
      fail("E_SCHEMA_DUPLICATE_INDEX", `the index on ${index.columns.join(", ")} is declared twice`, "declare each index once", index.at);
    }
    parts.indexes.push(index);
  }
  const primaryKey = parts.primaryKey === undefined ? undefined : tablePrimaryKey(parts.columns, parts.primaryKey);
  const def: TableDef = {
    ...(primaryKey === undefined ? {} : { primaryKey }),
    ns,
    name,
    ref,
    file: file.file,
    at: tableAt,
    columns: parts.columns,
    relations,
    polymorphic: parts.polymorphic,
    indexes: parts.indexes,
    checks: parts.checks,
    manyToMany: parts.manyToMany,
  };
  const api = resolveApi(parts.api, parts.columns, relations);
  return {
    ...def,
    ...(parts.docs === undefined ? {} : { docs: parts.docs }),
    ...(parts.deprecated === undefined ? {} : { deprecated: parts.deprecated }),
    ...(api === undefined ? {} : { api }),
  };
}

/** A generated column is computed from the table's other, not generated, columns. */
function checkGeneratedColumns(columns: readonly ColumnDef[]): void {
  const byName = new Map(columns.map((c) => [c.column.name, c]));
  for (const def of columns) {
    if (def.column.generated === undefined) continue;
    for (const name of columnsOf(def.column.generated.expr)) {
      const used = byName.get(name);
      if (used === undefined || used.column.generated !== undefined) {
        fail(
          "E_SCHEMA_GENERATED_COLUMN",
          `generated column \`${def.column.name}\` uses ${used === undefined ? `\`${name}\`, which is not a column of the table` : `the generated column \`${name}\``}`,
          `compute it from the table's other columns: ${[...byName.values()].filter((c) => c.column.generated === undefined).map((c) => c.column.name).sort().join(", ")}`,
          def.at,
        );
      }
    }
  }
}

/** The table's API metadata: every column named must be one of the table's, a junction's sides its relations. */
function resolveApi(pending: PendingApi, columns: readonly ColumnDef[], relations: readonly RelationDef[]): TableApi | undefined {
  const names = new Set(columns.map((c) => c.column.name));
  const known = (list: { readonly names: readonly string[]; readonly site: Site }, strip: boolean): string[] =>
    list.names.map((written) => {
      const n = strip && written.startsWith("-") ? written.slice(1) : written;
      if (names.has(n)) return written;
      const viaKey = columns.find((c) => c.column.name === `${n}_id` && c.origin !== "column");
      if (viaKey !== undefined) return written.replace(n, viaKey.column.name);
      return fail(
        "E_SCHEMA_UNKNOWN_COLUMN",
        `\`.${list.site.call.name}()\` names an unknown column \`${n}\``,
        `the table's columns are ${[...names].sort().join(", ")}`,
        locate(list.site.file, list.site.call, didYouMean(n, names, (c) => c)),
      );
    });
  const api: { searchable?: string[]; filterable?: string[]; sortBy?: string[]; junction?: { source?: string; target?: string } } = {};
  if (pending.searchable !== undefined) api.searchable = known(pending.searchable, false);
  if (pending.filterable !== undefined) api.filterable = known(pending.filterable, false);
  if (pending.sortBy !== undefined) api.sortBy = known(pending.sortBy, true);
  const j = pending.junction;
  if (j !== undefined) {
    const targets = relations.map((r) => r.target);
    const sides = j.source === undefined ? targets : [j.source, j.target as string];
    if (j.source === undefined && targets.length !== 2) {
      fail("E_SCHEMA_JUNCTION", `\`.junction()\` finds its two sides from the table's relations, but the table has ${targets.length}`, 'name both sides: `.junction("ns.a", "ns.b")`', locate(j.site.file, j.site.call));
    }
    for (const side of sides) {
      if (!targets.includes(side)) {
        fail("E_SCHEMA_JUNCTION", `\`.junction()\` names ${side}, but the table has no relation to it`, `add \`${side.slice(side.indexOf(".") + 1)}: col.belongs_to("${side}")\`, or name the tables it links`, locate(j.site.file, j.site.call));
      }
    }
    api.junction = { source: sides[0] as string, target: sides[1] as string };
  }
  return Object.keys(api).length === 0 ? undefined : api;
}
