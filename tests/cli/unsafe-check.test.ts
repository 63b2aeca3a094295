/**
 * A CHECK expression that tries to leave its CHECK (…) — the payload of the security report —
 * arriving through each door a pull request controls: a schema file, a hand-written migration (in
 * `t.check` and `m.add_check`), and a hand-edited snapshot. Each is refused with its file and line
 * before anything runs, on every database, and the table it aims at is still there.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Driver } from "../../src/db/driver";
import { openDriver } from "../../src/db/open";
import type { Dialect } from "../../src/sql/dialect";
import { runAlab, tempDir } from "../support/binary";
import { availableDialects, createTestDatabase, type TestDatabase } from "../support/db";

setDefaultTimeout(60_000);
const dialects = await availableDialects();

/** The report's text, and a variant whose statements are complete on all three databases (before the fix it dropped `victim` on each). */
const PAYLOAD = "n > 0) ); drop table victim; create table x (y int";
const COMPLETE = "n > 0)); drop table victim; select ((1";

const itemSchema = (expr: string) => `export default table({
  id: col.id(),
  n: col.integer(),
})
  .check("ck", ${JSON.stringify(expr)});
`;

const createWithCheck = (payload: string) => `export default migration({
  up(m) {
    m.create_table("shop.item", (t) => {
      t.id();
      t.integer("n");
      t.check("ck", ${JSON.stringify(payload)});
    });
  },
  down(m) { m.drop_table("shop.item"); },
});
`;

const addCheck = (payload: string) => `export default migration({
  up(m) {
    m.add_check("shop.item", "ck", ${JSON.stringify(payload)});
  },
  down(m) { m.drop_check("shop.item", "ck"); },
});
`;

const createItem = `export default migration({
  up(m) {
    m.create_table("shop.item", (t) => { t.id(); t.integer("n"); });
  },
  down(m) { m.drop_table("shop.item"); },
});
`;

async function tables(d: Driver): Promise<string[]> {
  const sql = {
    postgres: "select table_name as t from information_schema.tables where table_schema = current_schema() order by 1",
    mysql: "select table_name as t from information_schema.tables where table_schema = database() order by 1",
    sqlite: "select name as t from sqlite_master where type = 'table' order by 1",
  }[d.dialect];
  return (await d.query<{ t: string }>({ sql })).map((r) => String(r.t));
}

describe.each(dialects)("the payload on %s", (dialect: Dialect) => {
  let db: TestDatabase;
  let driver: Driver;
  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    driver = await openDriver(db.url, dialect);
    await driver.exec([{ sql: "create table victim (id integer primary key)" }]);
  });
  afterAll(async () => {
    await driver.close();
    await db.drop();
  });

  /** A project with the given files; runs `alab <args>` on the test database. */
  async function project(files: Record<string, string>, run: (alab: (...args: string[]) => ReturnType<typeof runAlab>, dir: string) => Promise<void>): Promise<void> {
    const { dir, cleanup } = await tempDir();
    try {
      for (const [path, text] of Object.entries(files)) {
        await mkdir(join(dir, path, ".."), { recursive: true });
        await writeFile(join(dir, path), text);
      }
      await run((...args) => runAlab(args, { cwd: dir, env: { DATABASE_URL: db.url, NO_COLOR: "1" } }), dir);
    } finally {
      await cleanup();
    }
    expect(await tables(driver)).toEqual(["victim"]);
  }

  test("a schema file: `alab new` and `alab check` refuse it at the .check call, and write nothing", () =>
    project({ "schemas/shop/item.js": itemSchema(PAYLOAD) }, async (alab, dir) => {
      for (const args of [["new", "add_item"], ["check"]]) {
        const r = await alab(...args);
        expect(r.code).toBe(2);
        expect(r.stderr).toContain("error[E_SQL_UNSAFE_EXPRESSION]: check `ck` on shop.item is not a single SQL expression");
        expect(r.stderr).toContain("--> schemas/shop/item.js:5:4");
        expect(r.stderr).not.toContain("drop table victim;\n");
      }
      expect(await readdir(dir)).toEqual(["schemas"]);
    }));

  test.each(
    [PAYLOAD, COMPLETE].flatMap((p) => [
      ["t.check inside create_table", p, { "schemas/.keep": "", "migrations/001_item.js": createWithCheck(p) }, "migrations/001_item.js:6:9"],
      ["m.add_check", p, { "schemas/.keep": "", "migrations/001_item.js": createItem, "migrations/002_check.js": addCheck(p) }, "migrations/002_check.js:3:7"],
    ]) as [string, string, Record<string, string>, string][],
  )("a migration file with %s (%p): migrate --dry and migrate refuse it before anything runs", (_what, _payload, files, where) =>
    project(files, async (alab) => {
      for (const args of [["migrate", "--dry"], ["migrate"], ["check", "--offline"]]) {
        const r = await alab(...args);
        expect(r.code).toBe(2);
        expect(r.stderr).toContain("error[E_SQL_UNSAFE_EXPRESSION]");
        expect(r.stderr).toContain(`--> ${where}`);
        expect(r.stdout).not.toContain("drop table victim");
      }
    }));

  test("a hand-edited snapshot: `alab new` and `alab check` refuse it", () =>
    project({ "schemas/shop/item.js": itemSchema("n > 0") }, async (alab, dir) => {
      expect((await alab("new", "add_item")).code).toBe(0);
      const path = join(dir, "migrations/alab.snapshot.json");
      const snapshot = await readFile(path, "utf8");
      expect(snapshot).toContain('"expr": "n > 0"');
      await writeFile(path, snapshot.replace('"expr": "n > 0"', `"expr": ${JSON.stringify(PAYLOAD)}`));
      await writeFile(join(dir, "schemas/shop/item.js"), itemSchema("n >= 0"));
      for (const args of [["new", "change_check"], ["check", "--offline"]]) {
        const r = await alab(...args);
        expect(r.code).toBe(2);
        expect(r.stderr).toContain("error[E_SQL_UNSAFE_EXPRESSION]: check `ck` on shop.item (`tables[\"shop.item\"].checks[0].expr`) is not a single SQL expression");
        expect(r.stderr).toContain("--> migrations/alab.snapshot.json");
      }
      expect((await readdir(join(dir, "migrations"))).sort()).toEqual(["001_add_item.js", "alab.snapshot.json"]);
    }));

  test("`migrate --dry`, `check` and `status` run none of a pending migration's SQL, raw or Azul manual mode", () =>
    project(
      {
        "schemas/.keep": "",
        "migrations/001_raw.js": 'export default migration({\n  up(m) { m.sql("drop table victim"); },\n  down(m) {},\n});\n',
        "migrations/002_manual.js": "exports.up = async function (schema, query) {\n  await query.raw('drop table victim');\n};\nexports.down = function () {};\n",
      },
      async (alab) => {
        const dry = await alab("migrate", "--dry");
        expect(dry.code).toBe(0);
        expect(dry.stdout).toContain("drop table victim;");
        expect(dry.stdout).toContain("returns a promise (Azul manual mode)");
        // The victim table and no tracking table: an untracked database, which dry and status say
        // and check fails on (exit 3) — running none of the SQL either way.
        expect(dry.stderr).toContain("no tracking table");
        const st = await alab("status");
        expect(st.stdout).toContain("2 pending");
        expect(st.stdout).toContain("untracked: 1 unmanaged table");
        const check = await alab("check");
        expect(check.code).toBe(3);
        expect(check.stderr).toContain("error[E_UNTRACKED_DATABASE]");
      },
    ));
});
