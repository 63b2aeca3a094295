import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { appendFile, readFile, writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { openIntrospector } from "../../src/db/open";
import { canonicalSchema } from "../../src/diff/canonical";
import { describeChange } from "../../src/diff/describe";
import { compareSchemas } from "../../src/inspect/compare";
import { RULES } from "../../src/inspect/dialects";
import { normalizeCatalog } from "../../src/inspect/normalize";
import { namespacedRef } from "../../src/codegen/schema-file";
import type { Dialect } from "../../src/sql/dialect";
import { baseline } from "../../src/workflows/baseline";
import { migrate } from "../../src/workflows/migrate";
import { generate } from "../../src/workflows/new";
import { pull } from "../../src/workflows/pull";
import { status } from "../../src/workflows/status";
import { parseSnapshot } from "../../src/workflows/project/snapshot-file";
import { MIGRATE_DEFAULTS } from "../db/fixtures";
import { availableDialects, withTestDatabase } from "../support/db";
import { driftOf } from "../support/drift";
import { failure } from "../support/failure";
import { folder, loadFixture } from "./adopt-support";

setDefaultTimeout(120_000);

const dialects = await availableDialects();

/**
 * What each fixture's pull makes of its tables. Every namespaced table is a schema file, whatever
 * its key (uuid, text, char, serial, bigserial); tables without a namespace stay raw SQL, and so
 * does order_items, whose foreign keys carry names (or, on SQLite, lack the index) col.belongs_to()
 * would not make. shop_address has a generated column, which a live database gives without an
 * expression alab reads yet: left out.
 */
const FILES = ["schemas/shop/currency.js", "schemas/shop/customer.js", "schemas/shop/tag.js", "schemas/shop/tagging.js"];
const EXPECTED: Record<Dialect, { files: string[]; raw: string[]; leftOut: string[]; rows: string }> = {
  postgres: { files: FILES, raw: ["categories", "order_items", "orders", "products"], leftOut: ["shop_address"], rows: "2" },
  mysql: { files: FILES, raw: ["categories", "order_items", "products"], leftOut: ["shop_address"], rows: "1" },
  sqlite: { files: ["schemas/shop/address.js", "schemas/shop/customer.js"], raw: ["categories", "order_items", "products"], leftOut: [], rows: "1" },
};

describe.each(dialects)("alab pull on %s", (dialect) => {
  test("pull writes files that build the database again: no drift on an empty database, baseline, then an edit migrates with rows intact", () =>
    withTestDatabase(dialect, async (url, original) => {
      await loadFixture(original, dialect);
      const f = await folder();
      try {
        const config = f.config(url);
        const r = await pull(config);
        const exp = EXPECTED[dialect];
        expect(r.files).toEqual(exp.files);
        expect(r.baseline).toBe("migrations/001_baseline.js");
        expect(r.raw.map((t) => t.table)).toEqual(exp.raw);
        expect(r.leftOut.map((t) => t.table)).toEqual(exp.leftOut);
        // The view is named, never dropped silently.
        expect(r.objects.some((o) => o.kind === "view")).toBe(true);

        // Right after a pull: nothing to generate.
        expect((await generate(config, { name: "nothing" })).kind).toBe("noChanges");

        // Item 4: the baseline builds, on an empty database, the tables it says it builds.
        const catalog = await (await openIntrospector(original)).catalog();
        const live = normalizeCatalog(catalog, RULES[dialect], { refOf: (sql) => namespacedRef(sql) ?? sql });
        const left = new Set(r.leftOut.map((t) => t.table));
        const built = canonicalSchema({ tables: Object.fromEntries(Object.entries(live.schema.tables).filter(([, t]) => !left.has(t.sqlName))) });
        expect(Object.keys(built.tables).length).toBeGreaterThanOrEqual(1);
        await withTestDatabase(dialect, async (emptyUrl, rebuilt) => {
          const fresh = f.config(emptyUrl);
          const run = await migrate(fresh, MIGRATE_DEFAULTS, () => undefined);
          expect(run.applied.map((a) => a.name)).toEqual(["baseline"]);
          const carried = r.objects.filter((o) => o.carried).map((o) => `unmanaged ${o.kind} ${o.table === undefined ? "" : `${o.table}.`}${o.name}: ${o.why}`);
          expect((await driftOf(rebuilt, built)).sort()).toEqual(carried.sort());
        });

        // Not adopted yet: status and migrate say so.
        expect((await status(config)).untracked.length).toBeGreaterThan(0);
        expect((await failure(migrate(config, MIGRATE_DEFAULTS, () => undefined))).code).toBe("E_UNTRACKED_DATABASE");

        const b = await baseline(config, { lockTimeoutSeconds: 10 });
        expect(b.recorded).toEqual(["001_baseline.js"]);
        expect(b.overridden).toEqual([]);
        expect((await baseline(config, { lockTimeoutSeconds: 10 })).recorded).toEqual([]);

        // Edit a pulled file, generate, migrate onto the adopted database.
        if (!r.files.includes("schemas/shop/customer.js")) return;
        const customer = join(f.dir, "schemas/shop/customer.js");
        await writeFile(customer, (await readFile(customer, "utf8")).replace("export default table({\n", "export default table({\n  phone: col.phone().optional(),\n"));
        const g = await generate(config, { name: "add_phone" });
        expect(g.kind).toBe("written");
        const applied = await migrate(config, MIGRATE_DEFAULTS, () => undefined);
        expect(applied.applied.map((a) => a.name)).toEqual(["add_phone"]);
        const [row] = await original.query<{ n: number | string }>({ sql: "select count(*) as n from shop_customer where phone is null" });
        expect(String(row?.n)).toBe(exp.rows);
        const snapshot = parseSnapshot(await readFile(join(f.dir, "migrations/alab.snapshot.json"), "utf8"), "snapshot");
        const after = normalizeCatalog(await (await openIntrospector(original)).catalog(), RULES[dialect], { expected: snapshot.schema });
        expect(compareSchemas(snapshot.schema, after.schema, { strict: false }).map(describeChange)).toEqual([]);
      } finally {
        await f.dispose();
      }
    }));

  test("the same database pulls to the same bytes", () =>
    withTestDatabase(dialect, async (url, driver) => {
      await loadFixture(driver, dialect);
      const [a, b] = [await folder(), await folder()];
      try {
        await pull(a.config(url));
        await pull(b.config(url));
        expect(await a.files()).toEqual(await b.files());
      } finally {
        await a.dispose();
        await b.dispose();
      }
    }));

  test("baseline refuses a database that differs from the migrations, naming the difference and recording nothing; --force records", () =>
    withTestDatabase(dialect, async (url, driver) => {
      await loadFixture(driver, dialect);
      const f = await folder();
      try {
        const config = f.config(url);
        const pulled = await pull(config);
        await driver.exec([{ sql: "alter table shop_customer drop column country" }]);
        if (pulled.files.length === 0) {
          // Every table is raw SQL (today on SQLite): nothing can be proven, and baseline says so.
          const trusted = await baseline(config, { lockTimeoutSeconds: 10 });
          expect(trusted.recorded).toEqual(["001_baseline.js"]);
          expect(trusted.otherTables).toEqual(EXPECTED[dialect].raw);
          expect(trusted.notReplayable.length).toBeGreaterThan(0);
          return;
        }
        const e = await failure(baseline(config, { lockTimeoutSeconds: 10 }));
        expect(e.code).toBe("E_BASELINE_MISMATCH");
        expect(e.exit).toBe(3);
        expect(e.details.join("\n")).toContain("country");
        expect(await (await openIntrospector(driver)).tableExists("alab_migrations")).toBe(false);
        const forced = await baseline(config, { lockTimeoutSeconds: 10, force: true });
        expect(forced.recorded).toEqual(["001_baseline.js"]);
        expect(forced.overridden.join("\n")).toContain("country");
      } finally {
        await f.dispose();
      }
    }));

  test("pull refuses to replace files without --force, and to add to a history; leaves every file as it was", () =>
    withTestDatabase(dialect, async (url, driver) => {
      await loadFixture(driver, dialect);
      const f = await folder();
      try {
        const config = f.config(url);
        await mkdir(join(f.dir, "schemas/shop"), { recursive: true });
        await writeFile(join(f.dir, "schemas/shop/customer.js"), "// mine\n");
        const before = await f.files();
        expect((await failure(pull(config))).code).toBe("E_PULL_FILES_EXIST");
        expect(await f.files()).toEqual(before);
        const forced = await pull(config, { force: true });
        if (EXPECTED[dialect].files.includes("schemas/shop/customer.js")) {
          expect(forced.files).toContain("schemas/shop/customer.js");
          expect((await f.files())["schemas/shop/customer.js"]).toStartWith("// Table shop.customer");
        } else {
          // No pulled table replaces it: kept, and said.
          expect(forced.kept).toEqual(["schemas/shop/customer.js"]);
          expect((await f.files())["schemas/shop/customer.js"]).toBe("// mine\n");
        }
        await appendFile(join(f.dir, "migrations/001_baseline.js"), "\n");
        const now = await f.files();
        expect((await failure(pull(config, { force: true }))).code).toBe("E_PULL_HAS_MIGRATIONS");
        expect(await f.files()).toEqual(now);
      } finally {
        await f.dispose();
      }
    }));

  test("pull of a database without tables says there is nothing to pull, and writes nothing", () =>
    withTestDatabase(dialect, async (url) => {
      const f = await folder();
      try {
        expect((await failure(pull(f.config(url)))).code).toBe("E_PULL_EMPTY");
        expect(await f.files()).toEqual({});
      } finally {
        await f.dispose();
      }
    }));
});

test("a baseline past the sandbox's limits is E_PULL_TOO_LARGE, and nothing is written", () =>
  withTestDatabase("sqlite", async (url, driver) => {
    const tables = Array.from({ length: 700 }, (_, i) => `create table shop_t${String(i).padStart(4, "0")} (id integer primary key, name text not null);`);
    await driver.exec([{ sql: tables.join("\n") }]);
    const f = await folder();
    try {
      const config = f.config(url);
      const small = { ...config, sandbox: { ...config.sandbox, memoryBytes: 2 * 1024 * 1024, timeoutMs: 1500 } };
      const e = await failure(pull(small));
      expect(e.code).toBe("E_PULL_TOO_LARGE");
      expect(e.message).toContain("nothing was written");
      expect(e.hint).toContain("ALAB_SANDBOX_MEMORY_MB");
      expect(await f.files()).toEqual({});
    } finally {
      await f.dispose();
    }
  }));
