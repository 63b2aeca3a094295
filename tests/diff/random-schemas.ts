/**
 * Seeded random schemas and schema pairs for the round-trip property: a `from` schema, a `to`
 * reached by random edits (tables and columns added, dropped, renamed, modified; indexes, keys and
 * checks changed; foreign-key cycles), and the renames that were made. Deterministic per seed.
 */
import { foreignKeyName, indexName, sqlNameOf } from "../../src/model/names";
import type { Column, ColumnType, ForeignKey, Literal, ReferentialAction, Schema, Table } from "../../src/model/types";
import { canonicalSchema } from "../../src/diff/canonical";
import { idColumn, timestampColumns } from "../../src/dsl/migration/shorthand";
import type { Renames } from "../../src/diff/renames";

export type Rng = () => number;

/** mulberry32: small, fast, and the same everywhere. */
export function rngOf(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
const chance = (rng: Rng, p: number): boolean => rng() < p;
const int = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));

/** "" makes a table outside any namespace, as hand-written (Azul) migrations create them. */
const NAMESPACES = ["auth", "blog", "shop", ""];
const refOf = (ns: string, name: string): string => (ns === "" ? name : `${ns}.${name}`);
const nsOf = (ref: string): string => (ref.includes(".") ? (ref.split(".")[0] as string) : "");
const nameOf = (ref: string): string => ref.slice(ref.indexOf(".") + 1);
const TABLES = ["user", "post", "item", "tag", "order", "note", "role", "page", "event"];
const COLUMNS = ["title", "body", "count", "price", "active", "status", "meta", "born", "starts", "token", "code", "score", "ratio", "payload", "label", "flag_x"];
const ACTIONS: readonly ReferentialAction[] = ["CASCADE", "RESTRICT", "SET NULL", "SET DEFAULT", "NO ACTION"];
const NASTY = ["", "it's", 'say "hi"', "back\\slash", "line\nbreak", "tab\t", "\u2028sep", "é ü 日本", "${x}", "`tick`", "</script>"];

function randomType(rng: Rng): ColumnType {
  switch (int(rng, 0, 14)) {
    case 0: return { kind: "string", length: int(rng, 1, 300) };
    case 1: return { kind: "text" };
    case 2: return { kind: "integer" };
    case 3: return { kind: "bigint" };
    case 4: return { kind: "float" };
    case 5: return chance(rng, 0.8) ? { kind: "decimal", precision: int(rng, 4, 20), scale: int(rng, 0, 3) } : { kind: "decimal" };
    case 6: return { kind: "boolean" };
    case 7: return { kind: "date" };
    case 8: return { kind: "time" };
    case 9: return { kind: "datetime" };
    case 10: return { kind: "json" };
    case 11: return { kind: "base64" };
    case 12: return { kind: "uuid" };
    case 13: return { kind: "binary" };
    default: return { kind: "enum", values: ["a", "b", "c d", "it's"].slice(0, int(rng, 1, 4)) };
  }
}

/** A default that fits the type (the DSL checks defaults), or undefined. */
function randomDefault(rng: Rng, type: ColumnType): Column["default"] | undefined {
  const lit = (value: Literal): Column["default"] => ({ kind: "literal", value });
  switch (type.kind) {
    case "string": {
      const s = pick(rng, NASTY);
      return [...s].length <= type.length ? lit(s) : lit("");
    }
    case "text": return lit(pick(rng, NASTY));
    case "integer": return lit(int(rng, -1000, 1000));
    case "bigint": return lit(int(rng, 0, 1e9));
    case "float": return lit(pick(rng, [0, 1.5, -2.25, 1e21, 3]));
    case "decimal": return lit(type.precision === undefined ? "12.5" : "1");
    case "boolean": return lit(chance(rng, 0.5));
    case "date": return lit("2024-02-29");
    case "time": return lit("12:30:00");
    case "datetime": return chance(rng, 0.5) ? { kind: "expr", expr: "now" } : lit("2024-01-01T00:00:00Z");
    case "json": return lit(pick(rng, [{ a: [1, null, "x"], "b c": { d: true } }, [], "str", 3, null]));
    case "base64": case "binary": return lit("aGk=");
    case "uuid": return chance(rng, 0.5) ? { kind: "expr", expr: "uuid" } : lit("123e4567-e89b-12d3-a456-426614174000");
    case "enum": return lit(type.values[0] as string);
    case "serial": return undefined;
  }
}

function randomColumn(rng: Rng, name: string): Column {
  const type = randomType(rng);
  const c: { -readonly [K in keyof Column]: Column[K] } = { name, type, nullable: chance(rng, 0.3), unique: chance(rng, 0.15) };
  if (chance(rng, 0.3)) {
    const d = randomDefault(rng, type);
    if (d !== undefined && !(d.kind === "literal" && d.value === null && !c.nullable)) c.default = d;
  }
  const numeric = ["integer", "bigint", "float", "decimal"].includes(type.kind);
  if ((numeric || type.kind === "string" || type.kind === "text") && chance(rng, 0.1)) c.min = int(rng, 0, 5);
  if ((numeric || type.kind === "string") && chance(rng, 0.1)) c.max = int(rng, 10, 100);
  if (type.kind === "string" && chance(rng, 0.1)) c.pattern = "^[a-z\\\\]+$";
  if (chance(rng, 0.1)) c.docs = pick(rng, NASTY);
  if (chance(rng, 0.05)) c.deprecated = chance(rng, 0.5) ? "" : "use something else";
  return c;
}

function freshName(rng: Rng, pool: readonly string[], taken: Set<string>): string {
  for (let i = 0; i < 50; i++) {
    const n = pick(rng, pool);
    if (!taken.has(n)) return n;
  }
  const stem = pick(rng, pool);
  let i = 2;
  while (taken.has(`${stem}_${i}`)) i++;
  return `${stem}_${i}`;
}

function keyTo(rng: Rng, ref: string, column: string, target: string): ForeignKey {
  return { name: foreignKeyName(sqlNameOf(ref), [column]), columns: [column], refTable: target, refColumns: ["id"], onDelete: pick(rng, ACTIONS), onUpdate: pick(rng, ACTIONS) };
}

/** References only tables with a uuid `id` key. */
function referable(s: { tables: Record<string, Table> }): string[] {
  return Object.values(s.tables).filter((t) => t.primaryKey.join() === "id" && t.columns.find((c) => c.name === "id")?.type.kind === "uuid").map((t) => t.ref).sort();
}

function addRelation(rng: Rng, s: { tables: Record<string, Table> }, ref: string, nullable: boolean): void {
  const targets = referable(s);
  const t = s.tables[ref];
  if (t === undefined || targets.length === 0) return;
  const target = pick(rng, targets);
  const taken = new Set(t.columns.map((c) => c.name));
  const name = freshName(rng, ["owner_id", "parent_id", "author_id", "ref_id", `${nameOf(target)}_id`], taken);
  const column: Column = { name, type: { kind: "uuid" }, nullable, unique: chance(rng, 0.1) };
  const fk = keyTo(rng, ref, name, target);
  const indexes = chance(rng, 0.6) ? [...t.indexes, { name: indexName(t.sqlName, [name]), columns: [name], unique: false }] : t.indexes;
  s.tables[ref] = { ...t, columns: [...t.columns, column], foreignKeys: [...t.foreignKeys, fk], indexes };
}

function randomTable(rng: Rng, ref: string): Table {
  const sql = sqlNameOf(ref);
  const columns: Column[] = [];
  let primaryKey: string[] = [];
  const roll = rng();
  if (roll < 0.85) {
    columns.push(idColumn());
    primaryKey = ["id"];
  } else if (roll < 0.92) {
    columns.push({ name: "id", type: { kind: "serial" }, nullable: false, unique: false });
    primaryKey = ["id"];
  }
  const taken = new Set(columns.map((c) => c.name));
  for (let i = int(rng, 0, 5); i > 0; i--) {
    const name = freshName(rng, COLUMNS, taken);
    taken.add(name);
    columns.push(randomColumn(rng, name));
  }
  if (chance(rng, 0.4)) columns.push(...timestampColumns());
  const indexable = columns.filter((c) => !primaryKey.includes(c.name));
  const indexes = [];
  if (indexable.length > 0 && chance(rng, 0.4)) {
    const cols = [...new Set([pick(rng, indexable).name, pick(rng, indexable).name])];
    indexes.push({ name: indexName(sql, cols), columns: cols, unique: chance(rng, 0.3) });
  }
  const checks = chance(rng, 0.2) ? [{ name: `chk_${sql}_${int(rng, 1, 9)}`, expr: pick(rng, ["1 = 1", "length('a''b') > 0", "x > 0"]) }] : [];
  const t: Table = { ref, sqlName: sql, columns, primaryKey, indexes, foreignKeys: [], checks };
  return chance(rng, 0.2) ? { ...t, docs: pick(rng, NASTY) } : t;
}

export function randomSchema(rng: Rng): Schema {
  const s: { tables: Record<string, Table> } = { tables: {} };
  for (let i = int(rng, 1, 5); i > 0; i--) {
    const ref = refOf(pick(rng, NAMESPACES), pick(rng, TABLES));
    if (s.tables[ref] === undefined) s.tables[ref] = randomTable(rng, ref);
  }
  for (const ref of Object.keys(s.tables).sort()) if (chance(rng, 0.5)) addRelation(rng, s, ref, chance(rng, 0.5));
  return canonicalSchema(s);
}

/** Removes what points at nothing after edits: keys, indexes and checks on gone columns or tables. */
function tidy(s: { tables: Record<string, Table> }): void {
  for (const [ref, t] of Object.entries(s.tables)) {
    const has = (c: string) => t.columns.some((x) => x.name === c);
    s.tables[ref] = {
      ...t,
      indexes: t.indexes.filter((i) => i.columns.every(has)),
      foreignKeys: t.foreignKeys.filter((f) => f.columns.every(has) && s.tables[f.refTable]?.columns.some((c) => c.name === "id") === true),
    };
  }
}

/** As the schema files would say it: derived index and key names follow the column's new name. */
function renameColumnEverywhere(s: { tables: Record<string, Table> }, ref: string, from: string, to: string): void {
  const swap = (n: string) => (n === from ? to : n);
  for (const [r, t] of Object.entries(s.tables)) {
    const own = r === ref;
    const ix = (name: string, cols: readonly string[]) => (name === indexName(t.sqlName, cols) ? indexName(t.sqlName, cols.map(swap)) : name);
    const fk = (name: string, cols: readonly string[]) => (name === foreignKeyName(t.sqlName, cols) ? foreignKeyName(t.sqlName, cols.map(swap)) : name);
    s.tables[r] = {
      ...t,
      columns: own ? t.columns.map((c) => (c.name === from ? { ...c, name: to } : c)) : t.columns,
      primaryKey: own ? t.primaryKey.map(swap) : t.primaryKey,
      indexes: own ? t.indexes.map((i) => ({ ...i, name: ix(i.name, i.columns), columns: i.columns.map(swap) })) : t.indexes,
      foreignKeys: t.foreignKeys.map((f) => ({
        ...f,
        name: own ? fk(f.name, f.columns) : f.name,
        columns: own ? f.columns.map(swap) : f.columns,
        refColumns: f.refTable === ref ? f.refColumns.map(swap) : f.refColumns,
      })),
    };
  }
}

/** Names a schema can hold once: index names across the schema; keys and checks per table. */
export function namesAreUnique(s: Schema): boolean {
  const indexes = Object.values(s.tables).flatMap((t) => t.indexes.map((i) => i.name));
  const perTable = Object.values(s.tables).every((t) => {
    const keys = t.foreignKeys.map((f) => f.name);
    const checks = t.checks.map((c) => c.name);
    return new Set(keys).size === keys.length && new Set(checks).size === checks.length;
  });
  return perTable && new Set(indexes).size === indexes.length;
}

export interface Pair {
  readonly from: Schema;
  readonly to: Schema;
  readonly renames: Renames;
}

export function randomPair(rng: Rng): Pair {
  const from = randomSchema(rng);
  const s: { tables: Record<string, Table> } = { tables: { ...from.tables } };
  const tableRenames: Record<string, string> = {};
  const columnRenames: Record<string, Record<string, string>> = {};
  const everRefs = new Set(Object.keys(from.tables));
  for (const ref of Object.keys(from.tables).sort()) {
    const roll = rng();
    if (roll < 0.12) {
      delete s.tables[ref];
      continue;
    }
    let current = ref;
    if (roll < 0.22) {
      // A table outside any namespace may move into one (an Azul-era table adopted by schema files).
      const ns = nsOf(ref) === "" ? pick(rng, NAMESPACES) : nsOf(ref);
      const next = refOf(ns, freshName(rng, TABLES, new Set([...everRefs].filter((r) => nsOf(r) === ns).map(nameOf))));
      everRefs.add(next);
      const t = s.tables[ref] as Table;
      delete s.tables[ref];
      const sql = sqlNameOf(next);
      // Half the time the schema files also give the derived names the new table name.
      const rename = chance(rng, 0.5);
      s.tables[next] = {
        ...t, ref: next, sqlName: sql,
        indexes: rename ? t.indexes.map((i) => ({ ...i, name: indexName(sql, i.columns) })) : t.indexes,
        foreignKeys: rename ? t.foreignKeys.map((f) => ({ ...f, name: foreignKeyName(sql, f.columns) })) : t.foreignKeys,
      };
      for (const [r, other] of Object.entries(s.tables)) {
        s.tables[r] = { ...other, foreignKeys: other.foreignKeys.map((f) => (f.refTable === ref ? { ...f, refTable: next } : f)) };
      }
      tableRenames[ref] = next;
      current = next;
    }
    const t = s.tables[current] as Table;
    const taken = new Set(t.columns.map((c) => c.name));
    for (const c of t.columns) {
      if (t.primaryKey.includes(c.name)) continue;
      const r = rng();
      if (r < 0.1) {
        const name = freshName(rng, COLUMNS, taken);
        taken.add(name);
        renameColumnEverywhere(s, current, c.name, name);
        (columnRenames[current] ??= {})[c.name] = name;
      } else if (r < 0.2) {
        const tt = s.tables[current] as Table;
        s.tables[current] = { ...tt, columns: tt.columns.filter((x) => x.name !== c.name) };
      } else if (r < 0.35) {
        const tt = s.tables[current] as Table;
        const changed = chance(rng, 0.5) ? randomColumn(rng, c.name) : { ...c, nullable: !c.nullable, unique: chance(rng, 0.3) };
        const fixed = changed.default?.kind === "literal" && changed.default.value === null && !changed.nullable ? { ...changed, nullable: true } : changed;
        s.tables[current] = { ...tt, columns: tt.columns.map((x) => (x.name === c.name ? fixed : x)) };
      }
    }
    if (chance(rng, 0.3)) {
      const tt = s.tables[current] as Table;
      const name = freshName(rng, COLUMNS, new Set(tt.columns.map((c) => c.name)));
      const col = randomColumn(rng, name);
      const added = col.nullable || col.default !== undefined ? col : { ...col, backfill: (randomDefault(rng, col.type) as { value?: Literal } | undefined)?.value ?? "x" };
      s.tables[current] = { ...tt, columns: [...tt.columns, added] };
    }
    if (chance(rng, 0.2)) addRelation(rng, s, current, true);
    const tt = s.tables[current] as Table;
    s.tables[current] = {
      ...tt,
      foreignKeys: tt.foreignKeys.filter(() => !chance(rng, 0.1)).map((f) => (chance(rng, 0.15) ? { ...f, onDelete: pick(rng, ACTIONS) } : f)),
      indexes: tt.indexes.filter(() => !chance(rng, 0.15)).map((i) => (chance(rng, 0.1) ? { ...i, unique: !i.unique } : i)),
      checks: [
        ...(chance(rng, 0.15) ? [] : tt.checks.map((c) => (chance(rng, 0.2) ? { ...c, expr: `${c.expr} AND 2 = 2` } : c))),
        ...(chance(rng, 0.1) ? [{ name: `chk_${tt.sqlName}_added`, expr: "2 > 1" }] : []),
      ],
    };
  }
  const newRefs: string[] = [];
  for (let i = int(rng, 0, 2); i > 0; i--) {
    const ref = refOf(pick(rng, NAMESPACES), pick(rng, TABLES));
    if (everRefs.has(ref) || s.tables[ref] !== undefined) continue;
    everRefs.add(ref);
    s.tables[ref] = randomTable(rng, ref);
    newRefs.push(ref);
  }
  for (const ref of newRefs) if (chance(rng, 0.7)) addRelation(rng, s, ref, chance(rng, 0.5));
  // A cycle among new tables now and then: each points at the next.
  if (newRefs.length === 2 && chance(rng, 0.5)) {
    for (const [a, b] of [[newRefs[0], newRefs[1]], [newRefs[1], newRefs[0]]] as [string, string][]) {
      const t = s.tables[a] as Table;
      if (referable(s).includes(b) && !t.columns.some((c) => c.name === "peer_id")) {
        s.tables[a] = { ...t, columns: [...t.columns, { name: "peer_id", type: { kind: "uuid" }, nullable: true, unique: false }], foreignKeys: [...t.foreignKeys, keyTo(rng, a, "peer_id", b)] };
      }
    }
  }
  tidy(s);
  return { from, to: canonicalSchema(s), renames: { tables: tableRenames, columns: columnRenames, declined: [] } };
}
