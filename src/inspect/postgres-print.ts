/**
 * A canonical expression tree (./postgres-canon.ts) written back as SQL that PostgreSQL reads to
 * the same tree: names always quoted, parentheses only where precedence needs them, keywords in
 * upper case. It is both what alab shows for a live check and what two checks are compared by.
 */
import { quoteLiteral } from "../sql/escape";
import { type Expr, PREC } from "./postgres-expr";

const CMP = new Set(["=", "<>", "<", ">", "<=", ">="]);
const LIKE: Readonly<Record<string, string>> = { "~~": "LIKE", "!~~": "NOT LIKE", "~~*": "ILIKE", "!~~*": "NOT ILIKE" };

function opPrec(op: string, binary: boolean): number {
  if (!binary) return op === "-" || op === "+" ? PREC.unary : PREC.other;
  if (CMP.has(op)) return PREC.cmp;
  if (LIKE[op] !== undefined) return PREC.like;
  if (op === "+" || op === "-") return PREC.add;
  if (op === "*" || op === "/" || op === "%") return PREC.mul;
  if (op === "^") return PREC.exp;
  return PREC.other;
}

function precOf(e: Expr): number {
  switch (e.k) {
    case "or":
      return PREC.or;
    case "and":
      return PREC.and;
    case "not":
      return PREC.not;
    case "is":
    case "distinct":
      return PREC.is;
    case "any":
      return PREC.cmp;
    case "in":
      return PREC.like;
    case "op":
      return opPrec(e.op, e.l !== undefined);
    case "num":
      return e.v.startsWith("-") ? PREC.unary : PREC.atom;
    case "collate":
      return PREC.collate;
    case "index":
      return PREC.index;
    case "cast":
      return PREC.cast;
    default:
      return PREC.atom;
  }
}

/** `e` printed where it must bind at least as tightly as `min`. */
function at(e: Expr, min: number): string {
  const s = print(e);
  return precOf(e) < min ? `(${s})` : s;
}

const quoteName = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** The canonical tree as SQL PostgreSQL reads back to the same tree. */
export function print(e: Expr): string {
  switch (e.k) {
    case "col":
      return quoteName(e.name);
    case "num":
      return e.v.endsWith(":n") ? (e.v.includes(".") ? e.v.slice(0, -2) : `${e.v.slice(0, -2)}::numeric`) : e.v;
    case "str":
      return quoteLiteral(e.v, "postgres");
    case "bool":
      return e.v ? "true" : "false";
    case "null":
      return "NULL";
    case "cast":
      return `${at(e.e, PREC.index)}::${e.type}`;
    case "op": {
      const p = opPrec(e.op, e.l !== undefined);
      if (e.l === undefined) {
        const r = at(e.r, p);
        return `${e.op}${r.startsWith("-") || r.startsWith("+") ? " " : ""}${r}`;
      }
      const assoc = p === PREC.cmp || p === PREC.like ? 1 : 0;
      return `${at(e.l, p + assoc)} ${LIKE[e.op] ?? e.op} ${at(e.r, p + 1)}`;
    }
    case "and":
    case "or":
      return e.args.map((a) => at(a, precOf(e) + 1)).join(e.k === "and" ? " AND " : " OR ");
    case "not":
      return `NOT ${at(e.e, PREC.not)}`;
    case "is":
      return `${at(e.e, PREC.is + 1)} IS ${e.not ? "NOT " : ""}${e.what.toUpperCase()}`;
    case "distinct":
      return `${at(e.l, PREC.is + 1)} IS ${e.not ? "NOT " : ""}DISTINCT FROM ${at(e.r, PREC.is + 1)}`;
    case "in":
      return `${at(e.e, PREC.like + 1)} ${e.not ? "NOT IN" : "IN"} (${e.list.map(print).join(", ")})`;
    case "any":
      return `${at(e.l, PREC.cmp + 1)} ${e.op} ${e.all ? "ALL" : "ANY"} (${print(e.r)})`;
    case "array":
      return `ARRAY[${e.items.map(print).join(", ")}]`;
    case "fn":
      return printFn(e);
    case "case":
      return `CASE${e.arg === undefined ? "" : ` ${print(e.arg)}`}${e.whens.map(([w, t]) => ` WHEN ${print(w)} THEN ${print(t)}`).join("")}${e.else === undefined ? "" : ` ELSE ${print(e.else)}`} END`;
    case "collate":
      return `${at(e.e, PREC.collate)} COLLATE ${quoteName(e.collation)}`;
    case "index":
      return `${at(e.e, PREC.index)}[${print(e.i)}]`;
    default:
      return e satisfies never;
  }
}

function printFn(e: Extract<Expr, { k: "fn" }>): string {
  const [a, b] = e.args;
  if (e.name === "extract" && a?.k === "str" && b !== undefined) return `EXTRACT(${a.v} FROM ${print(b)})`;
  if (e.name === "position" && a !== undefined && b !== undefined && e.args.length === 2) return `POSITION(${at(b, PREC.like + 1)} IN ${at(a, PREC.like + 1)})`;
  if (e.kw === true) return e.args.length === 0 ? e.name.toUpperCase() : `${e.name.toUpperCase()}(${e.args.map(print).join(", ")})`;
  const name = /^[a-z_][a-z0-9_.]*$/.test(e.name) ? e.name : quoteName(e.name);
  return `${name}(${e.star === true ? "*" : e.args.map(print).join(", ")})`;
}
