/**
 * Hand changes on MySQL/MariaDB after alab built a schema: each kind is seen, in the words
 * `alab new` uses, and nothing else is (tests/support/drift.ts over the real introspection).
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { emptySchema, type Schema } from "../../../src/model/types";
import { plan } from "../../../src/sql/plan";
import { driftOf } from "../../support/drift";
import { requireService } from "../../support/services";
import { withDatabase } from "../../sql/support/exec";
import { comment, create, post, user } from "../../sql/support/model";

setDefaultTimeout(30_000);
const server = await requireService("mysql");

const postWithMore = {
  ...post,
  indexes: [...post.indexes, { name: "idx_blog_post_title", columns: ["title"], unique: false }],
  checks: [{ name: "title_not_blank", expr: "title <> ''" }],
};
const OPS = [create(user), create(postWithMore), create(comment)];

/** Builds the schema with alab, runs the hand-written SQL, and returns the drift. */
async function driftAfter(hand: readonly string[]): Promise<string[]> {
  let out: string[] = [];
  await withDatabase("mysql", async (x) => {
    const p = plan(OPS, emptySchema, x.caps);
    await x.apply(p);
    for (const sql of hand) await x.query(sql);
    out = await driftOf(x.driver, p.schema as Schema);
  });
  return out;
}

const cases: readonly (readonly [string, readonly string[], readonly string[]])[] = [
  ["nothing changed by hand", [], []],
  ["an extra column", ["alter table blog_post add column legacy_code varchar(10)"], ["add column blog.post.legacy_code string(10) (optional)"]],
  ["a missing column", ["alter table blog_post drop column body"], ["drop column blog.post.body"]],
  ["an extra table", ["create table rogue_audit (id int not null primary key, note longtext)"], ["add table rogue_audit"]],
  ["a missing table", ["drop table blog_comment"], ["drop table blog.comment"]],
  ["an extra index", ["create index idx_rogue on blog_post (status, title)"], ["add index idx_rogue (status, title) on blog.post"]],
  ["a missing index", ["drop index idx_blog_post_title on blog_post"], ["drop index idx_blog_post_title (title) on blog.post"]],
  ["a missing unique", ["alter table auth_user drop index uq_auth_user_email"], ["change column auth.user.email: no longer unique"]],
  [
    "an extra foreign key",
    ["alter table blog_post add constraint fk_rogue foreign key (title) references blog_post (title)"],
    // InnoDB needs an index on the referenced columns; the one on title serves both sides.
    ["add foreign key fk_rogue (title) -> blog.post (title) on delete NO ACTION on update NO ACTION on blog.post"],
  ],
  ["a missing foreign key that a user index served", ["alter table blog_post drop foreign key fk_blog_post_author_id"], ["drop foreign key fk_blog_post_author_id on blog.post"]],
  [
    "a missing foreign key InnoDB had indexed: its index stays behind",
    ["alter table blog_comment drop foreign key fk_blog_comment_post_id"],
    ["add index fk_blog_comment_post_id (post_id) on blog.comment", "drop foreign key fk_blog_comment_post_id on blog.comment"],
  ],
  [
    "a foreign key's action changed",
    ["alter table blog_post drop foreign key fk_blog_post_author_id", "alter table blog_post add constraint fk_blog_post_author_id foreign key (author_id) references auth_user (id) on update cascade"],
    ["change foreign key fk_blog_post_author_id on blog.post: foreign key fk_blog_post_author_id (author_id) -> auth.user (id) on delete NO ACTION on update CASCADE"],
  ],
  ["an extra check", ["alter table blog_post add constraint chk_rogue check (char_length(title) > 3)"], ["add check chk_rogue on blog.post: char_length(`title`) > 3"]],
  ["a missing check", ["alter table blog_post drop constraint title_not_blank"], ["drop check title_not_blank on blog.post"]],
  ["a check's expression changed", ["alter table blog_post drop constraint title_not_blank", "alter table blog_post add constraint title_not_blank check (title <> 'x')"], [
    "change check title_not_blank on blog.post: title <> '' -> `title` <> 'x'",
  ]],
  [
    "a missing enum check: the column is a plain string",
    ["alter table blog_post drop constraint chk_blog_post_status_enum"],
    ['change column blog.post.status: type enum("draft", "published", "archived") -> string(255)'],
  ],
  ["a type change", ["alter table blog_post modify title varchar(300) not null"], ["change column blog.post.title: type string(200) -> string(300)"]],
  ["a default change", ["alter table auth_user alter column is_active set default false"], ["change column auth.user.is_active: default true -> false"]],
  ["a dropped default", ["alter table auth_user alter column is_active drop default"], ["change column auth.user.is_active: default true -> none"]],
  ["a nullability change", ["alter table blog_post modify body longtext null"], ["change column blog.post.body: now optional (NULL allowed)"]],
  [
    "what the model cannot hold is named",
    ["alter table blog_post add column notes mediumtext", "create view post_titles as select title from blog_post"],
    ['add column blog.post.notes sql_type("mediumtext") (optional)', "unmanaged view post_titles: a view"],
  ],
];

describe.skipIf(server === null)("mysql hand changes", () => {
  test.each(cases)("%s", async (_what, hand, expected) => {
    const drift = await driftAfter(hand);
    expect(drift).toEqual([...expected]);
  });
});
