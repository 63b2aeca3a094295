/** The working copy replay and the planners share (src/diff/draft.ts): lookups and step views. */
import { describe, expect, test } from "bun:test";
import { Draft } from "../../src/diff/draft";
import { applyTo } from "../../src/diff/replay";
import { idColumn } from "../../src/dsl/migration/shorthand";
import { col, idx, schema, table } from "./fixtures";

const str = (n: number) => ({ kind: "string", length: n }) as const;
const three = () =>
  schema(
    table("a.x", [idColumn(), col("n", str(5))], { indexes: [idx("a_x", ["n"])] }),
    table("a.y", [idColumn()]),
    table("a.z", [idColumn(), col("n", str(5))]),
  );

describe("Draft", () => {
  test("a step's views: before as it was (values and table order), after as it is", () => {
    const d = new Draft(three());
    const seen = d.step(
      () => {
        applyTo(d, { op: "rename_table", from: "a.x", to: "a.w" });
        applyTo(d, { op: "drop_table", ref: "a.y" });
      },
      (before, after) => ({
        before: Object.keys(before.tables),
        beforeX: before.tables["a.x"]?.ref,
        beforeW: before.tables["a.w"],
        after: Object.keys(after.tables),
        afterW: after.tables["a.w"]?.sqlName,
        has: ["a.x" in before.tables, "a.x" in after.tables],
      }),
    );
    expect(seen).toEqual({ before: ["a.x", "a.y", "a.z"], beforeX: "a.x", beforeW: undefined, after: ["a.z", "a.w"], afterW: "a_w", has: [true, false] });
    expect(Object.keys(d.schema().tables)).toEqual(["a.z", "a.w"]);
  });

  test("schema() is a snapshot; later operations do not change it", () => {
    const d = new Draft(three());
    const first = d.schema();
    applyTo(d, { op: "drop_table", ref: "a.z" });
    expect(Object.keys(first.tables)).toEqual(["a.x", "a.y", "a.z"]);
    expect(Object.keys(d.schema().tables)).toEqual(["a.x", "a.y"]);
  });

  test("index owners follow changes; a name two tables hold belongs to the first in table order", () => {
    const d = new Draft(three());
    expect(d.indexOwner("idx_a_x_n")?.ref).toBe("a.x");
    applyTo(d, { op: "create_index", ref: "a.z", index: idx("a_z", ["n"]) });
    expect(d.indexOwner("idx_a_z_n")?.ref).toBe("a.z");
    applyTo(d, { op: "drop_index", name: "idx_a_x_n" });
    expect(d.indexOwner("idx_a_x_n")).toBeUndefined();
    const twice = new Draft(schema(table("b.q", [idColumn()], { indexes: [{ name: "same", columns: ["id"], unique: false }] }), table("b.p", [idColumn()], { indexes: [{ name: "same", columns: ["id"], unique: false }] })));
    expect(twice.indexOwner("same")?.ref).toBe("b.q");
    twice.delete("b.q");
    expect(twice.indexOwner("same")?.ref).toBe("b.p");
  });
});
