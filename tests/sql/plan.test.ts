/**
 * plan() itself: it walks the operations over the replayed schema, refuses an operation that does
 * not fit, keeps raw SQL out of the schema, puts SQLite's pragmas outside the transaction only when
 * a table is rebuilt, and is deterministic.
 */
import { describe, expect, test } from "bun:test";
import type { Operation } from "../../src/dsl/operations";
import { replay } from "../../src/diff/replay";
import { AlabError } from "../../src/errors";
import { emptySchema } from "../../src/model/types";
import { plan } from "../../src/sql/plan";
import { CAPS, DIALECTS } from "./support/cases";
import { blog, col, str } from "./support/model";

describe("plan", () => {
  test("the schema it returns is the replay of the operations; raw SQL leaves it alone", () => {
    const ops: Operation[] = [...blog, { op: "sql", sql: "select 1" }, { op: "alter_column", ref: "blog.post", column: col("title", str(300)) }];
    for (const d of DIALECTS) expect(plan(ops, emptySchema, CAPS[d]).schema).toEqual(replay(emptySchema, ops));
  });

  test("an operation that does not fit the schema is an AlabError naming it", () => {
    for (const d of DIALECTS) {
      let error: unknown;
      try {
        plan([{ op: "drop_column", ref: "blog.nope", column: "x" }], emptySchema, CAPS[d]);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AlabError);
      expect((error as AlabError).message).toContain("blog.nope");
    }
  });

  test("pragmas outside the transaction only when SQLite rebuilds a table", () => {
    const from = plan(blog, emptySchema, CAPS.sqlite).schema;
    const inPlace = plan([{ op: "add_column", ref: "blog.post", column: col("views", "integer", { nullable: true }) }], from, CAPS.sqlite);
    expect([inPlace.before, inPlace.after, inPlace.notes]).toEqual([[], [], []]);
    const rebuilt = plan(
      [
        { op: "alter_column", ref: "blog.post", column: col("title", str(300)) },
        { op: "alter_column", ref: "blog.post", column: col("title", str(400)) },
      ],
      from,
      CAPS.sqlite,
    );
    expect(rebuilt.before).toEqual([{ sql: "pragma foreign_keys = off" }]);
    expect(rebuilt.after).toEqual([{ sql: "pragma legacy_alter_table = off" }, { sql: "pragma foreign_keys = on" }]);
    expect(rebuilt.notes).toEqual(["SQLite: table rebuild for blog_post"]);
    for (const d of ["postgres", "mysql"] as const) {
      const p = plan([{ op: "alter_column", ref: "blog.post", column: col("title", str(300)) }], plan(blog, emptySchema, CAPS[d]).schema, CAPS[d]);
      expect([p.before, p.after]).toEqual([[], []]);
    }
  });

  test("same input, byte-identical output", () => {
    for (const d of DIALECTS) expect(JSON.stringify(plan(blog, emptySchema, CAPS[d]))).toBe(JSON.stringify(plan(blog, emptySchema, CAPS[d])));
  });
});
