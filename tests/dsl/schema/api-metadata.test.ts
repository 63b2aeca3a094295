/** AstrolaDB's API metadata (issue 12, item 9): accepted, kept on the column or table, no SQL; mistakes located. */
import { describe, expect, test } from "bun:test";
import type { Column } from "../../../src/model/types";
import { columnOf, errorOf, interpret } from "./helpers";
import { col, type Rec, table } from "./record";

describe("column hints", () => {
  const cases: [string, Rec, string, Column["api"]][] = [
    ["format", col.string(255).format("email"), "v", { format: "email" }],
    ["read_only", col.datetime().read_only(), "v", { readOnly: true }],
    ["write_only", col.string(128).write_only(), "v", { writeOnly: true }],
    ["hidden", col.text().hidden(), "v", { hidden: true }],
    ["several, any order", col.string(500).optional().hidden().format("uri").docs("site"), "v", { format: "uri", hidden: true }],
    ["on a relation", col.belongs_to("auth.user").read_only(), "v_id", { readOnly: true }],
    ["on the key", col.id().read_only(), "v", { readOnly: true }],
  ];
  test.each(cases)("%s", (_name, rec, name, api) => {
    expect(columnOf(table({ v: rec }), name).api).toEqual(api);
  });

  test("read_only with write_only is a contradiction, located at the later one", () => {
    const e = errorOf(() => interpret(table({ v: col.string(10).read_only().at(3, 30).write_only() })));
    expect([e.code, e.at?.line, e.at?.column]).toEqual(["E_SCHEMA_CONFLICTING_MODIFIERS", 3, 30]);
  });

  test("an unknown method stays an error with a suggestion", () => {
    const e = errorOf(() => interpret(table({ v: col.string(10).at(2, 5).call("read_onyl") })));
    expect(e.code).toBe("E_SCHEMA_UNKNOWN_MODIFIER");
    expect(e.hint).toContain("read_only");
  });
});

describe("table metadata", () => {
  const post = () => ({ id: col.id(), author: col.belongs_to("auth.user"), title: col.title(), body: col.body(), rating: col.integer() });

  test("searchable, filterable, sort_by and deprecated are kept; a relation is named by its key", () => {
    const def = interpret(table(post()).timestamps().searchable(["title", "body"]).filterable(["author", "created_at"]).sort_by(["-created_at", "rating"]).deprecated("use blog.article"));
    expect(def.api).toEqual({ searchable: ["title", "body"], filterable: ["author_id", "created_at"], sortBy: ["-created_at", "rating"] });
    expect(def.deprecated).toBe("use blog.article");
  });

  test("junction() finds its two sides from the table's relations; junction(a, b) names them", () => {
    const link = { post: col.belongs_to("blog.post"), tag: col.belongs_to("blog.tag"), weight: col.integer() };
    expect(interpret(table(link).junction(), "blog", "post_tag").api).toEqual({ junction: { source: "blog.post", target: "blog.tag" } });
    expect(interpret(table(link).junction(".tag", "blog.post"), "blog", "post_tag").api).toEqual({ junction: { source: "blog.tag", target: "blog.post" } });
  });

  const errors: [string, () => unknown, string][] = [
    ["an unknown column in searchable", () => interpret(table(post()).searchable(["titel"])), "E_SCHEMA_UNKNOWN_COLUMN"],
    ["an unknown column in sort_by", () => interpret(table(post()).sort_by(["-nope"])), "E_SCHEMA_UNKNOWN_COLUMN"],
    ["junction() without two relations", () => interpret(table(post()).junction()), "E_SCHEMA_JUNCTION"],
    ["junction to a table without a relation", () => interpret(table(post()).junction("auth.user", "blog.tag")), "E_SCHEMA_JUNCTION"],
    ["searchable twice", () => interpret(table(post()).searchable(["title"]).searchable(["body"])), "E_SCHEMA_DUPLICATE_METHOD"],
    ["an unknown table method", () => interpret(table(post()).call("searchabel", ["title"])), "E_SCHEMA_UNKNOWN_METHOD"],
  ];
  test.each(errors)("%s", (_name, fn, code) => {
    expect(errorOf(fn).code).toBe(code);
  });
});
