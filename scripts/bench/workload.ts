/**
 * The synthetic workload: N tables `bench.t0001` … in one namespace. Each has a uuid primary key,
 * eight columns of mixed types (string, text, integer, boolean, datetime, decimal, json and a
 * foreign key to the previous table), an index on `name` (plus the foreign key's own index) and
 * timestamps. Written both as schema files (input of `alab new`) and as one migration per table
 * in the generated format (input of `alab migrate`). Peers and floors derive from the same list.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const NAMESPACE = "bench";

export interface BenchTable {
  /** 1-based position; table i references table i-1. */
  readonly index: number;
  /** "t0001" */
  readonly name: string;
  /** "bench.t0001" */
  readonly ref: string;
  /** "bench_t0001" */
  readonly sql: string;
  /** The previous table's SQL name; absent for the first table. */
  readonly prevSql?: string;
  readonly prevRef?: string;
  /** "001_t0001" (at least three digits, as `alab new` numbers). */
  readonly revision: string;
}

export function tableName(i: number): string {
  return `t${String(i).padStart(4, "0")}`;
}

export function benchTables(n: number): BenchTable[] {
  const tables: BenchTable[] = [];
  for (let i = 1; i <= n; i++) {
    const name = tableName(i);
    const prev = i > 1 ? tableName(i - 1) : undefined;
    tables.push({
      index: i,
      name,
      ref: `${NAMESPACE}.${name}`,
      sql: `${NAMESPACE}_${name}`,
      ...(prev ? { prevSql: `${NAMESPACE}_${prev}`, prevRef: `${NAMESPACE}.${prev}` } : {}),
      revision: `${String(i).padStart(3, "0")}_${name}`,
    });
  }
  return tables;
}

/** Column names in the generated order: id, then alphabetical, timestamps last. */
export function columnNames(table: BenchTable): string[] {
  const prev = table.prevSql ? ["prev_id"] : [];
  return ["id", "active", "body", "meta", "name", ...prev, "price", "qty", "seen_at", "created_at", "updated_at"];
}

/**
 * `schemas/bench/t0002.js`, the AstrolaDB schema DSL. `nameLength` lets a row change one column.
 * `computed` names the length through a `const`, which the literal reader does not accept: such a
 * file is evaluated in QuickJS, as any file with code in it is.
 */
export function schemaSource(table: BenchTable, nameLength = 100, computed = false): string {
  const prev = table.prevSql ? `  prev: col.belongs_to(".${tableName(table.index - 1)}"),\n` : "";
  return (
    (computed ? `const NAME_LENGTH = ${nameLength};\n\n` : "") +
    `export default table({\n` +
    `  id: col.id(),\n` +
    prev +
    `  name: col.string(${computed ? "NAME_LENGTH" : nameLength}),\n` +
    `  body: col.text(),\n` +
    `  qty: col.integer(),\n` +
    `  active: col.boolean().default(true),\n` +
    `  seen_at: col.datetime().optional(),\n` +
    `  price: col.decimal(10, 2),\n` +
    `  meta: col.json().optional(),\n` +
    `}).timestamps().index("name");\n`
  );
}

/** `migrations/002_t0002.js` in the generated (seed) format. */
export function migrationSource(table: BenchTable): string {
  const prev = table.prevRef ? `      t.belongs_to("${table.prevRef}").as("prev");\n` : "";
  const prevIndex = table.prevRef
    ? `    m.create_index("${table.ref}", ["prev_id"], { name: "idx_${table.sql}_prev_id" });\n`
    : "";
  return (
    `// Migration: ${table.name}\n` +
    `\n` +
    `export default migration({\n` +
    `  up(m) {\n` +
    `    // Table: ${table.ref}\n` +
    `    m.create_table("${table.ref}", (t) => {\n` +
    `      t.id();\n` +
    `      t.boolean("active").default(true);\n` +
    `      t.text("body");\n` +
    `      t.json("meta").optional();\n` +
    `      t.string("name", 100);\n` +
    prev +
    `      t.decimal("price", 10, 2);\n` +
    `      t.integer("qty");\n` +
    `      t.datetime("seen_at").optional();\n` +
    `      t.timestamps();\n` +
    `    });\n` +
    `    // Index: ${table.ref}\n` +
    `    m.create_index("${table.ref}", ["name"], { name: "idx_${table.sql}_name" });\n` +
    prevIndex +
    `  },\n` +
    `\n` +
    `  down(m) {\n` +
    `    m.drop_table("${table.ref}");\n` +
    `  },\n` +
    `});\n`
  );
}

/** Writes `<dir>/schemas/bench/t*.js`; returns the folder. */
export function writeSchemas(dir: string, tables: readonly BenchTable[], computed = false): string {
  const folder = join(dir, "schemas", NAMESPACE);
  mkdirSync(folder, { recursive: true });
  for (const table of tables) writeFileSync(join(folder, `${table.name}.js`), schemaSource(table, 100, computed));
  return folder;
}

/** Writes `<dir>/migrations/NNN_tNNNN.js`; returns the folder. */
export function writeMigrations(dir: string, tables: readonly BenchTable[]): string {
  const folder = join(dir, "migrations");
  mkdirSync(folder, { recursive: true });
  for (const table of tables) writeFileSync(join(folder, `${table.revision}.js`), migrationSource(table));
  return folder;
}
