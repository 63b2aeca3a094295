/**
 * MySQL's and MariaDB's catalog, read through information_schema of the connection's database in
 * seven or eight queries whatever the number of tables (./catalog-sql.ts). What the two servers print
 * differently is made alike here, and only here:
 *
 *   - defaults: MariaDB prints SQL (`'x'`, `5`, `current_timestamp(6)`, the string `NULL` for
 *     none); MySQL 8 prints a literal's bare value (`x`) and an expression default with
 *     DEFAULT_GENERATED in EXTRA. The Catalog gets SQL text from both (MySQL's string values quoted
 *     again), or no default;
 *   - MySQL 8 escapes quotes and backslashes in CHECK clauses, expression defaults, generation
 *     and index expressions (`_utf8mb4\'x\'`): unescaped here;
 *   - MariaDB's `json` is an alias of longtext with a column-level CHECK (json_valid(`c`)) it adds
 *     by itself: read back as the json type, without that check.
 *
 * And what InnoDB adds by itself: the index it makes for a foreign key that has no usable index,
 * named after the constraint, is marked `backs: "foreign-key"`. A user's index that InnoDB uses
 * for a foreign key keeps its own name and stays the user's.
 */
import type { Catalog, CatalogAction, CatalogCheck, CatalogColumn, CatalogForeignKey, CatalogIndex, CatalogIndexPart, CatalogObject, CatalogTable } from "../../inspect/catalog";
import { AlabError, EXIT } from "../../errors";
import { assertSqlIdentifier, quoteLiteral } from "../../sql/escape";
import type { Driver, Row } from "../driver";
import type { Introspector } from "../introspector";
import { checksSql, COLUMNS_SQL, type Flavour, indexesSql, KEY_ACTIONS_SQL, KEY_COLUMNS_SQL, OBJECTS_SQL, TABLES_SQL, VIEWS_SQL } from "./catalog-sql";

const decoder = new TextDecoder();

/** A text cell (information_schema may answer binary strings); undefined for NULL. */
function text(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (v instanceof Uint8Array) return decoder.decode(v);
  return String(v);
}

function str(row: Row, key: string): string {
  return text(row[key]) ?? "";
}

/** MySQL 8's information_schema escapes `'` and `\` in expressions it prints (Atlas does the same). */
function unescapeMysql(s: string): string {
  return s.replace(/\\(['\\])/g, "$1");
}

const NUMERIC_TYPES = new Set(["tinyint", "smallint", "mediumint", "int", "integer", "bigint", "decimal", "numeric", "float", "double", "real", "bit", "year"]);

function quoteValue(v: string): string {
  return `'${v.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;
}

/** The default as SQL text, alike for both servers (see the header). */
function defaultOf(row: Row, f: Flavour): string | undefined {
  const d = text(row.dflt);
  if (d === undefined) return undefined;
  if (f.mariadb) return d === "NULL" ? undefined : d;
  const extra = str(row, "extra");
  if (/\bDEFAULT_GENERATED\b/i.test(extra)) return unescapeMysql(d);
  if (NUMERIC_TYPES.has(str(row, "data_type").toLowerCase())) return d;
  if (/^current_timestamp(\(\d*\))?$/i.test(d)) return d; // datetime/timestamp before MySQL 8.0.13
  return quoteValue(d);
}

function columnOf(row: Row, tableCollation: string | undefined, f: Flavour): CatalogColumn {
  const extra = str(row, "extra");
  const dflt = defaultOf(row, f);
  const onUpdate = /\bon update (\S+)/i.exec(extra)?.[1];
  const gen = text(row.gen);
  const generated = /\b(VIRTUAL|STORED|PERSISTENT) GENERATED\b/i.exec(extra);
  const collation = text(row.collation);
  const comment = str(row, "comment");
  return {
    name: str(row, "name"),
    type: str(row, "type").toLowerCase(),
    nullable: str(row, "nullable") === "YES",
    ...(dflt === undefined ? {} : { default: dflt }),
    ...(/\bauto_increment\b/i.test(extra) ? { identity: "auto-increment" as const } : {}),
    ...(onUpdate === undefined ? {} : { onUpdate: onUpdate.toLowerCase() }),
    ...(generated === null || gen === undefined ? {} : { generated: { expr: f.mariadb ? gen : unescapeMysql(gen), stored: generated[1]!.toUpperCase() !== "VIRTUAL" } }),
    ...(comment === "" ? {} : { comment }),
    ...(collation === undefined || collation === tableCollation ? {} : { collation }),
  };
}

const METHODS: Readonly<Record<string, string | undefined>> = { BTREE: undefined, FULLTEXT: "fulltext", SPATIAL: "spatial", HASH: "hash", RTREE: "spatial" };

function indexesOf(rows: readonly Row[], f: Flavour): CatalogIndex[] {
  const out: { name: string; unique: boolean; method: string | undefined; parts: CatalogIndexPart[] }[] = [];
  for (const row of rows) {
    const name = str(row, "name");
    let ix = out[out.length - 1];
    if (ix === undefined || ix.name !== name) {
      const type = str(row, "type").toUpperCase();
      ix = { name, unique: Number(row.non_unique) === 0, method: type in METHODS ? METHODS[type] : type.toLowerCase(), parts: [] };
      out.push(ix);
    }
    const col = text(row.col);
    const expr = text(row.expr);
    const prefix = row.sub_part === null || row.sub_part === undefined || ix.method === "spatial" ? undefined : Number(row.sub_part);
    ix.parts.push({
      ...(col === undefined ? {} : { column: col }),
      ...(expr === undefined ? {} : { expr: f.mariadb ? expr : unescapeMysql(expr) }),
      descending: str(row, "ord").toUpperCase() === "D",
      ...(prefix === undefined ? {} : { prefix }),
    });
  }
  return out.map((ix) => ({
    name: ix.name,
    unique: ix.unique,
    parts: ix.parts,
    ...(ix.method === undefined ? {} : { method: ix.method }),
    ...(ix.name === "PRIMARY" ? { backs: "primary" as const } : ix.unique ? { backs: "unique" as const } : {}),
  }));
}

/** The index InnoDB made for one of `fks` by itself: named after it, on exactly its columns. */
function markImplicit(indexes: readonly CatalogIndex[], fks: readonly { readonly name: string; readonly columns: readonly string[] }[]): CatalogIndex[] {
  return indexes.map((ix) => {
    const fk = fks.find((k) => k.name === ix.name);
    const plain = !ix.unique && ix.method === undefined && ix.parts.every((p) => p.column !== undefined && !p.descending && p.prefix === undefined);
    const same = fk !== undefined && fk.columns.length === ix.parts.length && fk.columns.every((c, i) => c === ix.parts[i]!.column);
    return plain && same ? { ...ix, backs: "foreign-key" as const } : ix;
  });
}

const ACTIONS: ReadonlySet<string> = new Set(["CASCADE", "RESTRICT", "SET NULL", "SET DEFAULT", "NO ACTION"]);

function actionOf(v: string): CatalogAction {
  const a = v.toUpperCase();
  if (!ACTIONS.has(a)) {
    throw new AlabError({ code: "E_INTERNAL", message: `internal: the server reported the unknown referential action \`${v}\``, hint: "this is a bug in alab; please report it with the server version", exit: EXIT.runtime });
  }
  return a as CatalogAction;
}

/** Rows grouped by one column's value, in order. */
function groupBy(rows: readonly Row[], key: string): Map<string, Row[]> {
  const out = new Map<string, Row[]>();
  for (const row of rows) {
    const k = str(row, key);
    const list = out.get(k);
    if (list === undefined) out.set(k, [row]);
    else list.push(row);
  }
  return out;
}

/** Rows in a fixed order: by each key in turn, text by code point (whatever the server's collation), numbers as numbers. */
function sorted(rows: readonly Row[], keys: readonly string[]): Row[] {
  const cmp = (a: Row, b: Row): number => {
    for (const k of keys) {
      const x = a[k];
      const y = b[k];
      if (typeof x === "number" || typeof y === "number" || typeof x === "bigint" || typeof y === "bigint") {
        const d = Number(x) - Number(y);
        if (d !== 0) return d < 0 ? -1 : 1;
      } else {
        const p = str(a, k);
        const q = str(b, k);
        if (p !== q) return p < q ? -1 : 1;
      }
    }
    return 0;
  };
  return [...rows].sort(cmp);
}

interface ForeignKeys {
  readonly keys: CatalogForeignKey[];
  /** Keys to another database, which the model cannot hold. */
  readonly elsewhere: CatalogObject[];
  /** Every key's name and columns (also those to another database), for InnoDB's indexes. */
  readonly all: { readonly name: string; readonly columns: readonly string[] }[];
}

/** `actions` by table and key name: [update rule, delete rule]. */
/**
 * information_schema.referential_constraints lists a foreign key only to a user with a privilege
 * on the table beyond SELECT (MariaDB 10.11 measured): a read-only user sees the key's columns but
 * not its ON DELETE/ON UPDATE. Guessing them would report drift that is not there.
 */
function hiddenActions(table: string, name: string): AlabError {
  return new AlabError({
    code: "E_INSPECT_PRIVILEGE",
    message: `the server hides the ON DELETE/ON UPDATE rules of foreign key ${name} on ${table} from this user`,
    hint: "MySQL/MariaDB lists foreign keys' rules only to a user with a privilege beyond SELECT on the table: grant REFERENCES (it allows no writes), e.g. GRANT SELECT, REFERENCES ON <database>.* TO <user>",
    exit: EXIT.runtime,
  });
}

function foreignKeysOf(table: string, rows: readonly Row[], actions: ReadonlyMap<string, Row>): ForeignKeys {
  const keys: CatalogForeignKey[] = [];
  const elsewhere: CatalogObject[] = [];
  const all: { name: string; columns: string[] }[] = [];
  for (const [name, parts] of groupBy(rows, "name")) {
    const first = parts[0]!;
    const columns = parts.map((r) => str(r, "col"));
    all.push({ name, columns });
    const refColumns = parts.map((r) => str(r, "ref_col"));
    if (Number(first.same_db) !== 1) {
      const definition = `foreign key (${columns.join(", ")}) references ${str(first, "ref_db")}.${str(first, "ref_table")} (${refColumns.join(", ")})`;
      elsewhere.push({ kind: "other", name, table, definition });
      continue;
    }
    const rule = actions.get(`${table}\u0000${name}`);
    if (rule === undefined) throw hiddenActions(table, name);
    keys.push({ name, columns, refTable: str(first, "ref_table"), refColumns, onDelete: actionOf(str(rule, "delete_rule")), onUpdate: actionOf(str(rule, "update_rule")) });
  }
  return { keys, elsewhere, all };
}

/** Checks of one table; MariaDB's own json_valid checks turn their column into json instead. */
function checksOf(rows: readonly Row[], columns: CatalogColumn[], dataTypes: Map<string, string>, f: Flavour): CatalogCheck[] {
  const out: CatalogCheck[] = [];
  for (const row of rows) {
    const clause = f.mariadb ? str(row, "clause") : unescapeMysql(str(row, "clause"));
    const json = f.mariadb && str(row, "level") === "Column" ? /^json_valid\(`((?:[^`]|``)+)`\)$/.exec(clause) : null;
    const at = json === null ? -1 : columns.findIndex((c) => c.name === json[1]!.replaceAll("``", "`") && dataTypes.get(c.name) === "longtext");
    if (at >= 0) {
      const { collation: _c, ...col } = columns[at]!;
      columns[at] = { ...col, type: "json" };
      continue;
    }
    out.push({ name: str(row, "name"), expr: clause, ...(str(row, "enforced").toUpperCase() === "NO" ? { notValid: true } : {}) });
  }
  return out;
}

export class MysqlIntrospector implements Introspector {
  constructor(private readonly driver: Driver) {}

  private rows(sql: string): Promise<Row[]> {
    return this.driver.query({ sql });
  }

  async catalog(): Promise<Catalog> {
    const f: Flavour = { mariadb: /mariadb/i.test(this.driver.version) };
    const tableRows = sorted(await this.rows(TABLES_SQL), ["name"]);
    const columns = groupBy(sorted(await this.rows(COLUMNS_SQL), ["tbl", "seq"]), "tbl");
    const indexes = groupBy(sorted(await this.rows(indexesSql(f)), ["tbl", "name", "seq"]), "tbl");
    const keyColumns = groupBy(sorted(await this.rows(KEY_COLUMNS_SQL), ["tbl", "name", "seq"]), "tbl");
    const actions = new Map((await this.rows(KEY_ACTIONS_SQL)).map((r) => [`${str(r, "tbl")}\u0000${str(r, "name")}`, r]));
    const checks = groupBy(sorted(await this.rows(checksSql(f)), ["tbl", "name"]), "tbl");
    const hasViews = tableRows.some((t) => str(t, "type").toUpperCase() === "VIEW");
    const objectRows = [...(hasViews ? await this.rows(VIEWS_SQL) : []), ...(await this.rows(OBJECTS_SQL))];
    const objects: CatalogObject[] = objectRows.map((r) => {
      const table = text(r.tbl);
      const definition = text(r.def);
      const kind = str(r, "kind");
      return { kind: kind === "view" || kind === "trigger" || kind === "function" || kind === "procedure" || kind === "event" ? kind : "other", name: str(r, "name"), ...(table === undefined ? {} : { table }), ...(definition === undefined ? {} : { definition }) };
    });
    const tables: CatalogTable[] = [];
    for (const t of tableRows) {
      const name = str(t, "name");
      const type = str(t, "type").toUpperCase();
      if (type === "VIEW") continue; // read with its definition from VIEWS
      if (type === "SEQUENCE") {
        objects.push({ kind: "sequence", name });
        continue;
      }
      if (type !== "BASE TABLE" && type !== "SYSTEM VERSIONED") {
        objects.push({ kind: "other", name, definition: type.toLowerCase() });
        continue;
      }
      const fks = foreignKeysOf(name, keyColumns.get(name) ?? [], actions);
      tables.push(this.table(t, columns.get(name) ?? [], indexes.get(name) ?? [], fks, checks.get(name) ?? [], f));
    }
    objects.sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { dialect: "mysql", version: this.driver.version, tables, objects };
  }

  private table(t: Row, columnRows: Row[], indexRows: Row[], fks: ForeignKeys, checkRows: Row[], f: Flavour): CatalogTable {
    const name = str(t, "name");
    const collation = text(t.collation);
    const columns = columnRows.map((r) => columnOf(r, collation, f));
    const dataTypes = new Map(columnRows.map((r) => [str(r, "name"), str(r, "data_type").toLowerCase()]));
    const checks = checksOf(checkRows, columns, dataTypes, f);
    const { keys, elsewhere } = fks;
    const indexes = markImplicit(indexesOf(indexRows, f), fks.all);
    const primary = indexes.find((ix) => ix.backs === "primary");
    const extras: CatalogObject[] = [...elsewhere];
    const engine = text(t.engine);
    if (engine !== undefined && engine.toLowerCase() !== "innodb") extras.push({ kind: "other", name: `engine ${engine}`, table: name });
    if (/\bpartitioned\b/i.test(str(t, "options"))) extras.push({ kind: "other", name: "partitioning", table: name, definition: str(t, "options") });
    if (str(t, "type").toUpperCase() === "SYSTEM VERSIONED") extras.push({ kind: "other", name: "system versioning", table: name });
    const comment = str(t, "comment");
    return {
      name,
      columns,
      primaryKey: primary === undefined ? [] : primary.parts.map((p) => p.column ?? ""),
      indexes,
      foreignKeys: keys,
      checks,
      ...(comment === "" ? {} : { comment }),
      ...(extras.length === 0 ? {} : { extras }),
    };
  }

  async tableExists(name: string): Promise<boolean> {
    const n = quoteLiteral(assertSqlIdentifier(name, "table name"), "mysql");
    const sql = `select count(*) as n from information_schema.tables where table_schema = database() and table_name = ${n}`;
    const [row] = await this.driver.query<{ n: number | string }>({ sql });
    return Number(row?.n ?? 0) > 0;
  }

  async tableNames(): Promise<string[]> {
    const sql = "select table_name as name from information_schema.tables where table_schema = database() and table_type = 'BASE TABLE' order by 1";
    const rows = await this.driver.query<{ name: string }>({ sql });
    return rows.map((r) => String(r.name));
  }
}
