import { describe, expect, test } from "bun:test";
import { isAlabError } from "../../src/errors";
import { jsonEqual, stableStringify } from "../../src/model/json";

describe("stableStringify", () => {
  test("sorted keys at every depth, 2-space indent, trailing newline", () => {
    expect(stableStringify({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe(
      '{\n  "a": {\n    "c": null,\n    "d": [\n      3,\n      {\n        "y": 2,\n        "z": 1\n      }\n    ]\n  },\n  "b": 1\n}\n',
    );
  });

  test("byte-identical for equal input built in a different order", () => {
    const x = { tables: { "b.t": { ref: "b.t", n: [1, 2] }, "a.t": { n: [], ref: "a.t" } } };
    const y = { tables: { "a.t": { ref: "a.t", n: [] }, "b.t": { n: [1, 2], ref: "b.t" } } };
    expect(stableStringify(x)).toBe(stableStringify(y));
  });

  test("a key named __proto__ is written like any other (a column may be named so)", () => {
    const value = JSON.parse('{"b": 1, "__proto__": {"x": 2}}') as unknown;
    expect(stableStringify(value)).toBe('{\n  "__proto__": {\n    "x": 2\n  },\n  "b": 1\n}\n');
  });

  test("array order is kept", () => {
    expect(stableStringify([2, 1])).toBe("[\n  2,\n  1\n]\n");
  });

  test("undefined properties are omitted like absent ones", () => {
    expect(stableStringify({ a: 1, b: undefined })).toBe(stableStringify({ a: 1 }));
  });

  test("scalars and empty containers", () => {
    expect(stableStringify("x")).toBe('"x"\n');
    expect(stableStringify({})).toBe("{}\n");
    expect(stableStringify([])).toBe("[]\n");
    expect(stableStringify({ s: "é\u2028\"" })).toBe('{\n  "s": "é\u2028\\""\n}\n');
  });

  test.each([
    ["NaN", { a: Number.NaN }],
    ["Infinity", [Number.POSITIVE_INFINITY]],
    ["undefined in an array", [undefined]],
    ["a function", { f: () => 1 }],
    ["a Date", { d: new Date(0) }],
    ["a bigint", { n: 1n }],
  ])("refuses %s", (_what, value) => {
    let thrown: unknown;
    try {
      stableStringify(value);
    } catch (e) {
      thrown = e;
    }
    expect(isAlabError(thrown)).toBe(true);
  });
});

describe("jsonEqual agrees with comparing stableStringify's text", () => {
  const cases: [unknown, unknown][] = [
    [{ a: 1, b: [1, { c: "x" }] }, { b: [1, { c: "x" }], a: 1 }],
    [{ a: 1, b: undefined }, { a: 1 }],
    [{ a: 1 }, { a: 1, b: undefined }],
    [{ a: 1 }, { a: 2 }],
    [{ a: 1 }, { a: 1, b: null }],
    [{ a: null }, { a: undefined }],
    [[1, 2], [2, 1]],
    [[1, 2], [1, 2, 3]],
    [{ a: [] }, { a: {} }],
    [null, undefined],
    ["1", 1],
    [true, "true"],
    [{ __proto__: null, x: 1 }, { x: 1 }],
    [{ k: { deep: [{ v: "é" }] } }, { k: { deep: [{ v: "é" }] } }],
  ];
  for (const [a, b] of cases) {
    test(`${JSON.stringify(a) ?? "undefined"} vs ${JSON.stringify(b) ?? "undefined"}`, () => {
      const text = (v: unknown) => stableStringify(v ?? null);
      expect(jsonEqual(a, b)).toBe(text(a) === text(b));
      expect(jsonEqual(b, a)).toBe(text(a) === text(b));
    });
  }
});
