/**
 * The rows of the catalog read (./catalog-sql.ts) put together into a Catalog: tables with their
 * columns, keys, indexes, foreign keys and checks, and every other object of the schema. What the
 * model has no place for (partitioning, an exclusion constraint, a deferrable foreign key, a
 * comment on an index) goes into its table's `extras`; nothing read is dropped, except the objects
 * an extension owns (the extension is listed) and what belongs to those.
 */
import type { Catalog, CatalogAction, CatalogCheck, CatalogColumn, CatalogForeignKey, CatalogIndex, CatalogIndexPart, CatalogObject, CatalogTable } from "../../inspect/catalog";
import type { CatalogRows, ColumnRow, ConstraintRow, IndexRow, ObjectRow, TableRow } from "./catalog-rows";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const ACTIONS: Readonly<Record<string, CatalogAction>> = { a: "NO ACTION", r: "RESTRICT", c: "CASCADE", n: "SET NULL", d: "SET DEFAULT" };
const OBJECT_KINDS: ReadonlySet<string> = new Set<CatalogObject["kind"]>(["view", "materialized-view", "trigger", "sequence", "type", "function", "procedure", "extension", "rule", "policy", "partition", "other"]);

/** Code-unit order, the same on every machine. */
const order = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byName = <T extends { readonly name: string }>(a: T, b: T): number => order(a.name, b.name);

/** `nextval('<sequence>'::regclass)` as PostgreSQL prints a serial's default. */
export function nextvalOf(sequence: string): string {
  return `nextval('${sequence.replaceAll("'", "''")}'::regclass)`;
}

function column(r: ColumnRow, serial: boolean): CatalogColumn {
  // Built by assignment, not by spreading optional parts: this runs for every column of the
  // schema, mostly in the interpreter, where each spread is an object made and copied.
  const out: Mutable<CatalogColumn> = { name: r.name, type: r.type, nullable: !r.notnull };
  if (r.gen !== "" && r.dflt !== null) out.generated = { expr: r.dflt, stored: r.gen === "s" };
  else if (r.dflt !== null) out.default = r.dflt;
  if (r.ident === "a") out.identity = "always";
  else if (r.ident === "d") out.identity = "by-default";
  else if (serial) out.identity = "sequence";
  if (r.comment !== null) out.comment = r.comment;
  if (r.coll !== null) out.collation = r.coll;
  return out;
}

/** "1 2" → [1, 2]: attribute numbers and flags as int2vector prints them (null: a check on no column). */
function numbers(text: string | null): number[] {
  return text === null || text === "" ? [] : text.split(" ").map(Number);
}

function indexOf(r: IndexRow, names: ReadonlyMap<number, string>, backs: CatalogIndex["backs"]): CatalogIndex {
  const parts: CatalogIndexPart[] = [];
  const keys = numbers(r.keys);
  const opts = numbers(r.opts);
  for (let k = 0; k < r.nkey; k++) {
    const attnum = keys[k] ?? 0;
    const opt = opts[k] ?? 0;
    const descending = (opt & 1) !== 0;
    const nullsFirst = (opt & 2) !== 0;
    // The default is NULLS LAST ascending, NULLS FIRST descending.
    const nulls = descending && !nullsFirst ? "last" : !descending && nullsFirst ? "first" : undefined;
    const opclass = r.opclasses?.[k] ?? null;
    const collation = r.collations?.[k] ?? null;
    parts.push({
      ...(attnum === 0 ? { expr: r.exprs?.[k] ?? "" } : { column: names.get(attnum) ?? String(attnum) }),
      descending,
      ...(nulls === undefined ? {} : { nulls }),
      ...(opclass === null ? {} : { opclass }),
      ...(collation === null ? {} : { collation }),
    });
  }
  const include = keys.slice(r.nkey).map((n) => names.get(n) ?? String(n));
  return {
    name: r.name,
    unique: r.uniq,
    parts,
    ...(r.pred === null ? {} : { predicate: r.pred }),
    ...(r.method === "btree" ? {} : { method: r.method }),
    ...(backs === undefined ? {} : { backs }),
    ...(include.length === 0 ? {} : { include }),
    ...(r.nnd ? { nullsNotDistinct: true } : {}),
    ...(r.def === null ? {} : { definition: r.def }),
  };
}

/**
 * Whether PostgreSQL (18+, which names every NOT NULL) chose this name itself: `<table>_<column>_
 * not_null`, its parts shortened alike to fit 63 bytes (makeObjectName), with a number after the
 * label when the name was taken.
 */
function ownNotNullName(name: string, table: string, column: string): boolean {
  for (let n = 0; n < 10; n++) {
    const label = n === 0 ? "not_null" : `not_null${n}`;
    const avail = 63 - label.length - 2;
    let a = table.length;
    let b = column.length;
    while (a + b > avail) {
      if (a > b) a--;
      else b--;
    }
    if (name === `${table.slice(0, a)}_${column.slice(0, b)}_${label}`) return true;
  }
  return false;
}

/** What a constraint says that the Catalog's fields do not: each becomes an extra of its table. */
function constraintNotes(c: ConstraintRow, table: string, columns: readonly string[]): CatalogObject[] {
  // Most constraints say nothing more (a thousand of them on 500 tables): no work for those.
  if (c.type !== "x" && c.type !== "n" && !c.deferrable && c.match !== "f" && !c.delcols && !c.noinherit && c.comment === null) return [];
  const out: CatalogObject[] = [];
  const other = (note: string, definition?: string | null): void => {
    out.push({ kind: "other", name: c.name, table, note, ...(definition === undefined || definition === null ? {} : { definition }) });
  };
  if (c.type === "x") other("an exclusion constraint", c.def);
  if (c.type === "n" && !ownNotNullName(c.name, table, columns[0] ?? "")) other(`a NOT NULL constraint named ${c.name}`, c.def);
  if (c.type === "n" && !c.validated) other("a NOT NULL constraint not validated yet (NOT VALID)", c.def);
  if (c.deferrable) other(`a deferrable constraint (INITIALLY ${c.deferred ? "DEFERRED" : "IMMEDIATE"})`);
  if (c.type === "f" && c.match === "f") other("a foreign key with MATCH FULL");
  if (c.type === "f" && c.delcols) other("a foreign key whose ON DELETE names columns");
  if (c.type === "c" && c.noinherit) other("a check with NO INHERIT");
  if (c.comment !== null) other("a comment on a constraint", c.comment);
  return out;
}

/** What a table is beyond its columns and keys: partitioning, inheritance, storage options, row security. */
function tableNotes(t: TableRow, partitions: readonly CatalogObject[]): CatalogObject[] {
  const out: CatalogObject[] = [];
  const other = (note: string): void => void out.push({ kind: "other", name: t.name, table: t.name, note });
  if (t.partkey !== null) out.push({ kind: "partition", name: t.name, table: t.name, note: `partitioned by ${t.partkey}`, definition: `PARTITION BY ${t.partkey}` });
  out.push(...partitions);
  for (const parent of t.inherits ?? []) other(`inherits from ${parent}`);
  if (t.persistence === "u") other("an unlogged table");
  if (t.typed) other("a typed table (OF a composite type)");
  if (t.options !== null && t.options.length > 0) other(`storage parameters (${t.options.join(", ")})`);
  if (t.rls) other(t.force_rls ? "row level security, forced" : "row level security");
  return out;
}

/** Rows by the table (oid) they belong to. */
function groupBy<T>(rows: readonly T[], key: (row: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list === undefined) out.set(k, [r]);
    else list.push(r);
  }
  return out;
}

function objectOf(o: ObjectRow): CatalogObject {
  const kind = OBJECT_KINDS.has(o.kind) ? (o.kind as CatalogObject["kind"]) : "other";
  return { kind, name: o.name, ...(o.tbl === null ? {} : { table: o.tbl }), ...(o.def === null ? {} : { definition: o.def }), ...(o.note === null ? {} : { note: o.note }) };
}

export function assembleCatalog(rows: CatalogRows, version: string): Catalog {
  const kept = rows.tables.filter((t) => !t.partition && !t.extension);
  const keptName = new Map(kept.map((t) => [t.oid, t.name]));
  const objects: CatalogObject[] = [];
  const partitions = new Map<number, CatalogObject[]>();
  for (const p of rows.tables.filter((t) => t.partition && !t.extension)) {
    const root = p.root === null ? undefined : keptName.get(p.root);
    const obj: CatalogObject = { kind: "partition", name: p.name, note: `a partition (${p.bound ?? ""})`, ...(root === undefined ? {} : { table: root, definition: `PARTITION OF ${root} ${p.bound ?? ""}` }) };
    if (root === undefined || p.root === null) objects.push(obj);
    else partitions.set(p.root, [...(partitions.get(p.root) ?? []), obj]);
  }
  const columns = groupBy(rows.columns, (c) => c.t);
  const attnames = new Map([...columns].map(([t, cols]) => [t, new Map(cols.map((c) => [c.num, c.name]))]));
  const relname = new Map(rows.tables.map((t) => [t.oid, t.name]));
  const named = (t: number, nums: string | null): string[] => numbers(nums).map((n) => attnames.get(t)?.get(n) ?? String(n));
  const constraints = groupBy(rows.constraints, (c) => c.t);
  const indexes = groupBy(rows.indexes, (i) => i.t);
  // A sequence a column owns and reads through its default is that column's (a serial).
  const serials = new Set<string>();
  for (const o of rows.objects) {
    if (o.kind !== "sequence" || o.seq === null || o.owner === null) continue;
    const col = columns.get(o.owner)?.find((c) => c.num === o.ownercol);
    if (col !== undefined && col.dflt === nextvalOf(o.seq)) serials.add(`${o.owner}:${col.num}`);
  }

  const tables = kept.map((t): CatalogTable => {
    const cols = (columns.get(t.oid) ?? []).slice().sort((a, b) => a.num - b.num);
    const names = attnames.get(t.oid) ?? new Map<number, string>();
    const cons = (constraints.get(t.oid) ?? []).slice().sort(byName);
    const uniqueIndexes = new Set(cons.filter((c) => c.type === "u").map((c) => c.idx));
    const extras = tableNotes(t, partitions.get(t.oid) ?? []);
    const foreignKeys: CatalogForeignKey[] = [];
    const checks: CatalogCheck[] = [];
    for (const c of cons) {
      const keyColumns = named(t.oid, c.cols);
      extras.push(...constraintNotes(c, t.name, keyColumns));
      if (c.type === "f") {
        foreignKeys.push({
          name: c.name,
          columns: keyColumns,
          refTable: c.outside?.[0] ?? relname.get(c.ref) ?? String(c.ref),
          refColumns: c.outside?.[1] ?? named(c.ref, c.refcols),
          onDelete: ACTIONS[c.del] ?? "NO ACTION",
          onUpdate: ACTIONS[c.upd] ?? "NO ACTION",
          ...(c.validated ? {} : { notValid: true }),
        });
      } else if (c.type === "c") {
        checks.push({ name: c.name, expr: c.expr ?? "", ...(c.validated ? {} : { notValid: true }) });
      }
    }
    const tableIndexes: CatalogIndex[] = [];
    for (const i of (indexes.get(t.oid) ?? []).slice().sort(byName)) {
      if (i.comment !== null) extras.push({ kind: "other", name: i.name, table: t.name, note: "a comment on an index", definition: i.comment });
      if (i.excl) continue; // reported with its exclusion constraint
      if (!i.valid) {
        extras.push({ kind: "other", name: i.name, table: t.name, note: "an invalid index (a CREATE INDEX CONCURRENTLY that failed)", ...(i.def === null ? {} : { definition: i.def }) });
        continue;
      }
      tableIndexes.push(indexOf(i, names, i.prim ? "primary" : uniqueIndexes.has(i.oid) ? "unique" : undefined));
    }
    return {
      name: t.name,
      columns: cols.map((c) => column(c, serials.has(`${t.oid}:${c.num}`))),
      primaryKey: named(t.oid, cons.find((c) => c.type === "p")?.cols ?? ""),
      indexes: tableIndexes,
      foreignKeys,
      checks,
      ...(t.comment === null ? {} : { comment: t.comment }),
      ...(extras.length === 0 ? {} : { extras }),
    };
  });

  for (const o of rows.objects) {
    if (o.kind === "sequence" && o.owner !== null && serials.has(`${o.owner}:${o.ownercol}`)) continue;
    objects.push(objectOf(o));
  }
  objects.sort((a, b) => byName(a, b) || order(a.table ?? "", b.table ?? "") || order(a.kind, b.kind));
  return { dialect: "postgres", version, tables: tables.sort(byName), objects };
}
