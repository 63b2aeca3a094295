import { describe, expect, test } from "bun:test";
import { AlabError } from "../../src/errors";
import { emptySchema, type Schema } from "../../src/model/types";
import { describeChange } from "../../src/diff/describe";
import { diffSchemas } from "../../src/diff/diff";
import { noRenames, type Renames } from "../../src/diff/renames";
import { col, fk, idx, schema, seedSchema, table } from "./fixtures";
import { idColumn } from "../../src/dsl/migration/shorthand";

const str = (n: number) => ({ kind: "string", length: n }) as const;
const uuid = { kind: "uuid" } as const;
const user = (...extra: Parameters<typeof col>[]) => table("auth.user", [idColumn(), col("email", str(255)), ...extra.map((a) => col(...a))]);
const post = (over: Partial<Parameters<typeof table>[2]> = {}, cols = [idColumn(), col("author_id", uuid), col("title", str(200))]) =>
  table("blog.post", cols, { foreignKeys: [fk("blog.post", "author_id", "auth.user")], indexes: [idx("blog_post", ["author_id"])], ...over });
const r = (tables: Record<string, string> = {}, columns: Record<string, Record<string, string>> = {}): Renames => ({ tables, columns, declined: [] });

const cases: [string, Schema, Schema, Renames, string[]][] = [
  ["nothing changed", seedSchema(), seedSchema(), noRenames, []],
  ["everything is new", emptySchema, schema(user()), noRenames, ["add table auth.user"]],
  ["a table dropped", schema(user(), post()), schema(user()), noRenames, ["drop table blog.post"]],
  [
    "a table renamed by decision",
    schema(user()),
    schema(table("auth.account", [idColumn(), col("email", str(255))])),
    r({ "auth.user": "auth.account" }),
    ["rename table auth.user to auth.account"],
  ],
  [
    "an undecided drop and add stays a drop and an add",
    schema(user()),
    schema(table("auth.account", [idColumn(), col("email", str(255))])),
    noRenames,
    ["add table auth.account", "drop table auth.user"],
  ],
  ["a column added", schema(user()), schema(user(["phone", str(20), { nullable: true }])), noRenames, ["add column auth.user.phone string(20) (optional)"]],
  ["a column added with a default", schema(user()), schema(user(["plan", str(20), { default: { kind: "literal", value: "free" } }])), noRenames, ['add column auth.user.plan string(20) (default "free")']],
  ["a column added with a backfill", schema(user()), schema(user(["age", { kind: "integer" }, { backfill: 0 }])), noRenames, ["add column auth.user.age integer (backfill 0)"]],
  ["a column dropped", schema(user(["phone", str(20)])), schema(user()), noRenames, ["drop column auth.user.phone"]],
  [
    "a column renamed by decision (table given by its new name after a table rename)",
    schema(user(["name", str(50)])),
    schema(table("auth.account", [idColumn(), col("email", str(255)), col("full_name", str(50))])),
    r({ "auth.user": "auth.account" }, { "auth.account": { name: "full_name" } }),
    ["rename table auth.user to auth.account", "rename column auth.account.name to full_name"],
  ],
  ["string length", schema(user(["name", str(50)])), schema(user(["name", str(100)])), noRenames, ["change column auth.user.name: type string(50) -> string(100)"]],
  [
    "decimal precision and scale",
    schema(user(["amount", { kind: "decimal", precision: 10, scale: 2 }])),
    schema(user(["amount", { kind: "decimal", precision: 12, scale: 4 }])),
    noRenames,
    ["change column auth.user.amount: type decimal(10,2) -> decimal(12,4)"],
  ],
  ["nullability", schema(user(["name", str(50)])), schema(user(["name", str(50), { nullable: true }])), noRenames, ["change column auth.user.name: now optional (NULL allowed)"]],
  [
    "default",
    schema(user(["active", { kind: "boolean" }])),
    schema(user(["active", { kind: "boolean" }, { default: { kind: "literal", value: true } }])),
    noRenames,
    ["change column auth.user.active: default none -> true"],
  ],
  ["unique", schema(user(["name", str(50)])), schema(user(["name", str(50), { unique: true }])), noRenames, ["change column auth.user.name: now unique"]],
  [
    "enum values added and removed",
    schema(user(["status", { kind: "enum", values: ["a", "b"] }])),
    schema(user(["status", { kind: "enum", values: ["a", "c"] }])),
    noRenames,
    ['change column auth.user.status: type enum("a", "b") -> enum("a", "c")'],
  ],
  [
    "bounds, docs and deprecation",
    schema(user(["age", { kind: "integer" }])),
    schema(user(["age", { kind: "integer" }, { min: 0, max: 150, pattern: "x", docs: "years", deprecated: "" }])),
    noRenames,
    ['change column auth.user.age: min none -> 0; max none -> 150; pattern none -> "x"; docs none -> "years"; deprecated none -> ""'],
  ],
  ["backfill alone is not a change", schema(user(["n", { kind: "integer" }])), schema(user(["n", { kind: "integer" }, { backfill: 1 }])), noRenames, []],
  ["table docs are not a change", schema(user()), schema({ ...user(), docs: "people" }), noRenames, []],
  [
    "a column index added (the column's .index())",
    schema(user()),
    schema({ ...user(), indexes: [idx("auth_user", ["email"])] }),
    noRenames,
    ["add index idx_auth_user_email (email) on auth.user"],
  ],
  [
    "a composite unique index dropped",
    schema({ ...user(["name", str(5)]), indexes: [{ name: "uq_auth_user_email_name", columns: ["email", "name"], unique: true }] }),
    schema(user(["name", str(5)])),
    noRenames,
    ["drop unique index uq_auth_user_email_name (email, name) on auth.user"],
  ],
  [
    "an index made unique under the same name",
    schema({ ...user(), indexes: [idx("auth_user", ["email"])] }),
    schema({ ...user(), indexes: [idx("auth_user", ["email"], true)] }),
    noRenames,
    ["change index idx_auth_user_email on auth.user: index idx_auth_user_email (email) -> unique index idx_auth_user_email (email)"],
  ],
  [
    "an index that only changed its name is renamed",
    schema({ ...user(), indexes: [{ name: "idx_old", columns: ["email"], unique: false }] }),
    schema({ ...user(), indexes: [idx("auth_user", ["email"])] }),
    noRenames,
    ["rename index idx_old on auth.user to idx_auth_user_email"],
  ],
  [
    "foreign key on_delete changed",
    schema(user(), post()),
    schema(user(), post({ foreignKeys: [fk("blog.post", "author_id", "auth.user", { onDelete: "CASCADE" })] })),
    noRenames,
    ["change foreign key fk_blog_post_author_id on blog.post: foreign key fk_blog_post_author_id (author_id) -> auth.user (id) on delete CASCADE on update NO ACTION"],
  ],
  [
    "a relation added to an existing table",
    schema(user(), post()),
    schema(user(), post({ foreignKeys: [fk("blog.post", "author_id", "auth.user"), fk("blog.post", "editor_id", "auth.user")], indexes: [idx("blog_post", ["author_id"]), idx("blog_post", ["editor_id"])] }, [idColumn(), col("author_id", uuid), col("editor_id", uuid, { nullable: true }), col("title", str(200))])),
    noRenames,
    [
      "add column blog.post.editor_id uuid (optional)",
      "add index idx_blog_post_editor_id (editor_id) on blog.post",
      "add foreign key fk_blog_post_editor_id (editor_id) -> auth.user (id) on delete NO ACTION on update NO ACTION on blog.post",
    ],
  ],
  [
    "checks added, dropped and changed",
    schema({ ...user(), checks: [{ name: "chk_a", expr: "1 = 1" }, { name: "chk_b", expr: "x > 0" }] }),
    schema({ ...user(), checks: [{ name: "chk_b", expr: "x > 1" }, { name: "chk_c", expr: "y" }] }),
    noRenames,
    ["add check chk_c on auth.user: y", "drop check chk_a on auth.user", "change check chk_b on auth.user: x > 0 -> x > 1"],
  ],
  [
    "a junction table (many_to_many) added",
    schema(seedSchema().tables["auth.role"] as never, seedSchema().tables["auth.user"] as never),
    schema(seedSchema().tables["auth.role"] as never, seedSchema().tables["auth.user"] as never, seedSchema().tables["auth_role_auth_user"] as never),
    noRenames,
    ["add table auth_role_auth_user"],
  ],
  [
    "a polymorphic pair added",
    schema(user()),
    schema({ ...user(["target_id", uuid, { nullable: true }], ["target_type", str(100), { nullable: true }]), indexes: [idx("auth_user", ["target_type", "target_id"])] }),
    noRenames,
    ["add column auth.user.target_id uuid (optional)", "add column auth.user.target_type string(100) (optional)", "add index idx_auth_user_target_type_target_id (target_type, target_id) on auth.user"],
  ],
];

describe("diffSchemas(from, to, renames)", () => {
  for (const [name, from, to, renames, expected] of cases) {
    test(name, () => expect(diffSchemas(from, to, renames).map(describeChange)).toEqual(expected));
  }

  test("modifyColumn carries from, to and the aspects", () => {
    const [c] = diffSchemas(schema(user(["name", str(50)])), schema(user(["name", str(10), { nullable: true }])), noRenames);
    expect(c).toEqual({ kind: "modifyColumn", ref: "auth.user", from: col("name", str(50)), to: col("name", str(10), { nullable: true }), aspects: ["type", "nullable"] });
  });

  test("a primary key change is refused with a way out", () => {
    const from = schema(table("a.b", [col("x", { kind: "integer" }), col("y", { kind: "integer" })], { primaryKey: ["x"] }));
    const to = schema(table("a.b", [col("x", { kind: "integer" }), col("y", { kind: "integer" })], { primaryKey: ["y"] }));
    expect(() => diffSchemas(from, to, noRenames)).toThrow(AlabError);
  });

  const bad: [string, Renames][] = [
    ["old table missing", r({ "auth.nope": "auth.account" })],
    ["new table missing", r({ "auth.user": "auth.nope" })],
    ["old column missing", r({}, { "auth.user": { nope: "x" } })],
    ["new column missing", r({}, { "auth.user": { email: "nope" } })],
  ];
  for (const [name, renames] of bad) {
    test(`a rename that does not fit: ${name}`, () => {
      try {
        diffSchemas(schema(user()), schema(table("auth.account", [idColumn(), col("email", str(255))]), user()), renames);
        throw new Error("expected an error");
      } catch (e) {
        expect((e as AlabError).code).toBe("E_RENAME_INVALID");
      }
    });
  }
});
