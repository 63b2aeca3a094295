/**
 * Kysely as a compile-only SQL compiler: one instance per dialect with a DummyDriver, so nothing
 * here can reach a database. Every compiled DDL statement is checked to carry no bound parameter
 * (PostgreSQL and SQLite reject parameters in DDL; literals go through escape.ts instead).
 */
import {
  DummyDriver,
  Kysely,
  MysqlAdapter,
  MysqlIntrospector,
  MysqlQueryCompiler,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  sql,
  type CompiledQuery,
  type RawBuilder,
} from "kysely";
import { AlabError, EXIT, unreachable } from "../errors";
import type { Dialect, Statement } from "./dialect";
import { assertSqlIdentifier } from "./escape";

// `any` at the boundary: table and column names are only known at run time, so Kysely's typed
// database interface has nothing to describe.
export type Db = Kysely<any>;

function create(dialect: Dialect): Db {
  switch (dialect) {
    case "postgres":
      return new Kysely({
        dialect: {
          createAdapter: () => new PostgresAdapter(),
          createDriver: () => new DummyDriver(),
          createIntrospector: (db) => new PostgresIntrospector(db),
          createQueryCompiler: () => new PostgresQueryCompiler(),
        },
      });
    case "mysql":
      return new Kysely({
        dialect: {
          createAdapter: () => new MysqlAdapter(),
          createDriver: () => new DummyDriver(),
          createIntrospector: (db) => new MysqlIntrospector(db),
          createQueryCompiler: () => new MysqlQueryCompiler(),
        },
      });
    case "sqlite":
      return new Kysely({
        dialect: {
          createAdapter: () => new SqliteAdapter(),
          createDriver: () => new DummyDriver(),
          createIntrospector: (db) => new SqliteIntrospector(db),
          createQueryCompiler: () => new SqliteQueryCompiler(),
        },
      });
    default:
      return unreachable(dialect, "dialect");
  }
}

const instances = new Map<Dialect, Db>();

export function db(dialect: Dialect): Db {
  let k = instances.get(dialect);
  if (!k) {
    k = create(dialect);
    instances.set(dialect, k);
  }
  return k;
}

/** A compiled statement with no parameters (DDL and alab's own DML carry literals). */
export function stmt(query: { compile(): CompiledQuery }): Statement {
  const compiled = query.compile();
  if (compiled.parameters.length > 0) {
    throw new AlabError({
      code: "E_INTERNAL",
      message: `internal: a statement compiled with bound parameters: ${compiled.sql}`,
      hint: "this is a bug in alab; please report it with the migration that caused it",
      exit: EXIT.runtime,
    });
  }
  return { sql: compiled.sql };
}

/** SQL text built by this module's callers from escaped literals and quoted names. */
export function raw(text: string): RawBuilder<unknown> {
  return sql.raw(text);
}

/** A statement Kysely has no builder for (PRAGMA, MySQL CHANGE COLUMN, PostgreSQL ALTER INDEX). */
export function rawStmt(text: string): Statement {
  return { sql: text };
}

/** A name handed to Kysely: validated first, because Kysely would split `a.b` into schema and table. */
export function id(name: string, what = "name"): string {
  return assertSqlIdentifier(name, what);
}
