import { describe, expect, test } from "bun:test";
import { compareColumnNames, sortColumns } from "../../src/model/order";

const names = (list: string[], pk?: string[]) => sortColumns(list.map((name) => ({ name })), pk).map((c) => c.name);

describe("sortColumns", () => {
  test.each([
    ["the seed's blog.post", ["updated_at", "title", "created_at", "deleted_at", "status", "author_id", "slug", "published_at", "body", "id"], undefined,
      ["id", "author_id", "body", "published_at", "slug", "status", "title", "deleted_at", "created_at", "updated_at"]],
    ["the seed's auth.user", ["username", "password", "is_active", "email", "id", "updated_at", "created_at"], undefined,
      ["id", "email", "is_active", "password", "username", "created_at", "updated_at"]],
    ["no primary key", ["user_id", "role_id"], undefined, ["role_id", "user_id"]],
    ["`id` without being the primary key", ["z", "id", "a"], [], ["a", "id", "z"]],
    ["a composite primary key keeps its key order", ["b", "x", "a"], ["x", "b"], ["x", "b", "a"]],
    ["timestamps without soft delete", ["updated_at", "name", "created_at"], undefined, ["name", "created_at", "updated_at"]],
    ["code-unit order, not locale order", ["b", "B", "_a", "a1", "a"], [], ["B", "_a", "a", "a1", "b"]],
  ] as [string, string[], string[] | undefined, string[]][])("%s", (_what, input, pk, expected) => {
    expect(names(input, pk)).toEqual(expected);
  });

  test("returns a copy and keeps the column objects", () => {
    const input = [{ name: "b", extra: 1 }, { name: "a", extra: 2 }];
    const out = sortColumns(input);
    expect(out).toEqual([{ name: "a", extra: 2 }, { name: "b", extra: 1 }]);
    expect(input[0]?.name).toBe("b");
  });

  test("compareColumnNames is a total order", () => {
    expect(compareColumnNames("id", "a", ["id"])).toBeLessThan(0);
    expect(compareColumnNames("deleted_at", "zzz", [])).toBeGreaterThan(0);
    expect(compareColumnNames("created_at", "deleted_at", [])).toBeGreaterThan(0);
    expect(compareColumnNames("x", "x", [])).toBe(0);
  });
});
