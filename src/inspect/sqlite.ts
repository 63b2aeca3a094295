/**
 * How SQLite keeps what alab sends: the DialectRules of the normalizer (./rules.ts). Types are
 * TYPE_MAP inverted (./sqlite-types.ts), defaults read back in ./sqlite-defaults.ts, expressions
 * compared as written (./sqlite-expr.ts: SQLite stores the text it was sent), the derived checks
 * read back in ./sqlite-checks.ts. The indexes SQLite makes by itself for a PRIMARY KEY or UNIQUE
 * constraint (`sqlite_autoindex_<table>_<n>`) are read as what they back by the introspector; any
 * left with that name is implicit. Pure.
 */
import type { DialectRules } from "./rules";
import { sqliteDerivedCheck } from "./sqlite-checks";
import { sqliteColumnDefault } from "./sqlite-defaults";
import { canonicalExpr, comparableExpr } from "./sqlite-expr";
import { sqliteColumnType } from "./sqlite-types";

export const sqliteRules: DialectRules = {
  dialect: "sqlite",
  columnType: sqliteColumnType,
  columnDefault: sqliteColumnDefault,
  sameExpression: (live, written) => comparableExpr(live) === comparableExpr(written),
  canonicalExpression: (live) => canonicalExpr(live),
  derivedCheck: sqliteDerivedCheck,
  implicitIndex: (index) => index.name.startsWith("sqlite_autoindex_"),
};
