/**
 * The SQL `alab pull`'s baseline runs for what the model has no place for (./pull-plan.ts): the
 * statement that makes each object — as the database printed it where it prints a whole statement,
 * written from the catalog where it does not (MySQL indexes, views) — and the one that drops it
 * again for `down`. Names are quoted as the database quotes any name (these come from the catalog
 * and may be anything the database allows). No IO.
 */
import type { CatalogIndex } from "../../inspect/catalog";
import type { Unmanaged } from "../../inspect/live";
import type { Dialect } from "../../sql/dialect";
import type { PullInput } from "./pull-plan";

/** Objects whose SQL must run before the tables (a column's type, a default's sequence or function). */
export const FIRST: ReadonlySet<string> = new Set(["extension", "type", "sequence", "function", "procedure"]);
/** Objects whose printed definition is a whole statement, per dialect. */
const STATEMENT_KINDS: Readonly<Record<Dialect, ReadonlySet<string>>> = {
  postgres: new Set(["extension", "type", "sequence", "function", "procedure", "view", "materialized-view", "trigger", "rule", "policy", "index"]),
  mysql: new Set(["view", "index"]),
  sqlite: new Set(["view", "trigger", "index"]),
};

function quoteAny(name: string, dialect: Dialect): string {
  return dialect === "mysql" ? `\`${name.replace(/`/g, "``")}\`` : `"${name.replace(/"/g, '""')}"`;
}

/** A MySQL index the model cannot hold, as the statement that makes it (the catalog has no print of it). */
function mysqlIndexSql(table: string, ix: CatalogIndex): string {
  const kind = ix.method === "fulltext" ? "FULLTEXT " : ix.method === "spatial" ? "SPATIAL " : ix.unique ? "UNIQUE " : "";
  const parts = ix.parts.map((p) => {
    const base = p.column !== undefined ? quoteAny(p.column, "mysql") + (p.prefix === undefined ? "" : `(${p.prefix})`) : `(${p.expr ?? ""})`;
    return p.descending ? `${base} DESC` : base;
  });
  return `CREATE ${kind}INDEX ${quoteAny(ix.name, "mysql")} ON ${quoteAny(table, "mysql")} (${parts.join(", ")})`;
}

/** The statement that makes an unmanaged object, when the catalog gives enough to write it. */
export function createSql(u: Unmanaged, input: PullInput): string | undefined {
  const dialect = input.catalog.dialect;
  if (!STATEMENT_KINDS[dialect].has(u.kind)) return undefined;
  if (dialect === "mysql" && u.kind === "index" && u.table !== undefined) {
    const ix = input.catalog.tables.find((t) => t.name === u.table)?.indexes.find((i) => i.name === u.name);
    return ix === undefined ? undefined : mysqlIndexSql(u.table, ix);
  }
  if (u.definition === undefined) return undefined;
  if (dialect === "mysql" && u.kind === "view") {
    // information_schema qualifies every table with the database's name: drop it, so the view is
    // made in whichever database the baseline runs in.
    const db = input.database === undefined ? undefined : `${quoteAny(input.database, "mysql")}.`;
    const body = db === undefined ? u.definition : u.definition.split(db).join("");
    return `CREATE VIEW ${quoteAny(u.name, "mysql")} AS ${body}`;
  }
  return u.definition;
}

/** The statement that removes it again (the baseline's `down`). */
export function dropSql(u: Unmanaged, dialect: Dialect): string | undefined {
  const on = u.table === undefined ? "" : ` ON ${quoteAny(u.table, dialect)}`;
  switch (u.kind) {
    case "view":
      return `DROP VIEW ${quoteAny(u.name, dialect)}`;
    case "materialized-view":
      return `DROP MATERIALIZED VIEW ${quoteAny(u.name, dialect)}`;
    case "trigger":
      return dialect === "postgres" ? `DROP TRIGGER ${quoteAny(u.name, dialect)}${on}` : `DROP TRIGGER ${quoteAny(u.name, dialect)}`;
    case "rule":
      return `DROP RULE ${quoteAny(u.name, dialect)}${on}`;
    case "policy":
      return `DROP POLICY ${quoteAny(u.name, dialect)}${on}`;
    case "index":
      return dialect === "mysql" ? `DROP INDEX ${quoteAny(u.name, dialect)}${on}` : `DROP INDEX ${quoteAny(u.name, dialect)}`;
    case "type":
    case "sequence":
    case "extension":
      return `DROP ${u.kind.toUpperCase()} ${quoteAny(u.name, dialect)}`;
    case "function":
    case "procedure": {
      // The reader names a routine `name(argument types)`.
      const open = u.name.indexOf("(");
      return open <= 0 ? undefined : `DROP ${u.kind.toUpperCase()} ${quoteAny(u.name.slice(0, open), dialect)}${u.name.slice(open)}`;
    }
    default:
      return undefined;
  }
}

/** A PostgreSQL column default the model cannot hold, set again as printed. */
export function defaultSql(u: Unmanaged, dialect: Dialect): string | undefined {
  if (dialect !== "postgres" || u.table === undefined || u.definition === undefined) return undefined;
  return `ALTER TABLE ${quoteAny(u.table, dialect)} ALTER COLUMN ${quoteAny(u.name, dialect)} SET DEFAULT ${u.definition}`;
}
