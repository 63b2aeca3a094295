/** The import scanner: every real import found, nothing else. */
import { describe, expect, test } from "bun:test";
import { findImports, forbiddenImports } from "../../src/sandbox/imports";
import { tokenize } from "../../src/sandbox/tokens";

function imports(source: string): [string | null, boolean][] {
  return findImports(tokenize(source)).map((u) => [u.specifier, u.dynamic]);
}

describe("findImports", () => {
  test.each([
    ["default import", `import fs from "fs";`, [["fs", false]]],
    ["named imports over lines", `import {\n  a,\n  b as c,\n} from 'mod';`, [["mod", false]]],
    ["namespace import", `import * as ns from "ns";`, [["ns", false]]],
    ["side-effect import", `import "side";`, [["side", false]]],
    ["string-named import binding", `import { "a b" as x } from "real";`, [["real", false]]],
    ["import attributes", `import data from "./d.json" with { type: "json" };`, [["./d.json", false]]],
    ["re-export", `export { a } from "re";`, [["re", false]]],
    ["export star", `export * from "star";`, [["star", false]]],
    ["export star as", `export * as ns from "star2";`, [["star2", false]]],
    ["local export is not an import", `const a = 1; export { a };`, []],
    ["export default is not an import", `export default table({ from: "x" });`, []],
    ["dynamic import", `await import("dyn");`, [["dyn", true]]],
    ["dynamic import with options", `import("dyn", { with: {} });`, [["dyn", true]]],
    ["dynamic import of an expression", `import("a" + b);`, [[null, true]]],
    ["dynamic import of a template", "import(`x${y}`);", [[null, true]]],
    ["escaped specifier", `import "\\x66s";`, [["fs", false]]],
    ["import.meta", `const u = import.meta.url;`, []],
    ["a property named import", `const a = x.import; const b = y?.import("fs");`, []],
    ["an object key named import", `const o = { import: 1, export: 2 };`, []],
    ["a method named import", `const o = { import() { return 1; } };`, []],
    ["in a line comment", `// import fs from "fs"\nconst a = 1;`, []],
    ["in a block comment", `/* import("fs") */ const a = 1;`, []],
    ["in strings", `const a = "import fs from 'fs'"; const b = 'import("x")';`, []],
    ["in a template", "const t = `import(\"fs\") ${1 + 1} import x from 'y'`;", []],
    ["after a template with nested braces", "const t = `${{ a: 1 }.a}`; import z from \"z\";", [["z", false]]],
    ["in a regex", `const r = /import("fs")/g; const s = a / 2 / 1; import "after";`, [["after", false]]],
    ["a regex after return", `function f() { return /"/.test(x); }\nimport "after";`, [["after", false]]],
    ["an unterminated string does not hide what follows on later lines", `const a = "oops\nimport "next";`, [["next", false]]],
    ["hashbang", `#!/usr/bin/env node\nimport "x";`, [["x", false]]],
  ])("%s", (_, source, expected) => {
    expect(imports(source)).toEqual(expected as [string | null, boolean][]);
  });

  test("positions point at the import keyword", () => {
    const source = `const a = 1;\n  import b from "b";`;
    const [use] = findImports(tokenize(source));
    expect(source.slice(use?.start ?? 0)).toStartWith(`import b`);
  });

  test("only alab is allowed", () => {
    const source = `import { table } from "alab";\nimport("alab");\nimport x from "alab/x";\nimport "ALAB";`;
    expect(forbiddenImports(tokenize(source)).map((u) => u.specifier)).toEqual(["alab/x", "ALAB"]);
  });
});

describe("tokenize", () => {
  test("keeps strings, templates, regexes and numbers whole", () => {
    const tokens = tokenize("a = 'x\\'y' + `t${b}u` + /re\\/[/]x/g + 1_000.5e-3 + c?.d ?? 0.5;");
    expect(tokens.map((t) => `${t.kind}:${t.text}`)).toEqual([
      "name:a", "punct:=", "string:'x\\'y'", "punct:+", "template:`t${", "name:b", "template:}u`", "punct:+",
      "regex:/re\\/[/]x/g", "punct:+", "number:1_000.5e-3", "punct:+", "name:c", "punct:?.", "name:d", "punct:??",
      "number:0.5", "punct:;",
    ]);
  });

  test("a conditional with a decimal is not optional chaining", () => {
    expect(tokenize("a?.5:1").map((t) => t.text)).toEqual(["a", "?", ".5", ":", "1"]);
  });
});
