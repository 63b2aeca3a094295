/** MySQL's and MariaDB's catalog, read through information_schema of the connection's database. */
import { assertSqlIdentifier, quoteLiteral } from "../../sql/escape";
import type { Driver } from "../driver";
import { AlabError, EXIT } from "../../errors";
import type { Catalog } from "../../inspect/catalog";
import type { Introspector } from "../introspector";

export class MysqlIntrospector implements Introspector {
  constructor(private readonly driver: Driver) {}

  async catalog(): Promise<Catalog> {
    throw new AlabError({ code: "E_INTERNAL", message: "internal: mysql introspection is not built yet", hint: "this is a bug in alab; please report it", exit: EXIT.runtime });
  }

  async tableExists(name: string): Promise<boolean> {
    const n = quoteLiteral(assertSqlIdentifier(name, "table name"), "mysql");
    const sql = `select count(*) as n from information_schema.tables where table_schema = database() and table_name = ${n}`;
    const [row] = await this.driver.query<{ n: number | string }>({ sql });
    return Number(row?.n ?? 0) > 0;
  }
}
