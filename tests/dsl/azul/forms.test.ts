/** File forms (CommonJS, module.exports, ES default) and modes (change, sequential, manual). */
import { describe, expect, test } from "bun:test";
import { azulStatementOps, interpretAzul, looksLikeAzul } from "../../../src/dsl/azul";
import type { Chain, EvaluatedFile, Fn } from "../../../src/sandbox/protocol";
import { errorOf, FILE, locOf, migrationFile, type R, Recorder } from "./record";

const create = (schema: R) => schema.createTable("a", (t: R) => t.string("x"));
const drop = (schema: R) => schema.dropTable("a");
const opsOf = (list: readonly { value: { op: string } }[] | null) => list?.map((o) => o.value.op) ?? null;

describe("file forms", () => {
  const forms: [string, Record<string, unknown>][] = [
    ["exports.up / exports.down", { up: create, down: drop }],
    ["ES default export of an object", { default: { up: create, down: drop } }],
    ["default object beside an unrelated undefined export", { default: { up: create, down: drop }, change: undefined }],
  ];
  for (const [name, exp] of forms) {
    test(name, () => {
      const def = interpretAzul(migrationFile(exp));
      expect([opsOf(def.up), opsOf(def.down)]).toEqual([["create_table"], ["drop_table"]]);
      expect(looksLikeAzul(migrationFile(exp).value)).toBe(true);
    });
  }

  test("up without down: no way back (down is null)", () => {
    expect(interpretAzul(migrationFile({ up: create })).down).toBeNull();
  });

  test("an empty change (what make-migration writes) means nothing either way", () => {
    const def = interpretAzul(migrationFile({ change: () => {} }));
    expect([def.up, def.down]).toEqual([[], []]);
  });

  test("transaction: false is kept; default true", () => {
    expect(interpretAzul(migrationFile({ up: create, transaction: false })).transaction).toBe(false);
    expect(interpretAzul(migrationFile({ change: create, transaction: true })).transaction).toBe(true);
  });

  test("looksLikeAzul is false for a generated migration and for plain values", () => {
    const generated: EvaluatedFile["value"] = { default: { $alab: "chain", chain: { root: "migration", seq: 0, calls: [] } } };
    expect(looksLikeAzul(generated)).toBe(false);
    expect(looksLikeAzul({ up: 1 })).toBe(false);
    expect(looksLikeAzul(null)).toBe(false);
  });

  const bad: [string, Record<string, unknown>, string, string | undefined][] = [
    ["change and up", { change: create, up: create }, "the migration exports both `change` and `up`", "change"],
    ["change and down", { change: create, down: drop }, "the migration exports both `change` and `down`", "change"],
    ["down without up", { down: drop }, "the migration exports `down` but no `up`", "down"],
    ["nothing", {}, "the migration exports neither `up` nor `change`", undefined],
    ["up twice (CommonJS and default)", { up: create, default: { up: create } }, "`up` is exported twice (directly and in the default export)", undefined],
    ["an unknown export", { up: create, helper: 3 }, "unknown export `helper`", undefined],
    ["an unknown key in the default export", { default: { up: create, name: "x" } }, "unknown export `name` in the default export", undefined],
    ["up that is not a function", { up: "CREATE TABLE a" }, 'up` must be a function, got the string "CREATE TABLE a"', undefined],
    ["a non-boolean transaction", { up: create, transaction: "no" }, '`transaction` must be `true` or `false`, got the string "no"', undefined],
    ["a default export that is not an object", { default: 3 }, "the default export is the number 3", undefined],
  ];
  for (const [name, exp, message, fnName] of bad) {
    test(`refused: ${name}`, () => {
      const ev = migrationFile(exp);
      const e = errorOf(() => interpretAzul(ev));
      expect(e.code).toBe("E_AZUL_EXPORTS");
      expect(e.message).toContain(message);
      expect(e.at?.file).toBe(FILE);
      if (fnName !== undefined) {
        const fn = (ev.value as Record<string, { fn: { loc: { line: number } } }>)[fnName]?.fn;
        expect(e.at?.line).toBe(fn?.loc.line);
      }
    });
  }

  test("refused: a generated migration handed to the Azul interpreter", () => {
    const value: EvaluatedFile["value"] = { default: { $alab: "chain", chain: { root: "migration", seq: 0, calls: [] } } };
    const e = errorOf(() => interpretAzul({ file: FILE, value, logs: [], source: "" }));
    expect(e.message).toBe("this is a generated migration (`migration({...})`), not an Azul one");
  });

  test("refused: exports that are not an object", () => {
    const e = errorOf(() => interpretAzul({ file: FILE, value: [1], logs: [], source: "" }));
    expect(e.code).toBe("E_AZUL_EXPORTS");
  });
});

describe("sequential mode", () => {
  test("schema calls and query.raw run in the order written", () => {
    const def = interpretAzul(
      migrationFile({
        up(schema: R, query: R) {
          schema.createTable("a", (t: R) => t.string("x"));
          query.raw("INSERT INTO a (x) VALUES (?)", ["one"]);
          schema.alterTable("a", (t: R) => t.string("y"));
          query.raw("UPDATE a SET y = x");
          schema.renameTable("a", "b");
        },
      }),
    );
    expect(def.up.map((o) => o.value)).toMatchObject([
      { op: "create_table" },
      { op: "sql", sql: "INSERT INTO a (x) VALUES (?)", args: ["one"] },
      { op: "add_column" },
      { op: "sql", sql: "UPDATE a SET y = x" },
      { op: "rename_table" },
    ]);
    expect(def.up[3]?.value).not.toHaveProperty("args");
  });

  test("an arrow function returning its one call is sequential", () => {
    const def = interpretAzul(migrationFile({ up: (schema: R) => schema.createTable("a", (t: R) => t.string("x")), down: (s: R) => s.dropTable("a") }));
    expect([opsOf(def.up), opsOf(def.down), def.manual]).toEqual([["create_table"], ["drop_table"], undefined]);
  });

  test("a returned non-thenable value is ignored, as in Azul", () => {
    const def = interpretAzul(migrationFile({ up: (schema: R) => (create(schema), 42) }));
    expect(opsOf(def.up)).toEqual(["create_table"]);
  });

  const executing: [string, (schema: R, query: R) => void, string, string][] = [
    ["query.raw(...).execute()", (_s, q) => void q.raw("SELECT 1").execute(), "execute", "`query.raw(...).execute()` executes a query in a sequential migration"],
    ["query.raw(...).then(cb)", (_s, q) => void q.raw("SELECT 1").then(() => {}), "then", "`query.raw(...).then()` executes a query in a sequential migration"],
    ["schema.createTable(...).then(cb)", (s) => void s.createTable("a", (t: R) => t.string("x")).then(() => {}), "then", "`schema.createTable(...).then()` executes a query in a sequential migration"],
    ["schema.dropTable(...).catch(cb)", (s) => void s.dropTable("a").catch(() => {}), "catch", "`schema.dropTable(...).catch()` executes a query in a sequential migration"],
  ];
  for (const [name, up, at, message] of executing) {
    test(`refused: ${name}`, () => {
      const ev = migrationFile({ up });
      const e = errorOf(() => interpretAzul(ev));
      expect(e.code).toBe("E_AZUL_SEQUENTIAL_QUERY");
      expect(e.message).toBe(message);
      expect(e.at).toEqual(locOf(ev, at));
    });
  }

  test("refused: change that executes a query, with a hint for change", () => {
    const ev = migrationFile({ change: (_s: R, q: R) => void q.raw("SELECT 1").execute() });
    const e = errorOf(() => interpretAzul(ev));
    expect(e.code).toBe("E_AZUL_SEQUENTIAL_QUERY");
    expect(e.at).toEqual(locOf(ev, "execute"));
    expect(e.hint).toContain("write `exports.up`/`exports.down`");
  });

  test("refused: a third parameter", () => {
    const ev = migrationFile({});
    const value = new Recorder().exports({ up: (_s: R, _q: R, extra: R) => extra.raw("x") });
    const e = errorOf(() => interpretAzul({ ...ev, value }));
    expect(e.code).toBe("E_AZUL_BAD_ARGUMENT");
    expect(e.message).toBe("`up` receives two arguments (schema, query), but parameter 3 is used");
  });
});

describe("manual mode", () => {
  test("up returning a promise: calls are not interpreted, manual.up is set", () => {
    const def = interpretAzul(
      migrationFile({
        async up(schema: R, query: R) {
          schema.createTable("a", (t: R) => t.string("x"));
          await query.raw("SELECT 1").execute();
        },
        down: drop,
      }),
    );
    expect(def.up).toEqual([]);
    expect(opsOf(def.down)).toEqual(["drop_table"]);
    expect(def.manual).toEqual({ up: true, down: false });
  });

  test("down returning a promise", () => {
    const def = interpretAzul(migrationFile({ up: create, down: () => Promise.resolve() }));
    expect([opsOf(def.up), def.down, def.manual]).toEqual([["create_table"], [], { up: false, down: true }]);
  });

  test("returning a query chained with .then() is manual (a thenable)", () => {
    const def = interpretAzul(migrationFile({ up: (_s: R, q: R) => q.raw("SELECT 1").then(() => q.raw("SELECT 2")) }));
    expect([def.up, def.manual]).toEqual([[], { up: true, down: false }]);
  });

  test("manual mode does not validate captured calls (they never run)", () => {
    const def = interpretAzul(migrationFile({ up: async (s: R) => s.nonsense() }));
    expect(def.manual).toEqual({ up: true, down: false });
  });

  const changes: [string, (schema: R, query: R) => unknown][] = [
    ["change returning a promise", async (s) => create(s)],
    ["change returning a query with .then()", (_s, q) => q.raw("SELECT 1").then(() => {})],
  ];
  for (const [name, change] of changes) {
    test(`refused: ${name}`, () => {
      const ev = migrationFile({ change });
      const e = errorOf(() => interpretAzul(ev));
      expect(e.code).toBe("E_AZUL_CHANGE_MANUAL");
      expect(e.message).toBe("`change` returns a promise, but a reversible migration cannot run in manual mode");
      expect(e.at?.line).toBe((ev.value as { change: { fn: { loc: { line: number } } } }).change.fn.loc.line);
    });
  }
});

describe("azulStatementOps (for the manual-mode runner)", () => {
  test("one awaited schema chain as operations, its execution call ignored", () => {
    const ev = migrationFile({ up: async (s: R) => s.dropTable("a").ifExists().execute() });
    const chain = (ev.value as unknown as { up: { fn: Fn } }).up.fn.params[0]?.[0] as Chain;
    const ops = azulStatementOps(FILE, { root: "schema", chain });
    expect(ops.map((o) => o.value)).toEqual([{ op: "drop_table", ref: "a", ifExists: true }]);
  });
});
