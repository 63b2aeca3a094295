/** Schemas for the export tests: the seed's example plus a table with every column kind and relation form. */
import type { Column, Schema, Table } from "../../src/model/types";
import { buildJunction } from "../../src/model/junction";
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

/**
 * A seeded ER-like schema of `n` tables: 3–14 columns each, keys mostly to nearby earlier tables
 * and sometimes to a hub (users), some nullable, one junction per ten tables.
 */
export function generatedSchema(n: number, seed = 7): Schema {
  let s = seed;
  const rnd = (): number => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const tables: Table[] = [];
  const kinds: Column["type"][] = [{ kind: "text" }, { kind: "integer" }, { kind: "boolean" }, { kind: "datetime" }, { kind: "string", length: 80 }, { kind: "decimal", precision: 12, scale: 2 }, { kind: "json" }];
  for (let i = 0; i < n; i++) {
    const ref = `m${Math.floor(i / 10)}.t${String(i).padStart(3, "0")}`;
    const columns: Column[] = [idColumn()];
    const fks = [];
    const k = i === 0 ? 0 : i < 3 ? 1 : Math.floor(rnd() * 3.2);
    const seen = new Set<number>();
    for (let j = 0; j < k; j++) {
      const to = rnd() < 0.25 ? 0 : Math.max(0, i - 1 - Math.floor(rnd() * Math.min(i, 12)));
      if (seen.has(to)) continue;
      seen.add(to);
      const name = `ref${to}_id`;
      columns.push(col(name, { kind: "uuid" }, { nullable: rnd() < 0.3 }));
      fks.push(fk(ref, name, tables[to]!.ref));
    }
    const extra = 2 + Math.floor(rnd() * 11);
    for (let c = 0; c < extra; c++) columns.push(col(`c${c}`, kinds[Math.floor(rnd() * kinds.length)]!, { nullable: rnd() < 0.4 }));
    tables.push(table(ref, columns, { foreignKeys: fks }));
  }
  const junctions = tables.filter((_, i) => i % 10 === 9).map((t, i) => buildJunction({ a: { ref: t.ref, primaryKey: "id" }, b: { ref: tables[i]!.ref, primaryKey: "id" }, at: { file: "x" } }));
  return schema(...tables, ...junctions);
}
