/**
 * The floor's SQL: the DDL a migration tool must send for the workload, written by hand here per
 * DESIGN §5's type map. When `alab migrate --dry` works, the rows use alab's own SQL instead
 * (see dry.ts) and say so; this is the fallback, and the SQL that peers are compared against too.
 */
import type { BenchTable } from "./workload";

export type FloorDialect = "postgres" | "sqlite";

const SQLITE_UUID =
  "(lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || " +
  "substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))))";
const SQLITE_NOW = "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))";

function q(name: string): string {
  return `"${name}"`;
}

/** CREATE TABLE + CREATE INDEX statements for one table, each without the trailing `;`. */
export function tableDdl(table: BenchTable, dialect: FloorDialect): string[] {
  const t = table.sql;
  const cols: string[] =
    dialect === "postgres"
      ? [
          `${q("id")} uuid PRIMARY KEY DEFAULT gen_random_uuid()`,
          `${q("active")} boolean NOT NULL DEFAULT true`,
          `${q("body")} text NOT NULL`,
          `${q("meta")} jsonb`,
          `${q("name")} varchar(100) NOT NULL`,
          ...(table.prevSql ? [`${q("prev_id")} uuid NOT NULL`] : []),
          `${q("price")} numeric(10, 2) NOT NULL`,
          `${q("qty")} integer NOT NULL`,
          `${q("seen_at")} timestamptz`,
          `${q("created_at")} timestamptz NOT NULL DEFAULT now()`,
          `${q("updated_at")} timestamptz NOT NULL DEFAULT now()`,
        ]
      : [
          `${q("id")} TEXT PRIMARY KEY NOT NULL DEFAULT ${SQLITE_UUID}`,
          `${q("active")} INTEGER NOT NULL DEFAULT 1`,
          `${q("body")} TEXT NOT NULL`,
          `${q("meta")} TEXT`,
          `${q("name")} VARCHAR(100) NOT NULL`,
          ...(table.prevSql ? [`${q("prev_id")} TEXT NOT NULL`] : []),
          `${q("price")} TEXT NOT NULL`,
          `${q("qty")} INTEGER NOT NULL`,
          `${q("seen_at")} TEXT`,
          `${q("created_at")} TEXT NOT NULL DEFAULT ${SQLITE_NOW}`,
          `${q("updated_at")} TEXT NOT NULL DEFAULT ${SQLITE_NOW}`,
        ];
  if (dialect === "sqlite") {
    cols.push(`CONSTRAINT ${q(`chk_${t}_active_bool`)} CHECK (${q("active")} IN (0, 1))`);
    cols.push(`CONSTRAINT ${q(`chk_${t}_meta_json`)} CHECK (json_valid(${q("meta")}))`);
  }
  if (table.prevSql) {
    cols.push(
      `CONSTRAINT ${q(`fk_${t}_prev_id`)} FOREIGN KEY (${q("prev_id")}) REFERENCES ${q(table.prevSql)} (${q("id")})`,
    );
  }
  const statements = [`CREATE TABLE ${q(t)} (\n  ${cols.join(",\n  ")}\n)`];
  statements.push(`CREATE INDEX ${q(`idx_${t}_name`)} ON ${q(t)} (${q("name")})`);
  if (table.prevSql) statements.push(`CREATE INDEX ${q(`idx_${t}_prev_id`)} ON ${q(t)} (${q("prev_id")})`);
  return statements;
}

export function trackingTableDdl(dialect: FloorDialect): string {
  const time = dialect === "postgres" ? "timestamptz NOT NULL DEFAULT now()" : `TEXT NOT NULL DEFAULT ${SQLITE_NOW}`;
  return (
    `CREATE TABLE IF NOT EXISTS "alab_migrations" (\n` +
    `  "revision" varchar(255) PRIMARY KEY NOT NULL,\n  "name" varchar(255) NOT NULL,\n` +
    `  "checksum" char(64) NOT NULL,\n  "batch" integer NOT NULL,\n` +
    `  "applied_at" ${time},\n  "duration_ms" integer NOT NULL\n)`
  );
}

export function trackingInsert(table: BenchTable): string {
  const checksum = "0".repeat(64);
  return (
    `INSERT INTO "alab_migrations" ("revision", "name", "checksum", "batch", "duration_ms") ` +
    `VALUES ('${table.revision}', '${table.revision}.js', '${checksum}', 1, 0)`
  );
}

/** The SQL of one migration, in order, as a list of statements without `;`. */
export type MigrationSql = readonly string[];

export function generatedSql(tables: readonly BenchTable[], dialect: FloorDialect): MigrationSql[] {
  return tables.map((table) => tableDdl(table, dialect));
}

function script(statements: readonly string[]): string {
  return statements.map((s) => `${s};\n`).join("");
}

/** `--tx all` floor: the pure DDL, no tracking table; psql `-1` or an explicit BEGIN/COMMIT wraps it. */
export function singleTransactionScript(perMigration: readonly MigrationSql[], wrap: boolean): string {
  const body = script(perMigration.flat());
  return wrap ? `BEGIN;\n${body}COMMIT;\n` : body;
}

/** What alab's dry run showed of its tracking table, to use instead of the harness's own. */
export interface Tracking {
  readonly ddl?: readonly string[];
  /** Insert statement per 1-based table index. */
  readonly inserts?: ReadonlyMap<number, string>;
}

/** `--tx each` floor: the tracking table, then per migration BEGIN; DDL; tracking insert; COMMIT. */
export function perMigrationScript(
  tables: readonly BenchTable[],
  perMigration: readonly MigrationSql[],
  dialect: FloorDialect,
  tracking: Tracking = {},
): string {
  const ddl = tracking.ddl && tracking.ddl.length > 0 ? tracking.ddl : [trackingTableDdl(dialect)];
  const parts = [script(ddl)];
  perMigration.forEach((statements, i) => {
    const table = tables[i]!;
    const insert = tracking.inserts?.get(table.index) ?? trackingInsert(table);
    parts.push(script(["BEGIN", ...statements, insert, "COMMIT"]));
  });
  return parts.join("");
}
