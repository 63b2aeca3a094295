/**
 * Issue 11's column kinds through generation: a schema holding each kind is written as a migration
 * by `alab new`'s writer, read back through the real sandbox into the same operations, replayed
 * into the same schema, and kept byte-identical through the snapshot. Snapshots written before
 * these kinds existed read unchanged.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { comparableOps } from "../../src/codegen/roundtrip";
import { writeMigration } from "../../src/codegen/write";
import { diffSchemas } from "../../src/diff/diff";
import { operationsFor } from "../../src/diff/plan-ops";
import { replay } from "../../src/diff/replay";
import { noRenames } from "../../src/diff/renames";
import { interpretMigration } from "../../src/dsl/migration/index";
import { canonicalSchema } from "../../src/diff/canonical";
import { emptySchema, type Schema, type Table } from "../../src/model/types";
import { createSandbox, type Sandbox } from "../../src/sandbox/index";
import { parseSnapshot, snapshotText } from "../../src/workflows/project/snapshot-file";
import { col, schema, table } from "../diff/fixtures";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await createSandbox();
});
afterAll(() => sandbox.dispose());

/** One table per kind (or family), as `alab pull` would describe it. */
export const KIND_TABLES: readonly (readonly [string, Table])[] = [
  ["smallint, bigint and a bigserial key", table("legacy.counts", [col("id", { kind: "bigserial" }), col("big", { kind: "bigint" }, { nullable: true }), col("small", { kind: "smallint" }, { default: { kind: "literal", value: 7 } })], { primaryKey: ["id"] })],
  ["unsigned integers and an unsigned serial key", table("legacy.stock", [col("id", { kind: "serial", unsigned: true }), col("qty", { kind: "integer", unsigned: true }), col("tiny", { kind: "smallint", unsigned: true }, { min: 1 })], { primaryKey: ["id"] })],
  ["an identity that is always generated", table("legacy.audit", [col("id", { kind: "bigserial", identity: "always" }), col("what", { kind: "text" })], { primaryKey: ["id"] })],
  ["a native enum", table("legacy.people", [col("id", { kind: "serial" }), col("feeling", { kind: "native_enum", name: "mood", values: ["ok", "it's bad"] }, { default: { kind: "literal", value: "ok" } })], { primaryKey: ["id"] })],
  ["char(n) as a key", table("legacy.places", [col("code", { kind: "char", length: 2 }), col("iso3", { kind: "char", length: 3 }, { nullable: true, default: { kind: "literal", value: "USA" } })], { primaryKey: ["code"] })],
  ["timestamps with and without time zone", table("legacy.events", [col("id", { kind: "serial" }), col("at_local", { kind: "timestamp", timezone: false }, { default: { kind: "expr", expr: "now" } }), col("at_ms", { kind: "timestamp", timezone: false, precision: 3 }, { nullable: true }), col("at_utc", { kind: "timestamp", timezone: true, precision: 0 })], { primaryKey: ["id"] })],
  ["sql_type, a type alab does not model", table("legacy.users", [col("id", { kind: "bigserial" }), col("email", { kind: "sql_type", sql: "citext" }, { unique: true }), col("state", { kind: "sql_type", sql: "enum('a','it''s')" }, { default: { kind: "literal", value: "a" } })], { primaryKey: ["id"] })],
  ["indexes as they exist: named, descending, partial", table("legacy.log", [col("id", { kind: "serial" }), col("at", { kind: "datetime" }), col("deleted_at", { kind: "datetime" }, { nullable: true }), col("level", { kind: "string", length: 10 })], {
    primaryKey: ["id"],
    indexes: [
      { name: "log_live_level", columns: ["level"], unique: true, where: "deleted_at is null" },
      { name: "log_recent", columns: ["at", "level"], unique: false, descending: ["at"] },
    ],
  })],
];

function generate(to: Schema): { text: string; back: Schema } {
  const plan = operationsFor(emptySchema, diffSchemas(emptySchema, to, noRenames));
  const text = writeMigration(plan.up, plan.down, { name: "adopt", destructive: plan.destructive });
  const def = interpretMigration(sandbox.evaluate({ path: "migrations/001_adopt.js", source: text }, "migration"));
  expect(comparableOps(def.up.map((o) => o.value))).toBe(comparableOps(plan.up));
  expect(comparableOps((def.down ?? []).map((o) => o.value))).toBe(comparableOps(plan.down));
  return { text, back: replay(emptySchema, def.up.map((o) => o.value)) };
}

describe("generation round-trip of each adopted kind", () => {
  for (const [name, t] of KIND_TABLES) {
    test(name, () => {
      const want = schema(t);
      const { back } = generate(want);
      expect(canonicalSchema(back)).toEqual(canonicalSchema(want));
      const text = snapshotText({ format: 1, head: "001_adopt.js", schema: want });
      expect(snapshotText(parseSnapshot(text, "alab.snapshot.json"))).toBe(text);
    });
  }

  test("the written lines say the kind as the DSL spells it", () => {
    const { text } = generate(schema(...KIND_TABLES.map(([, t]) => t)));
    expect(text).toContain('t.bigserial("id");');
    expect(text).toContain('t.smallint("small").default(7);');
    expect(text).toContain('t.serial("id").unsigned();');
    expect(text).toContain('t.smallint("tiny").unsigned().min(1);');
    expect(text).toContain('t.char("code", 2);');
    expect(text).toContain('t.bigserial("id").always();');
    expect(text).toContain(`t.native_enum("feeling", "mood", ["ok", "it's bad"]).default("ok");`);
    expect(text).toContain('t.timestamp("at_local").default_now();');
    expect(text).toContain('t.timestamp("at_ms", 3).optional();');
    expect(text).toContain('t.timestamptz("at_utc", 0);');
    expect(text).toContain('t.sql_type("email", "citext").unique();');
    expect(text).toContain('m.create_index("legacy.log", ["at desc", "level"], { name: "log_recent" });');
    expect(text).toContain('m.create_index("legacy.log", ["level"], {\n      unique: true,\n      name: "log_live_level",\n      where: "deleted_at is null",\n    });');
    expect(text).toContain(`t.sql_type("state", "enum('a','it''s')").default("a");`);
  });
});

describe("a snapshot's sql_type is checked like a schema file's", () => {
  test("a type that is more than a type is refused when the snapshot is read", () => {
    const bad = schema(table("legacy.x", [col("id", { kind: "sql_type", sql: "int primary key" })], { primaryKey: [] }));
    expect(() => parseSnapshot(snapshotText({ format: 1, head: "001_x.js", schema: bad }), "alab.snapshot.json")).toThrow(/plain SQL type name/);
  });
});

describe("snapshots written before issue 11", () => {
  test("read unchanged, byte for byte", async () => {
    const before = await Bun.file(join(import.meta.dir, "../model/fixtures/before-issue-11.snapshot.json")).text();
    expect(snapshotText(parseSnapshot(before, "alab.snapshot.json"))).toBe(before);
  });
});
