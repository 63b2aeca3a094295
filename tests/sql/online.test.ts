/**
 * The online forms (src/sql/online.ts): indexes built and dropped without blocking writes, and
 * foreign keys and checks added NOT VALID then validated, per dialect — stated, then run.
 */
import { expect, test } from "bun:test";
import { plan } from "../../src/sql/plan";
import { CAPS, count, expectFailure, runCases, schemaAfter, type SqlCase } from "./support/cases";
import { col, create, fk, id, str, table } from "./support/model";
import { rebuildSql, SQLITE_UUID } from "./support/sqlite";

const tag = table("blog.tag", [id(), col("name", str(50))]);
const note = table("blog.note", [id(), col("tag_id", "uuid", { nullable: true }), col("body", str(100), { nullable: true })]);
const T1 = "'00000000-0000-4000-8000-000000000001'";
const LITE_NOTE_COLS = `"id" text default ${SQLITE_UUID} not null primary key, "body" varchar(100) constraint "chk_blog_note_body_length" check (length("body") <= 100), "tag_id" text`;
const LITE_NOTE_COPY = `insert into "blog_note__alab_new" ("id", "body", "tag_id") select "id", "body", "tag_id" from "blog_note"`;

const seed = async (x: Parameters<NonNullable<SqlCase["seed"]>>[0]) => {
  await x.query(`insert into blog_tag (id, name) values (${T1}, 'one')`);
  await x.query(`insert into blog_note (tag_id, body) values (${T1}, 'hello')`);
};

const cases: SqlCase[] = [
  {
    name: "indexes created and dropped concurrently",
    setup: [create(tag), create(note)],
    seed,
    ops: [
      { op: "create_index", ref: "blog.note", index: { name: "idx_blog_note_tag_id", columns: ["tag_id"], unique: false }, concurrently: true },
      { op: "create_index", ref: "blog.note", index: { name: "idx_blog_note_body", columns: ["body"], unique: true }, concurrently: true },
      { op: "drop_index", name: "idx_blog_note_tag_id", concurrently: true },
    ],
    sql: {
      postgres: [
        `create index concurrently "idx_blog_note_tag_id" on "blog_note" ("tag_id")`,
        `create unique index concurrently "idx_blog_note_body" on "blog_note" ("body")`,
        `drop index concurrently "idx_blog_note_tag_id"`,
      ],
      mysql: [
        "create index `idx_blog_note_tag_id` on `blog_note` (`tag_id`) algorithm=inplace lock=none",
        "create unique index `idx_blog_note_body` on `blog_note` (`body`) algorithm=inplace lock=none",
        "alter table `blog_note` drop index `idx_blog_note_tag_id`, algorithm=inplace, lock=none",
      ],
      sqlite: [
        `create index "idx_blog_note_tag_id" on "blog_note" ("tag_id")`,
        `create unique index "idx_blog_note_body" on "blog_note" ("body")`,
        `drop index "idx_blog_note_tag_id"`,
      ],
    },
    verify: async (x) => {
      await expectFailure(x.query(`insert into blog_note (body) values ('hello')`), /unique|duplicate/i);
    },
  },
  {
    name: "a foreign key and a check added online: NOT VALID, then VALIDATE (PostgreSQL)",
    setup: [create(tag), create(note)],
    seed,
    ops: [
      { op: "add_foreign_key", ref: "blog.note", foreignKey: fk("blog.note", "tag_id", "blog.tag"), online: true },
      { op: "add_check", ref: "blog.note", check: { name: "chk_note_body", expr: "body <> ''" }, online: true },
    ],
    sql: {
      postgres: [
        `alter table "blog_note" add constraint "fk_blog_note_tag_id" foreign key ("tag_id") references "blog_tag" ("id") not valid`,
        `alter table "blog_note" validate constraint "fk_blog_note_tag_id"`,
        `alter table "blog_note" add constraint "chk_note_body" check (body <> '') not valid`,
        `alter table "blog_note" validate constraint "chk_note_body"`,
      ],
      mysql: [
        "alter table `blog_note` add constraint `fk_blog_note_tag_id` foreign key (`tag_id`) references `blog_tag` (`id`)",
        "alter table `blog_note` add constraint `chk_note_body` check (body <> '')",
      ],
      sqlite: [
        ...rebuildSql("blog_note", `create table "blog_note__alab_new" (${LITE_NOTE_COLS}, constraint "fk_blog_note_tag_id" foreign key ("tag_id") references "blog_tag" ("id"))`, LITE_NOTE_COPY),
        ...rebuildSql(
          "blog_note",
          `create table "blog_note__alab_new" (${LITE_NOTE_COLS}, constraint "fk_blog_note_tag_id" foreign key ("tag_id") references "blog_tag" ("id"), constraint "chk_note_body" check (body <> ''))`,
          LITE_NOTE_COPY,
        ),
      ],
    },
    verify: async (x) => {
      await expectFailure(x.query(`insert into blog_note (body) values ('')`), /chk_note_body/);
      await expectFailure(x.query(`insert into blog_note (tag_id) values ('00000000-0000-4000-8000-000000000009')`), /foreign key/i);
      if (x.dialect === "postgres") {
        const rows = await x.query<{ conname: string; convalidated: boolean }>(`select conname, convalidated from pg_constraint where conrelid = 'blog_note'::regclass and contype in ('f', 'c') and conname not like 'chk_blog_note_%' order by conname`);
        expect(rows).toEqual([
          { conname: "chk_note_body", convalidated: true },
          { conname: "fk_blog_note_tag_id", convalidated: true },
        ]);
      }
      expect(await count(x, "blog_note")).toBe(1);
    },
  },
  {
    name: "validating an online check that existing rows violate fails (the constraint stays NOT VALID on PostgreSQL)",
    setup: [create(tag), create(note)],
    seed: async (x) => {
      await x.query(`insert into blog_note (body) values ('')`);
    },
    ops: [{ op: "add_check", ref: "blog.note", check: { name: "chk_note_body", expr: "body <> ''" }, online: true }],
    sql: {
      postgres: [`alter table "blog_note" add constraint "chk_note_body" check (body <> '') not valid`, `alter table "blog_note" validate constraint "chk_note_body"`],
      mysql: ["alter table `blog_note` add constraint `chk_note_body` check (body <> '')"],
      sqlite: rebuildSql("blog_note", `create table "blog_note__alab_new" (${LITE_NOTE_COLS}, constraint "chk_note_body" check (body <> ''))`, LITE_NOTE_COPY),
    },
    fails: { postgres: /chk_note_body/, mysql: /chk_note_body/, sqlite: /chk_note_body|CHECK constraint/i },
    verify: async (x) => {
      // Outside a transaction the NOT VALID constraint stays: new rows are checked, old ones not yet.
      if (x.dialect !== "postgres") return;
      expect(await x.query(`select convalidated from pg_constraint where conname = 'chk_note_body'`)).toEqual([{ convalidated: false }]);
      await expectFailure(x.query(`insert into blog_note (body) values ('')`), /chk_note_body/);
    },
  },
];

runCases("online forms", cases);

test("only the statements that cannot run in a transaction say so", () => {
  const from = schemaAfter([create(tag), create(note)], CAPS.postgres);
  const p = plan(cases[1]!.ops, from, CAPS.postgres);
  expect(p.statements.map((s) => s.outside !== undefined)).toEqual([false, true, false, true]);
  const ix = plan(cases[0]!.ops, from, CAPS.postgres);
  expect(ix.statements[0]!.cleanup).toEqual([{ sql: `drop index concurrently if exists "idx_blog_note_tag_id"` }]);
  for (const d of ["mysql", "sqlite"] as const) {
    expect(plan(cases[0]!.ops, schemaAfter([create(tag), create(note)], CAPS[d]), CAPS[d]).statements.some((s) => s.outside !== undefined || s.cleanup !== undefined)).toBe(false);
  }
});
