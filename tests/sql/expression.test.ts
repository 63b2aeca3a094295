/**
 * CHECK expressions written by users: what stays one expression inside its CHECK (…) on every
 * dialect passes; anything that could end it early, reach past its parentheses or hide code in a
 * comment is refused. The legitimate expressions also run as real CHECKs on all three databases.
 */
import { describe, expect, test } from "bun:test";
import { AlabError } from "../../src/errors";
import type { Operation } from "../../src/dsl/operations";
import type { Check } from "../../src/model/types";
import { emptySchema } from "../../src/model/types";
import { assertSafeExpression, expressionProblem } from "../../src/sql/expression";
import { plan } from "../../src/sql/plan";
import { requireService } from "../support/services";
import { CAPS, DIALECTS, expectFailure } from "./support/cases";
import { withDatabase } from "./support/exec";
import { col, create, id, str, table } from "./support/model";

/** Expressions over `price` (integer) and `name` (varchar): a row that satisfies each and one that breaks it. */
const PORTABLE: { expr: string; good: [number, string]; bad: [number, string] }[] = [
  { expr: "length(name) > 0", good: [1, "a"], bad: [1, ""] },
  { expr: "price >= 0 AND price < 1000", good: [5, "a"], bad: [1000, "a"] },
  { expr: "name IN ('a','b')", good: [1, "b"], bad: [1, "c"] },
  { expr: "name <> 'x;y'", good: [1, "x"], bad: [1, "x;y"] },
  { expr: "name <> 'a)b'", good: [1, "a"], bad: [1, "a)b"] },
  { expr: "name <> '--'", good: [1, "-"], bad: [1, "--"] },
  { expr: "name <> '/* c */' AND name <> '#'", good: [1, "c"], bad: [1, "#"] },
  { expr: "name <> '$$' AND name <> 'it''s'", good: [1, "its"], bad: [1, "it's"] },
  { expr: "((price + 1) * (price - 1)) >= 0", good: [1, "a"], bad: [0, "a"] },
  { expr: "price <> 13\n  AND name <> 'thirteen'", good: [1, "a"], bad: [13, "a"] },
];

/** Lexically safe everywhere, though not every database gives them the same meaning. */
const SAFE_ONLY: string[] = [
  '"quoted ident" > 0',
  "`price` > 0",
  "[price] > 0",
  "E'abc' <> name",
  "name ~ '^[a-z]+$'",
  "note <> 'é ✓ 𝄞'",
];

const HOSTILE: [string, RegExp][] = [
  ['n > 0) ); drop table victim; create table x (y int', /`\)` closes more/],
  ["n > 0); drop table victim; --", /`\)` closes more/],
  ["n > 0; drop table victim", /`;` outside quotes/],
  ["(n > 0); drop table victim; select (1)", /`;` outside quotes/],
  ["(n > 0", /`\(` is never closed/],
  ["n > 0 -- and the rest is hidden", /comments are not allowed/],
  ["n > 0 /* c */", /comments are not allowed/],
  ["n > 0 /*! OR 1 */", /comments are not allowed/],
  ["n > 0 # c", /comments are not allowed in an expression \(as MySQL\/MariaDB reads it\)/],
  ["name <> 'open", /string literal is never closed/],
  ['"open > 0', /never closed/],
  ["$$ ; $$", /dollar|`\$`/],
  ["$tag$ ) $tag$", /dollar|`\$`/],
  ["n > $1", /`\$` outside quotes/],
  ["'\\\\'); drop table victim; --'", /backslash/],
  ["'\\'); drop table victim; --'", /backslash/],
  ["E'\\'' = name", /backslash/],
  ["n > 0 \\! rm -rf /", /backslash/],
  ["`a'b` > 0", /string literal is never closed \(as PostgreSQL reads it\)/],
  ["[a)b] > 0", /`\)` closes more than .*\(as PostgreSQL reads it\)/],
  ["( [)] ", /`\(` is never closed \(as SQLite reads it\)/],
  ['"a\\" > 0', /backslash/],
  ["n > 0\u0000", /control character U\+0000/],
  ["n > 0 \u001b[2J", /control character U\+001B/],
  ["name <> '\ud800'", /lone UTF-16 surrogate/],
];

describe("expressionProblem", () => {
  test.each([...PORTABLE.map((c) => c.expr), ...SAFE_ONLY])("passes %p", (expr) => {
    expect(expressionProblem(expr)).toBeUndefined();
  });
  test.each(HOSTILE)("refuses %p", (expr, reason) => {
    expect(expressionProblem(expr)?.reason).toMatch(reason);
  });
  test("the offset points at the problem", () => {
    expect(expressionProblem("n > 0) x")?.offset).toBe(5);
    expect(expressionProblem("a = 'b'; c")?.offset).toBe(7);
  });
});

describe("assertSafeExpression", () => {
  test("throws E_SQL_UNSAFE_EXPRESSION naming what and where, with the text JSON-quoted", () => {
    let error: unknown;
    try {
      assertSafeExpression("n > 0) ); drop table victim; --\u001b", "check `ck` on shop.item");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AlabError);
    const e = error as AlabError;
    expect(e.code).toBe("E_SQL_UNSAFE_EXPRESSION");
    expect(e.exit).toBe(2);
    expect(e.message).toContain("check `ck` on shop.item is not a single SQL expression");
    expect(e.hint).toContain("docs/schema.md");
    expect(e.details.join("\n")).not.toContain("\u001b");
  });
  test("returns a safe expression unchanged", () => {
    expect(assertSafeExpression("price >= 0", "x")).toBe("price >= 0");
  });
});

describe("the planner refuses an unsafe check however it arrived (a hand-edited snapshot, a crafted operation)", () => {
  const item = (checks: Check[]) => table("shop.item", [id(), col("n", "integer")], { checks });
  const bad: Check = { name: "ck", expr: "n > 0) ); drop table victim; create table x (y int" };
  const cases: [string, Operation[]][] = [
    ["create_table", [create(item([bad]))]],
    ["add_check", [create(item([])), { op: "add_check", ref: "shop.item", check: bad }]],
  ];
  for (const d of DIALECTS) {
    test.each(cases)(`%s on ${d}`, (_name, ops) => {
      let error: unknown;
      try {
        plan(ops, emptySchema, CAPS[d]);
      } catch (e) {
        error = e;
      }
      expect((error as AlabError).code).toBe("E_SQL_UNSAFE_EXPRESSION");
    });
  }
});

describe("the legitimate expressions work as real CHECKs", async () => {
  const servers = { postgres: await requireService("postgres"), mysql: await requireService("mysql"), sqlite: {} };
  // One table per expression, so a refused row can only be refused by that expression.
  const tables = PORTABLE.map((c, i) => table(`lab.priced_${i}`, [id(), col("price", "integer"), col("name", str(20))], { checks: [{ name: `ck_priced_${i}`, expr: c.expr }] }));
  for (const d of DIALECTS) {
    test.skipIf(servers[d] === null)(d, async () => {
      await withDatabase(d, async (x) => {
        await x.apply(plan(tables.map(create), emptySchema, x.caps));
        for (const [i, c] of PORTABLE.entries()) {
          const insert = ([price, name]: [number, string]) =>
            x.query(`insert into lab_priced_${i} (price, name) values (${d === "postgres" ? "$1, $2" : "?, ?"})`, [price, name]);
          await insert(c.good);
          await expectFailure(insert(c.bad), new RegExp(`ck_priced_${i}\\b`));
          expect(Number((await x.query(`select count(*) as n from lab_priced_${i}`))[0]!.n)).toBe(1);
        }
      });
    }, 30_000); // ten tables and twenty inserts on one fresh database: more than the default allows on a loaded machine
  }
});
