/**
 * The rules that claim what a server does, checked against the servers: each migration is linted
 * for the live server's version and then run on it.
 *   PostgreSQL: a table rewrite gives the table a new relfilenode; L_TYPE_REWRITE and
 *   L_VOLATILE_DEFAULT must be reported exactly when it changes.
 *   MariaDB/MySQL: each ALTER is tried with ALGORITHM=NOCOPY (MariaDB) or INSTANT/INPLACE first;
 *   the cheapest algorithm the server accepts must be the one lint names (COPY: L_MYSQL_COPY,
 *   INPLACE with a rebuild: L_MYSQL_REBUILD, otherwise nothing).
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Driver } from "../../src/db/driver";
import { interpretMigration } from "../../src/dsl/migration/index";
import { lintMigrations } from "../../src/lint/lint";
import { emptySchema } from "../../src/model/types";
import { readLiteralFile } from "../../src/sandbox/literal-record";
import { capabilitiesFor } from "../../src/sql/capabilities";
import { plan } from "../../src/sql/plan";
import { availableDialects, withTestDatabase } from "../support/db";
import { BASE, migrationOf } from "./support";

setDefaultTimeout(120_000);

const ops = (source: string) => interpretMigration(readLiteralFile({ path: "m.js", source }, "migration")!).up.map((o) => o.value);

const ROW = "insert into shop_item (id, name, status, qty, price, note, owner_id) values ('00000000-0000-4000-8000-000000000001', 'one', 'a', 1, 1.5, 'n', null)";

/** Creates the base tables with a row, plans `body` against them; returns the codes lint reports and the statements. */
async function prepare(driver: Driver, body: string) {
  const caps = capabilitiesFor(driver.dialect, driver.version);
  const base = plan(ops(BASE), emptySchema, caps);
  await driver.exec(base.statements);
  await driver.exec([{ sql: ROW }]);
  const source = migrationOf(body);
  const change = plan(ops(source), base.schema, caps);
  const def = (s: string) => interpretMigration(readLiteralFile({ path: "m.js", source: s }, "migration")!);
  const linted = lintMigrations(emptySchema, [{ file: "001.js", source: BASE, def: def(BASE), lint: false }, { file: "002.js", source, def: def(source) }], caps);
  return { codes: (linted[0]?.findings ?? []).map((f) => f.code), statements: change.statements };
}

const dialects = await availableDialects();

describe.if(dialects.includes("postgres"))("PostgreSQL: rewrites are reported exactly when the table gets a new relfilenode", () => {
  const bodies = [
    'm.alter_column("shop.item", "qty", (t) => t.bigint("qty").optional());',
    'm.alter_column("shop.item", "name", (t) => t.string("name", 100));',
    'm.alter_column("shop.item", "name", (t) => t.string("name", 20));',
    'm.alter_column("shop.item", "name", (t) => t.text("name"));',
    'm.alter_column("shop.item", "note", (t) => t.string("note", 100).optional());',
    'm.alter_column("shop.item", "price", (t) => t.decimal("price", 12, 2));',
    'm.alter_column("shop.item", "price", (t) => t.decimal("price", 12, 3));',
    'm.alter_column("shop.item", "price", (t) => t.decimal("price"));',
    'm.alter_column("shop.item", "status", (t) => t.enum("status", ["a", "b", "c"]));',
    'm.alter_column("shop.item", "status", (t) => t.string("status", 255));',
    'm.add_column("shop.item", (t) => { t.uuid("token").default_uuid(); });',
    'm.add_column("shop.item", (t) => { t.datetime("seen_at").default_now(); });',
    'm.add_column("shop.item", (t) => { t.string("code", 20).default("x"); });',
  ];
  for (const body of bodies) {
    test(body, async () => {
      await withTestDatabase("postgres", async (_url, driver) => {
        const { codes, statements } = await prepare(driver, body);
        const node = async () => (await driver.query<{ n: string }>({ sql: "select relfilenode::text as n from pg_class where relname = 'shop_item'" }))[0]?.n;
        const before = await node();
        await driver.exec(statements);
        const rewritten = (await node()) !== before;
        expect({ body, rewritten, reported: codes.some((c) => c === "L_TYPE_REWRITE" || c === "L_VOLATILE_DEFAULT") }).toEqual({ body, rewritten, reported: rewritten });
      });
    });
  }
});

describe.if(dialects.includes("mysql"))("MySQL/MariaDB: the algorithm lint names is the cheapest the server accepts", () => {
  const bodies = [
    'm.alter_column("shop.item", "qty", (t) => t.bigint("qty").optional());',
    'm.alter_column("shop.item", "name", (t) => t.string("name", 60));',
    'm.alter_column("shop.item", "name", (t) => t.string("name", 100));',
    'm.alter_column("shop.item", "name", (t) => t.string("name", 50).optional());',
    'm.alter_column("shop.item", "qty", (t) => t.integer("qty").backfill(0));',
    'm.alter_column("shop.item", "status", (t) => t.enum("status", ["a", "b", "c"]));',
    'm.alter_column("shop.item", "qty", (t) => t.integer("qty").optional().default(3));',
    'm.add_foreign_key("shop.item", ["owner_id"], "shop.owner", ["id"]);',
    'm.add_check("shop.item", "chk_qty", "qty >= 0");',
    'm.add_column("shop.item", (t) => { t.uuid("token").default_uuid(); });',
    'm.add_column("shop.item", (t) => { t.datetime("seen_at").default_now(); });',
    'm.add_column("shop.item", (t) => { t.date("seen_on").default_now(); });',
    'm.add_column("shop.item", (t) => { t.text("memo").default("x"); });',
    'm.add_column("shop.item", (t) => { t.integer("rank").optional(); });',
    'm.add_column("shop.item", (t) => { t.integer("rank").backfill(0); });',
    'm.add_column("shop.item", (t) => { t.string("code", 20).optional().unique(); });',
    'm.drop_column("shop.item", "note");',
    'm.rename_column("shop.item", "note", "memo");',
    'm.rename_column("shop.item", "status", "state");',
    'm.create_index("shop.item", ["qty"], { name: "idx_item_qty" });',
  ];
  const notSupported = (e: unknown) => e instanceof Error && /not supported|ALGORITHM=/i.test(e.message);
  for (const body of bodies) {
    test(body, async () => {
      await withTestDatabase("mysql", async (_url, driver) => {
        const { codes, statements } = await prepare(driver, body);
        const mariadb = /mariadb/i.test(driver.version);
        let worst: "none" | "rebuild" | "copy" = "none";
        for (const st of statements) {
          if (!/^alter table /i.test(st.sql)) {
            await driver.exec([st]);
            continue;
          }
          const tries = mariadb ? ["nocopy", "inplace"] : ["instant", "inplace"];
          let done = false;
          for (const [i, algorithm] of tries.entries()) {
            try {
              await driver.exec([{ sql: `${st.sql}, algorithm=${algorithm}` }]);
              done = true;
              // MySQL's INPLACE may still rebuild; only MariaDB's NOCOPY says "no rebuild" outright.
              if (i === 1 && worst === "none") worst = "rebuild";
              break;
            } catch (e) {
              if (!notSupported(e)) throw e;
            }
          }
          if (!done) {
            await driver.exec([st]);
            worst = "copy";
          }
        }
        const reported = codes.includes("L_MYSQL_COPY") ? "copy" : codes.includes("L_MYSQL_REBUILD") ? "rebuild" : "none";
        expect({ body, server: worst, reported }).toEqual({ body, server: worst, reported: worst });
      });
    });
  }
});
