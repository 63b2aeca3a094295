/**
 * Escapes: nothing a file does may reach the host, write a file, compile code at run time, import
 * anything but "alab", or change what another file sees.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, rmSync } from "node:fs";
import type { Sandbox } from "../../src/sandbox/index";
import { calls, chain, expectCode, failure, field, run, sandbox } from "./helpers";

let sb: Sandbox;
const marker = `/tmp/alab-sandbox-escape-${process.pid}`;
beforeAll(async () => {
  sb = await sandbox();
});
afterAll(() => {
  sb.dispose();
  rmSync(marker, { force: true });
});

describe("no ambient authority", () => {
  test("host globals, timers, Date, eval and weak references do not exist", () => {
    const names = ["process", "Bun", "require", "fetch", "setTimeout", "setInterval", "setImmediate", "queueMicrotask", "Date", "eval", "WeakRef", "FinalizationRegistry", "Deno", "XMLHttpRequest"];
    const v = run(sb, `export default table(Object.fromEntries(${JSON.stringify(names)}.map((n) => [n, typeof globalThis[n]])));`).value;
    const arg = chain(v).calls[0]?.args?.[0] as Record<string, unknown>;
    for (const n of names) expect([n, arg[n]]).toEqual([n, "undefined"]);
  });

  test.each([
    ["process.exit", `process.exit(1)`, "E_SANDBOX_THROWN", /'process' is not defined/],
    ["require('fs')", `require("fs").writeFileSync("${marker}", "x")`, "E_SANDBOX_THROWN", /'require' is not defined/],
    ["Bun.write", `Bun.write("${marker}", "x")`, "E_SANDBOX_THROWN", /'Bun' is not defined/],
    ["fetch", `fetch("http://127.0.0.1:1/")`, "E_SANDBOX_THROWN", /'fetch' is not defined/],
    ["setTimeout", `setTimeout(() => {}, 1)`, "E_SANDBOX_THROWN", /'setTimeout' is not defined/],
    ["new Date()", `new Date()`, "E_SANDBOX_THROWN", /'Date' is not defined/],
    ["Math.random()", `Math.random()`, "E_SANDBOX_FORBIDDEN", /Math\.random/],
    ["eval", `eval("1")`, "E_SANDBOX_THROWN", /'eval' is not defined/],
    ["indirect eval", `(0, globalThis.eval)("1")`, "E_SANDBOX_THROWN", /not a function/],
    ["Function(...)", `Function("return this")()`, "E_SANDBOX_FORBIDDEN", /Function constructors/],
    ["this.constructor.constructor", `(function () { return this; }).constructor.constructor("return process")()`, "E_SANDBOX_FORBIDDEN", /Function constructors/],
    ["globalThis.constructor.constructor", `globalThis.constructor.constructor("return process")()`, "E_SANDBOX_FORBIDDEN", /Function constructors/],
    ["an async function's constructor", `(async () => {}).constructor("return process")`, "E_SANDBOX_FORBIDDEN", /AsyncFunction constructors/],
    ["a generator's constructor", `(function* () {}).constructor("yield 1")`, "E_SANDBOX_FORBIDDEN", /GeneratorFunction constructors/],
    ["an async generator's constructor", `(async function* () {}).constructor("yield 1")`, "E_SANDBOX_FORBIDDEN", /AsyncGeneratorFunction constructors/],
    ["a caught error's constructor", `try { null.x; } catch (e) { e.constructor.constructor("return process")(); }`, "E_SANDBOX_FORBIDDEN", /Function constructors/],
    ["a DSL error's constructor", `try { col.x = 1; } catch (e) { e.constructor.constructor("return process")(); }`, "E_SANDBOX_FORBIDDEN", /Function constructors/],
    ["console.log's constructor", `console.log.constructor("return process")()`, "E_SANDBOX_FORBIDDEN", /Function constructors/],
    ["a recorder's .constructor", `col.constructor.constructor("return process")()()`, "E_SANDBOX_THROWN", /is not a function/],
    ["a DSL root's constructor", `table.constructor("return process")()`, "E_SANDBOX_THROWN", /is not a function/],
    ["a file that swallows its refusals still fails", `try { table({ a: NaN }); } catch {} export default 1;`, "E_SANDBOX_VALUE", /NaN/],
  ])("%s", (_, src, code, message) => {
    const e = failure(sb, src);
    expectCode(e, code);
    expect(e.message).toMatch(message);
    expect(existsSync(marker)).toBe(false);
  });
});

describe("imports", () => {
  test.each([
    ["a static import", `import fs from "fs";\nexport default 1;`, "fs", 1, 1],
    ["a side-effect import", `\n  import "node:child_process";`, "node:child_process", 2, 3],
    ["a re-export", `export { readFileSync } from "node:fs";`, "node:fs", 1, 1],
    ["export * from", `export * from "./other.js";`, "./other.js", 1, 1],
    ["a relative import", `import x from "./x.js";`, "./x.js", 1, 1],
    ["a dynamic import", `export default 1;\nconst p = import("fs");`, "fs", 2, 11],
    ["a dynamic import of a computed name", `const name = "f" + "s";\nimport(name).then(() => {});`, "not a string literal", 2, 1],
    ["an import after a string that looks like a comment", `const s = "/*";\nimport fs from "fs";\nconst t = "*/";`, "fs", 2, 1],
  ])("%s is refused before evaluation, at its location", (_, src, what, line, column) => {
    const e = failure(sb, src);
    expectCode(e, "E_SANDBOX_IMPORT");
    expect(e.message).toContain(what);
    expect(e.at).toMatchObject({ file: "schemas/blog/post.js", line, column });
  });

  test("strings, comments, templates and regexes that mention imports are not imports", () => {
    const src = `// import fs from "fs";
/* import("fs") */
const a = "import x from 'fs'";
const b = \`import("\${"fs"}")\`;
const c = /import\\("fs"\\)/;
const d = { import: 1 }.import;
export default table({ a, b, n: d });`;
    expect(calls(chain(run(sb, src).value)).map(([n]) => n)).toEqual(["table"]);
  });

  test("import('alab') works", () => {
    const ev = run(sb, `const m = await import("alab");\nexport default m.table({ a: m.col.x() });`);
    expect(calls(chain(field(chain(ev.value).calls[0]?.args?.[0], "a")))).toEqual([["x", []]]);
  });
});

describe("prototype pollution stays in its file", () => {
  test("polluting built-ins does not change the recording, nor the next file, nor the host", () => {
    const polluted = `Object.prototype.polluted = 1;
Array.prototype.push = () => { throw new Error("hijacked"); };
Object.keys = () => []; JSON.stringify = () => "{}"; Object.defineProperty = null;
export default table({ a: col.x([1, { b: 2 }]) });`;
    const arg = chain(run(sb, polluted).value).calls[0]?.args?.[0];
    expect(calls(chain(field(arg, "a")))).toEqual([["x", [[1, { b: 2 }]]]]);
    const next = chain(run(sb, `export default table({ p: ({}).polluted, keys: Object.keys({ k: 1 }) });`).value).calls[0]?.args?.[0];
    expect(next).toEqual({ p: { $alab: "undefined" }, keys: ["k"] });
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  test.each([
    ["col.__proto__.string = ...", `col.__proto__.string = () => 1;`],
    ["assigning a DSL method", `col.string = () => 1;`],
    ["Object.setPrototypeOf on a root", `Object.setPrototypeOf(col, { string() {} });`],
    ["Object.defineProperty on a root", `Object.defineProperty(table, "x", { value: 1 });`],
    ["deleting from a chain", `delete col.string().unique;`],
    ["freezing a chain", `Object.freeze(col.id());`],
  ])("%s is refused", (_, src) => {
    expectCode(failure(sb, src), "E_SANDBOX_FORBIDDEN");
  });

  test("what one file adds to console or the roots is gone in the next", () => {
    expectCode(failure(sb, `console.log.extra = 1;`), "E_SANDBOX_THROWN");
    run(sb, `globalThis.leak = 1; export default 1;`);
    const v = run(sb, `export default table({ leak: typeof globalThis.leak });`).value;
    expect(chain(v).calls[0]?.args?.[0]).toEqual({ leak: "undefined" });
  });
});
