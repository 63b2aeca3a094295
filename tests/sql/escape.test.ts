/**
 * Literal and identifier quoting: the exact text per dialect, refusals (NUL, lone surrogates,
 * non-finite numbers, names outside ^[a-z_][a-z0-9_]*$), and hostile strings used as column
 * defaults and enum values round-tripping exactly on the real servers.
 */
import { describe, expect, test } from "bun:test";
import { AlabError } from "../../src/errors";
import type { Literal } from "../../src/model/types";
import type { Dialect } from "../../src/sql/dialect";
import { quoteIdent, quoteLiteral } from "../../src/sql/escape";
import { plan } from "../../src/sql/plan";
import { emptySchema } from "../../src/model/types";
import { CAPS, DIALECTS, expectFailure } from "./support/cases";
import { withDatabase } from "./support/exec";
import { col, create, en, id, str, table } from "./support/model";
import { requireService } from "../support/services";

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof AlabError ? e.code : `not an AlabError: ${String(e)}`;
  }
  return undefined;
}

const LITERALS: [Literal, Record<Dialect, string>][] = [
  ["plain", { postgres: "'plain'", mysql: "'plain'", sqlite: "'plain'" }],
  ["it's", { postgres: "'it''s'", mysql: "'it''s'", sqlite: "'it''s'" }],
  ["a\\b", { postgres: "E'a\\\\b'", mysql: "'a\\\\b'", sqlite: "'a\\b'" }],
  ["\\'", { postgres: "E'\\\\'''", mysql: "'\\\\'''", sqlite: "'\\'''" }],
  ["'); DROP TABLE x; --", { postgres: "'''); DROP TABLE x; --'", mysql: "'''); DROP TABLE x; --'", sqlite: "'''); DROP TABLE x; --'" }],
  ["✓ é 𝄞", { postgres: "'✓ é 𝄞'", mysql: "'✓ é 𝄞'", sqlite: "'✓ é 𝄞'" }],
  [1.5, { postgres: "1.5", mysql: "1.5", sqlite: "1.5" }],
  [-0, { postgres: "0", mysql: "0", sqlite: "0" }],
  [1e21, { postgres: "1e+21", mysql: "1e+21", sqlite: "1e+21" }],
  [true, { postgres: "true", mysql: "true", sqlite: "1" }],
  [false, { postgres: "false", mysql: "false", sqlite: "0" }],
  [null, { postgres: "null", mysql: "null", sqlite: "null" }],
  [{ a: "it's" }, { postgres: `'{"a":"it''s"}'`, mysql: `'{"a":"it''s"}'`, sqlite: `'{"a":"it''s"}'` }],
];

describe("quoteLiteral", () => {
  for (const [value, expected] of LITERALS) {
    for (const d of DIALECTS) {
      test(`${JSON.stringify(value)} on ${d}`, () => expect(quoteLiteral(value, d)).toBe(expected[d]));
    }
  }
  test.each([["nul\u0000byte"], ["lone \ud800 surrogate"], [Number.NaN], [Number.POSITIVE_INFINITY]] as [Literal][])("refuses %p", (value) => {
    for (const d of DIALECTS) expect(code(() => quoteLiteral(value, d))).toBe("E_SQL_BAD_LITERAL");
  });
});

describe("quoteIdent", () => {
  test("quotes valid names per dialect", () => {
    expect(quoteIdent("blog_post", "postgres")).toBe('"blog_post"');
    expect(quoteIdent("_x9", "mysql")).toBe("`_x9`");
    expect(quoteIdent("a".repeat(63), "sqlite")).toBe(`"${"a".repeat(63)}"`);
  });
  test.each([["blog.post"], ["Blog"], ["1a"], ["a-b"], [""], ['a"b'], ["a`b"], ["a".repeat(64)]])("refuses %p", (name) => {
    for (const d of DIALECTS) expect(code(() => quoteIdent(name, d))).toBe("E_SQL_BAD_IDENTIFIER");
  });
  test("a plan refuses a table whose SQL name would carry a dot", () => {
    const t = table("a.b.c", [id()]);
    for (const d of DIALECTS) expect(code(() => plan([create(t)], emptySchema, CAPS[d]))).toBe("E_SQL_BAD_IDENTIFIER");
  });
});

const HOSTILE = [
  "it's",
  "a\\b",
  "\\'",
  "'); DROP TABLE x; --",
  "\\'); DROP TABLE x; --",
  '"quoted" `ticked` $$dollar$$ $1 ? %s',
  "line\nbreak\ttab\r\u2028",
  "✓ é 𝄞",
];

describe("hostile strings as defaults and enum values round-trip exactly", async () => {
  const servers = { postgres: await requireService("postgres"), mysql: await requireService("mysql"), sqlite: {} };
  const t = table("lab.hostile", [
    id(),
    ...HOSTILE.map((v, i) => col(`d${i}`, str(100), { default: { kind: "literal", value: v } })),
    col("e", en(...HOSTILE), { default: { kind: "literal", value: HOSTILE[3]! } }),
    col("t", "text", { default: { kind: "literal", value: HOSTILE[4]! } }),
  ]);
  for (const d of DIALECTS) {
    test.skipIf(servers[d] === null)(d, async () => {
      await withDatabase(d, async (x) => {
        await x.apply(plan([create(t)], emptySchema, x.caps));
        await x.query(d === "mysql" ? "insert into lab_hostile () values ()" : "insert into lab_hostile default values");
        const [row] = await x.query("select * from lab_hostile");
        HOSTILE.forEach((v, i) => expect(row![`d${i}`]).toBe(v));
        expect(row!.e).toBe(HOSTILE[3]);
        expect(row!.t).toBe(HOSTILE[4]);
        for (const v of HOSTILE) await x.query("insert into lab_hostile (e) values (?)".replace("?", d === "postgres" ? "$1" : "?"), [v]);
        await expectFailure(x.query(`insert into lab_hostile (e) values (${quoteLiteral("it''s", d)})`), /chk_lab_hostile_e_enum/);
        expect((await x.query("select count(*) as n from lab_hostile"))[0]!.n).toBe(d === "postgres" ? "9" : 9);
      });
    });
  }
});

describe("a hostile .pattern() is one regular-expression literal", async () => {
  const servers = { postgres: await requireService("postgres"), mysql: await requireService("mysql"), sqlite: {} };
  const pattern = "^it's(\\d|'\\); drop table lab_victim; --|\\\\)?$";
  const t = table("lab.patterned", [id(), col("p", str(60), { pattern })]);
  for (const d of ["postgres", "mysql"] as const) {
    test.skipIf(servers[d] === null)(d, async () => {
      await withDatabase(d, async (x) => {
        await x.query("create table lab_victim (id integer)");
        await x.apply(plan([create(t)], emptySchema, x.caps));
        const insert = (v: string) => x.query(`insert into lab_patterned (p) values (${d === "postgres" ? "$1" : "?"})`, [v]);
        for (const ok of ["it's", "it's7", "it's'); drop table lab_victim; --", "it's\\"]) await insert(ok);
        await expectFailure(insert("its"), /chk_lab_patterned_p_pattern/);
        expect((await x.query("select count(*) as n from lab_victim"))[0]!.n).toBe(d === "postgres" ? "0" : 0);
        expect(Number((await x.query("select count(*) as n from lab_patterned"))[0]!.n)).toBe(4);
      });
    });
  }
});
