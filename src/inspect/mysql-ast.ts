/**
 * The tree of a MySQL/MariaDB expression (./mysql-expr.ts parses it, ./mysql-canon.ts rewrites and
 * prints it) and the binding levels of its operators. Pure.
 */

export type Node =
  | { readonly t: "num"; readonly text: string }
  | { readonly t: "str"; readonly value: string }
  | { readonly t: "bits"; readonly text: string }
  | { readonly t: "null" }
  /** A column (or other name) reference, lower-cased: MySQL column names ignore case. */
  | { readonly t: "col"; readonly name: string }
  | { readonly t: "call"; readonly name: string; readonly args: readonly Node[] }
  /** CAST(x AS type) / CONVERT(x, type) / CONVERT(x USING charset): `type` as lower-cased words. */
  | { readonly t: "cast"; readonly arg: Node; readonly type: string }
  | { readonly t: "interval"; readonly arg: Node; readonly unit: string }
  | { readonly t: "unary"; readonly op: "-" | "~" | "binary"; readonly arg: Node }
  | { readonly t: "not"; readonly arg: Node }
  /** Arithmetic, bit and comparison operators, `regexp`, `xor`, `->`; `op` in canonical spelling. */
  | { readonly t: "bin"; readonly op: string; readonly left: Node; readonly right: Node }
  | { readonly t: "logic"; readonly op: "and" | "or"; readonly args: readonly Node[] }
  | { readonly t: "in"; readonly not: boolean; readonly arg: Node; readonly list: readonly Node[] }
  | { readonly t: "between"; readonly not: boolean; readonly arg: Node; readonly lo: Node; readonly hi: Node }
  | { readonly t: "like"; readonly not: boolean; readonly arg: Node; readonly pattern: Node; readonly escape?: Node }
  | { readonly t: "is"; readonly not: boolean; readonly arg: Node; readonly what: "null" | "true" | "false" }
  | { readonly t: "case"; readonly arg?: Node; readonly whens: readonly (readonly [Node, Node])[]; readonly else?: Node }
  | { readonly t: "collate"; readonly arg: Node; readonly collation: string }
  | { readonly t: "row"; readonly items: readonly Node[] };

/** Binding levels, loosest first (MySQL's operator precedence table, default sql_mode). */
export const LEVEL = { or: 1, xor: 2, and: 3, not: 4, between: 5, cmp: 6, bitor: 7, bitand: 8, shift: 9, add: 10, mul: 11, bitxor: 12, unary: 13, bang: 14, collate: 15, primary: 100 } as const;
