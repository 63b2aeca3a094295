/**
 * SQLite's catalog: sqlite_master and the table pragmas (./catalog-sql.ts), with the stored
 * CREATE text read where the pragmas are silent (./create-table.ts), put together in
 * ./catalog-assemble.ts. All of it inside one SAVEPOINT: outside a transaction that is a deferred
 * one, whose first read takes the shared lock and keeps it to the end, so every query sees the
 * same schema; inside one (a run's), it reads what that transaction sees. Reads only, also on
 * `sqlite::memory:`.
 */
import type { Catalog } from "../../inspect/catalog";
import { assertSqlIdentifier, quoteLiteral } from "../../sql/escape";
import type { Driver } from "../driver";
import type { Introspector } from "../introspector";
import { assembleCatalog } from "./catalog-assemble";
import { type ColumnRow, COLUMNS_SQL, FOREIGN_KEYS_SQL, type ForeignKeyRow, INDEX_PARTS_SQL, type IndexPartRow, type IndexRow, INDEXES_SQL, MASTER_SQL, type MasterRow, SHADOW_SQL } from "./catalog-sql";

const SAVEPOINT = "alab_introspect";

export class SqliteIntrospector implements Introspector {
  constructor(private readonly driver: Driver) {}

  async catalog(): Promise<Catalog> {
    const d = this.driver;
    await d.exec([{ sql: `savepoint ${SAVEPOINT}` }]);
    try {
      const master = await d.query<MasterRow & Record<string, unknown>>({ sql: MASTER_SQL });
      const columns = await d.query<ColumnRow & Record<string, unknown>>({ sql: COLUMNS_SQL });
      const indexes = await d.query<IndexRow & Record<string, unknown>>({ sql: INDEXES_SQL });
      const indexParts = await d.query<IndexPartRow & Record<string, unknown>>({ sql: INDEX_PARTS_SQL });
      const foreignKeys = await d.query<ForeignKeyRow & Record<string, unknown>>({ sql: FOREIGN_KEYS_SQL });
      const hasVirtual = master.some((m) => m.type === "table" && /^CREATE\s+VIRTUAL\b/i.test(m.sql ?? ""));
      const shadow = new Set(hasVirtual ? (await this.shadowTables()) : []);
      return assembleCatalog({ master, columns, indexes, indexParts, foreignKeys, shadow }, d.version);
    } finally {
      await d.exec([{ sql: `release ${SAVEPOINT}` }]);
    }
  }

  /** pragma_table_list exists from SQLite 3.37; before it, shadow tables read as tables. */
  private async shadowTables(): Promise<string[]> {
    try {
      return (await this.driver.query<{ name: string }>({ sql: SHADOW_SQL })).map((r) => r.name);
    } catch (e) {
      if (e instanceof Error && /no such table/i.test(e.message)) return [];
      throw e;
    }
  }

  async tableExists(name: string): Promise<boolean> {
    const n = quoteLiteral(assertSqlIdentifier(name, "table name"), "sqlite");
    const sql = `select count(*) as n from sqlite_master where type = 'table' and name = ${n}`;
    const [row] = await this.driver.query<{ n: number }>({ sql });
    return Number(row?.n ?? 0) > 0;
  }

  async tableNames(): Promise<string[]> {
    const sql = "select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\' order by 1";
    const rows = await this.driver.query<{ name: string }>({ sql });
    return rows.map((r) => String(r.name));
  }
}
