/** TypeScript files: stripped before they run, locations mapped back to the original text. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Sandbox } from "../../src/sandbox/index";
import type { Chain, Value } from "../../src/sandbox/protocol";
import { isTypeScript, stripTypes } from "../../src/sandbox/typescript";
import { tokenize } from "../../src/sandbox/tokens";
import { chain, expectCode, failure, field, fn, run, sandbox, textAt } from "./helpers";

let sb: Sandbox;
beforeAll(async () => {
  sb = await sandbox();
});
afterAll(() => sb.dispose());

const SCHEMA = `// A TypeScript schema: comments, blank lines and types vanish when stripped.
import { table, col } from "alab";

interface Extra {
  a: string;
}
type Kind = "a" | "b";

enum Color { Red, Green }

const kinds: Kind[] = ['a', 'b'];

/** the table */
export default table({
  id: col.id(),
  name: col.string(255 as number).unique(),
  kind: col.enum(kinds as string[]),

  color: col.integer().default(Color.Green),
  big: col.integer().default(1_000),
}).timestamps()
  .sortable();
`;

function allChains(v: Value, out: Chain[] = []): Chain[] {
  if (Array.isArray(v)) for (const x of v) allChains(x, out);
  else if (typeof v === "object" && v !== null) {
    if ("$alab" in v && v.$alab === "chain") {
      const c = v.chain as Chain;
      out.push(c);
      for (const call of c.calls) for (const a of call.args ?? []) allChains(a, out);
    } else for (const x of Object.values(v)) allChains(x as Value, out);
  }
  return out;
}

describe("TypeScript through the sandbox", () => {
  test("every recorded call points at its name in the original .ts text", () => {
    const ev = run(sb, SCHEMA, "schema", "schemas/a/thing.ts");
    expect(ev.source).toBe(SCHEMA);
    const chains = allChains(ev.value);
    expect(chains.flatMap((c) => c.calls.map((k) => k.name)).sort()).toEqual(
      ["default", "default", "enum", "id", "integer", "integer", "sortable", "string", "table", "timestamps", "unique"].sort(),
    );
    for (const c of chains) for (const call of c.calls) expect([call.name, textAt(SCHEMA, call.loc, call.name.length)]).toEqual([call.name, call.name]);
    const t = chain(ev.value);
    expect(t.calls.map((c) => c.loc.line)).toEqual([14, 21, 22]);
    expect(field(t.calls[0]?.args?.[0], "color")).toMatchObject({ $alab: "chain" });
  });

  test.each([
    ["a throw", `type T = number;\n\n\nconst x: T = 1;\nif (x) throw new Error("boom");`, "E_SANDBOX_THROWN", 5, 23, "("],
    ["a ReferenceError", `interface I { a: number }\n\n  export default col.x(undefinedName as I);`, "E_SANDBOX_THROWN", 3, 24, "undefinedName"],
    ["a syntax error (from the TypeScript stripper)", `interface I { a: number }\n\nlet q: number = ;`, "E_SANDBOX_SYNTAX", 3, 17, ";"],
    ["a forbidden import", `type A = 1;\n\n  import fs from "node:fs";`, "E_SANDBOX_IMPORT", 3, 3, "import"],
    ["a value error", `const n: number = 0;\n\nexport default table({ a: col.default(1 / n) });`, "E_SANDBOX_VALUE", 3, 31, "default"],
  ])("%s points into the original text", (_, source, code, line, column, text) => {
    const e = failure(sb, source, "schema", "schemas/a/t.ts");
    expectCode(e, code);
    expect(e.at).toMatchObject({ file: "schemas/a/t.ts", line, column });
    expect(textAt(source, e.at, text.length)).toBe(text);
  });

  test(".mts migrations: exported functions are located in the original text", () => {
    const source = `import type { X } from "types";\n\ninterface S { createTable(n: string): void }\n\nexport function up(schema: S): void {\n  schema.createTable("a");\n}\n`;
    const up = fn(field(run(sb, source, "migration", "migrations/001_x.mts").value, "up"));
    expect(up.loc).toEqual({ line: 5, column: 8 });
    expect(up.params[0]?.[0]?.calls[0]?.loc).toEqual({ line: 6, column: 10 });
  });
});

describe("stripTypes", () => {
  test("maps every token of the output to the same token in the original", () => {
    const { code, toOriginal } = stripTypes("x.ts", SCHEMA);
    expect(code).not.toContain("interface");
    for (const t of tokenize(code)) {
      if (t.kind === "string" || t.kind === "number") continue; // normalized by the printer
      const at = toOriginal(t.start);
      if (SCHEMA.startsWith(t.text, at)) continue;
      // Tokens the printer invents (the enum's IIFE, semicolons) map to a nearby original token.
      expect(["var", "Color", "(", ")", "=>", "{", "}", "[", "]", "=", "||=", ";", ",", "0", "1", "Red", "Green"]).toContain(t.text);
    }
  });

  test("a file with no types maps to itself", () => {
    const source = "export default table({ a: col.x() });\n";
    const { code, toOriginal } = stripTypes("x.ts", source);
    for (const t of tokenize(code)) expect(source.slice(toOriginal(t.start), toOriginal(t.start) + t.text.length)).toBe(t.text);
  });

  test.each([
    ["a.ts", true],
    ["a.mts", true],
    ["a.js", false],
    ["a.mjs", false],
    ["a.d.ts.js", false],
  ])("isTypeScript(%s) = %p", (path, expected) => {
    expect(isTypeScript(path)).toBe(expected);
  });
});
