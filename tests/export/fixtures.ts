/** Schemas for the export tests: the seed's example plus a table with every column kind and relation form. */
import type { Column, Schema, Table } from "../../src/model/types";
import { idColumn, timestampColumns } from "../../src/dsl/migration/shorthand";
import { col, fk, idx, schema, seedSchema, table } from "../diff/fixtures";

/** Every logical kind, nullable and defaulted variants, min/max/pattern, docs and deprecation. */
export function everyKind(): Table {
  const columns: Column[] = [
    idColumn(),
    col("big", { kind: "bigint" }),
    col("bin", { kind: "binary" }, { nullable: true }),
    col("blob64", { kind: "base64" }, { nullable: true }),
    col("code", { kind: "string", length: 12 }, { min: 2, pattern: "^[A-Z]+$", docs: "the item's code */ not a comment end" }),
    col("day", { kind: "date" }, { nullable: true }),
    col("flag", { kind: "boolean" }),
    col("kind", { kind: "enum", values: ["a", "b c", 'quote"d'] }, { default: { kind: "literal", value: "a" } }),
    col("meta", { kind: "json" }, { nullable: true }),
    col("owner_id", { kind: "uuid" }, { nullable: true }),
    col("price", { kind: "decimal", precision: 10, scale: 2 }),
    col("qty", { kind: "integer" }, { min: 0, max: 1000, default: { kind: "literal", value: 1 } }),
    col("ratio", { kind: "float" }, { nullable: true, deprecated: "use price" }),
    col("starts", { kind: "time" }, { nullable: true }),
    col("summary", { kind: "text" }, { nullable: true }),
    col("twin_id", { kind: "uuid" }, { nullable: true, unique: true }),
    col("when_at", { kind: "datetime" }, { default: { kind: "expr", expr: "now" } }),
    ...timestampColumns(),
  ];
  return table("shop.item", columns, {
    foreignKeys: [fk("shop.item", "owner_id", "auth.user", { onDelete: "SET NULL" }), fk("shop.item", "twin_id", "shop.item")],
    indexes: [idx("shop_item", ["owner_id"]), idx("shop_item", ["code", "day"], true)],
    checks: [{ name: "chk_shop_item_price", expr: "price >= 0" }],
    docs: "Things for sale",
  });
}

/** An auto-incremented key (MySQL and SQLite allow one only as the whole primary key). */
export function serialKeyed(): Table {
  return table("shop.tick", [col("seq", { kind: "serial" }), col("label", { kind: "string", length: 40 })], { primaryKey: ["seq"] });
}

/** Two tables that reference each other (a cycle: one key is added after both tables exist). */
export function cycle(): Table[] {
  const a = table("loop.a", [idColumn(), col("b_id", { kind: "uuid" }, { nullable: true })], { foreignKeys: [fk("loop.a", "b_id", "loop.b")] });
  const b = table("loop.b", [idColumn(), col("a_id", { kind: "uuid" })], { foreignKeys: [fk("loop.b", "a_id", "loop.a")] });
  return [a, b];
}

export function richSchema(): Schema {
  const seed = seedSchema();
  return schema(...Object.values(seed.tables), everyKind(), serialKeyed(), ...cycle());
}

export { idColumn, timestampColumns };
