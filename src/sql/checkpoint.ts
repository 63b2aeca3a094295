/**
 * The checkpoint table `alab_migrations_state`: one row holding the schema the applied migrations
 * build (JSON, gzipped, base64), keyed by what was applied (workflows/database/checkpoint.ts). It spares a deploy from
 * evaluating and replaying every applied file to plan the new ones. Like the tracking table, its
 * statements use escaped literals so `--dry` could print them as they stand.
 */
import { unreachable } from "../errors";
import { db, id, raw, stmt } from "./compiler";
import type { Dialect, Statement } from "./dialect";
import { quoteIdent, quoteLiteral } from "./escape";

export const CHECKPOINT_TABLE = "alab_migrations_state";

function textType(dialect: Dialect): string {
  switch (dialect) {
    case "postgres":
    case "sqlite":
      return "text";
    case "mysql":
      return "longtext";
    default:
      return unreachable(dialect, "dialect");
  }
}

export function createCheckpointTable(dialect: Dialect): Statement {
  return stmt(
    db(dialect)
      .schema.createTable(id(CHECKPOINT_TABLE, "table"))
      .ifNotExists()
      .addColumn("id", raw("integer"), (c) => c.notNull().primaryKey())
      .addColumn("applied_key", raw("char(64)"), (c) => c.notNull())
      .addColumn("state", raw(textType(dialect)), (c) => c.notNull()),
  );
}

export function selectCheckpoint(dialect: Dialect): Statement {
  const t = quoteIdent(CHECKPOINT_TABLE, dialect);
  return { sql: `select ${quoteIdent("applied_key", dialect)} as applied_key, ${quoteIdent("state", dialect)} as state from ${t} where ${quoteIdent("id", dialect)} = 1` };
}

/** The one row, replaced. */
export function writeCheckpoint(dialect: Dialect, key: string, state: string): Statement[] {
  const t = quoteIdent(CHECKPOINT_TABLE, dialect);
  return [
    { sql: `delete from ${t}` },
    { sql: `insert into ${t} (${quoteIdent("id", dialect)}, ${quoteIdent("applied_key", dialect)}, ${quoteIdent("state", dialect)}) values (1, ${quoteLiteral(key, dialect)}, ${quoteLiteral(state, dialect)})` },
  ];
}
