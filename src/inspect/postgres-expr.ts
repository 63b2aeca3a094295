/**
 * The tree of a PostgreSQL expression (./postgres-parse.ts reads it, ./postgres-canon.ts brings it
 * to one form, ./postgres-print.ts writes it back), and PostgreSQL's operator precedence.
 */

export type Expr =
  | { readonly k: "col"; readonly name: string }
  | { readonly k: "num"; readonly v: string }
  | { readonly k: "str"; readonly v: string }
  | { readonly k: "bool"; readonly v: boolean }
  | { readonly k: "null" }
  | { readonly k: "cast"; readonly e: Expr; readonly type: string }
  /** A function call; `kw` for the SQL keyword functions written without parentheses (CURRENT_DATE). */
  | { readonly k: "fn"; readonly name: string; readonly args: readonly Expr[]; readonly kw?: boolean; readonly star?: boolean }
  /** A binary operator, or a prefix one when `l` is absent. */
  | { readonly k: "op"; readonly op: string; readonly l?: Expr; readonly r: Expr }
  | { readonly k: "and" | "or"; readonly args: readonly Expr[] }
  | { readonly k: "not"; readonly e: Expr }
  | { readonly k: "is"; readonly e: Expr; readonly what: "null" | "true" | "false" | "unknown"; readonly not: boolean }
  | { readonly k: "distinct"; readonly l: Expr; readonly r: Expr; readonly not: boolean }
  | { readonly k: "in"; readonly e: Expr; readonly list: readonly Expr[]; readonly not: boolean }
  /** `l op ANY (r)` / `l op ALL (r)`. */
  | { readonly k: "any"; readonly op: string; readonly l: Expr; readonly r: Expr; readonly all: boolean }
  | { readonly k: "array"; readonly items: readonly Expr[] }
  | { readonly k: "case"; readonly arg?: Expr; readonly whens: readonly (readonly [Expr, Expr])[]; readonly else?: Expr }
  | { readonly k: "collate"; readonly e: Expr; readonly collation: string }
  | { readonly k: "index"; readonly e: Expr; readonly i: Expr };

export class ParseError extends Error {}

/** Binding powers, PostgreSQL's operator precedence table from loosest to tightest. */
export const PREC = { or: 1, and: 2, not: 3, is: 4, cmp: 5, like: 6, other: 7, add: 8, mul: 9, exp: 10, unary: 11, collate: 12, index: 13, cast: 14, atom: 15 } as const;
