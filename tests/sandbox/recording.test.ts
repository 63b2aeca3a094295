/** What the sandbox records for representative schema and migration files (protocol.ts). */
import { beforeAll, describe, expect, test } from "bun:test";
import type { Sandbox } from "../../src/sandbox/index";
import type { Chain, Value } from "../../src/sandbox/protocol";
import { calls, chain, field, fn, run, sandbox, textAt } from "./helpers";

let sb: Sandbox;
beforeAll(async () => {
  sb = await sandbox();
});

/** Every call's location points at its name in the source. */
function expectLocsOnNames(source: string, c: Chain): void {
  for (const call of c.calls) expect(textAt(source, call.loc, call.name.length)).toBe(call.name);
}

describe("schema files", () => {
  const source = `export default table({
  id: col.id(),
  title: col.string(200).unique(),
  meta: { tags: [col.text(), "x"], n: 1.5, ok: true, none: null, gone: undefined, neg: -0 },
}).timestamps().index("title");
`;

  test("the default export is the table chain, with nested column chains in source order", () => {
    const ev = run(sb, source);
    expect(ev.file).toBe("schemas/blog/post.js");
    expect(ev.source).toBe(source);
    const t = chain(ev.value);
    expect(t.root).toBe("table");
    expect(t.calls.map((c) => c.name)).toEqual(["table", "timestamps", "index"]);
    expect(t.calls[2]?.args).toEqual(["title"]);
    const [arg] = t.calls[0]?.args ?? [];
    const id = chain(field(arg, "id"));
    const title = chain(field(arg, "title"));
    const meta = field(arg, "meta") as { [k: string]: Value };
    const text = chain((meta.tags as Value[])[0]);
    expect([id.root, title.root, text.root]).toEqual(["col", "col", "col"]);
    expect(calls(id)).toEqual([["id", []]]);
    expect(calls(title)).toEqual([["string", [200]], ["unique", []]]);
    expect([id.seq, title.seq, text.seq, t.seq]).toEqual([1, 2, 3, 4]);
    expect(meta).toMatchObject({ n: 1.5, ok: true, none: null, gone: { $alab: "undefined" }, neg: 0 });
    expect((meta.tags as Value[])[1]).toBe("x");
    for (const c of [t, id, title, text]) expectLocsOnNames(source, c);
    expect(t.calls[0]?.loc).toEqual({ line: 1, column: 16 });
    expect(t.calls[1]?.loc).toEqual({ line: 5, column: 4 });
  });

  test.each([
    ["a property read but never called", "export default col.id;", [["id", null]]],
    ["a method called twice through one reference", "const s = col.string; s(1); s(2); export default s;", [["string", [1]], ["string", [2]]]],
    ["calls chained after the chain was passed on", "const c = col.string(); export default table({ c }).x(c.unique());", null],
  ] as const)("%s", (_, src, expected) => {
    const v = run(sb, src).value;
    if (expected !== null) {
      expect(calls(chain(v))).toEqual(expected as never);
      return;
    }
    const t = chain(v);
    const c = chain(field(t.calls[0]?.args?.[0], "c"));
    expect(calls(c)).toEqual([["string", []], ["unique", []]]);
  });

  test("the alab module exports the same recorders, named and as default", () => {
    const v = run(sb, `import { table as t, col as c } from "alab";\nimport alab from "alab";\nexport default t({ a: c.x(), b: alab.col.y(), same: alab.table === t });`).value;
    const arg = chain(v).calls[0]?.args?.[0];
    expect(calls(chain(field(arg, "a")))).toEqual([["x", []]]);
    expect(calls(chain(field(arg, "b")))).toEqual([["y", []]]);
    expect(field(arg, "same")).toBe(true);
  });

  test("a user key __proto__ stays a plain key", () => {
    const arg = chain(run(sb, `export default table(JSON.parse('{"__proto__": {"x": 1}}'));`).value).calls[0]?.args?.[0];
    expect(Object.keys(arg as object)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(arg)).toBe(Object.prototype);
  });
});

describe("functions inside arguments", () => {
  test("are invoked at the call with one fresh root per declared parameter (at least one)", () => {
    const src = `export default table({
  deep: { list: [function (a, b, c) { a.x(); c.y(1); }] },
  none: () => {},
  rest: (...all) => {},
  returns: (t) => t.id(),
  value: () => 42,
  global: () => col.z(),
});`;
    const arg = chain(run(sb, src).value).calls[0]?.args?.[0];
    const deep = fn(((field(field(arg, "deep"), "list") as Value[])[0]));
    expect(deep.params.map((log) => log.map(calls))).toEqual([[[["x", []]]], [], [[["y", [1]]]]]);
    expect(deep.params.flat().map((c) => c.root)).toEqual(["param", "param"]);
    expect(deep.returned).toBe("undefined");
    expect(textAt(src, deep.loc, 8)).toBe("function");
    expect(fn(field(arg, "none")).params).toEqual([[]]);
    expect(fn(field(arg, "rest")).params).toEqual([[]]);
    const returns = fn(field(arg, "returns"));
    expect(returns.returned).toBe("chain");
    expect(chain(returns.value)).toEqual(returns.params[0]?.[0] as Chain);
    expect(textAt(src, returns.loc, 3)).toBe("(t)");
    expect(fn(field(arg, "value")).returned).toBe("value");
    const global = fn(field(arg, "global"));
    expect(global.params).toEqual([[]]);
    expect(calls(chain(global.value))).toEqual([["z", []]]);
  });
});

describe("migration files", () => {
  test("generated form: migration({ up(m), down(m) }) with create_table callbacks", () => {
    const src = `export default migration({
  up(m) {
    m.create_table("a.b", (t) => { t.id(); t.string("x", 10).unique(); });
  },
  down(m) { m.drop_table("a.b"); },
});
`;
    const v = run(sb, src, "migration").value;
    const def = chain(field(v, "default"));
    expect(def.root).toBe("migration");
    expect(def.calls.map((c) => c.name)).toEqual(["migration"]);
    const arg = def.calls[0]?.args?.[0];
    const up = fn(field(arg, "up"));
    expect(textAt(src, up.loc, 5)).toBe("up(m)");
    const [create] = up.params[0] ?? [];
    expect(create?.root).toBe("param");
    expect(create?.calls[0]?.name).toBe("create_table");
    expect(create?.calls[0]?.args?.[0]).toBe("a.b");
    const cb = fn(create?.calls[0]?.args?.[1]);
    expect(cb.params[0]?.map(calls)).toEqual([[["id", []]], [["string", ["x", 10]], ["unique", []]]]);
    const down = fn(field(arg, "down"));
    expect(down.params[0]?.map(calls)).toEqual([[["drop_table", ["a.b"]]]]);
    // Source order across the whole file.
    expect([def.seq, create?.seq, ...(cb.params[0] ?? []).map((c) => c.seq), down.params[0]?.[0]?.seq]).toEqual([1, 2, 3, 4, 5]);
    for (const c of [create, ...(cb.params[0] ?? []), ...(down.params[0] ?? [])]) if (c !== undefined) expectLocsOnNames(src, c);
  });

  test("CommonJS Azul form: exports.up / down / change get roots schema and query", () => {
    const src = `exports.up = function (schema, query) { schema.createTable("articles", function (table) { table.string("title"); }); };
exports.down = function (schema) { schema.dropTable("articles"); };
exports.change = function (schema) { schema.renameTable("a", "b"); };
`;
    const v = run(sb, src, "migration").value;
    expect(Object.keys(v as object)).toEqual(["up", "down", "change"]);
    const up = fn(field(v, "up"));
    expect(up.params.length).toBe(2);
    expect(up.params[0]?.map((c) => c.root)).toEqual(["schema"]);
    expect(up.params[1]).toEqual([]);
    const table = fn(up.params[0]?.[0]?.calls[0]?.args?.[1]);
    expect(table.params[0]?.map((c) => [c.root, ...calls(c)])).toEqual([["param", ["string", ["title"]]]]);
    expect(fn(field(v, "down")).params.map((log) => log.map(calls))).toEqual([[[["dropTable", ["articles"]]]]]);
    expect(fn(field(v, "change")).params[0]?.[0]?.root).toBe("schema");
  });

  test("a sequential Azul up: merging schema and query logs by seq gives source order", () => {
    const src = `exports.up = function (schema, query) {
  schema.createTable("a", (t) => { t.string("x"); });
  query.raw("INSERT INTO a VALUES (1)");
  schema.alterTable("a", (t) => { t.drop("x"); });
  query.raw("UPDATE a SET x = 2");
};`;
    const up = fn(field(run(sb, src, "migration").value, "up"));
    const merged = up.params.flat().sort((a, b) => a.seq - b.seq);
    expect(merged.map((c) => `${c.root}.${c.calls[0]?.name}`)).toEqual(["schema.createTable", "query.raw", "schema.alterTable", "query.raw"]);
    expect(merged.map((c) => c.calls[0]?.loc.line)).toEqual([2, 3, 4, 5]);
  });

  test.each([
    ["ES named exports", "export const transaction = false;\nexport function up(schema) { schema.dropTable('x'); }"],
    ["CommonJS exports", "exports.transaction = false;\nexports.up = function (schema) { schema.dropTable('x'); };"],
    ["module.exports", "module.exports = { transaction: false, up(schema) { schema.dropTable('x'); } };"],
  ])("%s: transaction = false and an up function", (_, src) => {
    const v = run(sb, src, "migration").value;
    expect(field(v, "transaction")).toBe(false);
    const up = fn(field(v, "up"));
    expect(up.params[0]?.map((c) => [c.root, ...calls(c)])).toEqual([["schema", ["dropTable", ["x"]]]]);
  });

  test("export default { up, down } is the Azul form too: roots schema and query", () => {
    const v = run(sb, "export default { up(schema, query) { query.raw('x'); }, helper(p) { p.y(); } };", "migration").value;
    const up = fn(field(field(v, "default"), "up"));
    expect(up.params[1]?.[0]?.root).toBe("query");
    expect(fn(field(field(v, "default"), "helper")).params[0]?.[0]?.root).toBe("param");
  });
});

describe("recorders are not thenables unless the file says .then", () => {
  test.each([
    ["await at the top level", "export default await col.a();", "a"],
    ["Promise.resolve", "let got; Promise.resolve(col.b()).then((v) => { got = v; }); await null; await null; export default got;", "b"],
    ["resolving a new Promise", "export default await new Promise((resolve) => resolve(col.c()));", "c"],
    ["returning from an async function", "async function f() { return col.d(); } export default await f();", "d"],
    ["await inside an async function", "async function f() { const x = await col.e(); return x; } export default await f();", "e"],
  ])("%s yields the chain itself", (_, src, name) => {
    expect(calls(chain(run(sb, src).value))).toEqual([[name, []]]);
    // Without call locations (loadSchemas' first pass) the rule still reads the source.
    expect(calls(chain(sb.evaluate({ path: "schemas/blog/post.js", source: src }, "schema", { locations: false }).value))).toEqual([[name, []]]);
  });

  test.each([
    ["a .then(cb) call", "export default col.a().then((x) => { x.y(); });", "then"],
    ["optional .then", "export default col.a()?.then;", "then"],
    ["computed ['then']", "export default col.a()['then'];", "then"],
  ])("%s is recorded", (_, src, name) => {
    expect(chain(run(sb, src).value).calls[1]?.name).toBe(name);
    expect(chain(sb.evaluate({ path: "schemas/blog/post.js", source: src }, "schema", { locations: false }).value).calls[1]?.name).toBe(name);
  });

  test("without call locations every call is recorded at 1:1, and nothing else changes", () => {
    const src = "const n = 5;\nexport default col.string(n).optional();\n";
    const located = chain(run(sb, src).value);
    const bare = chain(sb.evaluate({ path: "schemas/blog/post.js", source: src }, "schema", { locations: false }).value);
    expect(located.calls.map((c) => c.loc)).toEqual([{ line: 2, column: 20 }, { line: 2, column: 30 }]);
    expect(bare.calls.map((c) => c.loc)).toEqual([{ line: 1, column: 1 }, { line: 1, column: 1 }]);
    expect(bare.calls.map((c) => [c.name, c.args])).toEqual(located.calls.map((c) => [c.name, c.args]));
  });

  test("returned: promise for async functions and real thenables, chain for a returned recorder", () => {
    const v = run(sb, `exports.up = async function (schema) { await schema.createTable("a").pk("id"); };
exports.down = function (schema, query) { return { then(ok) { ok(); } }; };
exports.change = function (schema) { return schema.renameTable("a", "b"); };`, "migration").value;
    const up = fn(field(v, "up"));
    expect(up.returned).toBe("promise");
    // An awaited Azul query gets the pseudo-call "await" (Azul would execute it; sequential mode refuses it).
    expect(up.params[0]?.map(calls)).toEqual([[["createTable", ["a"]], ["pk", ["id"]], ["await", null]]]);
    expect(fn(field(v, "down")).returned).toBe("promise");
    expect(fn(field(v, "change")).returned).toBe("chain");
  });
});

describe("logs and determinism", () => {
  test("console output is captured as lines, in order", () => {
    const ev = run(sb, `console.log("a", 1, { b: [true, null] });
console.info("info"); console.warn("warn"); console.error("error", col.string(5).unique());
export default table({});`);
    expect(ev.logs).toEqual(["a 1 { b: [true, null] }", "info", "warn", "error [alab col.string(...).unique(...)]"]);
  });

  test("the same input gives byte-identical output, in one sandbox and across sandboxes", async () => {
    const src = "export default table({ a: col.string(3).default('x'), b: col.enum(['p', 'q']) }).timestamps();\nconsole.log('hi');";
    const once = JSON.stringify(run(sb, src));
    expect(JSON.stringify(run(sb, src))).toBe(once);
    const other = await sandbox();
    expect(JSON.stringify(run(other, src))).toBe(once);
    other.dispose();
  });
});
