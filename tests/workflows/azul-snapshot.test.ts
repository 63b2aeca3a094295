/**
 * A team keeps its Azul history and switches to schema files: `alab snapshot --rebuild` replays the
 * Azul files onto the schema model (raw SQL and manual mode reported as not replayable), and
 * `alab new` then starts from the tables those files made.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { generate } from "../../src/workflows/new";
import { readSnapshot } from "../../src/workflows/project/snapshot-file";
import { rebuildSnapshot } from "../../src/workflows/snapshot";
import { type Project, project } from "./project";

let p: Project | undefined;
afterEach(async () => {
  await p?.dispose();
  p = undefined;
});

const HISTORY: Record<string, string> = {
  "20150101000000_articles.js": `exports.up = function (schema) {
  schema.createTable('articles', function (table) {
    table.string('title');
    table.text('body');
  });
};
exports.down = function (schema) { schema.dropTable('articles'); };
`,
  "20150101000001_employees.js": `exports.change = function (schema) {
  schema.createTable('employees').pk('identifier').with(function (table) {
    table.serial('identifier');
    table.string('first_name');
    table.string('last_name');
    table.integer('boss_id').references('identifier').onDelete('nullify');
    table.index(['first_name', 'last_name'], { name: 'full_name_index' });
  });
};
`,
  "20150101000002_alter.js": `exports.up = function (schema, query) {
  schema.alterTable('articles', function (table) {
    table.string('summary', { length: 80 });
    table.rename('title', 'headline', 'string');
    table.drop('body');
  });
  schema.alterTable('employees', function (table) {
    table.renameIndex('full_name_index', 'full_name_idx');
  });
  schema.renameTable('articles', 'posts');
  query.raw("UPDATE posts SET summary = 'none'");
};
`,
  "20150101000003_count.js": `exports.up = async function (schema, query) {
  const r = await query.raw('SELECT count(*) AS n FROM posts');
  await query.raw('INSERT INTO posts (headline) VALUES (?)', ['posts: ' + r.rows[0].n]);
};
`,
};

describe("an Azul history in the schema state", () => {
  test("snapshot --rebuild replays the Azul files, reporting raw SQL and manual mode; alab new starts from their tables", async () => {
    p = await project({ demo: false });
    for (const [file, text] of Object.entries(HISTORY)) await p.write(`migrations/${file}`, text);

    const rebuilt = await rebuildSnapshot(p.config);
    expect(rebuilt.notReplayable).toEqual([
      { file: "migrations/20150101000002_alter.js", line: 11, column: 9, what: "raw SQL is not replayed: UPDATE posts SET summary = 'none'" },
      { file: "migrations/20150101000003_count.js", what: "`up` runs in manual mode (returns a promise): its queries are not known until it runs" },
    ]);
    const tables = (await readSnapshot(p.config))?.schema.tables ?? {};
    expect(Object.keys(tables)).toEqual(["employees", "posts"]);
    expect(tables.posts?.columns.map((c) => `${c.name}:${c.type.kind}`)).toEqual(["id:serial", "headline:string", "summary:string"]);
    expect(tables.employees?.primaryKey).toEqual(["identifier"]);
    expect(tables.employees?.indexes.map((i) => `${i.name}(${i.columns.join(",")})`)).toEqual(["full_name_idx(first_name,last_name)"]);
    expect(tables.employees?.foreignKeys).toMatchObject([{ name: "fk_employees_boss_id", columns: ["boss_id"], refTable: "employees", refColumns: ["identifier"], onDelete: "SET NULL" }]);

    // The schema folder has none of these tables: the next migration drops them, and its down
    // creates them again as the Azul files left them.
    const next = await generate(p.config, { name: "cleanup", yes: true });
    if (next.kind !== "written") throw new Error("expected a migration");
    expect([...next.changes].sort()).toEqual(["drop table employees", "drop table posts"]);
    const text = await p.read("migrations/20150101000004_cleanup.js");
    expect(text).toContain('m.drop_table("posts"); // DESTRUCTIVE');
    expect(text).toMatch(/m\.create_table\("posts", \(t\) => \{[^}]*t\.string\("headline", 255\)/);
    expect(text).toContain('"full_name_idx"');
  });
});
