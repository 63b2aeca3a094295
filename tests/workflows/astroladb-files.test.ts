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
import { ROLLBACK_ONE } from "./azul-support";

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

async function noDrift(project: Project, driver: Driver, applied: number, dialect: Dialect): Promise<void> {
  if (dialect === "sqlite") return; // SQLite introspection is not on main yet
  await expectNoDrift(driver, await schemaOfFirst(project.config, applied));
}

describe.each(dialects)("AstrolaDB's migration files on %s", (dialect: Dialect) => {
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
