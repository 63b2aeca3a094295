/** Errors from user files: stable codes, the user's message, and file:line:column in the user's file. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { AlabError, AlabErrors, EXIT } from "../../src/errors";
import { SANDBOX_CODES, type Sandbox } from "../../src/sandbox/index";
import { expectCode, failure, run, sandbox, textAt } from "./helpers";

let sb: Sandbox;
beforeAll(async () => {
  sb = await sandbox();
});
afterAll(() => sb.dispose());

describe("locations (line and column) in the user's file", () => {
  test.each([
    ["a syntax error", "const a = 1;\nconst b = = 2;\n", "E_SANDBOX_SYNTAX", /syntax error: unexpected token/, 2, 11, "="],
    ["a throw in a nested function", "function check() {\n  if (true) throw new Error(\"bad column\");\n}\ncheck();\n", "E_SANDBOX_THROWN", /^Error: bad column$/, 2, 28, "("],
    ["a TypeError from misuse", "const x = undefined;\nexport default x.length;\n", "E_SANDBOX_THROWN", /^TypeError: cannot read property 'length' of undefined$/, 2, 17, "."],
    ["calling a root that is not callable", "export default table({\n  a: col(1),\n});", "E_SANDBOX_THROWN", /`col` is not a function/, 2, 9, "("],
    ["a throw inside a DSL callback", "export default table({\n  f: (t) => {\n    t.x(); throw new RangeError(\"in callback\");\n  },\n});", "E_SANDBOX_THROWN", /^RangeError: in callback$/, 3, 32, "("],
    ["a forbidden import", "const a = 1;\n  import fs from \"fs\";\n", "E_SANDBOX_IMPORT", /"fs"/, 2, 3, "import"],
    ["a value that cannot be recorded", "export default table({\n  a: col.default(1 / 0),\n});", "E_SANDBOX_VALUE", /Infinity/, 2, 10, "default"],
    ["a cycle", "const o = { name: 1 };\no.self = o;\nexport default table({\n  a: col.x(o),\n});", "E_SANDBOX_VALUE", /cycle/, 4, 10, "x"],
    ["the reserved $alab key", "export default table({ $alab: 1 });", "E_SANDBOX_VALUE", /\$alab/, 1, 16, "t"],
    ["a symbol", "export default table({\n  a: col.x(Symbol('s')),\n});", "E_SANDBOX_VALUE", /symbol/, 2, 10, "x"],
    ["a bigint", "export default table({\n  a: col.x(10n),\n});", "E_SANDBOX_VALUE", /bigint 10n/, 2, 10, "x"],
    ["a class instance", "class Money {}\nexport default table({ a: col.x(new Money()) });", "E_SANDBOX_VALUE", /custom prototype/, 2, 31, "x"],
  ])("%s", (_, source, code, message, line, column, text) => {
    const e = failure(sb, source);
    expectCode(e, code);
    expect(e.message).toMatch(message);
    expect(e.at).toMatchObject({ file: "schemas/blog/post.js", line, column });
    expect(textAt(source, e.at, text.length)).toBe(text);
    expect(e.exit).toBe(EXIT.usage);
    expect(e.hint).toBeString();
  });

  test("a thrown non-Error value keeps its text", () => {
    const e = failure(sb, `throw { reason: "plain object" };`);
    expectCode(e, "E_SANDBOX_THROWN");
    expect(e.message).toContain("plain object");
  });

  test("a missing sandboxed global gets a hint about the sandbox", () => {
    expect(failure(sb, "process.env.X;").hint).toContain("sandbox");
    expect(failure(sb, "notDefinedAnywhere;").hint).not.toContain("sandbox");
  });

  test("columns count UTF-16 units, like the lines the renderer slices", () => {
    const source = `const s = "é😀"; export default table({ a: col.nope(s).x(1n) });`;
    const e = failure(sb, source);
    expect(textAt(source, e.at, 1)).toBe("x");
    expect(source.slice(0, (e.at?.column ?? 0) - 1)).toEndWith("col.nope(s).");
  });
});

describe("exports", () => {
  test.each([
    ["a schema file without a default export", "table({});", "schema", "E_SANDBOX_NO_EXPORT", /no default export/],
    ["a migration file that exports nothing", "const x = 1;", "migration", "E_SANDBOX_NO_EXPORT", /exports nothing/],
    ["an export made both ways", "export function up(schema) {}\nexports.up = function (schema) {};", "migration", "E_SANDBOX_DUPLICATE_EXPORT", /`up` is exported twice/],
    ["module.exports that is not an object", "module.exports = 42;", "migration", "E_SANDBOX_VALUE", /module\.exports must be an object/],
  ] as const)("%s", (_, source, kind, code, message) => {
    const e = failure(sb, source, kind);
    expectCode(e, code);
    expect(e.message).toMatch(message);
  });

  test("the roots of one kind do not exist in the other", () => {
    expect(failure(sb, "export default migration({});", "schema").message).toContain("'migration' is not defined");
    expect(failure(sb, "export default table({});", "migration").message).toContain("'table' is not defined");
    expect(failure(sb, `import { col } from "alab";\nexport default col;`, "migration").code).toBe("E_SANDBOX_SYNTAX");
  });
});

describe("evaluateAll", () => {
  test("reports every failing file, not just the first, and keeps going", () => {
    let caught: unknown;
    try {
      sb.evaluateAll(
        [
          { path: "schemas/a/one.js", source: "export default table({});" },
          { path: "schemas/a/two.js", source: "throw new Error('two');" },
          { path: "schemas/a/three.js", source: "export default table({});" },
          { path: "schemas/a/four.js", source: "import x from 'x';" },
        ],
        "schema",
      );
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(AlabErrors);
    const errors = (caught as AlabErrors).errors;
    expect(errors.map((e) => [e.at?.file, e.code])).toEqual([
      ["schemas/a/two.js", "E_SANDBOX_THROWN"],
      ["schemas/a/four.js", "E_SANDBOX_IMPORT"],
    ]);
  });

  test("returns the files in input order when all succeed", () => {
    const out = sb.evaluateAll(
      ["b", "a", "c"].map((n) => ({ path: `schemas/x/${n}.js`, source: `console.log("${n}"); export default table({});` })),
      "schema",
    );
    expect(out.map((f) => [f.file, f.logs])).toEqual([
      ["schemas/x/b.js", ["b"]],
      ["schemas/x/a.js", ["a"]],
      ["schemas/x/c.js", ["c"]],
    ]);
  });
});

test("every code the sandbox raises is listed in SANDBOX_CODES", () => {
  const seen = [
    failure(sb, "let = = 1;").code,
    failure(sb, "throw new Error('x');").code,
    failure(sb, "import 'fs';").code,
    failure(sb, "Math.random();").code,
    failure(sb, "export default table({ a: NaN });").code,
    failure(sb, "const x = 1;").code,
  ];
  for (const code of seen) expect(Object.keys(SANDBOX_CODES)).toContain(code);
  expect(new AlabError({ code: "E_SANDBOX_SYNTAX", message: "" }).exit).toBe(EXIT.usage);
});
