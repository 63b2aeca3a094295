/**
 * One form for expressions that mean the same: what alab or a user wrote, and what PostgreSQL
 * prints back for it, become the same tree, printed the same way. Only rewrites that keep the
 * meaning are made:
 *   - casts PostgreSQL adds by itself: on a constant (`'x'::character varying`, `(0)::numeric`,
 *     `'-1'::integer`) when the cast loses nothing; `(col)::text` on a character varying column
 *     (varchar has no operators of its own); a widening integer cast on a column compared with a
 *     number (`(n)::numeric >= 1.5` is how `n >= 1.5` is run)
 *   - `x = ANY (ARRAY[…])` ↔ `x IN (…)`, `x <> ALL (ARRAY[…])` ↔ `x NOT IN (…)`, and with one
 *     value `x = a` / `x <> a` (how PostgreSQL stores `x IN (a)`)
 *   - BETWEEN as the two comparisons PostgreSQL stores, LIKE as `~~`, `!=` as `<>`
 *   - nested AND / OR flattened (both are associative), redundant parentheses (the tree has none)
 *   - numbers by value where only the value counts (compared with something, or in arithmetic
 *     with a numeric / floating-point column, where PostgreSQL casts the constant itself:
 *     `price * 100` is stored as `price * 100::numeric`), by value and integer-ness elsewhere
 *     (`n / 2` and `n / 2.0` differ on an integer column)
 * Everything else stays as it is, so two expressions that differ in anything else differ here.
 */
import type { Expr } from "./postgres-expr";

/** Column types by name (canonical type names), when the table is known. */
export type ColumnTypes = ReadonlyMap<string, string>;

const INTEGERS = new Set(["smallint", "integer", "bigint"]);
const NUMERIC_TYPES = /^(smallint|integer|bigint|real|double precision|numeric)$/;
const TEXT_TYPES = /^(text|character varying)$/;
const CMP = new Set(["=", "<>", "<", ">", "<=", ">="]);
const ARITHMETIC = new Set(["+", "-", "*", "/", "%", "^"]);
const INEXACT_OR_NUMERIC = /^(numeric|real|double precision)(\(.*\))?$/;

/** An expression of numeric or floating-point type as far as the column types tell (never an integer one). */
function fractional(e: Expr, cols: ColumnTypes | undefined): boolean {
  switch (e.k) {
    case "col":
      return INEXACT_OR_NUMERIC.test(cols?.get(e.name) ?? "");
    case "cast":
      return INEXACT_OR_NUMERIC.test(e.type);
    case "op":
      return e.l !== undefined && ARITHMETIC.has(e.op) && (fractional(e.l, cols) || fractional(e.r, cols));
    default:
      return false;
  }
}

/** A number literal: normalized value text and whether it reads as an integer literal. */
interface Num {
  readonly neg: boolean;
  /** Digits of the integer part, no leading zeros ("0" for none). */
  readonly int: string;
  /** Digits after the point, no trailing zeros. */
  readonly frac: string;
  readonly integerLiteral: boolean;
}

export function parseNumber(text: string): Num | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (m === null || (m[2] === "" && (m[3] ?? "") === "")) return undefined;
  let digits = `${m[2]}${m[3] ?? ""}`;
  let point = (m[2] ?? "").length + Number(m[4] ?? 0);
  if (point < 0) {
    digits = "0".repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits += "0".repeat(point - digits.length);
  const int = digits.slice(0, point).replace(/^0+/, "") || "0";
  const frac = digits.slice(point).replace(/0+$/, "");
  const zero = int === "0" && frac === "";
  return { neg: m[1] === "-" && !zero, int, frac, integerLiteral: m[3] === undefined && m[4] === undefined };
}

export function numberText(n: Num): string {
  return `${n.neg ? "-" : ""}${n.int}${n.frac === "" ? "" : `.${n.frac}`}`;
}

/** Canonical num node text: "v" for integer literals, "v:n" for numeric ones (kept apart from integers). */
function numNode(n: Num, integer: boolean): Expr {
  return { k: "num", v: integer ? numberText(n) : `${numberText(n)}:n` };
}

function numOf(e: Expr): Num | undefined {
  return e.k === "num" ? parseNumber(e.v.replace(/:n$/, "")) : undefined;
}

/** A constant cast that changes nothing, as the constant it casts; undefined when it may change the value. */
function castConstant(e: Expr, type: string): Expr | undefined {
  if (e.k === "null") return e;
  if (e.k === "str") {
    const bounded = /^character varying\((\d+)\)$/.exec(type);
    if (bounded !== null) return e.v.length <= Number(bounded[1]) ? e : undefined;
    if (/\(/.test(type.replace(/\[\]$/, ""))) return undefined; // numeric(5,1), character(3): may round or pad
    if (NUMERIC_TYPES.test(type)) {
      const n = parseNumber(e.v);
      return n === undefined ? undefined : numNode(n, INTEGERS.has(type));
    }
    return e;
  }
  const n = numOf(e);
  if (n !== undefined) {
    if (INTEGERS.has(type)) return n.frac === "" ? numNode(n, true) : undefined;
    if (type === "numeric" || type === "double precision" || type === "real") return numNode(n, false);
    return undefined;
  }
  if (e.k === "array" && type.endsWith("[]") && e.items.every((i) => i.k === "str" || i.k === "num" || i.k === "null")) {
    const items = e.items.map((i) => castConstant(i, type.slice(0, -2)));
    return items.every((i) => i !== undefined) ? { k: "array", items: items as Expr[] } : undefined;
  }
  return undefined;
}

/** `(col)::type` that PostgreSQL adds by itself whatever the context: varchar read as text. */
function implicitColumnCast(e: Expr, type: string, cols: ColumnTypes | undefined): boolean {
  if (e.k !== "col" || cols === undefined) return false;
  const own = cols.get(e.name);
  if (own === undefined) return false;
  if (own === type) return true;
  return type === "text" && /^character varying(\(\d+\))?$/.test(own);
}

/** In a comparison with a number, an integer column widened to numeric / bigint / double precision is the column. */
function unwiden(e: Expr, cols: ColumnTypes | undefined): Expr {
  if (e.k !== "cast" || e.e.k !== "col" || cols === undefined) return e;
  const own = cols.get(e.e.name);
  if (own === undefined || !INTEGERS.has(own)) return e;
  const exact = e.type === "numeric" || (e.type === "bigint" && own !== "bigint") || (e.type === "double precision" && own !== "bigint");
  return exact ? e.e : e;
}

/** A number compared with something counts by its value only. */
function byValue(e: Expr): Expr {
  const n = numOf(e);
  return n === undefined ? e : numNode(n, n.frac === "");
}

export function canon(e: Expr, cols?: ColumnTypes): Expr {
  const c = (x: Expr): Expr => canon(x, cols);
  switch (e.k) {
    case "col":
    case "str":
    case "bool":
    case "null":
      return e;
    case "num": {
      const n = parseNumber(e.v);
      return n === undefined ? e : numNode(n, n.integerLiteral);
    }
    case "cast": {
      const inner = c(e.e);
      const folded = castConstant(inner, e.type);
      if (folded !== undefined) return folded;
      if (implicitColumnCast(inner, e.type, cols)) return inner;
      return { k: "cast", e: inner, type: e.type };
    }
    case "op": {
      const r = c(e.r);
      if (e.l === undefined) {
        const n = numOf(r);
        if (n === undefined || (e.op !== "-" && e.op !== "+")) return { k: "op", op: e.op, r };
        const zero = n.int === "0" && n.frac === "";
        return numNode({ ...n, neg: e.op === "-" ? !n.neg && !zero : n.neg }, r.k === "num" && !r.v.endsWith(":n"));
      }
      const l = c(e.l);
      if (ARITHMETIC.has(e.op) && (fractional(l, cols) || fractional(r, cols))) return { k: "op", op: e.op, l: byValue(l), r: byValue(r) };
      if (!CMP.has(e.op)) return { k: "op", op: e.op, l, r };
      const lNum = numOf(l) !== undefined;
      const rNum = numOf(r) !== undefined;
      return { k: "op", op: e.op, l: byValue(rNum ? unwiden(l, cols) : l), r: byValue(lNum ? unwiden(r, cols) : r) };
    }
    case "and":
    case "or": {
      const args = e.args.map(c).flatMap((a) => (a.k === e.k ? a.args : [a]));
      return { k: e.k, args };
    }
    case "not":
      return { k: "not", e: c(e.e) };
    case "is":
      return { k: "is", e: c(e.e), what: e.what, not: e.not };
    case "distinct":
      return { k: "distinct", l: c(e.l), r: c(e.r), not: e.not };
    case "in":
      // PostgreSQL stores `x IN (a)` as `x = a`.
      if (e.list.length === 1) return c({ k: "op", op: e.not ? "<>" : "=", l: e.e, r: e.list[0] as Expr });
      return { k: "in", e: c(e.e), list: e.list.map((x) => byValue(c(x))), not: e.not };
    case "any": {
      const l = c(e.l);
      const r = c(e.r);
      if (r.k === "array" && ((e.op === "=" && !e.all) || (e.op === "<>" && e.all))) {
        return r.items.length === 1 ? c({ k: "op", op: e.op, l: e.l, r: r.items[0] as Expr }) : { k: "in", e: l, list: r.items.map(byValue), not: e.all };
      }
      return { k: "any", op: e.op, l, r, all: e.all };
    }
    case "array":
      return { k: "array", items: e.items.map(c) };
    case "fn":
      return { ...e, args: e.args.map(c) };
    case "case":
      return {
        k: "case",
        ...(e.arg === undefined ? {} : { arg: c(e.arg) }),
        whens: e.whens.map(([w, t]) => [c(w), c(t)] as const),
        ...(e.else === undefined ? {} : { else: c(e.else) }),
      };
    case "collate":
      return { k: "collate", e: c(e.e), collation: e.collation };
    case "index":
      return { k: "index", e: c(e.e), i: c(e.i) };
    default:
      return e satisfies never;
  }
}
