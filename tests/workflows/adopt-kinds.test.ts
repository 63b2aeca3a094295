/**
 * Issue 11's kinds end to end, as a team adopting a database would use them: schema files (some
 * without a namespace) with serial and bigserial keys, a composite-key join table, smallint,
 * bigint, char(n), timestamps with and without time zone, a native enum, named and descending
 * indexes; `alab new` writes the migration, `alab migrate` runs it on every database and the
 * database holds exactly the snapshot; an edit (an enum value, a column) migrates with rows intact,
 * and a second `alab new` finds nothing to do.
 */
import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { resolveConfig } from "../../src/config";
import type { Dialect } from "../../src/sql/dialect";
import { migrate } from "../../src/workflows/migrate";
import { generate } from "../../src/workflows/new";
import { readSnapshot } from "../../src/workflows/project/snapshot-file";
import { MIGRATE_DEFAULTS } from "../db/fixtures";
import { availableDialects, withTestDatabase } from "../support/db";
import { expectNoDrift } from "../support/drift";
import { project, type Project } from "./project";

setDefaultTimeout(90_000);
const dialects = await availableDialects();

const USERS = (extra = "") => `export default table({
  id: col.serial(),
  email: col.string(255).unique(),
  country: col.char(2),
  mood: col.native_enum("mood", ["ok", "bad"${extra === "" ? "" : ', "meh"'}]).default("ok"),
  age: col.smallint().optional(),
  seen_at: col.timestamp(3).optional(),${extra}
}).index("seen_at desc", "email", { name: "users_recent" });
`;
const POSTS = `export default table({
  id: col.bigserial(),
  author: col.belongs_to("users").on_delete("cascade"),
  views: col.bigint().default(0),
  published_at: col.timestamptz().optional(),
});
`;
const TAGS = `export default table({
  id: col.serial(),
  label: col.string(50),
});
`;
const POST_TAGS = `export default table({
  post: col.belongs_to("blog.posts").on_delete("cascade"),
  tag: col.belongs_to("tags").on_delete("cascade"),
}).primary_key("post", "tag");
`;

let open: Project | undefined;
afterEach(async () => {
  await open?.dispose();
  open = undefined;
});

describe("adopted kinds through alab new and alab migrate", () => {
  test.each(dialects)("%s: the database holds the snapshot; an edit migrates with rows intact", async (dialect: Dialect) => {
    const p = await project({ demo: false });
    open = p;
    await p.write("schemas/users.js", USERS());
    await p.write("schemas/tags.js", TAGS);
    await p.write("schemas/blog/posts.js", POSTS);
    await p.write("schemas/blog/post_tags.js", POST_TAGS);
    const first = await generate(p.config, { name: "adopt" });
    expect(first.kind).toBe("written");
    const text = await p.read("migrations/001_adopt.js");
    expect(text).toContain('t.native_enum("mood", "mood", ["ok", "bad"]).default("ok");');
    expect(text.replace(/\s+/g, " ")).toContain('m.create_index("users", ["seen_at desc", "email"], { name: "users_recent", });');
    expect(text).toContain('t.primary_key("post_id", "tag_id");');

    await withTestDatabase(dialect, async (url, driver) => {
      const config = resolveConfig({ flags: { url }, env: {}, cwd: p.dir });
      await migrate(config, MIGRATE_DEFAULTS, () => undefined);
      await expectNoDrift(driver, (await readSnapshot(config))!.schema);

      await driver.exec([
        { sql: "insert into users (email, country, age) values ('a@x.io', 'fr', 30)" },
        { sql: "insert into tags (label) values ('news')" },
        { sql: "insert into blog_posts (author_id) values (1)" },
        { sql: "insert into blog_post_tags (post_id, tag_id) values (1, 1)" },
      ]);

      await p.write("schemas/users.js", USERS("\n  nickname: col.string(30).optional(),"));
      const second = await generate(p.config, { name: "more" });
      expect(second.kind).toBe("written");
      await migrate(config, MIGRATE_DEFAULTS, () => undefined);
      await expectNoDrift(driver, (await readSnapshot(config))!.schema);

      await driver.exec([{ sql: "update users set mood = 'meh', nickname = 'al' where id = 1" }]);
      const rows = await driver.query<{ email: string; mood: string; n: unknown }>({ sql: "select email, mood, (select count(*) from blog_post_tags) as n from users" });
      expect(rows.map((r) => [r.email, r.mood, Number(r.n)])).toEqual([["a@x.io", "meh", 1]]);
      expect((await generate(p.config, { name: "again" })).kind).toBe("noChanges");
    });
  });
});
