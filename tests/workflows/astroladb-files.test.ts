/**
 * Migration files in the shapes AstrolaDB writes and documents (fixtures written for this project
 * after AstrolaDB's generator template and DSL reference), run unchanged by `alab migrate` and
 * `alab rollback` on every database, each step ending with the database holding exactly the
 * schema the applied files build.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Driver } from "../../src/db/driver";
import type { Dialect } from "../../src/sql/dialect";
import { migrate } from "../../src/workflows/migrate";
import { rollback } from "../../src/workflows/rollback";
import { historyOf, MIGRATE_DEFAULTS, type Project, tablesOf, withProject } from "../db/fixtures";
import { schemaOfFirst } from "../support/applied-schema";
import { availableDialects } from "../support/db";
import { expectNoDrift } from "../support/drift";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { generate } from "../../src/workflows/new";
import { readSnapshot } from "../../src/workflows/project/snapshot-file";
import { status, statusJson } from "../../src/workflows/status";
import { columnsOf, failure, ROLLBACK_ONE, rowsOf } from "./azul-support";

setDefaultTimeout(60_000);
const dialects = await availableDialects();
const quiet = () => undefined;

const TAGS = `export default migration({
  up(m) {
    // Table: blog.tag
    m.create_table("blog.tag", (t) => {
      t.id();
      t.string("name", 50).unique();
      t.timestamps();
    });
    m.create_table("blog.post", (t) => {
      t.id();
      t.belongs_to("blog.tag");
      t.string("title", 200);
    });
    m.create_index("blog.post", ["tag_id"]);
  },

  down(m) {
    m.drop_table("blog.post");
    m.drop_table("blog.tag");
  },
});
`;

const RENAME = `export default migration({
  up(m) {
    m.rename_table("blog.tag", "label");
  },

  down(m) {
    m.rename_table("blog.label", "tag");
  },
});
`;

/** What AstrolaDB's generator writes today: header comments, description and revisions, then up/down. */
const GENERATED_001 = `// Migration: init
// Generated at: 2026-02-01 14:30:22

export default migration({
  description: "auth users",
  up_revision: "001_20260201_143022",
  down_revision: null,

  up(m) {
    // Table: auth.user
    m.create_table("auth.user", (t) => {
      t.id();
      t.string("email", 255).unique();
      t.boolean("is_active").default(true);
      t.timestamps();
    });
  },

  down(m) {
    m.drop_table("auth.user");
  },
});
`;

const GENERATED_002 = `// Migration: bio
// Generated at: 2026-02-02 09:00:00

export default migration({
  description: null,
  up_revision: "002_20260202_090000",
  down_revision: "001_20260201_143022",

  up(m) {
    m.add_column("auth.user", (c) => c.text("bio").optional());
  },

  down(m) {
    m.drop_column("auth.user", "bio");
  },
});
`;

/** A file from another branch, generated after 001 as well. */
const OTHER_BRANCH = GENERATED_002.replace("002_20260202_090000", "003_20260203_080000").replace('c.text("bio")', 'c.string("nick", 30)').replace('"bio");', '"nick");');

/** Written by hand: the columns in the author's order, not the generator's. */
const BY_HAND = `export default migration({
  up(m) {
    m.create_table("shop.product", (t) => {
      t.id();
      t.string("sku", 40).unique();
      t.string("name", 200);
      t.decimal("price", 10, 2);
      t.text("description").optional();
      t.timestamps();
      t.boolean("active").default(true);
    });
  },
  down(m) {
    m.drop_table("shop.product");
  },
});
`;

/** Schema files in the shape of AstrolaDB's demo and examples, with the API metadata they use. */
const DEMO_SCHEMAS: Record<string, string> = {
  "auth/role.js": `export default table({
  id: col.id(),
  name: col.name().unique(),
}).timestamps().many_to_many("auth.user");
`,
  "auth/user.js": `export default table({
  id: col.id().read_only(),
  email: col.email().unique().format("email"),
  username: col.username().unique(),
  password: col.password_hash().write_only(),
  internal_note: col.text().optional().hidden(),
  is_active: col.flag(true),
})
  .timestamps()
  .filterable(["is_active", "created_at"])
  .sort_by(["-created_at"]);
`,
  "blog/post.js": `export default table({
  id: col.id(),
  author: col.belongs_to("auth.user"),
  title: col.title(),
  slug: col.slug().unique(),
  body: col.body(),
  status: col.enum(["draft", "published", "archived"]).default("draft"),
  published_at: col.datetime().optional().read_only(),
})
  .timestamps()
  .soft_delete()
  .searchable(["title", "body"]);
`,
  "blog/tag.js": `export default table({
  id: col.id(),
  name: col.name().unique(),
}).docs("labels").deprecated("use blog.label");
`,
  "blog/post_tag.js": `export default table({
  id: col.id(),
  post_id: col.belongs_to("blog.post"),
  tag_id: col.belongs_to("blog.tag"),
  weight: col.integer().default(0),
}).junction();
`,
};

/** AstrolaDB's partial alter_column (its DSL reference's examples), up and down. */
const ALTERS = `export default migration({
  up(m) {
    m.alter_column("auth.user", "email", (c) => c.set_type("varchar", 500).set_not_null());
    m.alter_column("auth.user", "is_active", (c) => c.set_default(false).set_nullable());
    m.alter_column("auth.user", "created_at", (c) => c.drop_default());
    m.alter_column("auth.user", "updated_at", (c) => c.set_server_default("CURRENT_TIMESTAMP").set_nullable());
  },

  down(m) {
    m.alter_column("auth.user", "updated_at", (c) => c.set_not_null());
    m.alter_column("auth.user", "created_at", (c) => c.set_server_default("now()"));
    m.alter_column("auth.user", "is_active", (c) => c.set_default(true).set_not_null().backfill(true));
    m.alter_column("auth.user", "email", (c) => c.set_type("string", 255));
  },
});
`;

/** sql({...}) per database: a default, and a server default set by the partial alter_column. */
const RAW_DEFAULTS = `export default migration({
  up(m) {
    m.create_table("shop.coupon", (t) => {
      t.id();
      t.string("code", 20).default(sql({ postgres: "upper('new')", mysql: "upper('new')", sqlite: "upper('new')" }));
      t.integer("uses").default(0);
    });
    m.alter_column("shop.coupon", "uses", (c) => c.set_server_default(sql({ postgres: "1 + 2", mysql: "1 + 2", sqlite: "1 + 2" })));
  },
  down(m) {
    m.drop_table("shop.coupon");
  },
});
`;

const POSTGRES_ONLY = `export default migration({
  up(m) {
    m.add_column("shop.coupon", (t) => t.text("note").optional().default(sql({ postgres: "'pg'::text" })));
  },
  down(m) {
    m.drop_column("shop.coupon", "note");
  },
});
`;

/** AstrolaDB's computed-columns page, as a schema file of this project. */
const PERSON = `export default table({
  id: col.id(),
  first_name: col.string(50),
  last_name: col.string(50),
  full_name: col.text().computed(fn.concat(fn.col("first_name"), " ", fn.col("last_name"))),
  name_upper: col.string(50).computed(fn.upper(fn.col("first_name"))).virtual(),
  price: col.decimal(10, 2),
  qty: col.decimal(10, 2),
  total: col.decimal(12, 2).computed(fn.mul(fn.col("price"), fn.col("qty"))),
});
`;

async function noDrift(project: Project, driver: Driver, applied: number, _dialect: Dialect): Promise<void> {
  await expectNoDrift(driver, await schemaOfFirst(project.config, applied));
}

describe.each(dialects)("AstrolaDB's migration files on %s", (dialect: Dialect) => {
  test("description, up_revision and down_revision: accepted, the description shown by status, the order checked", () =>
    withProject(dialect, { "001_20260201_143022_init.js": GENERATED_001, "002_20260202_090000_bio.js": GENERATED_002 }, async (project, driver) => {
      await migrate(project.config, MIGRATE_DEFAULTS, quiet);
      await noDrift(project, driver, 2, dialect);
      const s = statusJson(await status(project.config));
      expect(s.migrations.map((m) => [m.revision, m.state, m.description])).toEqual([
        ["001", "applied", "auth users"],
        ["002", "applied", null],
      ]);
      expect(s.revision_problems).toEqual([]);

      await project.write("003_20260203_080000_nick.js", OTHER_BRANCH);
      const e = await failure(migrate(project.config, MIGRATE_DEFAULTS, quiet));
      expect([e.code, e.message]).toEqual(["E_MIGRATION_REVISION", '003_20260203_080000_nick.js says down_revision "001_20260201_143022", but the migration before it is 002_20260202_090000_bio.js']);
      expect(e.hint).toContain("alab rebase");
      expect(statusJson(await status(project.config)).revision_problems).toEqual([e.message]);
      expect(await historyOf(driver)).toEqual(["001:1", "002:1"]);

      await project.write("003_20260203_080000_nick.js", OTHER_BRANCH.replace('down_revision: "001_20260201_143022"', 'down_revision: "002_20260202_090000"'));
      await migrate(project.config, MIGRATE_DEFAULTS, quiet);
      await noDrift(project, driver, 3, dialect);
      await rollback(project.config, { ...ROLLBACK_ONE, target: { kind: "all" } }, quiet);
      expect(await tablesOf(driver)).toEqual([]);
    }));

  test("AstrolaDB's demo schemas with API metadata and _id relation keys: generated, applied, kept in the snapshot, no SQL", () =>
    withProject(dialect, {}, async (project, driver) => {
      for (const [file, text] of Object.entries(DEMO_SCHEMAS)) {
        const path = join(project.dir, "schemas", file);
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, text);
      }
      const first = await generate(project.config, { name: "start" });
      expect(first.kind).toBe("written");
      const text = await Bun.file(join(project.dir, "migrations", "001_start.js")).text();
      for (const line of ['.format("email")', ".write_only()", ".hidden()", 't.searchable(["title", "body"]);', 't.sort_by(["-created_at"]);', 't.junction("blog.post", "blog.tag");', 't.deprecated("use blog.label");', 't.belongs_to("blog.post");']) {
        expect(text).toContain(line);
      }
      const snapshot = (await readSnapshot(project.config))?.schema;
      expect(snapshot?.tables["blog.post"]?.api).toEqual({ searchable: ["title", "body"] });
      expect(snapshot?.tables["blog.post_tag"]?.api).toEqual({ junction: { source: "blog.post", target: "blog.tag" } });
      expect(snapshot?.tables["auth.user"]?.columns.find((c) => c.name === "password")?.api).toEqual({ writeOnly: true });
      expect(snapshot?.tables["blog.post_tag"]?.foreignKeys.map((k) => k.columns)).toEqual([["post_id"], ["tag_id"]]);
      expect((await generate(project.config, { name: "again" })).kind).toBe("noChanges");

      await migrate(project.config, MIGRATE_DEFAULTS, quiet);
      expect(await columnsOf(driver, "blog_post_tag")).toEqual(["id", "post_id", "tag_id", "weight"]);
      await noDrift(project, driver, 1, dialect);

      // A column's API hint changes: a migration that carries it and runs no SQL.
      await writeFile(join(project.dir, "schemas", "auth/user.js"), DEMO_SCHEMAS["auth/user.js"]!.replace(".hidden()", '.hidden().format("markdown")'));
      const second = await generate(project.config, { name: "hint" });
      if (second.kind !== "written") throw new Error("expected a migration");
      expect(second.changes).toEqual(['change column auth.user.internal_note: api { "hidden": true } -> { "format": "markdown", "hidden": true }']);
      await migrate(project.config, MIGRATE_DEFAULTS, quiet);
      await noDrift(project, driver, 2, dialect);
      await rollback(project.config, { ...ROLLBACK_ONE, target: { kind: "all" } }, quiet);
      expect(await tablesOf(driver)).toEqual([]);
    }));

  test("alter_column in AstrolaDB's form: set_type, set_nullable, set_not_null, set_default, drop_default, set_server_default, up and down", () =>
    withProject(dialect, { "001_20260201_143022_init.js": GENERATED_001, "002_alters.js": ALTERS }, async (project, driver) => {
      await migrate(project.config, MIGRATE_DEFAULTS, quiet);
      await noDrift(project, driver, 2, dialect);
      const user = (await schemaOfFirst(project.config, 2)).tables["auth.user"];
      expect(user?.columns.filter((c) => c.name !== "id").map((c) => [c.name, c.type.kind === "string" ? c.type.length : c.type.kind, c.nullable, c.default === undefined ? "-" : JSON.stringify(c.default)])).toEqual([
        ["email", 500, false, "-"],
        ["is_active", "boolean", true, '{"kind":"literal","value":false}'],
        ["created_at", "datetime", false, "-"],
        ["updated_at", "datetime", true, '{"kind":"expr","expr":"now"}'],
      ]);
      await driver.exec([{ sql: "INSERT INTO auth_user (id, email, created_at) VALUES ('00000000-0000-4000-8000-000000000001', 'a@b.c', '2026-01-01 00:00:00')" }]);
      await rollback(project.config, ROLLBACK_ONE, quiet);
      await noDrift(project, driver, 1, dialect);
      await rollback(project.config, ROLLBACK_ONE, quiet);
      expect(await tablesOf(driver)).toEqual([]);
    }));

  test("sql({ postgres, mysql, sqlite }) as a default and a server default; a database it has no SQL for is a clear error", () =>
    withProject(dialect, { "001_coupons.js": RAW_DEFAULTS }, async (project, driver) => {
      await migrate(project.config, MIGRATE_DEFAULTS, quiet);
      await driver.exec([{ sql: "INSERT INTO shop_coupon (id) VALUES ('00000000-0000-4000-8000-000000000001')" }]);
      expect(await rowsOf(driver, "SELECT code, uses FROM shop_coupon")).toEqual([["NEW", "3"]]);
      await noDrift(project, driver, 1, dialect);
      await project.write("002_note.js", POSTGRES_ONLY);
      if (dialect === "postgres") {
        await migrate(project.config, MIGRATE_DEFAULTS, quiet);
        await noDrift(project, driver, 2, dialect);
      } else {
        const e = await failure(migrate(project.config, MIGRATE_DEFAULTS, quiet));
        expect([e.code, e.message]).toEqual(["E_SQL_NO_DIALECT_SQL", `the default of shop_coupon.note is sql({ postgres }), which has no SQL for ${dialect}`]);
        expect(await historyOf(driver)).toEqual(["001:1"]);
      }
    }));

  test("generated columns: .computed(fn...) stored, .virtual(), generated, applied, computed by the database, changed by drop and add", () =>
    withProject(dialect, {}, async (project, driver) => {
      const path = join(project.dir, "schemas", "crm", "person.js");
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, PERSON);
      expect((await generate(project.config, { name: "people" })).kind).toBe("written");
      const text = await Bun.file(join(project.dir, "migrations", "001_people.js")).text();
      expect(text).toContain('t.text("full_name").computed(fn.concat(fn.col("first_name"), " ", fn.col("last_name")));');
      expect(text).toContain('.computed(fn.upper(fn.col("first_name"))).virtual();');
      await migrate(project.config, MIGRATE_DEFAULTS, quiet);
      await driver.exec([{ sql: "INSERT INTO crm_person (id, first_name, last_name, price, qty) VALUES ('00000000-0000-4000-8000-000000000001', 'Ada', 'Lovelace', '2.50', '4')" }]);
      expect(await rowsOf(driver, "SELECT full_name, name_upper, total FROM crm_person")).toEqual([["Ada Lovelace", "ADA", dialect === "sqlite" ? "10.0" : "10.00"]]);
      await noDrift(project, driver, 1, dialect);

      await writeFile(path, PERSON.replace('" ", fn.col("last_name")', '", ", fn.col("last_name")'));
      const second = await generate(project.config, { name: "comma" });
      if (second.kind !== "written") throw new Error("expected a migration");
      expect(second.changes).toEqual(["drop column crm.person.full_name", "add column crm.person.full_name"].map((c) => expect.stringContaining(c)) as never);
      await migrate(project.config, MIGRATE_DEFAULTS, quiet);
      expect(await rowsOf(driver, "SELECT full_name FROM crm_person")).toEqual([["Ada, Lovelace"]]);
      await noDrift(project, driver, 2, dialect);
      await rollback(project.config, { ...ROLLBACK_ONE, target: { kind: "all" } }, quiet);
      expect(await tablesOf(driver)).toEqual([]);
    }));

  test("a hand-written create_table keeps the author's column order; the schema state is the same as sorted", () =>
    withProject(dialect, { "001_products.js": BY_HAND }, async (project, driver) => {
      await migrate(project.config, MIGRATE_DEFAULTS, quiet);
      expect(await columnsOf(driver, "shop_product")).toEqual(["id", "sku", "name", "price", "description", "created_at", "updated_at", "active"]);
      await noDrift(project, driver, 1, dialect);
      const state = await schemaOfFirst(project.config, 1);
      expect(state.tables["shop.product"]?.columns.map((c) => c.name)).toEqual(["id", "active", "description", "name", "price", "sku", "created_at", "updated_at"]);
      await rollback(project.config, ROLLBACK_ONE, quiet);
      expect(await tablesOf(driver)).toEqual([]);
    }));

  test('rename_table("blog.tag", "label") keeps the namespace; its down and rollback --all reverse it', () =>
    withProject(dialect, { "001_tags.js": TAGS, "002_rename.js": RENAME }, async (project, driver) => {
      await migrate(project.config, MIGRATE_DEFAULTS, quiet);
      expect(await tablesOf(driver)).toEqual(["blog_label", "blog_post"]);
      await noDrift(project, driver, 2, dialect);
      await rollback(project.config, ROLLBACK_ONE, quiet);
      expect(await tablesOf(driver)).toEqual(["blog_post", "blog_tag"]);
      await noDrift(project, driver, 1, dialect);
      await migrate(project.config, MIGRATE_DEFAULTS, quiet);
      await rollback(project.config, { ...ROLLBACK_ONE, target: { kind: "all" } }, quiet);
      expect([await tablesOf(driver), await historyOf(driver)]).toEqual([[], []]);
    }));
});
