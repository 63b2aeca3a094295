/**
 * The rows of the catalog read (./catalog-sql.ts) and the stored CREATE text (./create-table.ts)
 * put together into a Catalog. The pragmas say what SQLite enforces (columns, keys, indexes,
 * foreign keys with their actions); the text says what they do not (names, CHECKs, COLLATE,
 * AUTOINCREMENT, generated expressions, table options). SQLite cannot name, alter or drop a
 * constraint by itself (a change rebuilds the table), so a UNIQUE or FOREIGN KEY written without
 * a name is given the name alab would give it. Pure.
 */
import type { Catalog, CatalogAction, CatalogCheck, CatalogColumn, CatalogForeignKey, CatalogIndex, CatalogIndexPart, CatalogObject, CatalogTable } from "../../inspect/catalog";
import { sameName } from "../../inspect/sqlite-lex";
import { compositeUniqueName, fitIdentifier, foreignKeyName } from "../../model/names";
import type { CatalogRows, ColumnRow, ForeignKeyRow, IndexPartRow, IndexRow, MasterRow } from "./catalog-sql";
import { type ParsedIndex, parseCreateIndex } from "./create-index";
import { DdlError, type ParsedTable, parseCreateTable } from "./create-table";

const ACTIONS: ReadonlySet<string> = new Set(["CASCADE", "RESTRICT", "SET NULL", "SET DEFAULT", "NO ACTION"]);

function actionOf(v: string): CatalogAction {
  const a = v.toUpperCase();
  // SQLite reports what the clause said, NO ACTION without one; nothing else exists.
  return (ACTIONS.has(a) ? a : "NO ACTION") as CatalogAction;
}

function groupBy<T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list === undefined) out.set(k, [r]);
    else list.push(r);
  }
  return out;
}

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => sameName(x, b[i]!));

const EMPTY: ParsedTable = { columns: [], checks: [], uniques: [], foreignKeys: [], withoutRowid: false, strict: false, conflicts: [] };

function parsedTable(m: MasterRow, extras: CatalogObject[]): ParsedTable {
  try {
    return parseCreateTable(m.sql ?? "");
  } catch (e) {
    if (!(e instanceof DdlError)) throw e;
    extras.push({ kind: "other", name: "create table", table: m.name, note: `a CREATE TABLE text alab cannot read (${e.message}): its checks and constraint names are not compared`, ...(m.sql === null ? {} : { definition: m.sql }) });
    return EMPTY;
  }
}

function columnOf(r: ColumnRow, parsed: ParsedTable, rowidKey: boolean): CatalogColumn {
  const p = parsed.columns.find((c) => sameName(c.name, r.name));
  const out: { -readonly [K in keyof CatalogColumn]: CatalogColumn[K] } = {
    name: r.name,
    type: r.type.toLowerCase().replace(/\s+/g, " ").replace(/\s*\(\s*/g, "(").replace(/\s*,\s*/g, ", ").replace(/\s*\)/g, ")").trim(),
    // The rowid is never NULL, whatever the declaration says.
    nullable: r.not_null === 0 && !(rowidKey && r.pk === 1),
  };
  if (r.hidden === 2 || r.hidden === 3) out.generated = { expr: p?.generated?.expr ?? "", stored: r.hidden === 3 };
  else if (r.dflt !== null) out.default = r.dflt;
  if (rowidKey && r.pk === 1) out.identity = p?.autoincrement === true ? "autoincrement" : "rowid";
  if (p?.collate !== undefined && !sameName(p.collate, "binary")) out.collation = p.collate.toLowerCase();
  return out;
}

/** An INTEGER PRIMARY KEY of a rowid table is the rowid itself (not `integer primary key desc`). */
function isRowidKey(cols: readonly ColumnRow[], parsed: ParsedTable): boolean {
  const keys = cols.filter((c) => c.pk > 0);
  const key = keys[0];
  if (parsed.withoutRowid || keys.length !== 1 || key === undefined || key.type.toUpperCase() !== "INTEGER") return false;
  return parsed.columns.find((c) => sameName(c.name, key.name))?.primaryKeyDesc !== true;
}

interface IndexInput {
  readonly table: string;
  readonly row: IndexRow;
  readonly parts: readonly IndexPartRow[];
  readonly sql: string | null;
  readonly columns: readonly CatalogColumn[];
  readonly parsed: ParsedTable;
  readonly usedUniques: Set<number>;
  readonly extras: CatalogObject[];
}

function indexOf(x: IndexInput): CatalogIndex {
  const { row, table } = x;
  let text: ParsedIndex | undefined;
  // The text says only what the pragmas do not: an expression's text, a partial index's WHERE.
  if (x.sql !== null && (row.partial === 1 || x.parts.some((p) => p.cid === -2))) {
    try {
      text = parseCreateIndex(x.sql);
    } catch (e) {
      if (!(e instanceof DdlError)) throw e;
      x.extras.push({ kind: "other", name: row.name, table, note: `an index whose CREATE INDEX text alab cannot read (${e.message})`, definition: x.sql });
    }
  }
  const parts: CatalogIndexPart[] = x.parts.map((p, k) => {
    const column = p.cid >= 0 ? (p.name ?? undefined) : p.cid === -1 ? "rowid" : undefined;
    const own = x.columns.find((c) => column !== undefined && sameName(c.name, column))?.collation ?? "binary";
    const coll = (p.coll ?? "BINARY").toLowerCase();
    return {
      ...(column === undefined ? { expr: text?.parts[k] ?? "" } : { column }),
      descending: p.descending === 1,
      ...(coll === own ? {} : { collation: coll }),
    };
  });
  let name = row.name;
  if (row.origin === "u") {
    const cols = parts.map((p) => p.column ?? "");
    const at = x.parsed.uniques.findIndex((u, i) => !x.usedUniques.has(i) && sameList(u.columns, cols));
    if (at >= 0) x.usedUniques.add(at);
    name = x.parsed.uniques[at]?.name ?? compositeUniqueName(table, cols);
  }
  return {
    name,
    unique: row.uniq === 1,
    parts,
    ...(text?.where === undefined ? {} : { predicate: text.where }),
    ...(row.origin === "pk" ? { backs: "primary" as const } : row.origin === "u" ? { backs: "unique" as const } : {}),
    ...(x.sql === null ? {} : { definition: x.sql }),
  };
}

function foreignKeysOf(table: string, rows: readonly ForeignKeyRow[], parsed: ParsedTable, keyOf: (t: string) => readonly string[], extras: CatalogObject[]): CatalogForeignKey[] {
  const used = new Set<number>();
  const out: CatalogForeignKey[] = [];
  for (const parts of groupBy(rows, (r) => String(r.id)).values()) {
    const first = parts[0]!;
    const columns = parts.map((r) => r.col);
    const named = parts.every((r) => r.ref_col !== null) ? parts.map((r) => r.ref_col!) : keyOf(first.ref);
    const at = parsed.foreignKeys.findIndex((k, i) => !used.has(i) && sameList(k.columns, columns) && sameName(k.refTable, first.ref));
    if (at >= 0) used.add(at);
    const clause = parsed.foreignKeys[at];
    const name = clause?.name ?? foreignKeyName(table, columns);
    if (clause?.deferred === true) extras.push({ kind: "other", name, table, note: "a foreign key checked at commit (DEFERRABLE INITIALLY DEFERRED)" });
    out.push({ name, columns, refTable: first.ref, refColumns: named, onDelete: actionOf(first.on_delete), onUpdate: actionOf(first.on_update) });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function checksOf(table: string, parsed: ParsedTable): CatalogCheck[] {
  let unnamed = 0;
  // A CHECK written without a name gets one by its place among the unnamed ones.
  return parsed.checks.map((c) => ({ name: c.name ?? fitIdentifier(`chk_${table}_${++unnamed}`), expr: c.expr }));
}

function primaryKeyOf(cols: readonly ColumnRow[]): string[] {
  return cols
    .filter((c) => c.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((c) => c.name);
}

const VIRTUAL = /^CREATE\s+VIRTUAL\s+TABLE\b/i;

export function assembleCatalog(rows: CatalogRows, version: string): Catalog {
  const columns = groupBy(rows.columns, (r) => r.tbl);
  const indexes = groupBy(rows.indexes, (r) => r.tbl);
  const indexParts = groupBy(rows.indexParts, (r) => r.idx);
  const foreignKeys = groupBy(rows.foreignKeys, (r) => r.tbl);
  const sqlOf = new Map(rows.master.filter((m) => m.type === "index").map((m) => [m.name, m.sql]));
  // A foreign key naming no parent columns means the parent's primary key (names compare without case).
  const keys = new Map([...columns].map(([t, cols]) => [t.toLowerCase(), primaryKeyOf(cols)]));
  const keyOf = (t: string): readonly string[] => keys.get(t.toLowerCase()) ?? [];
  const objects: CatalogObject[] = [];
  const tables: CatalogTable[] = [];
  const skipped = new Set<string>();
  for (const m of rows.master) {
    if (m.type === "view") objects.push({ kind: "view", name: m.name, ...(m.sql === null ? {} : { definition: m.sql }) });
    else if (m.type === "trigger") objects.push({ kind: "trigger", name: m.name, table: m.tbl, ...(m.sql === null ? {} : { definition: m.sql }) });
    else if (m.type === "table" && VIRTUAL.test(m.sql ?? "")) {
      const using = /\busing\s+("?)(\w+)\1/i.exec(m.sql ?? "")?.[2]?.toLowerCase();
      objects.push({ kind: "other", name: m.name, note: `a virtual table${using === undefined ? "" : ` (using ${using})`}`, ...(m.sql === null ? {} : { definition: m.sql }) });
      skipped.add(m.name);
    } else if (m.type === "table" && rows.shadow.has(m.name)) skipped.add(m.name);
  }
  for (const m of rows.master) {
    if (m.type !== "table" || skipped.has(m.name)) continue;
    const extras: CatalogObject[] = [];
    const parsed = parsedTable(m, extras);
    const colRows = columns.get(m.name) ?? [];
    const rowidKey = isRowidKey(colRows, parsed);
    const cols = colRows.map((r) => columnOf(r, parsed, rowidKey));
    const usedUniques = new Set<number>();
    const ixs = (indexes.get(m.name) ?? []).map((row) =>
      indexOf({ table: m.name, row, parts: indexParts.get(row.name) ?? [], sql: sqlOf.get(row.name) ?? null, columns: cols, parsed, usedUniques, extras }),
    );
    if (parsed.withoutRowid) extras.push({ kind: "other", name: "without rowid", table: m.name, note: "a WITHOUT ROWID table" });
    if (parsed.strict) extras.push({ kind: "other", name: "strict", table: m.name, note: "a STRICT table (types enforced)" });
    for (const c of parsed.conflicts) extras.push({ kind: "other", name: c, table: m.name, note: `a constraint that resolves conflicts by itself (${c})` });
    const fks = foreignKeysOf(m.name, foreignKeys.get(m.name) ?? [], parsed, keyOf, extras);
    tables.push({
      name: m.name,
      columns: cols,
      primaryKey: primaryKeyOf(colRows),
      indexes: ixs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
      foreignKeys: fks,
      checks: checksOf(m.name, parsed).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
      ...(extras.length === 0 ? {} : { extras }),
    });
  }
  tables.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  objects.sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { dialect: "sqlite", version, tables, objects };
}
