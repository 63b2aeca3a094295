/**
 * The same workload written for each peer, one file per table, creating the same tables (same
 * columns, types, foreign key and two indexes) as the alab migrations and the floor SQL:
 * knex's schema builder, node-pg-migrate's `pgm`, kysely's schema builder (its Migrator), and
 * drizzle: a drizzle-orm schema (for `drizzle-kit generate`) and a migrations folder in
 * drizzle-kit's own format (journal + one SQL file per table) for `drizzle-kit migrate`.
 */
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tableDdl } from "../floor-sql";
import type { BenchTable } from "../workload";

function writeAll(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

/** The project folder sees the peers' node_modules (and, for kysely, the project's kysely). */
function linkModules(dir: string, peersDir: string, extra: Record<string, string> = {}): void {
  mkdirSync(dir, { recursive: true });
  if (Object.keys(extra).length === 0) {
    symlinkSync(join(peersDir, "node_modules"), join(dir, "node_modules"), "dir");
    return;
  }
  mkdirSync(join(dir, "node_modules"), { recursive: true });
  for (const [name, target] of Object.entries(extra)) symlinkSync(target, join(dir, "node_modules", name), "dir");
}

function knexMigration(t: BenchTable): string {
  const prev = t.prevSql
    ? `    t.uuid("prev_id").notNullable();\n`
    : "";
  const fk = t.prevSql
    ? `    t.foreign("prev_id", "fk_${t.sql}_prev_id").references("id").inTable("${t.prevSql}");\n` +
      `    t.index(["prev_id"], "idx_${t.sql}_prev_id");\n`
    : "";
  return (
    `exports.up = (knex) =>\n  knex.schema.createTable("${t.sql}", (t) => {\n` +
    `    t.uuid("id").primary().defaultTo(knex.raw("gen_random_uuid()"));\n` +
    `    t.boolean("active").notNullable().defaultTo(true);\n` +
    `    t.text("body").notNullable();\n` +
    `    t.jsonb("meta");\n` +
    `    t.string("name", 100).notNullable();\n` +
    prev +
    `    t.decimal("price", 10, 2).notNullable();\n` +
    `    t.integer("qty").notNullable();\n` +
    `    t.timestamp("seen_at", { useTz: true });\n` +
    `    t.timestamps(true, true);\n` +
    fk +
    `    t.index(["name"], "idx_${t.sql}_name");\n` +
    `  });\n\nexports.down = (knex) => knex.schema.dropTable("${t.sql}");\n`
  );
}

export function writeKnex(dir: string, peersDir: string, tables: readonly BenchTable[]): void {
  linkModules(dir, peersDir);
  const files: Record<string, string> = {
    "package.json": `{ "private": true, "type": "commonjs" }\n`,
    "knexfile.cjs": `module.exports = { client: "pg", connection: process.env.DATABASE_URL, migrations: { directory: "./migrations" } };\n`,
  };
  for (const t of tables) files[`migrations/${t.revision}.js`] = knexMigration(t);
  writeAll(dir, files);
}

function pgmMigration(t: BenchTable): string {
  const prev = t.prevSql
    ? `    prev_id: { type: "uuid", notNull: true, references: "${t.prevSql}", referencesConstraintName: "fk_${t.sql}_prev_id" },\n`
    : "";
  const prevIndex = t.prevSql ? `  pgm.createIndex("${t.sql}", "prev_id", { name: "idx_${t.sql}_prev_id" });\n` : "";
  return (
    `exports.up = (pgm) => {\n  pgm.createTable("${t.sql}", {\n` +
    `    id: { type: "uuid", primaryKey: true, default: pgm.func("gen_random_uuid()") },\n` +
    `    active: { type: "boolean", notNull: true, default: true },\n` +
    `    body: { type: "text", notNull: true },\n` +
    `    meta: { type: "jsonb" },\n` +
    `    name: { type: "varchar(100)", notNull: true },\n` +
    prev +
    `    price: { type: "numeric(10, 2)", notNull: true },\n` +
    `    qty: { type: "integer", notNull: true },\n` +
    `    seen_at: { type: "timestamptz" },\n` +
    `    created_at: { type: "timestamptz", notNull: true, default: pgm.func("now()") },\n` +
    `    updated_at: { type: "timestamptz", notNull: true, default: pgm.func("now()") },\n` +
    `  });\n` +
    `  pgm.createIndex("${t.sql}", "name", { name: "idx_${t.sql}_name" });\n` +
    prevIndex +
    `};\n\nexports.down = (pgm) => {\n  pgm.dropTable("${t.sql}");\n};\n`
  );
}

export function writeNodePgMigrate(dir: string, peersDir: string, tables: readonly BenchTable[]): void {
  linkModules(dir, peersDir);
  const files: Record<string, string> = { "package.json": `{ "private": true, "type": "commonjs" }\n` };
  for (const t of tables) files[`migrations/${t.revision}.js`] = pgmMigration(t);
  writeAll(dir, files);
}

function kyselyMigration(t: BenchTable): string {
  const prev = t.prevSql ? `    .addColumn("prev_id", "uuid", (c) => c.notNull())\n` : "";
  const fk = t.prevSql ? `    .addForeignKeyConstraint("fk_${t.sql}_prev_id", ["prev_id"], "${t.prevSql}", ["id"])\n` : "";
  const prevIndex = t.prevSql
    ? `  await db.schema.createIndex("idx_${t.sql}_prev_id").on("${t.sql}").column("prev_id").execute();\n`
    : "";
  return (
    `import { sql } from "kysely";\n\nexport async function up(db) {\n` +
    `  await db.schema\n    .createTable("${t.sql}")\n` +
    `    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql\`gen_random_uuid()\`))\n` +
    `    .addColumn("active", "boolean", (c) => c.notNull().defaultTo(true))\n` +
    `    .addColumn("body", "text", (c) => c.notNull())\n` +
    `    .addColumn("meta", "jsonb")\n` +
    `    .addColumn("name", "varchar(100)", (c) => c.notNull())\n` +
    prev +
    `    .addColumn("price", "numeric(10, 2)", (c) => c.notNull())\n` +
    `    .addColumn("qty", "integer", (c) => c.notNull())\n` +
    `    .addColumn("seen_at", "timestamptz")\n` +
    `    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql\`now()\`))\n` +
    `    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql\`now()\`))\n` +
    fk +
    `    .execute();\n` +
    `  await db.schema.createIndex("idx_${t.sql}_name").on("${t.sql}").column("name").execute();\n` +
    prevIndex +
    `}\n\nexport async function down(db) {\n  await db.schema.dropTable("${t.sql}").execute();\n}\n`
  );
}

const KYSELY_RUNNER = `import { promises as fs } from "node:fs";
import path from "node:path";
import { Kysely, PostgresDialect } from "kysely";
import { FileMigrationProvider, Migrator } from "kysely/migration";
import pg from "pg";

const db = new Kysely({
  dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 }) }),
});
const migrator = new Migrator({
  db,
  provider: new FileMigrationProvider({ fs, path, migrationFolder: path.resolve("migrations") }),
});
const { error, results } = await migrator.migrateToLatest();
await db.destroy();
if (error) {
  console.error(error);
  process.exit(1);
}
console.log(\`\${results?.length ?? 0} migrations applied\`);
`;

/** kysely comes from the project's own node_modules (the version alab uses); pg from the peers. */
export function writeKysely(dir: string, peersDir: string, repo: string, tables: readonly BenchTable[]): void {
  linkModules(dir, peersDir, {
    kysely: join(repo, "node_modules", "kysely"),
    pg: join(peersDir, "node_modules", "pg"),
  });
  const files: Record<string, string> = {
    "package.json": `{ "private": true, "type": "module" }\n`,
    "migrate.mjs": KYSELY_RUNNER,
  };
  for (const t of tables) files[`migrations/${t.revision}.mjs`] = kyselyMigration(t);
  writeAll(dir, files);
}

function drizzleTable(t: BenchTable, nameLength: number): string {
  const prevConst = t.prevSql ?? "";
  const prev = t.prevSql ? `  prev_id: uuid("prev_id").notNull().references(() => ${prevConst}.id),\n` : "";
  const prevIndex = t.prevSql ? `, index("idx_${t.sql}_prev_id").on(t.prev_id)` : "";
  return (
    `export const ${t.sql} = pgTable("${t.sql}", {\n` +
    `  id: uuid("id").primaryKey().defaultRandom(),\n` +
    `  active: boolean("active").notNull().default(true),\n` +
    `  body: text("body").notNull(),\n` +
    `  meta: jsonb("meta"),\n` +
    `  name: varchar("name", { length: ${nameLength} }).notNull(),\n` +
    prev +
    `  price: numeric("price", { precision: 10, scale: 2 }).notNull(),\n` +
    `  qty: integer("qty").notNull(),\n` +
    `  seen_at: timestamp("seen_at", { withTimezone: true }),\n` +
    `  created_at: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),\n` +
    `  updated_at: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),\n` +
    `}, (t) => [index("idx_${t.sql}_name").on(t.name)${prevIndex}]);\n`
  );
}

/** drizzle-orm schema of all tables in one file; `changedFirst` widens t0001.name (one column changed). */
export function drizzleSchema(tables: readonly BenchTable[], changedFirst = false): string {
  return (
    `import { boolean, index, integer, jsonb, numeric, pgTable, text, timestamp, uuid, varchar } from "drizzle-orm/pg-core";\n\n` +
    tables.map((t) => drizzleTable(t, changedFirst && t.index === 1 ? 120 : 100)).join("\n")
  );
}

function drizzleConfig(out: string): string {
  return (
    `export default {\n  dialect: "postgresql",\n  schema: "./schema.mjs",\n  out: "./${out}",\n` +
    `  dbCredentials: { url: process.env.DATABASE_URL ?? "postgres://localhost/unused" },\n};\n`
  );
}

/**
 * `drizzle/` holds one migration per table in drizzle-kit's format (statements split by
 * `--> statement-breakpoint`, listed in meta/_journal.json), with the floor's PostgreSQL DDL.
 * `drizzle-gen/` is where timed `drizzle-kit generate` runs write.
 */
export function writeDrizzle(dir: string, peersDir: string, tables: readonly BenchTable[]): void {
  linkModules(dir, peersDir);
  const entries = tables.map((t, i) => ({
    idx: i,
    version: "7",
    when: 1700000000000 + i,
    tag: `${String(i).padStart(4, "0")}_${t.name}`,
    breakpoints: true,
  }));
  const files: Record<string, string> = {
    "package.json": `{ "private": true, "type": "module" }\n`,
    "schema.mjs": drizzleSchema(tables),
    "drizzle.config.mjs": drizzleConfig("drizzle"),
    "drizzle-gen.config.mjs": drizzleConfig("drizzle-gen"),
    "drizzle/meta/_journal.json": `${JSON.stringify({ version: "7", dialect: "postgresql", entries }, null, 2)}\n`,
  };
  tables.forEach((t, i) => {
    files[`drizzle/${entries[i]!.tag}.sql`] = tableDdl(t, "postgres").map((s) => `${s};`).join("\n--> statement-breakpoint\n") + "\n";
  });
  writeAll(dir, files);
}
