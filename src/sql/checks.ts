/**
 * CHECK constraints derived from a column (they are not stored in the model): enum values,
 * SQLite booleans / json / varchar length, and `.min() .max() .pattern()`. Names come from
 * names.columnCheckName so a later migration can drop exactly what an earlier one made.
 */
import { AlabError, unreachable } from "../errors";
import { type Column, type ColumnKind, INTEGER_KINDS } from "../model/types";
import { columnCheckName } from "../model/names";
import type { Dialect } from "./dialect";
import { quoteIdent, quoteLiteral } from "./escape";

export interface NamedCheck {
  readonly name: string;
  readonly expr: string;
}

const NUMERIC: ReadonlySet<ColumnKind> = new Set([...INTEGER_KINDS, "float", "decimal"]);
const TEXTUAL: ReadonlySet<ColumnKind> = new Set(["string", "char", "text", "enum"]);

function badCheck(table: string, col: Column, what: string): AlabError {
  return new AlabError({
    code: "E_SQL_BAD_CHECK",
    message: `${table}.${col.name}: .${what}() does not apply to a ${col.type.kind} column`,
    hint: "min/max apply to numbers (the value) and to string/text (the length); pattern applies to string/text",
  });
}

function bound(table: string, col: Column, what: "min" | "max", n: number, dialect: Dialect): string {
  if (!Number.isFinite(n)) throw badCheck(table, col, what);
  const c = quoteIdent(col.name, dialect);
  const op = what === "min" ? ">=" : "<=";
  const lit = quoteLiteral(n, dialect);
  if (NUMERIC.has(col.type.kind)) {
    // SQLite decimals are TEXT; compared to a number they would compare as text.
    const v = dialect === "sqlite" && col.type.kind === "decimal" ? `cast(${c} as numeric)` : c;
    return `${v} ${op} ${lit}`;
  }
  if (TEXTUAL.has(col.type.kind)) return `${dialect === "sqlite" ? "length" : "char_length"}(${c}) ${op} ${lit}`;
  throw badCheck(table, col, what);
}

/**
 * The checks of one column on `tableSql`, in a fixed order. `notes` says what could not be
 * enforced (a pattern on SQLite, which has no REGEXP function by default).
 */
export function columnChecks(tableSql: string, col: Column, dialect: Dialect): { checks: NamedCheck[]; notes: string[] } {
  const c = quoteIdent(col.name, dialect);
  const checks: NamedCheck[] = [];
  const notes: string[] = [];
  const add = (what: string, expr: string) => checks.push({ name: columnCheckName(tableSql, col.name, what), expr });
  const t = col.type;
  // A native enum is enforced by its type on PostgreSQL and MySQL; SQLite needs the CHECK.
  if (t.kind === "native_enum" && dialect === "sqlite") add("enum", `${c} in (${t.values.map((v) => quoteLiteral(v, dialect)).join(", ")})`);
  if (t.kind === "enum") add("enum", `${c} in (${t.values.map((v) => quoteLiteral(v, dialect)).join(", ")})`);
  if (dialect === "sqlite") {
    if (t.kind === "boolean") add("bool", `${c} in (0, 1)`);
    // json_valid(NULL) is 0 before SQLite 3.45 (Debian 12 ships 3.40): without the IS NULL, an
    // optional json column would refuse NULL from any client linked against such a library.
    if (t.kind === "json") add("json", `${c} is null or json_valid(${c})`);
    if (t.kind === "string" || t.kind === "char") add("length", `length(${c}) <= ${t.length}`);
  }
  if (col.min !== undefined) add("min", bound(tableSql, col, "min", col.min, dialect));
  if (col.max !== undefined) add("max", bound(tableSql, col, "max", col.max, dialect));
  if (col.pattern !== undefined) {
    if (!TEXTUAL.has(t.kind)) throw badCheck(tableSql, col, "pattern");
    switch (dialect) {
      case "postgres":
        add("pattern", `${c} ~ ${quoteLiteral(col.pattern, dialect)}`);
        break;
      case "mysql":
        // (?-i): case-sensitive like PostgreSQL's `~`, whatever the column's collation says.
        add("pattern", `${c} regexp ${quoteLiteral(`(?-i)${col.pattern}`, dialect)}`);
        break;
      case "sqlite":
        notes.push(`SQLite: pattern of ${tableSql}.${col.name} is not enforced (SQLite has no REGEXP function by default)`);
        break;
      default:
        unreachable(dialect, "dialect");
    }
  }
  return { checks, notes };
}
