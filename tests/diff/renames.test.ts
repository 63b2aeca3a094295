import { describe, expect, test } from "bun:test";
import { AlabError } from "../../src/errors";
import { openRenameCandidates } from "../../src/diff/diff";
import { accept, candidateQuestion, noRenames, parseRenameFlag, withDeclined } from "../../src/diff/renames";
import { idColumn } from "../../src/dsl/migration/shorthand";
import { col, schema, table } from "./fixtures";

const str = (n: number) => ({ kind: "string", length: n }) as const;
const from = schema(
  table("auth.user", [idColumn(), col("name", str(50)), col("age", { kind: "integer" })]),
  table("blog.post", [idColumn()]),
  table("articles", [idColumn(), col("body", { kind: "text" })]),
);
const to = schema(
  table("auth.user", [idColumn(), col("full_name", str(100)), col("years", { kind: "integer" }), col("nick", str(10))]),
  table("blog.article", [idColumn()]),
  table("posts", [idColumn(), col("body", { kind: "text" })]),
);

describe("--rename flags", () => {
  const cases: [string, object][] = [
    ["auth.user.name=full_name", { tables: {}, columns: { "auth.user": { name: "full_name" } } }],
    ["blog.post=blog.article", { tables: { "blog.post": "blog.article" }, columns: {} }],
    ["blog.post=article", { tables: { "blog.post": "blog.article" }, columns: {} }],
    ["articles=posts", { tables: { articles: "posts" }, columns: {} }],
    ["articles.body=text", { tables: {}, columns: { articles: { body: "text" } } }],
  ];
  for (const [flag, expected] of cases) {
    test(flag, () => expect(parseRenameFlag(noRenames, flag, from, to)).toEqual({ ...expected, declined: [] } as never));
  }
  for (const flag of ["", "a", "a=", "=b", "A.b=c", "a.b.c=d.e", "a.b.c.d=e", "nope.x=y"]) {
    test(`not a rename: ${JSON.stringify(flag)}`, () => {
      try {
        parseRenameFlag(noRenames, flag, from, to);
        throw new Error("expected an error");
      } catch (e) {
        expect(e).toBeInstanceOf(AlabError);
        expect((e as AlabError).code).toBe("E_RENAME_INVALID");
        expect((e as AlabError).hint).toContain("--rename");
      }
    });
  }
});

describe("rename candidates", () => {
  test("tables in one namespace (or from outside any), columns of one kind of type", () => {
    const flags = openRenameCandidates(from, to, noRenames).map((c) => c.flag);
    expect(flags).toEqual(["articles=blog.article", "articles=posts", "blog.post=blog.article", "auth.user.name=full_name", "auth.user.name=nick", "auth.user.age=years"]);
  });

  test("each answer removes its questions", () => {
    let r = noRenames;
    for (;;) {
      const [c] = openRenameCandidates(from, to, r);
      if (c === undefined) break;
      const no = ["auth.user.name=nick", "articles=posts", "articles=blog.article"];
      r = no.includes(c.flag) ? withDeclined(r, c) : accept(r, c);
    }
    expect(r.tables).toEqual({ "blog.post": "blog.article" });
    expect(r.columns).toEqual({ "auth.user": { name: "full_name", age: "years" } });
    expect(r.declined).toEqual(["articles=blog.article", "articles=posts"]);
  });

  test("an accepted table rename raises the questions about its columns", () => {
    const a = schema(table("shop.item", [idColumn(), col("label", str(10))]));
    const b = schema(table("shop.product", [idColumn(), col("title", str(10))]));
    const [t] = openRenameCandidates(a, b, noRenames);
    expect(t?.flag).toBe("shop.item=shop.product");
    expect(openRenameCandidates(a, b, accept(noRenames, t as never)).map((c) => c.flag)).toEqual(["shop.product.label=title"]);
  });

  test("questions name both sides", () => {
    const [c] = openRenameCandidates(from, to, noRenames);
    expect(candidateQuestion(c as never)).toBe("table articles is gone and blog.article is new: is articles renamed to blog.article?");
  });
});
