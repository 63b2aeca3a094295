/**
 * A live SQLite column's declared type read back into the model: TYPE_MAP (src/sql/typemap.ts)
 * inverted for sqlite. SQLite writes many model types alike (`text` is uuid, text, date, time,
 * datetime, decimal, json and enum; `integer` is integer, bigint, boolean and serial), so the
 * hint decides when the live type is what alab writes for it; without one the plainest type is
 * read, and the checks alab derives (json_valid, 0/1, length, IN lists) make it more (see
 * ./normalize.ts). A declared type alab never writes is Unrepresentable, with the reason. Pure.
 */
import { isAlabError } from "../errors";
import { AUTO_KINDS, type ColumnType } from "../model/types";
import { rawTypeProblem } from "../sql/raw-type";
import { defaultSql, sqlType } from "../sql/typemap";
import type { CatalogColumn } from "./catalog";
import type { Unrepresentable } from "./rules";
import { comparableExpr } from "./sqlite-expr";

const unrep = (unrepresentable: string): Unrepresentable => ({ unrepresentable });

/** A declared type in one spelling: lower case, single spaces, none inside the parentheses. */
export function comparableType(type: string): string {
  return type.toLowerCase().replace(/\s+/g, " ").replace(/\s*([(),])\s*/g, "$1").trim();
}

/** On a text column, alab's `now` default says which of datetime, date and time it is; its `uuid` default says uuid. */
const BY_DEFAULT: readonly ColumnType[] = [{ kind: "datetime" }, { kind: "date" }, { kind: "time" }, { kind: "uuid" }];

const TYPED_BY_DEFAULT: ReadonlyMap<string, ColumnType> = new Map(
  BY_DEFAULT.map((type) => {
    const sql = defaultSql("t", { name: "c", type, nullable: true, unique: false, default: { kind: "expr", expr: type.kind === "uuid" ? "uuid" : "now" } }, "sqlite");
    return [comparableExpr(sql ?? ""), type] as const;
  }),
);

function textByDefault(col: CatalogColumn): ColumnType {
  return (col.default === undefined ? undefined : TYPED_BY_DEFAULT.get(comparableExpr(col.default))) ?? { kind: "text" };
}

/** The model type of a live column with no hint. */
function plain(col: CatalogColumn, t: string): ColumnType | Unrepresentable {
  switch (t) {
    case "integer":
      return col.identity === "autoincrement" ? { kind: "serial" } : { kind: "integer" };
    case "text":
      return textByDefault(col);
    case "real":
      return { kind: "float" };
    case "blob":
      return { kind: "base64" };
    case "":
      return unrep("no declared type (any value is stored as it comes)");
    default:
      // varchar(n) is a string(n) only with the length check alab writes beside it: SQLite
      // itself keeps any length in it, as in text.
      if (/^varchar\(\d+\)$/.test(t)) return { kind: "text" };
      {
        const char = /^char\((\d+)\)$/.exec(t);
        if (char !== null) return { kind: "char", length: Number(char[1]) };
      }
      // Any other declared type is kept as written (clob, numeric(10,2)): alab sends it back verbatim.
      return rawTypeProblem(t) === undefined ? { kind: "sql_type", sql: t } : unrep(`type ${t}: not a plain type name`);
  }
}

/** What alab writes for `type` on SQLite, comparable; undefined when it cannot write it. */
function written(type: ColumnType): string | undefined {
  try {
    return comparableType(sqlType(type, "sqlite"));
  } catch (e) {
    // What alab refuses to write for the column cannot be what the database holds.
    if (isAlabError(e)) return undefined;
    throw e;
  }
}

export function sqliteColumnType(col: CatalogColumn, hint?: ColumnType): ColumnType | Unrepresentable {
  if (col.generated !== undefined) return unrep(`a generated column (${col.generated.stored ? "stored" : "virtual"}: ${col.generated.expr})`);
  if (col.collation !== undefined) return unrep(`collation ${col.collation}: alab writes no collations`);
  const t = comparableType(col.type);
  const live = plain(col, t);
  if (hint === undefined || "unrepresentable" in live) return live;
  // serial and integer are both `integer`: AUTOINCREMENT decides, not the hint.
  if (AUTO_KINDS.has(hint.kind) !== AUTO_KINDS.has(live.kind)) return live;
  return written(hint) === t ? hint : live;
}
