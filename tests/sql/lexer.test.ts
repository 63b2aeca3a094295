/** The shared SQL lexer: where each dialect sees quotes, names and comments begin and end. */
import { describe, expect, test } from "bun:test";
import type { Dialect } from "../../src/sql/dialect";
import { findInCode, segments } from "../../src/sql/lexer";

/** Segments as `kind:text` (an open one marked with `!`). */
function shape(text: string, dialect: Dialect): string[] {
  return segments(text, dialect).map((s) => `${s.kind}${s.closed ? "" : "!"}:${text.slice(s.start, s.end)}`);
}

describe("segments", () => {
  test.each([
    ["a = 'x'", "postgres", ["code:a = ", "string:'x'"]],
    ["'it''s' b", "sqlite", ["string:'it''s'", "code: b"]],
    ["'a\\' b", "postgres", ["string:'a\\'", "code: b"]],
    ["'a\\' b", "mysql", ["string!:'a\\' b"]],
    ["E'a\\' b'", "postgres", ["code:E", "string:'a\\' b'"]],
    ["somE'a\\' b", "postgres", ["code:somE", "string:'a\\'", "code: b"]],
    ['"x;y" z', "postgres", ['name:"x;y"', "code: z"]],
    ['"x\\" y"', "mysql", ['string:"x\\" y"']],
    ['"x\\" y"', "sqlite", ['name:"x\\"', "code: y", 'name!:"']],
    ["`a``b` c", "mysql", ["name:`a``b`", "code: c"]],
    ["`a'b`", "postgres", ["code:`a", "string!:'b`"]],
    ["[a)b] c", "sqlite", ["name:[a)b]", "code: c"]],
    ["[a)b] c", "postgres", ["code:[a)b] c"]],
    ["a -- b\nc", "sqlite", ["code:a ", "comment:-- b", "code:\nc"]],
    ["a # b\nc", "mysql", ["code:a ", "comment:# b", "code:\nc"]],
    ["a # b", "postgres", ["code:a # b"]],
    ["/* a /* b */ c */ d", "postgres", ["comment:/* a /* b */ c */", "code: d"]],
    ["/* a /* b */ c */ d", "mysql", ["comment:/* a /* b */", "code: c */ d"]],
    ["/*! drop */", "mysql", ["comment:/*! drop */"]],
    ["/* open", "sqlite", ["comment!:/* open"]],
    ["$$ a ' b $$ c", "postgres", ["dollar:$$ a ' b $$", "code: c"]],
    ["$t1$ x $t1$", "postgres", ["dollar:$t1$ x $t1$"]],
    ["$1 + a$b$", "postgres", ["code:$1 + a$b$"]],
    ["$$ a", "postgres", ["dollar!:$$ a"]],
    ["$$ a $$", "mysql", ["code:$$ a $$"]],
  ] as [string, Dialect, string[]][])("%p on %s", (text, dialect, expected) => {
    expect(shape(text, dialect)).toEqual(expected);
  });

  test("segments cover the text exactly, in order", () => {
    const text = "select 'a', \"b\", `c` -- d\n/* e */ $$f$$ [g] # h\n";
    for (const d of ["postgres", "mysql", "sqlite"] as const) {
      let at = 0;
      for (const s of segments(text, d)) {
        expect(s.start).toBe(at);
        at = s.end;
      }
      expect(at).toBe(text.length);
    }
  });
});

describe("findInCode", () => {
  test("matches only inside code, never across into a quote", () => {
    expect(findInCode("a; 'b;' -- ;\n; \"c;\"", "postgres", /;/).map((m) => m.at)).toEqual([1, 13]);
    expect(findInCode("$1, '$2', $10", "postgres", /\$\d+/)).toEqual([
      { at: 0, length: 2 },
      { at: 10, length: 3 },
    ]);
  });
});
