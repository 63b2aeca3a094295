import { describe, expect, test } from "bun:test";
import { isJunction, relationsOf } from "../../src/export/relations";
import type { Table } from "../../src/model/types";
import { col, fk, idx, schema, seedSchema, table } from "../diff/fixtures";

const uuid = { kind: "uuid" } as const;
const parent = table("app.parent", [col("id", uuid)]);

describe("relations read back from foreign keys", () => {
  const cases: [string, Table, { kind: "belongs_to" | "one_to_one"; optional: boolean; junction: boolean }][] = [
    ["belongs_to: a plain NOT NULL key", table("app.child", [col("id", uuid), col("parent_id", uuid)], { foreignKeys: [fk("app.child", "parent_id", "app.parent")] }), { kind: "belongs_to", optional: false, junction: false }],
    ["optional belongs_to: a nullable key", table("app.child", [col("id", uuid), col("parent_id", uuid, { nullable: true })], { foreignKeys: [fk("app.child", "parent_id", "app.parent")] }), { kind: "belongs_to", optional: true, junction: false }],
    ["one_to_one: a unique key column", table("app.child", [col("id", uuid), col("parent_id", uuid, { unique: true })], { foreignKeys: [fk("app.child", "parent_id", "app.parent")] }), { kind: "one_to_one", optional: false, junction: false }],
    ["one_to_one: a unique index on the key", table("app.child", [col("id", uuid), col("parent_id", uuid)], { foreignKeys: [fk("app.child", "parent_id", "app.parent")], indexes: [idx("app_child", ["parent_id"], true)] }), { kind: "one_to_one", optional: false, junction: false }],
    ["one_to_one: the key is the primary key", table("app.child", [col("parent_id", uuid)], { primaryKey: ["parent_id"], foreignKeys: [fk("app.child", "parent_id", "app.parent")] }), { kind: "one_to_one", optional: false, junction: false }],
    ["belongs_to: a unique index that holds more than the key", table("app.child", [col("id", uuid), col("parent_id", uuid), col("n", { kind: "integer" })], { foreignKeys: [fk("app.child", "parent_id", "app.parent")], indexes: [idx("app_child", ["parent_id", "n"], true)] }), { kind: "belongs_to", optional: false, junction: false }],
  ];
  for (const [name, child, want] of cases) {
    test(name, () => {
      const [r, more] = relationsOf(schema(parent, child));
      expect(more).toBeUndefined();
      expect({ kind: r?.kind, optional: r?.optional, junction: r?.junction }).toEqual(want);
      expect(r?.to?.ref).toBe("app.parent");
      expect(r?.from.ref).toBe("app.child");
    });
  }
});

describe("junction tables", () => {
  const two = (extra: Partial<Table>): Table =>
    table("app_other_app_parent", [col("other_id", uuid), col("parent_id", uuid)], {
      foreignKeys: [fk("app_other_app_parent", "other_id", "app.other"), fk("app_other_app_parent", "parent_id", "app.parent")],
      ...extra,
    });
  test("what many_to_many builds is one, and both its keys are many_to_many sides", () => {
    const s = seedSchema();
    expect(isJunction(s.tables.auth_role_auth_user!)).toBe(true);
    const sides = relationsOf(s).filter((r) => r.junction);
    expect(sides.map((r) => `${r.from.sqlName}.${r.key.columns[0]} -> ${r.toSqlName} ${r.kind}`)).toEqual([
      "auth_role_auth_user.role_id -> auth_role belongs_to",
      "auth_role_auth_user.user_id -> auth_user belongs_to",
    ]);
    expect(relationsOf(s).find((r) => r.from.sqlName === "blog_post")?.junction).toBe(false);
  });
  const cases: [string, Table, boolean][] = [
    ["two keys and a unique pair", two({ indexes: [idx("j", ["other_id", "parent_id"], true)] }), true],
    ["two keys as the primary key", two({ primaryKey: ["parent_id", "other_id"] }), true],
    ["two keys without a unique pair", two({ indexes: [idx("j", ["other_id", "parent_id"])] }), false],
    ["three keys", two({ indexes: [idx("j", ["other_id", "parent_id"], true)], foreignKeys: [fk("j", "other_id", "app.other"), fk("j", "parent_id", "app.parent"), fk("j", "x_id", "app.other")] }), false],
  ];
  for (const [name, t, want] of cases) test(name, () => expect(isJunction(t)).toBe(want));
});
