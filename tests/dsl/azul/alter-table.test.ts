/** alterTable: each table method as operations, Azul's part order, index names. */
import { describe, expect, test } from "bun:test";
import { interpretAzul } from "../../../src/dsl/azul";
import type { Operation } from "../../../src/dsl/operations";
import { migrationFile, type R } from "./record";

function alterOps(body: (t: R) => void, name = "people"): Operation[] {
  return interpretAzul(migrationFile({ up: (s: R) => s.alterTable(name, body) })).up.map((o) => o.value);
}

describe("alterTable methods", () => {
  const cases: [string, (t: R) => unknown, Operation[]][] = [
    ["a column is added NULLable", (t) => t.text("bio"), [{ op: "add_column", ref: "people", column: { name: "bio", type: { kind: "text" }, nullable: true, unique: false } }]],
    [
      "a NOT NULL column with a default",
      (t) => t.integer("age").notNull().default(0),
      [{ op: "add_column", ref: "people", column: { name: "age", type: { kind: "integer" }, nullable: false, unique: false, default: { kind: "literal", value: 0 } } }],
    ],
    [
      "a referencing column carries its foreign key",
      (t) => t.integer("boss_id").references("people.id").onDelete("nullify").onUpdate("cascade"),
      [
        {
          op: "add_column",
          ref: "people",
          column: { name: "boss_id", type: { kind: "integer" }, nullable: true, unique: false },
          foreignKey: { name: "fk_people_boss_id", columns: ["boss_id"], refTable: "people", refColumns: ["id"], onDelete: "SET NULL", onUpdate: "CASCADE" },
        },
      ],
    ],
    ["a bare reference in alterTable is a column of the altered table", (t) => t.integer("boss_id").references("id"), [{ op: "add_column", ref: "people", column: { name: "boss_id", type: { kind: "integer" }, nullable: true, unique: false }, foreignKey: { name: "fk_people_boss_id", columns: ["boss_id"], refTable: "people", refColumns: ["id"], onDelete: "NO ACTION", onUpdate: "NO ACTION" } }]],
    ["a unique column", (t) => t.string("email", { length: 100 }).unique(), [{ op: "add_column", ref: "people", column: { name: "email", type: { kind: "string", length: 100 }, nullable: true, unique: true } }]],
    ["drop", (t) => t.drop("bio"), [{ op: "drop_column", ref: "people", column: "bio" }]],
    ["rename", (t) => t.rename("bio", "about", "text"), [{ op: "rename_column", ref: "people", from: "bio", to: "about" }]],
    ["index on one column (a string)", (t) => t.index("email"), [{ op: "create_index", ref: "people", index: { name: "people_email_idx", columns: ["email"], unique: false } }]],
    ["index on one column (an array)", (t) => t.index(["email"]), [{ op: "create_index", ref: "people", index: { name: "people_email_idx", columns: ["email"], unique: false } }]],
    ["unique index with a name", (t) => t.index(["a", "b"], { name: "ab", unique: true }), [{ op: "create_index", ref: "people", index: { name: "ab", columns: ["a", "b"], unique: true } }]],
    ["renameIndex", (t) => t.renameIndex("ab", "ab2"), [{ op: "rename_index", ref: "people", from: "ab", to: "ab2" }]],
    ["dropIndex by one column", (t) => t.dropIndex("email"), [{ op: "drop_index", name: "people_email_idx", ref: "people" }]],
    ["dropIndex by columns", (t) => t.dropIndex(["a", "b"]), [{ op: "drop_index", name: "people_a_b_idx", ref: "people" }]],
    ["dropIndex by name", (t) => t.dropIndex({ name: "ab" }), [{ op: "drop_index", name: "ab", ref: "people" }]],
    ["dropIndex by columns with a name option", (t) => t.dropIndex(["a"], { name: "ab" }), [{ op: "drop_index", name: "ab", ref: "people" }]],
    ["an empty callback changes nothing", () => {}, []],
  ];
  for (const [name, body, ops] of cases) test(name, () => expect(alterOps((t) => void body(t))).toEqual(ops));
});

test("parts run in Azul's order: drops, adds, renames, index drops, index adds, index renames", () => {
  const ops = alterOps((t) => {
    t.renameIndex("i1", "i2");
    t.index("c");
    t.dropIndex({ name: "old" });
    t.rename("a", "b", "integer");
    t.string("c");
    t.drop("d");
    t.string("e");
  });
  expect(ops.map((o) => o.op)).toEqual(["drop_column", "add_column", "add_column", "rename_column", "drop_index", "create_index", "rename_index"]);
  expect(ops.filter((o) => o.op === "add_column").map((o) => (o.op === "add_column" ? o.column.name : ""))).toEqual(["c", "e"]);
});

test("rename records the claimed type of each rename for replay", () => {
  const def = interpretAzul(
    migrationFile({
      up: (s: R) =>
        s.alterTable("a", (t: R) => {
          t.string("n");
          t.rename("x", "y", "dateTime");
          t.rename("p", "q", "increments");
        }),
    }),
  );
  expect(def.renameTypes.up).toEqual([
    { op: 1, kind: "datetime", azulType: "dateTime" },
    { op: 2, kind: "serial", azulType: "increments" },
  ]);
});
