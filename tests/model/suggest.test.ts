import { describe, expect, test } from "bun:test";
import { didYouMean, editDistance, nearest } from "../../src/model/suggest";

describe("suggestions", () => {
  test.each([
    ["", "", 0],
    ["abc", "abc", 0],
    ["strng", "string", 1],
    ["stirng", "string", 1],
    ["kitten", "sitting", 3],
    ["", "abc", 3],
  ] as [string, string, number][])("editDistance(%p, %p) = %p", (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });

  test("nearest: close names first, ties alphabetical, far names left out", () => {
    expect(nearest("strng", ["string", "text", "strong", "integer"])).toEqual(["string", "strong"]);
    expect(nearest("auth.usr", ["auth.user", "auth.role", "blog.post"])).toEqual(["auth.user"]);
    expect(nearest("xyz", ["string", "text"])).toEqual([]);
    expect(nearest("user", ["auth.user", "auth.users", "blog.post"])).toEqual(["auth.user", "auth.users"]);
  });

  test("didYouMean formats one or several names", () => {
    expect(didYouMean("strng", ["string"], (c) => `col.${c}`)).toBe("did you mean `col.string`?");
    expect(didYouMean("ab", ["aa", "ac", "ad"], (c) => c)).toBe("did you mean `aa`, `ac` or `ad`?");
    expect(didYouMean("zzz", ["string"], (c) => c)).toBeUndefined();
  });
});
