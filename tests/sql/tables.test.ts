/**
 * Table-level operations on every dialect: create (if not exists), drop, rename (derived
 * constraint names follow), indexes, foreign keys, checks, and raw SQL with bound arguments.
 */
import { expect } from "bun:test";
import type { Operation } from "../../src/dsl/operations";
import { count, expectFailure, runCases, type SqlCase } from "./support/cases";
import { col, create, en, fk, id, str, table } from "./support/model";
import { rebuildSql, SQLITE_UUID } from "./support/sqlite";

const PG_NOTE = `create table "blog_note" ("id" uuid default gen_random_uuid() not null primary key, "body" varchar(100), "tag_id" uuid)`;
const MY_NOTE = "create table `blog_note` (`id` char(36) default (uuid()) not null primary key, `body` varchar(100), `tag_id` char(36))";
const LITE_NOTE_COLS = `"id" text default ${SQLITE_UUID} not null primary key, "body" varchar(100) constraint "chk_blog_note_body_length" check (length("body") <= 100), "tag_id" text`;
const LITE_NOTE = `create table "blog_note" (${LITE_NOTE_COLS})`;
const LITE_NOTE_COPY = `insert into "blog_note__alab_new" ("id", "body", "tag_id") select "id", "body", "tag_id" from "blog_note"`;
const LITE_TAG_COLS = (t: string, kinds: string, unique: boolean) =>
  `"id" text default ${SQLITE_UUID} not null primary key, "kind" text default 'a' not null constraint "chk_${t}_kind_enum" check ("kind" in (${kinds})), "name" varchar(50) not null constraint "chk_${t}_name_length" check (length("name") <= 50)${unique ? `, constraint "uq_${t}_name" unique ("name")` : ""}`;
const LITE_TAG_COPY = (t: string) => `insert into "${t}__alab_new" ("id", "kind", "name") select "id", "kind", "name" from "${t}"`;

const tag = table("blog.tag", [id(), col("name", str(50), { unique: true }), col("kind", en("a", "b"), { default: { kind: "literal", value: "a" } })]);
const note = table("blog.note", [id(), col("body", str(100), { nullable: true }), col("tag_id", "uuid", { nullable: true })]);
const T1 = "'00000000-0000-4000-8000-000000000001'";
const T2 = "'00000000-0000-4000-8000-000000000002'";

const seedTags = async (x: Parameters<NonNullable<SqlCase["seed"]>>[0]) => {
  await x.query(`insert into blog_tag (id, name) values (${T1}, 'one')`);
  await x.query(`insert into blog_note (tag_id, body) values (${T1}, 'hello')`);
};

const cases: SqlCase[] = [
  {
    name: "create table if not exists twice, then drop table and drop table if exists",
    ops: [
      { op: "create_table", table: note, ifNotExists: true },
      { op: "create_table", table: note, ifNotExists: true },
      { op: "drop_table", ref: "blog.note" },
      { op: "drop_table", ref: "blog.note", ifExists: true },
    ],
    sql: {
      postgres: [PG_NOTE.replace("create table", "create table if not exists"), PG_NOTE.replace("create table", "create table if not exists"), `drop table "blog_note"`, `drop table if exists "blog_note"`],
      mysql: [MY_NOTE.replace("create table", "create table if not exists"), MY_NOTE.replace("create table", "create table if not exists"), "drop table `blog_note`", "drop table if exists `blog_note`"],
      sqlite: [LITE_NOTE.replace("create table", "create table if not exists"), LITE_NOTE.replace("create table", "create table if not exists"), `drop table "blog_note"`, `drop table if exists "blog_note"`],
    },
    verify: async (x) => {
      await expectFailure(x.query("select * from blog_note"), /blog_note/);
    },
  },
  {
    name: "rename table: rows stay, uniques and derived checks follow the new name",
    setup: [create(tag), create(note)],
    seed: seedTags,
    ops: [
      { op: "rename_table", from: "blog.tag", to: "blog.label" },
      // Only works when the derived names followed the rename: drops chk_blog_label_kind_enum and uq_blog_label_name.
      { op: "alter_column", ref: "blog.label", column: col("kind", en("a", "b", "c"), { default: { kind: "literal", value: "a" } }) },
      { op: "alter_column", ref: "blog.label", column: col("name", str(50)) },
    ],
    sql: {
      postgres: [
        `alter table "blog_tag" rename to "blog_label"`,
        `alter table "blog_label" rename constraint "chk_blog_tag_kind_enum" to "chk_blog_label_kind_enum"`,
        `alter table "blog_label" rename constraint "uq_blog_tag_name" to "uq_blog_label_name"`,
        `alter table "blog_label" drop constraint "chk_blog_label_kind_enum"`,
        `alter table "blog_label" add constraint "chk_blog_label_kind_enum" check ("kind" in ('a', 'b', 'c'))`,
        `alter table "blog_label" drop constraint "uq_blog_label_name"`,
      ],
      mysql: [
        "alter table `blog_tag` rename to `blog_label`",
        "alter table `blog_label` drop constraint `chk_blog_tag_kind_enum`",
        "alter table `blog_label` add constraint `chk_blog_label_kind_enum` check (`kind` in ('a', 'b'))",
        "alter table `blog_label` rename index `uq_blog_tag_name` to `uq_blog_label_name`",
        "alter table `blog_label` drop constraint `chk_blog_label_kind_enum`",
        "alter table `blog_label` add constraint `chk_blog_label_kind_enum` check (`kind` in ('a', 'b', 'c'))",
        "drop index `uq_blog_label_name` on `blog_label`",
      ],
      // The rename keeps the old table's name in its constraints; the rebuild after it names them anew.
      sqlite: [
        `alter table "blog_tag" rename to "blog_label"`,
        ...rebuildSql("blog_label", `create table "blog_label__alab_new" (${LITE_TAG_COLS("blog_label", "'a', 'b'", true)})`, LITE_TAG_COPY("blog_label")),
        ...rebuildSql("blog_label", `create table "blog_label__alab_new" (${LITE_TAG_COLS("blog_label", "'a', 'b', 'c'", true)})`, LITE_TAG_COPY("blog_label")),
        ...rebuildSql("blog_label", `create table "blog_label__alab_new" (${LITE_TAG_COLS("blog_label", "'a', 'b', 'c'", false)})`, LITE_TAG_COPY("blog_label")),
      ],
    },
    verify: async (x) => {
      expect(await count(x, "blog_label")).toBe(1);
      await x.query(`insert into blog_label (name, kind) values ('one', 'c')`); // no longer unique, c now allowed
      await expectFailure(x.query(`insert into blog_label (name, kind) values ('two', 'z')`), /chk_blog_label_kind_enum/);
    },
  },
  {
    // Nothing after the rename rebuilds the table: the no-drift check at the end sees the names it left.
    name: "rename table alone: the unique and the derived checks carry the new name",
    setup: [create(tag), create(note)],
    seed: seedTags,
    ops: [{ op: "rename_table", from: "blog.tag", to: "blog.label" }],
    sql: {
      postgres: [
        `alter table "blog_tag" rename to "blog_label"`,
        `alter table "blog_label" rename constraint "chk_blog_tag_kind_enum" to "chk_blog_label_kind_enum"`,
        `alter table "blog_label" rename constraint "uq_blog_tag_name" to "uq_blog_label_name"`,
      ],
      mysql: [
        "alter table `blog_tag` rename to `blog_label`",
        "alter table `blog_label` drop constraint `chk_blog_tag_kind_enum`",
        "alter table `blog_label` add constraint `chk_blog_label_kind_enum` check (`kind` in ('a', 'b'))",
        "alter table `blog_label` rename index `uq_blog_tag_name` to `uq_blog_label_name`",
      ],
      sqlite: [
        `alter table "blog_tag" rename to "blog_label"`,
        ...rebuildSql("blog_label", `create table "blog_label__alab_new" (${LITE_TAG_COLS("blog_label", "'a', 'b'", true)})`, LITE_TAG_COPY("blog_label")),
      ],
    },
    verify: async (x) => {
      expect(await count(x, "blog_label")).toBe(1);
      await expectFailure(x.query(`insert into blog_label (name, kind) values ('two', 'z')`), /chk_blog_label_kind_enum/);
    },
  },
  {
    name: "indexes: create, unique enforced, rename, drop",
    setup: [create(tag), create(note)],
    seed: seedTags,
    ops: [
      { op: "create_index", ref: "blog.note", index: { name: "idx_blog_note_tag_id", columns: ["tag_id"], unique: false } },
      { op: "create_index", ref: "blog.note", index: { name: "idx_blog_note_body", columns: ["body", "tag_id"], unique: true } },
      { op: "rename_index", ref: "blog.note", from: "idx_blog_note_tag_id", to: "idx_note_tag" },
      { op: "drop_index", name: "idx_note_tag" },
    ],
    sql: {
      postgres: [
        `create index "idx_blog_note_tag_id" on "blog_note" ("tag_id")`,
        `create unique index "idx_blog_note_body" on "blog_note" ("body", "tag_id")`,
        `alter index "idx_blog_note_tag_id" rename to "idx_note_tag"`,
        `drop index "idx_note_tag"`,
      ],
      mysql: [
        "create index `idx_blog_note_tag_id` on `blog_note` (`tag_id`)",
        "create unique index `idx_blog_note_body` on `blog_note` (`body`, `tag_id`)",
        "alter table `blog_note` rename index `idx_blog_note_tag_id` to `idx_note_tag`",
        "drop index `idx_note_tag` on `blog_note`",
      ],
      sqlite: [
        `create index "idx_blog_note_tag_id" on "blog_note" ("tag_id")`,
        `create unique index "idx_blog_note_body" on "blog_note" ("body", "tag_id")`,
        `drop index "idx_blog_note_tag_id"`,
        `create index "idx_note_tag" on "blog_note" ("tag_id")`,
        `drop index "idx_note_tag"`,
      ],
    },
    verify: async (x) => {
      await expectFailure(x.query(`insert into blog_note (tag_id, body) values (${T1}, 'hello')`), /unique|duplicate/i);
      await x.query(`insert into blog_note (tag_id, body) values (${T1}, 'other')`);
    },
  },
  {
    name: "add a foreign key: enforced, ON DELETE SET NULL acts",
    setup: [create(tag), create(note)],
    seed: seedTags,
    ops: [{ op: "add_foreign_key", ref: "blog.note", foreignKey: fk("blog.note", "tag_id", "blog.tag", "SET NULL") }],
    sql: {
      postgres: [`alter table "blog_note" add constraint "fk_blog_note_tag_id" foreign key ("tag_id") references "blog_tag" ("id") on delete set null`],
      mysql: ["alter table `blog_note` add constraint `fk_blog_note_tag_id` foreign key (`tag_id`) references `blog_tag` (`id`) on delete set null"],
      sqlite: rebuildSql(
        "blog_note",
        `create table "blog_note__alab_new" (${LITE_NOTE_COLS}, constraint "fk_blog_note_tag_id" foreign key ("tag_id") references "blog_tag" ("id") on delete set null)`,
        LITE_NOTE_COPY,
      ),
    },
    verify: async (x) => {
      await expectFailure(x.query(`insert into blog_note (tag_id) values (${T2})`), /foreign key/i);
      await x.query(`delete from blog_tag where id = ${T1}`);
      expect(await count(x, "blog_note", "tag_id is null")).toBe(1);
    },
  },
  {
    name: "adding a foreign key that existing rows violate fails",
    setup: [create(tag), create(note)],
    seed: async (x) => {
      await x.query(`insert into blog_note (tag_id, body) values (${T2}, 'orphan')`);
    },
    ops: [{ op: "add_foreign_key", ref: "blog.note", foreignKey: fk("blog.note", "tag_id", "blog.tag") }],
    sql: {
      postgres: [`alter table "blog_note" add constraint "fk_blog_note_tag_id" foreign key ("tag_id") references "blog_tag" ("id")`],
      mysql: ["alter table `blog_note` add constraint `fk_blog_note_tag_id` foreign key (`tag_id`) references `blog_tag` (`id`)"],
      sqlite: rebuildSql("blog_note", `create table "blog_note__alab_new" (${LITE_NOTE_COLS}, constraint "fk_blog_note_tag_id" foreign key ("tag_id") references "blog_tag" ("id"))`, LITE_NOTE_COPY),
    },
    fails: { postgres: /foreign key/i, mysql: /foreign key/i, sqlite: /foreign key violations after rebuilding blog_note/ },
    verify: async (x) => {
      expect(await count(x, "blog_note")).toBe(1);
    },
  },
  {
    name: "drop a foreign key: orphans are allowed afterwards",
    setup: [create(tag), create(note), { op: "add_foreign_key", ref: "blog.note", foreignKey: fk("blog.note", "tag_id", "blog.tag") }],
    seed: seedTags,
    ops: [{ op: "drop_foreign_key", ref: "blog.note", name: "fk_blog_note_tag_id" }],
    sql: {
      postgres: [`alter table "blog_note" drop constraint "fk_blog_note_tag_id"`],
      // No index served the key, so InnoDB made one, named after it, which dropping the key leaves behind.
      mysql: ["alter table `blog_note` drop foreign key `fk_blog_note_tag_id`", "drop index `fk_blog_note_tag_id` on `blog_note`"],
      sqlite: rebuildSql("blog_note", `create table "blog_note__alab_new" (${LITE_NOTE_COLS})`, LITE_NOTE_COPY),
    },
    verify: async (x) => {
      await x.query(`insert into blog_note (tag_id) values (${T2})`);
      expect(await count(x, "blog_note")).toBe(2);
    },
  },
  {
    name: "drop a foreign key that an index of the table serves: the index stays",
    setup: [
      create(tag),
      create({ ...note, indexes: [{ name: "idx_blog_note_tag_id_body", columns: ["tag_id", "body"], unique: false }] }),
      { op: "add_foreign_key", ref: "blog.note", foreignKey: fk("blog.note", "tag_id", "blog.tag") },
    ],
    ops: [{ op: "drop_foreign_key", ref: "blog.note", name: "fk_blog_note_tag_id" }],
    sql: {
      postgres: [`alter table "blog_note" drop constraint "fk_blog_note_tag_id"`],
      mysql: ["alter table `blog_note` drop foreign key `fk_blog_note_tag_id`"],
      sqlite: [
        ...rebuildSql("blog_note", `create table "blog_note__alab_new" (${LITE_NOTE_COLS})`, LITE_NOTE_COPY).slice(0, -2),
        `create index "idx_blog_note_tag_id_body" on "blog_note" ("tag_id", "body")`,
        ...rebuildSql("blog_note", `create table "blog_note__alab_new" (${LITE_NOTE_COLS})`, LITE_NOTE_COPY).slice(-2),
      ],
    },
  },
  {
    name: "drop a foreign key whose columns lead the primary key: InnoDB made no index",
    setup: [
      create(tag),
      create(table("blog.pin", [col("tag_id", "uuid"), col("slot", "integer")], { primaryKey: ["tag_id", "slot"], foreignKeys: [fk("blog.pin", "tag_id", "blog.tag")] })),
    ],
    ops: [{ op: "drop_foreign_key", ref: "blog.pin", name: "fk_blog_pin_tag_id" }],
    sql: {
      postgres: [`alter table "blog_pin" drop constraint "fk_blog_pin_tag_id"`],
      mysql: ["alter table `blog_pin` drop foreign key `fk_blog_pin_tag_id`"],
      sqlite: rebuildSql(
        "blog_pin",
        `create table "blog_pin__alab_new" ("tag_id" text not null, "slot" integer not null, constraint "pk_blog_pin" primary key ("tag_id", "slot"))`,
        `insert into "blog_pin__alab_new" ("tag_id", "slot") select "tag_id", "slot" from "blog_pin"`,
      ),
    },
  },
  {
    name: "add a check (enforced), drop it",
    setup: [create(tag), create(note)],
    seed: seedTags,
    ops: [
      { op: "add_check", ref: "blog.note", check: { name: "chk_note_body", expr: "body <> ''" } },
      { op: "add_check", ref: "blog.tag", check: { name: "chk_tag_name", expr: "name <> 'bad'" } },
      { op: "drop_check", ref: "blog.tag", name: "chk_tag_name" },
    ],
    sql: {
      postgres: [
        `alter table "blog_note" add constraint "chk_note_body" check (body <> '')`,
        `alter table "blog_tag" add constraint "chk_tag_name" check (name <> 'bad')`,
        `alter table "blog_tag" drop constraint "chk_tag_name"`,
      ],
      mysql: [
        "alter table `blog_note` add constraint `chk_note_body` check (body <> '')",
        "alter table `blog_tag` add constraint `chk_tag_name` check (name <> 'bad')",
        "alter table `blog_tag` drop constraint `chk_tag_name`",
      ],
      sqlite: [
        ...rebuildSql("blog_note", `create table "blog_note__alab_new" (${LITE_NOTE_COLS}, constraint "chk_note_body" check (body <> ''))`, LITE_NOTE_COPY),
        ...rebuildSql("blog_tag", `create table "blog_tag__alab_new" (${LITE_TAG_COLS("blog_tag", "'a', 'b'", true)}, constraint "chk_tag_name" check (name <> 'bad'))`, LITE_TAG_COPY("blog_tag")),
        ...rebuildSql("blog_tag", `create table "blog_tag__alab_new" (${LITE_TAG_COLS("blog_tag", "'a', 'b'", true)})`, LITE_TAG_COPY("blog_tag")),
      ],
    },
    verify: async (x) => {
      await expectFailure(x.query(`insert into blog_note (body) values ('')`), /chk_note_body/);
      await x.query(`insert into blog_tag (name) values ('bad')`);
    },
  },
];

const raw: Operation[] = [{ op: "sql", sql: "insert into blog_note (body) values (?), ('?'), (?) -- ?", args: ["it's", "a \\ b"] }];
cases.push({
  name: "raw SQL runs verbatim with its arguments bound",
  setup: [create(note)],
  ops: raw,
  sql: {
    postgres: ["insert into blog_note (body) values ($1), ('?'), ($2) -- ?"],
    mysql: ["insert into blog_note (body) values (?), ('?'), (?) -- ?"],
    sqlite: ["insert into blog_note (body) values (?), ('?'), (?) -- ?"],
  },
  verify: async (x) => {
    const rows = await x.query("select body from blog_note order by body");
    expect(rows.map((r) => r.body)).toEqual(["?", "a \\ b", "it's"]);
  },
});

runCases("tables", cases);
