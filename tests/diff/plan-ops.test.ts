import { describe, expect, test } from "bun:test";
import { AlabError } from "../../src/errors";
import { emptySchema, type Schema } from "../../src/model/types";
import type { Operation } from "../../src/dsl/operations";
import { diffSchemas } from "../../src/diff/diff";
import { notNullProblems, operationsFor } from "../../src/diff/plan-ops";
import { noRenames } from "../../src/diff/renames";
import { replay } from "../../src/diff/replay";
import { sameSchema } from "../../src/diff/canonical";
import { idColumn } from "../../src/dsl/migration/shorthand";
import { col, fk, idx, schema, seedSchema, table } from "./fixtures";

const uuid = { kind: "uuid" } as const;
const str = (n: number) => ({ kind: "string", length: n }) as const;

/** One short word per operation, to compare orders at a glance. */
function brief(op: Operation): string {
  switch (op.op) {
    case "create_table": return `create ${op.table.ref}${op.table.foreignKeys.length > 0 ? ` [${op.table.foreignKeys.map((f) => f.name).join(",")}]` : ""}`;
    case "drop_table": return `drop ${op.ref}`;
    case "rename_table": return `rename ${op.from}>${op.to}`;
    case "add_column": return `+col ${op.ref}.${op.column.name}${op.foreignKey ? ` [${op.foreignKey.name}]` : ""}`;
    case "drop_column": return `-col ${op.ref}.${op.column}`;
    case "rename_column": return `rename ${op.ref}.${op.from}>${op.to}`;
    case "alter_column": return `alter ${op.ref}.${op.column.name}`;
    case "change_column": return `change ${op.ref}.${op.column}`;
    case "create_index": return `+idx ${op.index.name}`;
    case "drop_index": return `-idx ${op.name}`;
    case "rename_index": return `rename idx ${op.from}>${op.to}`;
    case "add_foreign_key": return `+fk ${op.foreignKey.name}`;
    case "drop_foreign_key": return `-fk ${op.name}`;
    case "add_check": return `+chk ${op.check.name}`;
    case "drop_check": return `-chk ${op.name}`;
    case "sql": return "sql";
  }
}

function plan(from: Schema, to: Schema) {
  const p = operationsFor(from, diffSchemas(from, to, noRenames));
  expect(sameSchema(replay(from, p.up), to)).toBe(true);
  expect(sameSchema(replay(replay(from, p.up), p.down), from)).toBe(true);
  return { up: p.up.map(brief), down: p.down.map(brief), destructive: [...p.destructive.entries()] };
}

const cyc = (ref: string, other: string) =>
  table(ref, [idColumn(), col("other_id", uuid, { nullable: true })], { foreignKeys: [fk(ref, "other_id", other)] });

describe("operationsFor: order", () => {
  test("the seed: dependency order with each table's indexes; down drops in reverse", () => {
    const p = plan(emptySchema, seedSchema());
    expect(p.up).toEqual([
      "create auth.role",
      "create auth.user",
      "create auth_role_auth_user [fk_auth_role_auth_user_role_id,fk_auth_role_auth_user_user_id]",
      "+idx idx_auth_role_auth_user_role_id",
      "+idx idx_auth_role_auth_user_user_id",
      "+idx idx_auth_role_auth_user_unique",
      "create blog.post [fk_blog_post_author_id]",
      "+idx idx_blog_post_author_id",
    ]);
    expect(p.down).toEqual(["drop blog.post", "drop auth_role_auth_user", "drop auth.user", "drop auth.role"]);
  });

  test("a foreign-key cycle among new tables: keys added after both tables, dropped first", () => {
    const p = plan(emptySchema, schema(cyc("a.x", "a.y"), cyc("a.y", "a.x")));
    expect(p.up).toEqual(["create a.x", "create a.y [fk_a_y_other_id]", "+fk fk_a_x_other_id"]);
    expect(p.down).toEqual(["-fk fk_a_x_other_id", "drop a.y", "drop a.x"]);
  });

  test("a self-reference stays inline", () => {
    const p = plan(emptySchema, schema(cyc("a.x", "a.x")));
    expect(p.up).toEqual(["create a.x [fk_a_x_other_id]"]);
  });

  test("dropping a cycle: the closing key first, then referencing before referenced", () => {
    const p = plan(schema(cyc("a.x", "a.y"), cyc("a.y", "a.x"), table("a.z", [idColumn()])), schema(table("a.z", [idColumn()])));
    expect(p.up).toEqual(["-fk fk_a_x_other_id", "drop a.y", "drop a.x"]);
    expect(p.down).toEqual(["create a.x", "create a.y [fk_a_y_other_id]", "+fk fk_a_x_other_id"]);
    expect(p.destructive.map(([, why]) => why)).toEqual(["drops table a.y and its data", "drops table a.x and its data"]);
  });

  test("everything that goes before everything that comes", () => {
    const from = schema(
      table("a.user", [idColumn(), col("name", str(50)), col("old", str(5), { nullable: true }), col("size", str(100))], {
        indexes: [idx("a_user", ["old"])],
        checks: [{ name: "chk_a", expr: "1 = 1" }],
      }),
      table("a.gone", [idColumn()]),
    );
    const to = schema(
      table("a.user", [idColumn(), col("email", str(255), { nullable: true }), col("name", str(50)), col("size", str(10))], {
        indexes: [idx("a_user", ["email"])],
        checks: [{ name: "chk_b", expr: "2 = 2" }],
      }),
      table("a.post", [idColumn(), col("user_id", uuid)], { foreignKeys: [fk("a.post", "user_id", "a.user")] }),
    );
    const p = plan(from, to);
    expect(p.up).toEqual([
      "-chk chk_a",
      "-idx idx_a_user_old",
      "-col a.user.old",
      "drop a.gone",
      "create a.post [fk_a_post_user_id]",
      "+col a.user.email",
      "alter a.user.size",
      "+idx idx_a_user_email",
      "+chk chk_b",
    ]);
    expect(p.destructive).toEqual([
      [2, "drops column a.user.old and its data"],
      [3, "drops table a.gone and its data"],
      [6, "narrows string(100) to string(10)"],
    ]);
    // Dropped things come back whole: the column with its index, the table.
    expect(p.down).toEqual(["-chk chk_b", "-idx idx_a_user_email", "alter a.user.size", "-col a.user.email", "drop a.post", "create a.gone", "+col a.user.old", "+idx idx_a_user_old", "+chk chk_a"]);
  });

  test("a relation added to a table becomes one add_column with its key", () => {
    const from = schema(table("a.user", [idColumn()]), table("a.post", [idColumn()]));
    const to = schema(table("a.user", [idColumn()]), table("a.post", [idColumn(), col("user_id", uuid, { nullable: true })], { foreignKeys: [fk("a.post", "user_id", "a.user")] }));
    const p = plan(from, to);
    expect(p.up).toEqual(["+col a.post.user_id [fk_a_post_user_id]"]);
    expect(p.down).toEqual(["-fk fk_a_post_user_id", "-col a.post.user_id"]);
  });

  test("a key that belongs_to cannot write stays separate", () => {
    const key = fk("a.post", "user_id", "a.user", { name: "custom_fk" });
    const from = schema(table("a.user", [idColumn()]), table("a.post", [idColumn()]));
    const to = schema(table("a.user", [idColumn()]), table("a.post", [idColumn(), col("user_id", uuid, { nullable: true })], { foreignKeys: [key] }));
    expect(plan(from, to).up).toEqual(["+col a.post.user_id", "+fk custom_fk"]);
  });

  test("a new table pointing at a column added in the same migration gets its key last", () => {
    const from = schema(table("a.user", [idColumn()]));
    const to = schema(
      table("a.user", [idColumn(), col("code", str(5), { nullable: true, unique: true })]),
      table("a.post", [idColumn(), col("code", str(5))], { foreignKeys: [{ ...fk("a.post", "code", "a.user"), refColumns: ["code"] }] }),
    );
    expect(plan(from, to).up).toEqual(["create a.post", "+col a.user.code", "+fk fk_a_post_code"]);
  });

  test("same input, same plan", () => {
    const a = operationsFor(emptySchema, diffSchemas(emptySchema, seedSchema(), noRenames));
    const b = operationsFor(emptySchema, diffSchemas(emptySchema, seedSchema(), noRenames));
    expect(JSON.stringify(a.up)).toBe(JSON.stringify(b.up));
  });
});

describe("NOT NULL columns added to existing tables", () => {
  const from = schema(table("a.user", [idColumn()]));
  const add = (extra: object) => diffSchemas(from, schema(table("a.user", [idColumn(), col("n", { kind: "integer" }, extra)])), noRenames);

  test("without default or backfill: an error naming both fixes", () => {
    const e = notNullProblems(add({}));
    expect(e).toBeInstanceOf(AlabError);
    expect(e?.code).toBe("E_GENERATE_NOT_NULL");
    expect(e?.message).toContain("a.user.n");
    expect(e?.hint).toContain(".default(value)");
    expect(e?.hint).toContain(".backfill(value)");
  });

  for (const [name, extra] of [["a default", { default: { kind: "literal", value: 0 } }], ["a backfill", { backfill: 0 }], ["optional", { nullable: true }]] as const) {
    test(`with ${name}: fine`, () => expect(notNullProblems(add(extra))).toBeUndefined());
  }

  test("a new table's columns need nothing", () => {
    expect(notNullProblems(diffSchemas(emptySchema, from, noRenames))).toBeUndefined();
  });
});
