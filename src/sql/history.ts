/**
 * The tracking table `alab_migrations`: its DDL and the DML the runner uses. Values are escaped
 * literals, not parameters, so `alab migrate --dry` prints SQL that runs as it stands.
 * `applied_at` is a real timestamp where the dialect has one (timestamptz, datetime(6) in UTC) and
 * ISO-8601 text on SQLite; selectHistory reads it back as ISO-8601 UTC text with milliseconds
 * ("2024-05-01T12:00:00.123Z") on every dialect.
 */
import { AlabError, EXIT, unreachable } from "../errors";
import { db, id, raw, stmt } from "./compiler";
import type { Dialect, Statement } from "./dialect";
import { quoteIdent, quoteLiteral } from "./escape";

export const HISTORY_TABLE = "alab_migrations";

export interface HistoryRow {
  /** The file's number as written ("001", "20240101120000"). */
  readonly revision: string;
  readonly name: string;
  /** sha256 hex of the file with CRLF → LF. */
  readonly checksum: string;
  readonly batch: number;
  /** ISO-8601 UTC with milliseconds, as Date#toISOString() writes it. */
  readonly appliedAt: string;
  readonly durationMs: number;
}

const ISO = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2}\.\d{3})Z$/;

function internal(message: string): AlabError {
  return new AlabError({ code: "E_INTERNAL", message: `internal: ${message}`, hint: "this is a bug in alab; please report it", exit: EXIT.runtime });
}

export function createHistoryTable(dialect: Dialect, table = HISTORY_TABLE): Statement {
  const at = dialect === "postgres" ? "timestamptz" : dialect === "mysql" ? "datetime(6)" : "text";
  return stmt(
    db(dialect)
      .schema.createTable(id(table, "table"))
      .ifNotExists()
      .addColumn("revision", raw("varchar(255)"), (c) => c.notNull().primaryKey())
      .addColumn("name", raw("varchar(255)"), (c) => c.notNull())
      .addColumn("checksum", raw("char(64)"), (c) => c.notNull())
      .addColumn("batch", raw("integer"), (c) => c.notNull())
      .addColumn("applied_at", raw(at), (c) => c.notNull())
      .addColumn("duration_ms", raw("integer"), (c) => c.notNull()),
  );
}

function appliedAt(iso: string, dialect: Dialect): string {
  const m = ISO.exec(iso);
  if (!m) throw internal(`applied_at must be ISO-8601 UTC with milliseconds, got ${JSON.stringify(iso)}`);
  // MySQL's datetime has no zone: store the UTC wall-clock time.
  return quoteLiteral(dialect === "mysql" ? `${m[1]} ${m[2]}` : iso, dialect);
}

function whole(n: number, what: string): number {
  if (!Number.isSafeInteger(n) || n < 0) throw internal(`${what} must be a whole number ≥ 0, got ${n}`);
  return n;
}

const INSERT_COLUMNS = ["revision", "name", "checksum", "batch", "applied_at", "duration_ms"] as const;
type InsertColumn = (typeof INSERT_COLUMNS)[number];

/** `/*alab:column*\/`: stands for a value in the compiled statement until the value is known. */
const marker = (column: InsertColumn): string => `/*alab:${column}*/`;

/**
 * The INSERT compiled once per dialect and table with a marker where each value goes: a run
 * records hundreds of migrations, and compiling the same statement each time cost ~50 µs.
 */
const templates = new Map<string, string>();

function insertTemplate(dialect: Dialect, table: string): string {
  const key = `${dialect} ${table}`;
  let sql = templates.get(key);
  if (sql === undefined) {
    const values = Object.fromEntries(INSERT_COLUMNS.map((c) => [c, raw(marker(c))]));
    sql = stmt(db(dialect).insertInto(id(table, "table")).values(values)).sql;
    templates.set(key, sql);
  }
  return sql;
}

export function insertHistory(dialect: Dialect, row: HistoryRow, table = HISTORY_TABLE): Statement {
  const values: Record<InsertColumn, string> = {
    revision: quoteLiteral(row.revision, dialect),
    name: quoteLiteral(row.name, dialect),
    checksum: quoteLiteral(row.checksum, dialect),
    batch: String(whole(row.batch, "batch")),
    applied_at: appliedAt(row.appliedAt, dialect),
    duration_ms: String(whole(Math.round(row.durationMs), "durationMs")),
  };
  // A function replacer: `$` in a value (a file name) must stay as it is.
  const sql = insertTemplate(dialect, table).replace(/\/\*alab:([a-z_]+)\*\//g, (_, c: InsertColumn) => values[c]);
  return { sql };
}

export function deleteHistory(dialect: Dialect, revision: string, table = HISTORY_TABLE): Statement {
  return stmt(db(dialect).deleteFrom(id(table, "table")).where("revision", "=", raw(quoteLiteral(revision, dialect))));
}

/** What identifies a tracking row to an update: a row that changed meanwhile is not matched. */
export type RowKey = Pick<HistoryRow, "revision" | "name" | "checksum">;

/**
 * Moves a row to a file's number, name and checksum (the file was renumbered after it was
 * applied). The row is found by everything it held, so a second process that moved it first
 * changes nothing here. `to` given as a revision only sets the revision (a step through a
 * temporary one, when two rows swap numbers).
 */
export function renameHistory(dialect: Dialect, from: RowKey, to: RowKey | { readonly revision: string }, table = HISTORY_TABLE): Statement {
  const lit = (v: string) => raw(quoteLiteral(v, dialect));
  const set = "name" in to ? { revision: lit(to.revision), name: lit(to.name), checksum: lit(to.checksum) } : { revision: lit(to.revision) };
  return stmt(
    db(dialect)
      .updateTable(id(table, "table"))
      .set(set)
      .where("revision", "=", lit(from.revision))
      .where("name", "=", lit(from.name))
      .where("checksum", "=", lit(from.checksum)),
  );
}

function appliedAtText(dialect: Dialect): string {
  const c = quoteIdent("applied_at", dialect);
  switch (dialect) {
    case "postgres":
      return `to_char(${c} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    case "mysql":
      return `concat(left(date_format(${c}, '%Y-%m-%dT%H:%i:%s.%f'), 23), 'Z')`;
    case "sqlite":
      return c;
    default:
      return unreachable(dialect, "dialect");
  }
}

/**
 * Just {revision, batch} of every row, in no order: what a run re-reads inside each transaction
 * (which migrations are recorded, and the newest batch). Much less to send and parse than
 * selectHistory, once per migration with `--tx each`.
 */
export function selectRecorded(dialect: Dialect, table = HISTORY_TABLE): Statement {
  return stmt(db(dialect).selectFrom(id(table, "table")).select(["revision", "batch"]));
}

/** Rows as {revision, name, checksum, batch, applied_at (ISO text), duration_ms}, by batch then revision. */
export function selectHistory(dialect: Dialect, table = HISTORY_TABLE): Statement {
  return stmt(
    db(dialect)
      .selectFrom(id(table, "table"))
      .select(["revision", "name", "checksum", "batch", raw(appliedAtText(dialect)).as("applied_at"), "duration_ms"])
      .orderBy("batch")
      .orderBy("revision"),
  );
}
