/**
 * The literal reader under the sandbox's limits. On every hostile file it must give the result
 * QuickJS gives, or decline (null) and leave the file to QuickJS: promptly, without holding more
 * memory than QuickJS may, and without recursing on the host's stack. When QuickJS refuses a
 * file, the reader must have declined it.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { AlabError } from "../../src/errors";
import { createSandbox, DEFAULT_LIMITS, type Limits, type Sandbox } from "../../src/sandbox/index";
import { readLiteralFile } from "../../src/sandbox/literal-record";
import type { FileKind } from "../../src/sandbox/protocol";

const path = (kind: FileKind): string => (kind === "schema" ? "schemas/blog/post.js" : "migrations/001_x.js");

/** The sandboxes by memory limit (the reader's budgets follow it); time is short, budgets do not depend on it. */
const sandboxes = new Map<number, Sandbox>();
beforeAll(async () => {
  for (const memoryBytes of [DEFAULT_LIMITS.memoryBytes, SMALL.memoryBytes]) sandboxes.set(memoryBytes, await createSandbox({ memoryBytes, timeoutMs: 2000 }));
});
afterAll(() => {
  for (const sb of sandboxes.values()) sb.dispose();
});

/** 1 MiB of sandbox memory: a node budget of 1024, small enough to reach in a fast test. */
const SMALL: Limits = { ...DEFAULT_LIMITS, memoryBytes: 1024 * 1024 };

type Outcome = { readonly code: string } | { readonly value: unknown };

function quickjs(source: string, kind: FileKind, limits: Limits): Outcome {
  const sb = sandboxes.get(limits.memoryBytes) as Sandbox;
  try {
    return { value: sb.evaluate({ path: path(kind), source }, kind) };
  } catch (e) {
    if (e instanceof AlabError) return { code: e.code };
    throw e;
  }
}

/** Both readers on one file: the reader declines or agrees, and declines whatever QuickJS refuses. */
function both(source: string, kind: FileKind, limits: Limits = DEFAULT_LIMITS): { literal: unknown; quickjs: Outcome } {
  const literal = readLiteralFile({ path: path(kind), source }, kind, limits);
  const q = quickjs(source, kind, limits);
  if ("code" in q) expect({ refused: q.code, literal }).toEqual({ refused: q.code, literal: null });
  else if (literal !== null) expect(literal).toEqual(q.value as never);
  return { literal, quickjs: q };
}

const nest = (open: string, close: string, depth: number, inner = "1"): string => open.repeat(depth) + inner + close.repeat(depth);
const schemaOf = (arg: string): string => `export default table({ a: col.x(${arg}) });`;
/** Arrows with expression bodies: each returned chain is recorded twice, so the recording doubles per level. */
function doubling(depth: number, inner = "u.z()"): string {
  let body = inner;
  for (let i = 0; i < depth; i++) body = `u.y((u) => ${body})`;
  return `export default migration({ up(m) { m.x((u) => ${body}); } });`;
}

type Expect = "null" | "same" | "either";
/** Nesting this deep is refused by QuickJS's parser: out of stack, or (objects, on some instances) a syntax error at the depth it gave up. */
const TOO_DEEP = /^E_SANDBOX_(STACK|SYNTAX)$/;
const CASES: [string, () => string, FileKind, Expect, string | RegExp | null][] = [
  // [name, source, kind, what the reader does, the code QuickJS gives (null: a value)]
  ["a 50 MB array literal", () => schemaOf(`[${"0,".repeat(25_000_000)}]`), "schema", "null", "E_SANDBOX_MEMORY"],
  ["arrays nested 100 000 deep", () => schemaOf(nest("[", "]", 100_000)), "schema", "null", TOO_DEEP],
  ["objects nested 100 000 deep", () => schemaOf(nest("{a:", "}", 100_000)), "schema", "null", TOO_DEEP],
  ["calls nested 100 000 deep", () => schemaOf(nest("col.y(", ")", 100_000)), "schema", "null", TOO_DEEP],
  ["arrays nested just past the reader's depth", () => schemaOf(nest("[", "]", 40)), "schema", "null", null],
  ["arrays nested within the reader's depth", () => schemaOf(nest("[", "]", 20)), "schema", "same", null],
  ["1e309 (Infinity)", () => schemaOf("1e309"), "schema", "null", "E_SANDBOX_VALUE"],
  ["-1e309 (-Infinity)", () => schemaOf("-1e309"), "schema", "null", "E_SANDBOX_VALUE"],
  ["a number with 400 digits (Infinity)", () => schemaOf("9".repeat(400)), "schema", "null", "E_SANDBOX_VALUE"],
  ["-0 and numbers JSON reads differently", () => schemaOf("[-0, 0.0, -0e5, 1e-400, -1e-400, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308]"), "schema", "same", null],
  ["integers beyond 2^53", () => schemaOf("[9007199254740993, 18446744073709551615, 123456789012345678901234567890, 1e21, 1e22, 0.1, 0.30000000000000004]"), "schema", "same", null],
  ["escaped lone surrogates", () => schemaOf(`["\\ud800", "\\udc00x", "\\ud83d\\ude00", "a\\ud800\\ud800b"]`), "schema", "same", null],
  ["raw lone surrogates", () => schemaOf(`["\ud800", "x\udc00"]`), "schema", "either", null],
  ["a raw NUL and control characters in a string", () => schemaOf(`["a\u0000b", "\u0001\u001f"]`), "schema", "either", null],
  ["a 1 MB string", () => schemaOf(`"${"ab".repeat(500_000)}"`), "schema", "same", null],
  ["more arguments than the reader takes", () => schemaOf("0,".repeat(200)), "schema", "null", null],
  ["a recording that doubles 22 times", () => doubling(22), "migration", "null", "E_SANDBOX_RECORDING"],
  ["a recording that doubles 4 times", () => doubling(4), "migration", "same", null],
];

describe("hostile literal files: the reader agrees with QuickJS or declines", () => {
  for (const [name, make, kind, reader, code] of CASES) {
    test(name, async () => {
      const { literal, quickjs: q } = both(make(), kind);
      // Nesting this deep can overflow the host's own stack inside QuickJS, which retires the
      // WebAssembly instance; a spare loads in the background, as it would for the next command.
      if ("code" in q && q.code === "E_SANDBOX_STACK") await Bun.sleep(300);
      if (reader === "null") expect(literal).toBeNull();
      if (reader === "same") expect(literal).not.toBeNull();
      const got = "code" in q ? q.code : null;
      if (code instanceof RegExp) expect(got ?? "").toMatch(code);
      else expect(got).toBe(code);
    });
  }
});

describe("the recording budget: both readers stop at the same node", () => {
  // With 1 MiB of sandbox memory a file may record 1024 values and calls and 128 Ki characters;
  // the reader accepts exactly what QuickJS accepts, and beyond it QuickJS refuses with
  // E_SANDBOX_RECORDING.
  test.each([
    ["values in one array", (n: number) => schemaOf(`[${"0,".repeat(n)}]`), "schema"],
    ["characters of a string recorded 32 times over", (n: number) => doubling(5, `u.z("${"x".repeat(n)}")`), "migration"],
  ] as const)("%s", (_, make, kind) => {
    const accepts = (n: number): boolean => both(make(n), kind, SMALL).literal !== null;
    let lo = 1;
    expect(accepts(lo)).toBe(true);
    while (accepts(lo * 2)) lo *= 2;
    // The last accepted size and the first declined one, to the unit.
    let hi = lo * 2;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (accepts(mid)) lo = mid;
      else hi = mid;
    }
    expect("value" in both(make(lo), kind, SMALL).quickjs).toBe(true);
    expect(both(make(hi), kind, SMALL).quickjs).toEqual({ code: "E_SANDBOX_RECORDING" });
  });
});

describe("budgets that only the reader has decline promptly", () => {
  test("more tokens than the reader holds for the memory limit", () => {
    expect(readLiteralFile({ path: path("schema"), source: zerosOf(300_000) }, "schema", SMALL)).toBeNull();
  });

  test("a function text that would be searched for quadratically", () => {
    // Each callback's text is searched from its call: long callbacks that all start alike, in one call.
    const fn = (i: number): string => `(t) => t.y("${"a".repeat(5000)}${i}")`;
    const source = `export default migration({ up(m) { m.x(${Array.from({ length: 2000 }, (_, i) => fn(i)).join(", ")}); } });`;
    expect(readLiteralFile({ path: path("migration"), source }, "migration")).toBeNull();
  });

  test("nesting past the depth budget never reaches the host's stack limit", () => {
    for (const depth of [1_000, 100_000, 1_000_000]) {
      for (const [open, close] of [["[", "]"], ["{a:", "}"], ["col.y(", ")"], ["(t) => t.y(", ")"]]) {
        expect(readLiteralFile({ path: path("schema"), source: schemaOf(nest(open as string, close as string, depth)) }, "schema")).toBeNull();
      }
    }
  });
});

function zerosOf(n: number): string {
  return schemaOf(`[${"0,".repeat(n)}]`);
}
