/**
 * Hand changes on SQLite after alab built a schema: each kind is seen, in the words `alab new`
 * uses, and nothing else is (tests/support/drift.ts over the real introspection). What SQLite
 * cannot ALTER is changed by hand the way SQLite documents it: the table made again from its
 * stored CREATE text, edited.
 */
import { describe, expect, test } from "bun:test";
import { emptySchema, type Schema } from "../../../src/model/types";
import { plan } from "../../../src/sql/plan";
import { driftOf } from "../../support/drift";
import { type Exec, withDatabase } from "../../sql/support/exec";
import { comment, create, post, user } from "../../sql/support/model";

const postWithMore = {
  ...post,
  indexes: [...post.indexes, { name: "idx_blog_post_title", columns: ["title"], unique: false }],
  checks: [{ name: "title_not_blank", expr: "title <> ''" }],
};
const OPS = [create(user), create(postWithMore), create(comment)];

/** A step of a hand change: SQL, or a table made again from its CREATE text with `from` replaced by `to`. */
type Hand = string | { readonly table: string; readonly from: string; readonly to: string };

async function remake(x: Exec, h: Exclude<Hand, string>): Promise<void> {
  const [row] = await x.query<{ sql: string }>(`select sql from sqlite_master where type = 'table' and name = '${h.table}'`);
  if (row === undefined || !row.sql.includes(h.from)) throw new Error(`test: ${h.table}'s CREATE text has no ${h.from}`);
  const indexes = await x.query<{ sql: string }>(`select sql from sqlite_master where type = 'index' and tbl_name = '${h.table}' and sql is not null`);
  const sql = row.sql.replace(h.from, h.to).replace(`CREATE TABLE "${h.table}"`, `CREATE TABLE "${h.table}_hand"`);
  await x.run([{ sql: "pragma foreign_keys = off" }]);
  await x.run([
    { sql },
    { sql: `insert into "${h.table}_hand" select * from "${h.table}"` },
    { sql: `drop table "${h.table}"` },
    { sql: "pragma legacy_alter_table = on" },
    { sql: `alter table "${h.table}_hand" rename to "${h.table}"` },
    { sql: "pragma legacy_alter_table = off" },
    ...indexes.map((i) => ({ sql: i.sql })),
  ]);
  await x.run([{ sql: "pragma foreign_keys = on" }]);
}

/** Builds the schema with alab, makes the hand changes, and returns the drift. */
async function driftAfter(hand: readonly Hand[]): Promise<string[]> {
  let out: string[] = [];
  await withDatabase("sqlite", async (x) => {
    const p = plan(OPS, emptySchema, x.caps);
    await x.apply(p);
    for (const h of hand) {
      if (typeof h === "string") await x.query(h);
      else await remake(x, h);
    }
    out = await driftOf(x.driver, p.schema as Schema);
  });
  return out;
}

const cases: readonly (readonly [string, readonly Hand[], readonly string[]])[] = [
  ["nothing changed by hand", [], []],
  // A varchar without alab's length check holds any length: it is text to alab.
  ["an extra column", ["alter table blog_post add column legacy_code varchar(10)"], ["add column blog.post.legacy_code text (optional)"]],
  [
    "an extra column as alab writes a string",
    [`alter table blog_post add column legacy_code varchar(10) constraint "chk_blog_post_legacy_code_length" check (length("legacy_code") <= 10)`],
    ["add column blog.post.legacy_code string(10) (optional)"],
  ],
  ["a missing column", ["alter table blog_post drop column body"], ["drop column blog.post.body"]],
  ["an extra table", ["create table rogue_audit (id integer not null primary key, note text)"], ["add table rogue_audit"]],
  ["a missing table", ["drop table blog_comment"], ["drop table blog.comment"]],
  ["an extra index", ["create index idx_rogue on blog_post (status, title)"], ["add index idx_rogue (status, title) on blog.post"]],
  ["a missing index", ["drop index idx_blog_post_title"], ["drop index idx_blog_post_title (title) on blog.post"]],
  ["a missing unique", [{ table: "auth_user", from: `, constraint "uq_auth_user_email" unique ("email")`, to: "" }], ["change column auth.user.email: no longer unique"]],
  [
    "an extra foreign key",
    [{ table: "blog_post", from: `constraint "fk_blog_post_author_id"`, to: `constraint "fk_rogue" foreign key ("title") references "blog_post" ("title"), constraint "fk_blog_post_author_id"` }],
    ["add foreign key fk_rogue (title) -> blog.post (title) on delete NO ACTION on update NO ACTION on blog.post"],
  ],
  [
    "a missing foreign key",
    [{ table: "blog_comment", from: `, constraint "fk_blog_comment_post_id" foreign key ("post_id") references "blog_post" ("id") on delete cascade`, to: "" }],
    ["drop foreign key fk_blog_comment_post_id on blog.comment"],
  ],
  [
    "a foreign key's action changed",
    [{ table: "blog_post", from: `references "auth_user" ("id") on delete cascade`, to: `references "auth_user" ("id") on update cascade` }],
    ["change foreign key fk_blog_post_author_id on blog.post: foreign key fk_blog_post_author_id (author_id) -> auth.user (id) on delete NO ACTION on update CASCADE"],
  ],
  [
    "an extra check",
    [{ table: "blog_post", from: `constraint "title_not_blank"`, to: `constraint "chk_rogue" check (length(title) > 3), constraint "title_not_blank"` }],
    ["add check chk_rogue on blog.post: length(title) > 3"],
  ],
  ["a missing check", [{ table: "blog_post", from: `, constraint "title_not_blank" check (title <> '')`, to: "" }], ["drop check title_not_blank on blog.post"]],
  ["a check's expression changed", [{ table: "blog_post", from: "check (title <> '')", to: "check (title <> 'x')" }], ["change check title_not_blank on blog.post: title <> '' -> title <> 'x'"]],
  ["a check's spelling changed, not its meaning", [{ table: "blog_post", from: "check (title <> '')", to: `CHECK (("TITLE" != ''))` }], []],
  [
    "a missing enum check: the column is plain text",
    [{ table: "blog_post", from: ` constraint "chk_blog_post_status_enum" check ("status" in ('draft', 'published', 'archived'))`, to: "" }],
    ['change column blog.post.status: type enum("draft", "published", "archived") -> text'],
  ],
  [
    "changed enum values",
    [{ table: "blog_post", from: `('draft', 'published', 'archived')`, to: `('draft', 'published')` }],
    ['change column blog.post.status: type enum("draft", "published", "archived") -> enum("draft", "published")'],
  ],
  [
    "a type change",
    [{ table: "blog_post", from: `"title" varchar(200) not null constraint "chk_blog_post_title_length" check (length("title") <= 200)`, to: `"title" varchar(300) not null constraint "chk_blog_post_title_length" check (length("title") <= 300)` }],
    ["change column blog.post.title: type string(200) -> string(300)"],
  ],
  ["a boolean that lost its 0/1 check", [{ table: "auth_user", from: ` constraint "chk_auth_user_is_active_bool" check ("is_active" in (0, 1))`, to: "" }], ["change column auth.user.is_active: type boolean -> integer"]],
  ["a default change", [{ table: "auth_user", from: `"is_active" integer default 1`, to: `"is_active" integer default 0` }], ["change column auth.user.is_active: default true -> false"]],
  ["a dropped default", [{ table: "auth_user", from: `"is_active" integer default 1`, to: `"is_active" integer` }], ["change column auth.user.is_active: default true -> none"]],
  ["a nullability change", [{ table: "blog_post", from: `"body" text not null`, to: `"body" text` }], ["change column blog.post.body: now optional (NULL allowed)"]],
  [
    "what the model cannot hold is named",
    [
      "alter table blog_post add column notes int",
      "create view post_titles as select title from blog_post",
      "create trigger post_touch after update on blog_post begin select 1; end",
      "create index idx_draft_posts on blog_post (title) where status = 'draft'",
    ],
    [
      'add column blog.post.notes sql_type("int") (optional)',
      "add index idx_draft_posts (title) where status = 'draft' on blog.post",
      "unmanaged view post_titles: a view",
      "unmanaged trigger blog_post.post_touch: a trigger",
    ],
  ],
];

describe("sqlite hand changes", () => {
  test.each(cases)("%s", async (_what, hand, expected) => {
    expect(await driftAfter(hand)).toEqual([...expected]);
  });
});
