/** SQLite's catalog: sqlite_master and the table pragmas. */
import { assertSqlIdentifier, quoteLiteral } from "../../sql/escape";
import type { Driver } from "../driver";
import { AlabError, EXIT } from "../../errors";
import type { Catalog } from "../../inspect/catalog";
import type { Introspector } from "../introspector";

export class SqliteIntrospector implements Introspector {
  constructor(private readonly driver: Driver) {}

  async catalog(): Promise<Catalog> {
    throw new AlabError({ code: "E_INTERNAL", message: "internal: sqlite introspection is not built yet", hint: "this is a bug in alab; please report it", exit: EXIT.runtime });
  }

  async tableExists(name: string): Promise<boolean> {
    const n = quoteLiteral(assertSqlIdentifier(name, "table name"), "sqlite");
    const sql = `select count(*) as n from sqlite_master where type = 'table' and name = ${n}`;
    const [row] = await this.driver.query<{ n: number }>({ sql });
    return Number(row?.n ?? 0) > 0;
  }
}
