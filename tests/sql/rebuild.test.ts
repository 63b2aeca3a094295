/**
 * SQLite's table rebuild, executed: rows of the rebuilt table and of its children (including
 * ON DELETE CASCADE children) survive, foreign keys still act afterwards, a violated foreign key
 * fails the whole transaction, and the guards refuse to run when foreign keys are on or when the
 * table has triggers. Views on the table keep working. Each ends with the database holding exactly
 * the schema the plan built (or, after a failure, the one before it).
 */
import { describe, expect, test } from "bun:test";
import type { Operation } from "../../src/dsl/operations";
import { emptySchema } from "../../src/model/types";
import { plan } from "../../src/sql/plan";
import { expectNoDrift, driftOf } from "../support/drift";
import { count, expectFailure } from "./support/cases";
import { withDatabase, type Exec } from "./support/exec";
import { blog, col, fk, str } from "./support/model";
import { FINAL_FK_CHECK } from "./support/sqlite";

const U = "'00000000-0000-4000-8000-0000000000a1'";
const P = "'00000000-0000-4000-8000-0000000000b1'";

async function seeded(x: Exec): Promise<ReturnType<typeof plan>["schema"]> {
  const p = plan(blog, emptySchema, x.caps);
  await x.apply(p);
  await x.query(`insert into auth_user (id, email) values (${U}, 'a@example.com')`);
  await x.query(`insert into blog_post (id, author_id, body, title) values (${P}, ${U}, 'body', 'first')`);
  await x.query(`insert into blog_post (author_id, body, title) values (${U}, 'body', 'second')`);
  await x.query(`insert into blog_comment (post_id, body) values (${P}, 'c1'), (${P}, 'c2')`);
  return p.schema;
}

const widenTitle: Operation = { op: "alter_column", ref: "blog.post", column: col("title", str(300)) };

describe("SQLite table rebuild", () => {
  test("a parent table's rebuild keeps its rows, its children's rows, and the cascade", async () => {
    await withDatabase("sqlite", async (x) => {
      const schema = await seeded(x);
      const p = plan([widenTitle], schema, x.caps);
      expect(p.before.map((s) => s.sql)).toEqual(["pragma foreign_keys = off"]);
      expect(p.after.map((s) => s.sql)).toEqual(["pragma legacy_alter_table = off", "pragma foreign_keys = on"]);
      expect(p.notes).toEqual(["SQLite: table rebuild for blog_post"]);
      await x.apply(p);
      await expectNoDrift(x.driver, p.schema);
      expect(await count(x, "blog_post")).toBe(2);
      expect(await count(x, "blog_comment")).toBe(2);
      expect((await x.query("pragma foreign_keys"))[0]).toEqual({ foreign_keys: 1 });
      expect(await x.query("pragma foreign_key_check")).toEqual([]);
      await x.query(`insert into blog_post (author_id, body, title) values (${U}, 'b', '${"t".repeat(300)}')`);
      await expectFailure(x.query(`insert into blog_comment (post_id, body) values ('nope', 'x')`), /FOREIGN KEY/);
      // The cascade chain still acts: user → posts → comments.
      await x.query(`delete from auth_user where id = ${U}`);
      expect([await count(x, "blog_post"), await count(x, "blog_comment")]).toEqual([0, 0]);
    });
  });

  test("a child table's rebuild (new foreign key action) keeps its rows", async () => {
    await withDatabase("sqlite", async (x) => {
      const schema = await seeded(x);
      const ops: Operation[] = [
        { op: "drop_foreign_key", ref: "blog.comment", name: "fk_blog_comment_post_id" },
        { op: "add_foreign_key", ref: "blog.comment", foreignKey: fk("blog.comment", "post_id", "blog.post", "RESTRICT") },
      ];
      const p = plan(ops, schema, x.caps);
      await x.apply(p);
      await expectNoDrift(x.driver, p.schema);
      expect(await count(x, "blog_comment")).toBe(2);
      await expectFailure(x.query(`delete from blog_post where id = ${P}`), /FOREIGN KEY/);
    });
  });

  test("a rebuild that leaves a violated foreign key fails and rolls back; foreign keys are back on", async () => {
    await withDatabase("sqlite", async (x) => {
      const schema = await seeded(x);
      await x.query("pragma foreign_keys = off");
      await x.query(`insert into blog_comment (post_id, body) values ('missing', 'orphan')`);
      await x.query("pragma foreign_keys = on");
      await expectFailure(
        x.apply(plan([{ op: "alter_column", ref: "blog.comment", column: col("body", "text", { nullable: true }) }], schema, x.caps)),
        /CHECK constraint failed: foreign key violations after rebuilding blog_comment/,
      );
      expect((await x.query("select sql from sqlite_master where name = 'blog_comment'"))[0]!.sql).toContain('"body" text not null');
      expect(await count(x, "blog_comment")).toBe(3);
      expect((await x.query("pragma foreign_keys"))[0]).toEqual({ foreign_keys: 1 });
      await expectNoDrift(x.driver, schema);
    });
  });

  test("statements after the rebuild run with foreign keys off too: the plan ends with a whole-database check", async () => {
    await withDatabase("sqlite", async (x) => {
      const schema = await seeded(x);
      const ops: Operation[] = [widenTitle, { op: "sql", sql: "insert into blog_comment (post_id, body) values (?, ?)", args: ["missing", "orphan"] }];
      const p = plan(ops, schema, x.caps);
      expect(p.statements.slice(-3).map((s) => s.sql)).toEqual(FINAL_FK_CHECK);
      await expectFailure(x.apply(p), /CHECK constraint failed: foreign key violations \(foreign keys were off for a table rebuild\)/);
      expect(await count(x, "blog_comment")).toBe(2);
      expect((await x.query("select sql from sqlite_master where name = 'blog_post'"))[0]!.sql).toContain("varchar(200)");
      await expectNoDrift(x.driver, schema);
    });
  });

  test("run with foreign keys on (before-statements skipped), the rebuild refuses before touching anything", async () => {
    await withDatabase("sqlite", async (x) => {
      const schema = await seeded(x);
      const p = plan([widenTitle], schema, x.caps);
      await expectFailure(x.apply({ ...p, before: [] }), /foreign keys are on: run the plan's before-statements outside the transaction/);
      expect([await count(x, "blog_post"), await count(x, "blog_comment")]).toEqual([2, 2]);
      await expectNoDrift(x.driver, schema);
    });
  });

  test("a table with triggers is refused by name; views on the table keep working", async () => {
    await withDatabase("sqlite", async (x) => {
      const schema = await seeded(x);
      await x.query("create view post_titles as select title from blog_post");
      const widened = plan([widenTitle], schema, x.caps);
      await x.apply(widened);
      expect((await x.query("select count(*) as n from post_titles"))[0]).toEqual({ n: 2 });
      await x.query("create trigger post_touch after update on blog_post begin select 1; end");
      const again: Operation = { op: "alter_column", ref: "blog.post", column: col("title", str(400)) };
      await expectFailure(x.apply(plan([again], widened.schema, x.caps)), /blog_post has triggers, which rebuilding the table would drop/);
      expect(await count(x, "sqlite_master", "type = 'trigger'")).toBe(1);
      // The schema is what the widening made; the view and the trigger are the user's, named apart.
      expect(await driftOf(x.driver, widened.schema)).toEqual(["unmanaged view post_titles: a view", "unmanaged trigger blog_post.post_touch: a trigger"]);
    });
  });
});
