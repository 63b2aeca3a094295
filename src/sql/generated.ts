/**
 * Generated columns' expressions (AstrolaDB's `fn` builder) as SQL per database, in forms each
 * database accepts in `GENERATED ALWAYS AS (…)`: PostgreSQL's `concat()` is not immutable, so
 * text is joined with `||` there and on SQLite, with `concat()` on MySQL (where `||` is OR).
 * Every column named must be a column of the table; `sql({...})` is the per-database escape.
 */
import { AlabError, unreachable } from "../errors";
import type { Generated, GeneratedExpr, GeneratedFn, Table } from "../model/types";
import type { Dialect } from "./dialect";
import { quoteIdent, quoteLiteral } from "./escape";
import { sqlFor } from "./typemap";

/** How many arguments each function takes: [min, max]. */
export const FN_ARITY: Record<GeneratedFn, readonly [number, number]> = {
  concat: [1, 64], upper: [1, 1], lower: [1, 1], trim: [1, 1], length: [1, 1], add: [2, 2], sub: [2, 2], mul: [2, 2], div: [2, 2],
  abs: [1, 1], round: [1, 2], floor: [1, 1], ceil: [1, 1], coalesce: [1, 64], nullif: [2, 2],
};

const BINARY: Partial<Record<GeneratedFn, string>> = { add: "+", sub: "-", mul: "*", div: "/" };

function render(e: GeneratedExpr, d: Dialect, what: string): string {
  switch (e.k) {
    case "col":
      return quoteIdent(e.name, d);
    case "lit":
      return quoteLiteral(e.value, d);
    case "sql":
      return `(${sqlFor(e.sql, d, what)})`;
    case "fn": {
      const args = e.args.map((a) => render(a, d, what));
      const op = BINARY[e.fn];
      if (op !== undefined) return `(${args[0]} ${op} ${args[1]})`;
      switch (e.fn) {
        case "concat":
          return d === "mysql" ? `concat(${args.join(", ")})` : `(${args.join(" || ")})`;
        case "length":
          return d === "sqlite" ? `length(${args[0]})` : `char_length(${args[0]})`;
        case "ceil":
          return d === "sqlite" ? `ceil(${args[0]})` : `ceiling(${args[0]})`;
        case "upper": case "lower": case "trim": case "abs": case "round": case "floor": case "coalesce": case "nullif":
          return `${e.fn}(${args.join(", ")})`;
        case "add": case "sub": case "mul": case "div":
          return unreachable(e.fn as never, "binary function");
        default:
          return unreachable(e.fn, "generated function");
      }
    }
    default:
      return unreachable(e, "generated expression");
  }
}

/** `generated always as (…) stored|virtual` for a column of `table`. PostgreSQL before 18 stores every generated column. */
export function generatedClause(table: Table, column: string, g: Generated, d: Dialect): { sql: string } {
  for (const name of columnsOf(g.expr)) {
    const c = table.columns.find((x) => x.name === name);
    if (c === undefined || c.generated !== undefined) {
      throw new AlabError({
        code: "E_SQL_GENERATED_COLUMN",
        message: `generated column ${table.sqlName}.${column} uses ${c === undefined ? "an unknown column" : "the generated column"} ${name}`,
        hint: "a generated column is computed from the row's other stored or plain columns",
      });
    }
  }
  const expr = render(g.expr, d, `the expression of ${table.sqlName}.${column}`);
  const virtual = !g.stored && d !== "postgres";
  return { sql: `generated always as (${expr}) ${virtual ? "virtual" : "stored"}` };
}

/** The expression as this database's text (what drift compares with the database's print of it). */
export function generatedSql(g: Generated, d: Dialect): string {
  return render(g.expr, d, "a generated column's expression");
}

export function columnsOf(e: GeneratedExpr): string[] {
  switch (e.k) {
    case "col":
      return [e.name];
    case "fn":
      return e.args.flatMap(columnsOf);
    case "lit":
    case "sql":
      return [];
    default:
      return unreachable(e, "generated expression");
  }
}
