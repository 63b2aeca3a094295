/**
 * Catalog → model: the one place that decides what a live table means to alab, the same way for
 * every dialect; what differs per dialect is asked of its DialectRules. Pure.
 *
 * Column-derived CHECKs (enum values, min/max/pattern, SQLite's bool/json/length) are not stored
 * in the model: a live check that is exactly what alab would derive from the expected column is
 * folded back into that column; one that differs is read back into what it says when the rules
 * can (so drift shows `max 1000 -> 999`, `enum(a, b) -> enum(a, b, c)`), and stays a table-level
 * check otherwise; without a hint (pull) the same reading decides the column.
 */
import { canonicalSchema } from "../diff/canonical";
import { compareNames } from "../model/order";
import { columnCheckName, uniqueName } from "../model/names";
import type { Check, Column, ColumnType, ForeignKey, Generated, Index, Schema, Table } from "../model/types";
import { columnChecks } from "../sql/checks";
import { CHECKPOINT_TABLE } from "../sql/checkpoint";
import { HISTORY_TABLE } from "../sql/history";
import { generatedSql } from "../sql/generated";
import type { Catalog, CatalogColumn, CatalogIndex, CatalogTable } from "./catalog";
import type { LiveSchema, Unmanaged } from "./live";
import { type DerivedCheck, type DialectRules, isUnrepresentable } from "./rules";

export interface NormalizeOptions {
  /** The schema the migrations build: hints for what the database cannot tell apart, and table refs. */
  readonly expected?: Schema;
  /** Ref of a table no hint names (pull decides namespaces); default: its SQL name. */
  readonly refOf?: (sqlName: string) => string;
}

/** Tables alab keeps for itself: never part of a user's schema. */
export const OWN_TABLES: ReadonlySet<string> = new Set([HISTORY_TABLE, CHECKPOINT_TABLE]);

const DERIVED_WHATS = ["enum", "bool", "json", "length", "min", "max", "pattern"] as const;
/** Derived checks that decide a column's type, not only a property of it. */
const TYPE_WHATS: ReadonlySet<string> = new Set(["enum", "bool", "json", "length"]);

type Derived = { readonly column: string; readonly what: (typeof DERIVED_WHATS)[number]; readonly expr: string };

/** The checks alab derives from the hinted columns, by constraint name. */
function derivedChecks(tableSql: string, columns: readonly Column[], rules: DialectRules): Map<string, Derived> {
  const out = new Map<string, Derived>();
  for (const col of columns) {
    const checks = columnChecks(tableSql, col, rules.dialect).checks;
    if (checks.length === 0) continue; // most columns: no names to compute
    const byName = new Map(DERIVED_WHATS.map((what) => [columnCheckName(tableSql, col.name, what), what] as const));
    for (const check of checks) {
      const what = byName.get(check.name);
      if (what !== undefined) out.set(check.name, { column: col.name, what, expr: check.expr });
    }
  }
  return out;
}

/** "a view", "an event". */
function aOrAn(phrase: string): string {
  return `${/^[aeiou]/.test(phrase) ? "an" : "a"} ${phrase}`;
}

function plainIndex(ix: CatalogIndex): boolean {
  return (
    ix.predicate === undefined &&
    ix.method === undefined &&
    ix.include === undefined &&
    ix.nullsNotDistinct !== true &&
    ix.parts.every((p) => p.column !== undefined && !p.descending && p.prefix === undefined && p.nulls === undefined && p.opclass === undefined && p.collation === undefined)
  );
}

/** What the model's Index holds: column key parts, each ascending or descending, and a WHERE. */
function modelledIndex(ix: CatalogIndex): boolean {
  return (
    ix.method === undefined &&
    ix.include === undefined &&
    ix.nullsNotDistinct !== true &&
    ix.parts.every((p) => p.column !== undefined && p.prefix === undefined && p.nulls === undefined && p.opclass === undefined && p.collation === undefined)
  );
}

function indexWhy(ix: CatalogIndex): string {
  if (ix.predicate !== undefined) return `a partial index (where ${ix.predicate})`;
  if (ix.method !== undefined) return `a ${ix.method} index`;
  if (ix.parts.some((p) => p.expr !== undefined)) return "an expression index";
  if (ix.parts.some((p) => p.prefix !== undefined)) return "an index on a column prefix";
  if (ix.include !== undefined) return `an index with INCLUDE (${ix.include.join(", ")})`;
  if (ix.nullsNotDistinct === true) return "a unique index with NULLS NOT DISTINCT";
  if (ix.parts.some((p) => p.opclass !== undefined)) return "an index with an operator class";
  if (ix.parts.some((p) => p.collation !== undefined)) return "an index with a collation";
  if (ix.parts.some((p) => p.nulls !== undefined)) return "an index with NULLS FIRST/LAST";
  return "an index with descending key parts";
}

/** A type that a derived check read back (no hint) makes of the column's plain type. */
function withDerived(type: ColumnType, d: DerivedCheck): ColumnType {
  switch (d.what) {
    case "enum":
      return { kind: "enum", values: d.values };
    case "bool":
      return { kind: "boolean" };
    case "json":
      return { kind: "json" };
    case "length":
      return type.kind === "string" || type.kind === "char" ? type : { kind: "string", length: d.value };
    default:
      return type;
  }
}

/** PostgreSQL enum types by name, read from their `CREATE TYPE … AS ENUM (…)`; undefined values when the text cannot be read. */
function enumTypes(catalog: Catalog): Map<string, readonly string[]> {
  const out = new Map<string, readonly string[]>();
  for (const o of catalog.objects) {
    if (o.kind !== "type" || o.note !== "an enum type" || o.definition === undefined) continue;
    const m = /^CREATE TYPE ([a-z_][a-z0-9_]*) AS ENUM \((.*)\)$/s.exec(o.definition);
    if (m === null) continue;
    const list = m[2] ?? "";
    // quote_literal writes E'…' for a value with a backslash: such a type stays unmodelled.
    if (!/^\s*'(?:[^']|'')*'(?:\s*,\s*'(?:[^']|'')*')*\s*$/.test(list)) continue;
    out.set(m[1] as string, [...list.matchAll(/'((?:[^']|'')*)'/g)].map((v) => (v[1] ?? "").replace(/''/g, "'")));
  }
  return out;
}

interface TableContext {
  readonly rules: DialectRules;
  /** PostgreSQL enum types, by name: a column of one is a native_enum. */
  readonly enums: ReadonlyMap<string, readonly string[]>;
  /** Enum types a column was read as, so they are not reported unmanaged. */
  readonly usedEnums: Set<string>;
  readonly hint?: Table;
  readonly refOf: (sqlName: string) => string;
  readonly unmanaged: Unmanaged[];
}

function normalizeTable(t: CatalogTable, ctx: TableContext): Table {
  const { rules, hint, unmanaged } = ctx;
  const hintCols = new Map((hint?.columns ?? []).map((c) => [c.name, c]));
  const derived = derivedChecks(t.name, hint?.columns ?? [], rules);
  const written = new Set([...derived.values()].map((d) => `${d.column}:${d.what}`));
  const matched = new Set<string>(); // `${column}:${what}` of derived checks found as alab wrote them
  const readBack = new Map<string, DerivedCheck[]>(); // column → derived checks read without a hint
  const checks: Check[] = [];
  for (const c of t.checks) {
    const d = derived.get(c.name);
    if (d !== undefined && rules.sameExpression(c.expr, d.expr, t)) {
      matched.add(`${d.column}:${d.what}`);
      continue;
    }
    const hinted = hint?.checks.find((h) => h.name === c.name);
    if (hinted !== undefined && rules.sameExpression(c.expr, hinted.expr, t)) {
      checks.push(hinted);
      continue;
    }
    const back = rules.derivedCheck(c.name, c.expr, t);
    if (back !== undefined && t.columns.some((col) => col.name === back.column)) {
      readBack.set(back.column, [...(readBack.get(back.column) ?? []), back]);
      continue;
    }
    checks.push({ name: c.name, expr: rules.canonicalExpression(c.expr, t) });
  }

  const unique = new Set<string>();
  const indexes: Index[] = [];
  for (const ix of t.indexes) {
    if (ix.backs === "primary" || rules.implicitIndex(ix, t)) continue;
    const columns = ix.parts.map((p) => p.column ?? "");
    const only = columns[0];
    if (ix.unique && columns.length === 1 && only !== undefined && plainIndex(ix) && ix.name === uniqueName(t.name, only)) {
      unique.add(only);
    } else if (plainIndex(ix)) {
      indexes.push({ name: ix.name, columns, unique: ix.unique });
    } else if (modelledIndex(ix)) {
      const descending = ix.parts.filter((p) => p.descending).map((p) => p.column ?? "");
      let where: string | undefined;
      if (ix.predicate !== undefined) {
        const hinted = hint?.indexes.find((h) => h.name === ix.name)?.where;
        where = hinted !== undefined && rules.sameExpression(ix.predicate, hinted, t) ? hinted : rules.canonicalExpression(ix.predicate, t);
      }
      indexes.push({ name: ix.name, columns, unique: ix.unique, ...(descending.length > 0 ? { descending } : {}), ...(where === undefined ? {} : { where }) });
    } else {
      unmanaged.push({ kind: "index", table: t.name, name: ix.name, why: indexWhy(ix), ...(ix.definition === undefined ? {} : { definition: ix.definition }) });
    }
  }

  const columns: Column[] = [];
  for (const lc of t.columns) {
    const hc = hintCols.get(lc.name);
    const typeWhats = hc === undefined ? [] : [...derived.values()].filter((d) => d.column === hc.name && TYPE_WHATS.has(d.what));
    const typeHint = hc !== undefined && typeWhats.every((d) => matched.has(`${d.column}:${d.what}`)) ? hc.type : undefined;
    // A generated column the files expect is compared below (generatedOf); its type is read as any column's.
    let type = rules.columnType(hc?.generated !== undefined && lc.generated !== undefined ? withoutGenerated(lc) : lc, typeHint);
    if (!isUnrepresentable(type) && (type.kind === "sql_type" || type.kind === "native_enum")) {
      const name = type.kind === "sql_type" ? type.sql : type.name;
      const values = ctx.enums.get(name);
      if (values !== undefined) {
        type = { kind: "native_enum", name, values };
        ctx.usedEnums.add(name);
      }
    }
    if (isUnrepresentable(type)) {
      unmanaged.push({ kind: "column", table: t.name, name: lc.name, why: type.unrepresentable });
      continue;
    }
    const props: { min?: number; max?: number; pattern?: string } = {};
    for (const what of ["min", "max", "pattern"] as const) {
      // A property alab writes no check for on this dialect (a pattern on SQLite) cannot be seen: the hint's stands.
      const unseen = !written.has(`${lc.name}:${what}`);
      if (hc !== undefined && hc[what] !== undefined && (unseen || matched.has(`${lc.name}:${what}`))) Object.assign(props, { [what]: hc[what] });
    }
    for (const d of readBack.get(lc.name) ?? []) {
      type = withDerived(type, d);
      if (d.what === "min" || d.what === "max" || d.what === "pattern") Object.assign(props, { [d.what]: d.value });
    }
    const generated = generatedOf(lc, hc, rules, t);
    const dflt = generated === undefined ? rules.columnDefault(lc, type, hc) : undefined;
    if (isUnrepresentable(dflt)) unmanaged.push({ kind: "default", table: t.name, name: lc.name, why: dflt.unrepresentable, ...(lc.default === undefined ? {} : { definition: lc.default }) });
    const docs = hc?.docs ?? lc.comment;
    columns.push({
      name: lc.name,
      type,
      // MariaDB cannot make a generated column NOT NULL, so alab does not write it there (sql/table.ts).
      nullable: generated !== undefined && generated === hc?.generated && rules.dialect === "mysql" ? hc.nullable : lc.nullable,
      unique: unique.has(lc.name),
      ...(dflt === undefined || isUnrepresentable(dflt) ? {} : { default: dflt }),
      ...props,
      ...(docs === undefined ? {} : { docs }),
      ...(hc?.deprecated === undefined ? {} : { deprecated: hc.deprecated }),
      ...(generated === undefined ? {} : { generated }),
    });
  }

  const action = (live: ForeignKey["onDelete"], hinted: ForeignKey["onDelete"] | undefined) => rules.referentialAction?.(live, hinted) ?? live;
  const foreignKeys: ForeignKey[] = t.foreignKeys.map((fk) => {
    const hfk = hint?.foreignKeys.find((h) => h.name === fk.name);
    return {
      name: fk.name,
      columns: fk.columns,
      refTable: ctx.refOf(fk.refTable),
      refColumns: fk.refColumns,
      onDelete: action(fk.onDelete, hfk?.onDelete),
      onUpdate: action(fk.onUpdate, hfk?.onUpdate),
    };
  });
  for (const extra of t.extras ?? []) unmanaged.push({ kind: extra.kind, table: t.name, name: extra.name, why: extra.note ?? aOrAn(extra.kind.replace("-", " ")), ...(extra.definition === undefined ? {} : { definition: extra.definition }) });

  const docs = hint?.docs ?? t.comment;
  return {
    ref: ctx.refOf(t.name),
    sqlName: t.name,
    columns,
    primaryKey: t.primaryKey,
    indexes,
    foreignKeys,
    checks,
    ...(docs === undefined ? {} : { docs }),
  };
}

const UNMANAGED_ORDER = (a: Unmanaged, b: Unmanaged): number =>
  compareNames(a.table ?? "", b.table ?? "") || compareNames(a.kind, b.kind) || compareNames(a.name, b.name);

export function normalizeCatalog(catalog: Catalog, rules: DialectRules, opts: NormalizeOptions = {}): LiveSchema {
  const expected = new Map(Object.values(opts.expected?.tables ?? {}).map((t) => [t.sqlName, t]));
  const refOf = (sqlName: string): string => expected.get(sqlName)?.ref ?? opts.refOf?.(sqlName) ?? sqlName;
  const unmanaged: Unmanaged[] = [];
  const tables: { [ref: string]: Table } = {};
  const enums = enumTypes(catalog);
  const usedEnums = new Set<string>();
  for (const t of catalog.tables) {
    if (OWN_TABLES.has(t.name)) continue;
    const hint = expected.get(t.name);
    const table = normalizeTable(t, { rules, refOf, unmanaged, enums, usedEnums, ...(hint === undefined ? {} : { hint }) });
    tables[table.ref] = table;
  }
  for (const o of catalog.objects) {
    // An enum type a column is read as belongs to the model: alab creates and drops it.
    if (o.kind === "type" && usedEnums.has(o.name)) continue;
    unmanaged.push({ kind: o.kind, name: o.name, why: o.note ?? aOrAn(o.kind.replace("-", " ")), ...(o.table === undefined ? {} : { table: o.table }), ...(o.definition === undefined ? {} : { definition: o.definition }) });
  }
  return { schema: canonicalSchema({ tables }), unmanaged: unmanaged.sort(UNMANAGED_ORDER) };
}

/**
 * A generated column read back: the expected one when the server's print of the expression means
 * what alab wrote (and it is stored where it should be; PostgreSQL stores every one), else the
 * server's own text for this database, which then differs from what was expected.
 */
function withoutGenerated(lc: CatalogColumn): CatalogColumn {
  const { generated: _g, ...rest } = lc;
  return rest;
}

function generatedOf(lc: CatalogColumn, hc: Column | undefined, rules: DialectRules, t: CatalogTable): Generated | undefined {
  const live = lc.generated;
  if (live === undefined) return undefined;
  const want = hc?.generated;
  if (want !== undefined && live.stored === (want.stored || rules.dialect === "postgres")) {
    let written: string | undefined;
    try {
      written = generatedSql(want, rules.dialect);
    } catch {
      written = undefined; // no SQL for this database: it cannot be what the database holds
    }
    if (written !== undefined && rules.sameExpression(live.expr, written, t)) return want;
  }
  return { expr: { k: "sql", sql: { [rules.dialect]: live.expr } }, stored: live.stored };
}
