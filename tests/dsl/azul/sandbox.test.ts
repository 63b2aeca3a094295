/**
 * The Azul guide's examples as real files, evaluated by the QuickJS sandbox and interpreted. Runs
 * once src/sandbox/index.ts exists (it is built in parallel); until then the tests are skipped.
 */
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { interpretAzul } from "../../../src/dsl/azul";
import type { Operation } from "../../../src/dsl/operations";
import type { AlabError } from "../../../src/errors";
import type { EvaluatedFile } from "../../../src/sandbox/protocol";

const SANDBOX = join(import.meta.dir, "../../../src/sandbox/index.ts");
const ready = existsSync(SANDBOX);

interface Sandbox {
  evaluate(input: { path: string; source: string }, kind: "migration"): EvaluatedFile | Promise<EvaluatedFile>;
}

let shared: Promise<Sandbox> | undefined;

async function evaluate(source: string): Promise<EvaluatedFile> {
  shared ??= (import(SANDBOX) as Promise<{ createSandbox(): Promise<Sandbox> }>).then((m) => m.createSandbox());
  return await (await shared).evaluate({ path: "migrations/20150101000000_example.js", source }, "migration");
}

async function interpret(source: string) {
  const def = interpretAzul(await evaluate(source));
  const ops = (l: readonly { value: Operation }[] | null): Operation[] | null => l?.map((o) => o.value) ?? null;
  return { def, up: ops(def.up), down: ops(def.down) };
}

/** 1-based line of the first occurrence of `text` in `source`. */
function lineOf(source: string, text: string): number {
  return source.slice(0, source.indexOf(text)).split("\n").length;
}

describe.skipIf(!ready)("the guide's examples through the sandbox", () => {
  test("exports.up / exports.down", async () => {
    const r = await interpret(`exports.up = function(schema) {
  schema.createTable('articles', function(table) {
    table.string('title');
    table.text('body');
  });
};
exports.down = function(schema) {
  schema.dropTable('articles');
};
`);
    expect(r.up).toMatchObject([{ op: "create_table", table: { ref: "articles", primaryKey: ["id"], columns: [{ name: "id" }, { name: "title" }, { name: "body" }] } }]);
    expect(r.down).toEqual([{ op: "drop_table", ref: "articles" }]);
  });

  test("exports.change is reversed; module.exports and export default read alike", async () => {
    const body = `function(schema) { schema.createTable('articles', function(table) { table.string('title'); }); }`;
    for (const source of [`exports.change = ${body};`, `module.exports = { change: ${body} };`, `export default { change: ${body} };`]) {
      const r = await interpret(source);
      expect(r.up?.map((o) => o.op)).toEqual(["create_table"]);
      expect(r.down).toEqual([{ op: "drop_table", ref: "articles" }]);
    }
  });

  test("pk / unlessExists / with, indexes, references with actions", async () => {
    const r = await interpret(`exports.change = function(schema) {
  schema.createTable('employees')
  .pk('identifier')
  .unlessExists()
  .with(function(table) {
     table.serial('identifier').notNull();
     table.string('first_name');
     table.string('last_name');
     table.integer('boss_id').references('employees.identifier').onDelete('nullify').onUpdate('cascade');
     table.index('boss_id');
     table.index(['first_name', 'last_name'], { name: 'full_name_index' });
  });
};
`);
    expect(r.up).toMatchObject([
      { op: "create_table", ifNotExists: true, table: { primaryKey: ["identifier"], foreignKeys: [{ name: "fk_employees_boss_id", refTable: "employees", refColumns: ["identifier"], onDelete: "SET NULL", onUpdate: "CASCADE" }] } },
      { op: "create_index", index: { name: "employees_boss_id_idx" } },
      { op: "create_index", index: { name: "full_name_index", columns: ["first_name", "last_name"] } },
    ]);
  });

  test("alterTable, renames and index changes with up/down", async () => {
    const r = await interpret(`exports.up = function(schema) {
  schema.alterTable('articles', function(table) {
    table.string('title');
    table.drop('body');
  });
  schema.alterTable('articles', function(table) {
    table.rename('title', 'headline', 'string');
  });
  schema.alterTable('employees', function(table) {
    table.renameIndex('full_name_index', 'full_name_idx');
    table.dropIndex('boss_id');
  });
  schema.renameTable('articles', 'posts');
};
`);
    expect(r.up?.map((o) => o.op)).toEqual(["drop_column", "add_column", "rename_column", "drop_index", "rename_index", "rename_table"]);
    expect(r.down).toBeNull();
  });

  test("an irreversible change is refused at the call", async () => {
    const source = `exports.change = function(schema) {
  schema.createTable('a', function(table) { table.string('x'); });
  schema.dropTable('articles');
};
`;
    const ev = await evaluate(source);
    let error: AlabError | undefined;
    try {
      interpretAzul(ev);
    } catch (e) {
      error = e as AlabError;
    }
    expect(error?.code).toBe("E_AZUL_IRREVERSIBLE");
    expect(error?.message).toBe("`dropTable` is not reversible");
    expect(error?.at?.line).toBe(lineOf(source, "dropTable"));
    expect(error?.at?.column).toBe("  schema.dropTable".indexOf("dropTable") + 1);
  });

  test("sequential query.raw runs in the order written", async () => {
    const r = await interpret(`exports.up = function(schema, query) {
  schema.createTable('a', function(table) { table.string('x'); });
  query.raw('INSERT INTO a (x) VALUES (?)', ['one']);
  schema.alterTable('a', function(table) { table.string('y'); });
  query.raw('UPDATE a SET y = x');
};
`);
    expect(r.up?.map((o) => o.op)).toEqual(["create_table", "sql", "add_column", "sql"]);
    expect(r.up?.[1]).toEqual({ op: "sql", sql: "INSERT INTO a (x) VALUES (?)", args: ["one"] });
  });

  test("manual mode: an async up", async () => {
    const r = await interpret(`exports.up = async function(schema, query) {
  const result = await query.raw('SELECT 1').execute();
};
exports.down = function(schema) { schema.dropTable('a'); };
`);
    expect(r.def.manual).toEqual({ up: true, down: false });
    expect(r.up).toEqual([]);
  });

  test("a sequential migration that executes a query is refused", async () => {
    const source = `exports.up = function(schema, query) {
  query.raw('SELECT 1').then(function (rows) {});
};
`;
    let error: AlabError | undefined;
    try {
      interpretAzul(await evaluate(source));
    } catch (e) {
      error = e as AlabError;
    }
    expect(error?.code).toBe("E_AZUL_SEQUENTIAL_QUERY");
    expect(error?.at?.line).toBe(2);
  });
});

describe.skipIf(!ready)("executing a query without manual mode", () => {
  const cases: [string, string, string, string, number][] = [
    [
      "await in an inner async function of a sequential up",
      `exports.up = function(schema, query) {
  (async function () {
    await query.raw('DELETE FROM a');
  })();
};
`,
      "E_AZUL_SEQUENTIAL_QUERY",
      "`query.raw(...)` is awaited, which executes it, in a sequential migration",
      3,
    ],
    [
      "Promise.resolve of a schema call in change",
      `exports.change = function(schema) {
  Promise.resolve(schema.createTable('a', function (t) { t.string('x'); }));
};
`,
      "E_AZUL_SEQUENTIAL_QUERY",
      "`schema.createTable(...)` is awaited, which executes it, in a sequential migration",
      2,
    ],
    [
      "change returning a promise",
      `exports.change = async function(schema) {
  await schema.createTable('a', function (t) { t.string('x'); });
};
`,
      "E_AZUL_CHANGE_MANUAL",
      "`change` returns a promise, but a reversible migration cannot run in manual mode",
      1,
    ],
  ];
  for (const [name, source, code, message, line] of cases) {
    test(name, async () => {
      let error: AlabError | undefined;
      try {
        interpretAzul(await evaluate(source));
      } catch (e) {
        error = e as AlabError;
      }
      expect([error?.code, error?.message, error?.at?.file, error?.at?.line]).toEqual([code, message, "migrations/20150101000000_example.js", line]);
    });
  }
});
