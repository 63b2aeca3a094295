/**
 * How MySQL and MariaDB rewrite what alab sends: the DialectRules of the normalizer (./rules.ts).
 * Types are TYPE_MAP inverted (./mysql-types.ts), defaults read back in ./mysql-defaults.ts,
 * expressions compared in the canonical form of ./mysql-canon.ts. Pure.
 */
import { columnCheckName } from "../model/names";
import type { ReferentialAction } from "../model/types";
import type { CatalogAction, CatalogIndex, CatalogTable } from "./catalog";
import { canon, canonicalText, print } from "./mysql-canon";
import { mysqlColumnDefault } from "./mysql-defaults";
import type { Node } from "./mysql-ast";
import { parseExpression } from "./mysql-expr";
import { mysqlColumnType } from "./mysql-types";
import type { DerivedCheck, DialectRules } from "./rules";

const DERIVED = ["enum", "min", "max", "pattern"] as const;

/** MySQL's `regexp` ignores case under the default collations; alab writes `(?-i)` to match case. */
const CASE_SENSITIVE = "(?-i)";

function isColumn(n: Node, column: string): boolean {
  return n.t === "col" && n.name === column;
}

/** What a derived check says, when it says it in the shape alab writes (src/sql/checks.ts). */
function readDerived(what: (typeof DERIVED)[number], column: string, expr: string): DerivedCheck | undefined {
  const parsed = parseExpression(expr);
  if (parsed === undefined) return undefined;
  const n = canon(parsed);
  switch (what) {
    case "enum": {
      // MariaDB prints a one-value IN as `=`; canon does too.
      if (n.t === "in" && !n.not && isColumn(n.arg, column) && n.list.every((v) => v.t === "str")) {
        return { column, what, values: n.list.map((v) => (v.t === "str" ? v.value : "")) };
      }
      if (n.t === "bin" && n.op === "=" && isColumn(n.left, column) && n.right.t === "str") return { column, what, values: [n.right.value] };
      return undefined;
    }
    case "min":
    case "max": {
      if (n.t !== "bin" || n.op !== (what === "min" ? ">=" : "<=") || n.right.t !== "num") return undefined;
      const subject = n.left;
      const onLength = subject.t === "call" && subject.name === "char_length" && subject.args.length === 1 && isColumn(subject.args[0]!, column);
      if (!isColumn(subject, column) && !onLength) return undefined;
      const value = Number(n.right.text);
      return Number.isFinite(value) ? { column, what, value } : undefined;
    }
    case "pattern": {
      if (n.t !== "bin" || n.op !== "regexp" || !isColumn(n.left, column) || n.right.t !== "str" || !n.right.value.startsWith(CASE_SENSITIVE)) return undefined;
      return { column, what, value: n.right.value.slice(CASE_SENSITIVE.length) };
    }
  }
}

/** InnoDB treats NO ACTION as RESTRICT, and MariaDB prints RESTRICT for both (and for no clause at all). */
const RESTRICTS: ReadonlySet<CatalogAction> = new Set(["RESTRICT", "NO ACTION"]);

export const mysqlRules: DialectRules = {
  dialect: "mysql",
  columnType: mysqlColumnType,
  columnDefault: mysqlColumnDefault,
  sameExpression(live: string, written: string): boolean {
    const a = canonicalText(live);
    return a !== undefined && a === canonicalText(written);
  },
  canonicalExpression(live: string): string {
    const parsed = parseExpression(live);
    return parsed === undefined ? live.trim() : print(canon(parsed));
  },
  derivedCheck(name: string, expr: string, table: CatalogTable): DerivedCheck | undefined {
    for (const col of table.columns) {
      for (const what of DERIVED) {
        if (columnCheckName(table.name, col.name, what) === name) return readDerived(what, col.name, expr);
      }
    }
    return undefined;
  },
  implicitIndex(index: CatalogIndex): boolean {
    return index.backs === "foreign-key";
  },
  referentialAction(live: CatalogAction, hint?: ReferentialAction): ReferentialAction {
    if (!RESTRICTS.has(live)) return live;
    return hint !== undefined && RESTRICTS.has(hint) ? hint : "NO ACTION";
  },
};
