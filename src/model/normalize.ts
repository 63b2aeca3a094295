/**
 * Every schema file's TableDef -> the Schema: references resolved, foreign keys and indexes named,
 * junction tables made, columns ordered, everything sorted and frozen. All problems across all
 * files are collected and thrown together as AlabErrors, each at the call that caused it.
 */
import { sameIndexShape } from "./index-columns";
import { AlabError, AlabErrors, type SourceLocation } from "../errors";
import type { TableDef } from "./def";
import { deepFreeze } from "./freeze";
import { buildJunction, junctionKey, type JunctionRequest, type JunctionSide } from "./junction";
import { compositeUniqueName, foreignKeyName, indexName, sqlNameOf, uniqueName } from "./names";
import { compareNames, sortColumns } from "./order";
import { didYouMean } from "./suggest";
import type { Check, ColumnType, ForeignKey, Index, Schema, Table } from "./types";

type Report = (code: string, message: string, hint: string, at: SourceLocation) => void;

function byName<T extends { readonly name: string }>(items: T[]): T[] {
  return items.sort((a, b) => compareNames(a.name, b.name));
}

/** The type a foreign-key column takes from the key it references: a serial's values are plain integers. */
function referencingType(key: ColumnType): ColumnType {
  const sign = "unsigned" in key && key.unsigned === true ? { unsigned: true as const } : {};
  if (key.kind === "serial") return { kind: "integer", ...sign };
  if (key.kind === "bigserial") return { kind: "bigint", ...sign };
  return key;
}

/** The referenced table's single-column primary key (any type), or a report saying why there is none. */
function referencedKey(target: string, defs: ReadonlyMap<string, TableDef>, at: SourceLocation, report: Report): (JunctionSide & { type: ColumnType }) | undefined {
  const def = defs.get(target);
  if (def === undefined) return targetKey(target, defs, at, report) as undefined;
  const pk = def.columns.filter((c) => c.primaryKey);
  const only = pk[0];
  if (pk.length !== 1 || only === undefined) {
    report(
      "E_SCHEMA_REF_NO_PRIMARY_KEY",
      `\`${target}\` has ${pk.length === 0 ? "no primary key" : "a composite primary key"} to reference`,
      pk.length === 0
        ? `add a key to ${def.file}: \`id: col.id()\`, \`id: col.serial()\` or a column with \`.primary_key()\``
        : "reference it with a foreign key over all its columns in a migration (`t.foreign_key`), or give it a single-column key",
      at,
    );
    return undefined;
  }
  return { ref: target, primaryKey: only.column.name, type: only.column.type };
}

/** The referenced table's single UUID primary key, or a report saying why there is none. */
function targetKey(target: string, defs: ReadonlyMap<string, TableDef>, at: SourceLocation, report: Report): JunctionSide | undefined {
  const def = defs.get(target);
  if (def === undefined) {
    const suggestion = didYouMean(target, defs.keys(), (r) => r);
    report(
      "E_SCHEMA_UNKNOWN_REFERENCE",
      `unknown table \`${target}\``,
      suggestion ?? `no schema file defines it: create schemas/${target.replace(".", "/")}.js, or fix the reference`,
      suggestion === undefined ? at : { ...at, label: suggestion },
    );
    return undefined;
  }
  const pk = def.columns.filter((c) => c.primaryKey);
  const only = pk[0];
  if (pk.length !== 1 || only === undefined || only.column.type.kind !== "uuid") {
    report(
      "E_SCHEMA_REF_NO_PRIMARY_KEY",
      `\`${target}\` has no \`col.id()\` primary key to reference`,
      `add \`id: col.id()\` to ${def.file}`,
      at,
    );
    return undefined;
  }
  return { ref: target, primaryKey: only.column.name };
}

function buildTable(def: TableDef, defs: ReadonlyMap<string, TableDef>, report: Report): Table {
  const sql = sqlNameOf(def.ref);
  const primaryKey = def.primaryKey !== undefined ? [...def.primaryKey] : def.columns.filter((c) => c.primaryKey).map((c) => c.column.name);
  // A relation's column takes the type of the key it references (uuid for col.id(), integer for col.serial()).
  const keyTypes = new Map<string, ColumnType>();
  for (const rel of def.relations) {
    const target = referencedKey(rel.target, defs, rel.at, () => undefined);
    if (target !== undefined) keyTypes.set(rel.column, referencingType(target.type));
  }
  const columns = sortColumns(
    def.columns.map((c) => {
      const type = keyTypes.get(c.column.name);
      return type === undefined ? c.column : { ...c.column, type };
    }),
    primaryKey,
  );
  const indexes = new Map<string, Index>();
  const addIndex = (index: Index, at: SourceLocation): void => {
    const existing = indexes.get(index.name);
    const same = existing !== undefined && sameIndexShape(existing, index);
    if (existing !== undefined && !same) {
      report(
        "E_SCHEMA_NAME_CLASH",
        `two indexes of \`${def.ref}\` would both be named \`${index.name}\``,
        "rename a column so the generated names differ",
        at,
      );
    }
    if (existing === undefined) indexes.set(index.name, index);
  };
  for (const c of def.columns) {
    if (c.index) addIndex({ name: indexName(sql, [c.column.name]), columns: [c.column.name], unique: false }, c.at);
  }
  const foreignKeys: ForeignKey[] = [];
  for (const rel of def.relations) {
    const target = referencedKey(rel.target, defs, rel.at, report);
    const unique = def.columns.some((c) => c.column.name === rel.column && c.column.unique);
    // A unique column is already indexed by its constraint; a second index would only cost writes.
    if (!unique) addIndex({ name: indexName(sql, [rel.column]), columns: [rel.column], unique: false }, rel.at);
    if (target === undefined) continue;
    foreignKeys.push({
      name: foreignKeyName(sql, [rel.column]),
      columns: [rel.column],
      refTable: target.ref,
      refColumns: [target.primaryKey],
      onDelete: rel.onDelete,
      onUpdate: rel.onUpdate,
    });
  }
  for (const poly of def.polymorphic) {
    for (const target of poly.targets) {
      if (!defs.has(target)) targetKey(target, defs, poly.at, report);
    }
  }
  for (const index of def.indexes) {
    const name = index.name ?? (index.unique ? compositeUniqueName(sql, index.columns) : indexName(sql, index.columns));
    const shape = { ...(index.descending === undefined ? {} : { descending: [...index.descending] }), ...(index.where === undefined ? {} : { where: index.where }) };
    addIndex({ name, columns: [...index.columns], unique: index.unique, ...shape }, index.at);
  }
  const checks: Check[] = def.checks.map((c) => ({ name: c.name, expr: c.expr }));
  const table: Table = {
    ref: def.ref,
    sqlName: sql,
    columns,
    primaryKey,
    indexes: byName([...indexes.values()]),
    foreignKeys: byName(foreignKeys),
    checks: byName(checks),
  };
  return {
    ...table,
    ...(def.docs === undefined ? {} : { docs: def.docs }),
    ...(def.deprecated === undefined ? {} : { deprecated: def.deprecated }),
    ...(def.api === undefined ? {} : { api: def.api }),
  };
}

function junctions(defs: ReadonlyMap<string, TableDef>, tables: Map<string, Table>, report: Report): void {
  const requests = new Map<string, JunctionRequest>();
  for (const def of defs.values()) {
    for (const m2m of def.manyToMany) {
      const self = targetKey(def.ref, defs, def.at, () => undefined);
      const other = targetKey(m2m.target, defs, m2m.at, report);
      if (self === undefined) {
        report(
          "E_SCHEMA_REF_NO_PRIMARY_KEY",
          `\`${def.ref}\` needs a \`col.id()\` primary key for \`.many_to_many()\``,
          "add `id: col.id()` to the table",
          m2m.at,
        );
      }
      if (self === undefined || other === undefined) continue;
      const key = junctionKey(def.ref, m2m.target);
      if (!requests.has(key)) requests.set(key, { a: self, b: other, at: m2m.at });
    }
  }
  const bySql = new Map([...tables.values()].map((t) => [t.sqlName, t]));
  for (const request of requests.values()) {
    const junction = buildJunction(request);
    const clash = bySql.get(junction.sqlName);
    if (clash !== undefined) {
      report(
        "E_SCHEMA_JUNCTION_CLASH",
        `the junction table of ${request.a.ref} and ${request.b.ref} would be \`${junction.sqlName}\`, which is already the table \`${clash.ref}\``,
        `rename \`${clash.ref}\`, or model the relation with two \`col.belongs_to()\` in it`,
        request.at,
      );
      continue;
    }
    tables.set(junction.ref, junction);
    bySql.set(junction.sqlName, junction);
  }
}

/** Table names and constraint/index names must be unique across the schema (MySQL scopes some per database). */
function checkNames(tables: ReadonlyMap<string, Table>, defs: ReadonlyMap<string, TableDef>, report: Report): void {
  const owners = new Map<string, string>();
  const claim = (name: string, owner: string, what: string, ref: string): void => {
    const prior = owners.get(name);
    const at = defs.get(ref)?.at ?? { file: ref };
    if (prior !== undefined && prior !== owner) {
      report(
        "E_SCHEMA_NAME_CLASH",
        `${what} \`${name}\` of \`${ref}\` has the same name as ${prior}`,
        "rename a table, column or check so the names differ",
        at,
      );
    }
    if (prior === undefined) owners.set(name, owner);
  };
  for (const t of tables.values()) claim(t.sqlName, `the table \`${t.ref}\``, "table", t.ref);
  for (const t of tables.values()) {
    const owner = (kind: string, n: string): string => `the ${kind} \`${n}\` of \`${t.ref}\``;
    for (const i of t.indexes) claim(i.name, owner("index", i.name), "index", t.ref);
    for (const c of t.columns) {
      const uq = uniqueName(t.sqlName, c.name);
      if (c.unique) claim(uq, owner("unique constraint", uq), "unique constraint", t.ref);
    }
    for (const f of t.foreignKeys) claim(f.name, owner("foreign key", f.name), "foreign key", t.ref);
    for (const c of t.checks) claim(c.name, owner("check", c.name), "check", t.ref);
  }
}

function compareAt(a: AlabError, b: AlabError): number {
  const x = a.at ?? { file: "" };
  const y = b.at ?? { file: "" };
  return compareNames(x.file, y.file) || (x.line ?? 0) - (y.line ?? 0) || (x.column ?? 0) - (y.column ?? 0) || compareNames(a.code, b.code);
}

export function buildSchema(defs: readonly TableDef[]): Schema {
  const errors: AlabError[] = [];
  const report: Report = (code, message, hint, at) => {
    errors.push(new AlabError({ code, message, hint, at }));
  };
  const byRef = new Map<string, TableDef>();
  for (const def of defs) {
    const prior = byRef.get(def.ref);
    if (prior !== undefined) {
      report(
        "E_SCHEMA_DUPLICATE_TABLE",
        `table \`${def.ref}\` is defined twice (also in ${prior.file})`,
        "keep one file per table",
        def.at,
      );
      continue;
    }
    byRef.set(def.ref, def);
  }
  const tables = new Map<string, Table>();
  for (const def of byRef.values()) tables.set(def.ref, buildTable(def, byRef, report));
  junctions(byRef, tables, report);
  checkNames(tables, byRef, report);
  if (errors.length > 0) throw new AlabErrors(errors.sort(compareAt));
  const sorted: { [ref: string]: Table } = {};
  for (const ref of [...tables.keys()].sort(compareNames)) sorted[ref] = tables.get(ref) as Table;
  return deepFreeze({ tables: sorted });
}
