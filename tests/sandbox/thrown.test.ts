/**
 * Whatever a file throws or rejects with, and wherever the host meets it (describing an exception,
 * classifying it, locating it), the result is a sandbox error with exit 2 and a readable message:
 * never E_INTERNAL, never a host crash, and the host does not run the file's code to find out.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { AlabError, EXIT } from "../../src/errors";
import { SANDBOX_CODES, type Sandbox } from "../../src/sandbox/index";
import { runLive } from "../../src/sandbox/live";
import { sandbox } from "./helpers";

let sb: Sandbox;
beforeAll(async () => {
  sb = await sandbox();
});
afterAll(() => sb.dispose());

const REVOKED = "const { proxy: revoked, revoke } = Proxy.revocable({}, {}); revoke();\n";
/** A proxy every trap of which throws the revoked proxy. */
const HOSTILE = `${REVOKED}const hostile = new Proxy({}, new Proxy({}, { get() { return () => { throw revoked; }; } }));\n`;
const UNDESCRIBABLE = /cannot be described/;

/** [name, statements that throw (top level), expected code, message pattern] */
const THROWN: [string, string, string, RegExp][] = [
  ["a revoked proxy", `${REVOKED}throw revoked;`, "E_SANDBOX_THROWN", UNDESCRIBABLE],
  ["a proxy whose every trap throws", `${HOSTILE}throw hostile;`, "E_SANDBOX_THROWN", UNDESCRIBABLE],
  ["a proxy whose get trap throws", "throw new Proxy({}, { get() { throw 1; } });", "E_SANDBOX_THROWN", /non-Error value/],
  ["a proxy whose getPrototypeOf trap throws", "throw new Proxy({}, { getPrototypeOf() { throw 1; } });", "E_SANDBOX_THROWN", /non-Error value/],
  ["a proxy whose ownKeys trap throws", "throw new Proxy({}, { ownKeys() { throw 1; } });", "E_SANDBOX_THROWN", UNDESCRIBABLE],
  ["a proxy whose has trap throws", "throw new Proxy({}, { has() { throw 1; } });", "E_SANDBOX_THROWN", /non-Error value/],
  ["a proxy of an Error", `${HOSTILE}throw new Proxy(new Error("x"), hostile);`, "E_SANDBOX_THROWN", /non-Error value|cannot be described/],
  ["an Error whose message getter throws a revoked proxy", `${REVOKED}const e = new Error("x"); Object.defineProperty(e, "message", { get() { throw revoked; } }); throw e;`, "E_SANDBOX_THROWN", /^Error/],
  ["an Error whose stack getter throws", `${REVOKED}const e = new Error("x"); Object.defineProperty(e, "stack", { get() { throw revoked; } }); throw e;`, "E_SANDBOX_THROWN", /^Error: x$/],
  ["an Error whose name getter loops", `const e = new Error("x"); Object.defineProperty(e, "name", { get() { for (;;) {} } }); throw e;`, "E_SANDBOX_THROWN", /^Error: x$/],
  ["an Error whose message getter returns a proxy", `${REVOKED}const e = new Error("x"); Object.defineProperty(e, "message", { get() { return revoked; } }); throw e;`, "E_SANDBOX_THROWN", /^Error/],
  ["an Error whose prototype is a revoked proxy", `${REVOKED}const e = new Error("x"); Object.setPrototypeOf(e, revoked); throw e;`, "E_SANDBOX_THROWN", /x/],
  ["an Error subclass with a throwing name getter", `class E extends Error { get name() { throw 1; } }\nthrow new E("sub");`, "E_SANDBOX_THROWN", /sub/],
  ["an object whose toString loops", "throw { toString() { for (;;) {} } };", "E_SANDBOX_THROWN", /non-Error value/],
  ["an object whose toString throws", `${REVOKED}throw { toString() { throw revoked; }, valueOf() { throw revoked; } };`, "E_SANDBOX_THROWN", /non-Error value/],
  ["an object with a throwing getter", `${REVOKED}throw { get reason() { throw revoked; } };`, "E_SANDBOX_THROWN", /non-Error value/],
  ["a symbol", "throw Symbol('s');", "E_SANDBOX_THROWN", /Symbol\(s\)/],
  ["a bigint", "throw 10n;", "E_SANDBOX_THROWN", /10n/],
  ["null", "throw null;", "E_SANDBOX_THROWN", /null/],
  ["undefined", "throw undefined;", "E_SANDBOX_THROWN", /undefined/],
  ["an object that looks like an out-of-memory error", `throw { name: "InternalError", message: "out of memory" };`, "E_SANDBOX_THROWN", /non-Error value/],
  ["a 10 MB message", `throw new Error("x".repeat(10_000_000));`, "E_SANDBOX_THROWN", /^Error: x+…$/],
  ["a rejection from an awaited thenable's then", `${REVOKED}await { then() { throw revoked; } };\nexport default 1;`, "E_SANDBOX_THROWN", UNDESCRIBABLE],
  ["a thenable that rejects with a revoked proxy", `${REVOKED}await { then(resolve, reject) { reject(revoked); } };\nexport default 1;`, "E_SANDBOX_THROWN", UNDESCRIBABLE],
  ["an async function that throws a revoked proxy", `${REVOKED}async function f() { throw revoked; }\nawait f();\nexport default 1;`, "E_SANDBOX_THROWN", UNDESCRIBABLE],
  ["a throw while console.log formats its argument", `${REVOKED}console.log({ get a() { throw revoked; } }, new Proxy({}, { ownKeys() { throw revoked; } }), revoked);\nthrow revoked;`, "E_SANDBOX_THROWN", UNDESCRIBABLE],
  ["a getter the DSL reads from an argument", `${REVOKED}export default table({ a: col.string({ get length() { throw revoked; } }) });`, "E_SANDBOX_THROWN", UNDESCRIBABLE],
  ["a revoked proxy as a DSL argument", `${REVOKED}export default table({ a: col.string(revoked) });`, "E_SANDBOX_THROWN", /./],
  ["a hostile proxy as a DSL argument", `${HOSTILE}export default table({ a: col.string(hostile) });`, "E_SANDBOX_THROWN", /./],
  ["a function proxy as a DSL argument", `${REVOKED}export default table({ a: col.string(new Proxy(function () {}, { get() { throw revoked; } })) });`, "E_SANDBOX_THROWN", UNDESCRIBABLE],
  ["a revoked proxy as the default export", `${REVOKED}export default revoked;`, "E_SANDBOX_THROWN", /./],
  ["a DSL error whose stack the file replaced with a loop", `try { col.x = 1; } catch (e) { Object.defineProperty(e, "stack", { get() { for (;;) {} } }); throw e; }`, "E_SANDBOX_FORBIDDEN", /read-only/],
];

function expectSandboxError(e: AlabError, code: string, message: RegExp): void {
  expect(`${e.code}: ${e.message}`).toStartWith(`${code}:`);
  expect(Object.keys(SANDBOX_CODES)).toContain(e.code);
  expect(e.exit).toBe(EXIT.usage);
  expect(e.message).toMatch(message);
  expect(e.message.length).toBeLessThan(2100);
  expect(e.hint).toBeString();
}

describe("every thrown value becomes a sandbox error", () => {
  test.each(THROWN)("%s", (_, source, code, message) => {
    let caught: unknown;
    try {
      sb.evaluate({ path: "schemas/blog/post.js", source }, "schema");
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(AlabError);
    expectSandboxError(caught as AlabError, code, message);
  });

  test("the sandbox stays usable after all of them", () => {
    const ev = sb.evaluate({ path: "schemas/blog/post.js", source: "export default table({});" }, "schema");
    expect(ev.value).toMatchObject({ $alab: "chain" });
  });
});

describe("the same in Azul manual mode", () => {
  test.each(THROWN)("%s", async (_, source, code, message) => {
    // The statements run inside `up`: no top-level export, and the DSL there is `schema`.
    const body = source
      .replace(/\nexport default 1;$/, "")
      .replace(/^export default table\(\{ a: col\.string\((.*)\) \}\);$/m, "schema.createTable($1);")
      .replace(/^export default /m, "return ")
      .replaceAll("col.", "schema.");
    const file = { path: "migrations/20150101000000_manual.js", source: `exports.up = async function (schema, query) {\n${body}\n};` };
    let caught: unknown;
    try {
      await runLive({ file, name: "up", execute: async () => undefined, onLog: () => {} });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(AlabError);
    expectSandboxError(caught as AlabError, code, message);
  });
});
