/** SQLite's catalog: sqlite_master and the table pragmas. */
import { assertSqlIdentifier } from "../../sql/escape";
import type { Driver } from "../driver";
import type { Introspector } from "../introspector";

export class SqliteIntrospector implements Introspector {
  constructor(private readonly driver: Driver) {}

  async tableExists(name: string): Promise<boolean> {
    const n = assertSqlIdentifier(name, "table name");
    const sql = `select count(*) as n from sqlite_master where type = 'table' and name = '${n}'`;
    const [row] = await this.driver.query<{ n: number }>({ sql });
    return Number(row?.n ?? 0) > 0;
  }
}
