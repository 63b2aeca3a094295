/**
 * The TypeScript export: the type each column gets per dialect (what the drivers return, measured
 * in docs/export.md), and real Kysely code compiled with tsc against the exported types — selects,
 * wheres, inserts that leave out defaulted columns — with every misuse marked `@ts-expect-error`,
 * so tsc fails both when a valid use is rejected and when a misuse is accepted.
 */
import { describe, expect, test } from "bun:test";
import { mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { exportTypeScript, propertyKey } from "../../src/export/typescript";
import type { Column } from "../../src/model/types";
import type { Dialect } from "../../src/sql/dialect";
import { tempDir } from "../support/binary";
import { col, schema, table } from "../diff/fixtures";
import { richSchema } from "./fixtures";

const ROOT = join(import.meta.dir, "../..");

function propertyOf(text: string, iface: string, prop: string): string | undefined {
  const body = text.slice(text.indexOf(`export interface ${iface} {`));
  const line = body.slice(0, body.indexOf("\n}")).split("\n").find((l) => l.startsWith(`  ${prop}: `));
  return line?.slice(prop.length + 4, -1);
}

describe("column types per dialect", () => {
  const one = (c: Column, d: Dialect) => {
    const text = exportTypeScript(schema(table("app.t", [c])), { dialect: d, plain: false });
    return [propertyOf(text, "AppTTable", c.name), propertyOf(text, "AppTRow", c.name)];
  };
  const cases: [string, Column, Record<Dialect, [string, string]>][] = [
    ["decimal: a string, written as string or number", col("x", { kind: "decimal", precision: 10, scale: 2 }), {
      postgres: ["ColumnType<string, string | number, string | number>", "string"],
      mysql: ["ColumnType<string, string | number, string | number>", "string"],
      sqlite: ["ColumnType<string, string | number, string | number>", "string"],
    }],
    ["bigint: a string from the servers, a number from SQLite", col("x", { kind: "bigint" }), {
      postgres: ["ColumnType<string, string | number | bigint, string | number | bigint>", "string"],
      mysql: ["ColumnType<string, string | number | bigint, string | number | bigint>", "string"],
      sqlite: ["ColumnType<number, number | bigint, number | bigint>", "number"],
    }],
    ["boolean: 0/1 on MySQL and SQLite", col("x", { kind: "boolean" }), {
      postgres: ["boolean", "boolean"],
      mysql: ["ColumnType<number, number | boolean, number | boolean>", "number"],
      sqlite: ["ColumnType<number, number | boolean, number | boolean>", "number"],
    }],
    ["datetime with a default: Date on the servers, ISO text on SQLite", col("x", { kind: "datetime" }, { default: { kind: "expr", expr: "now" } }), {
      postgres: ["ColumnType<Date, Date | string | undefined, Date | string>", "Date"],
      mysql: ["ColumnType<Date, Date | string | undefined, Date | string>", "Date"],
      sqlite: ["Generated<string>", "string"],
    }],
    ["nullable date", col("x", { kind: "date" }, { nullable: true }), {
      postgres: ["ColumnType<Date | null, Date | string | null, Date | string | null>", "Date | null"],
      mysql: ["ColumnType<Date | null, Date | string | null, Date | string | null>", "Date | null"],
      sqlite: ["string | null", "string | null"],
    }],
    ["json: parsed by the servers' drivers, text on SQLite", col("x", { kind: "json" }), {
      postgres: ["ColumnType<JsonValue, string, string>", "JsonValue"],
      mysql: ["ColumnType<JsonValue, string, string>", "JsonValue"],
      sqlite: ["string", "string"],
    }],
    ["enum with a default: a string union", col("x", { kind: "enum", values: ["a", "it's \"q\""] }, { default: { kind: "literal", value: "a" } }), {
      postgres: ['Generated<"a" | "it\'s \\"q\\"">', '"a" | "it\'s \\"q\\""'],
      mysql: ['Generated<"a" | "it\'s \\"q\\"">', '"a" | "it\'s \\"q\\""'],
      sqlite: ['Generated<"a" | "it\'s \\"q\\"">', '"a" | "it\'s \\"q\\""'],
    }],
    ["serial: generated", col("x", { kind: "serial" }), { postgres: ["Generated<number>", "number"], mysql: ["Generated<number>", "number"], sqlite: ["Generated<number>", "number"] }],
    ["binary", col("x", { kind: "binary" }), { postgres: ["Uint8Array", "Uint8Array"], mysql: ["Uint8Array", "Uint8Array"], sqlite: ["Uint8Array", "Uint8Array"] }],
    ["time: text everywhere", col("x", { kind: "time" }), { postgres: ["string", "string"], mysql: ["string", "string"], sqlite: ["string", "string"] }],
  ];
  for (const [name, c, want] of cases) {
    for (const d of ["postgres", "mysql", "sqlite"] as const) test(`${name} (${d})`, () => expect(one(c, d)).toEqual(want[d]));
  }
});

test("names: colliding and reserved type names get distinct identifiers, odd property names are quoted", () => {
  const s = schema(
    table("t_1", [col("class", { kind: "text" })]),
    table("t1", [col("__proto__", { kind: "text" })]),
    table("date", [col("x", { kind: "text" })]),
  );
  const text = exportTypeScript(s, { dialect: "postgres", plain: false });
  expect(text).toContain("export interface T1Table {");
  expect(text).toContain("export interface T12Table {");
  expect(text).toContain("export interface DateTable {");
  expect(text).toContain("  date: DateTable;");
  expect(text).toContain("  __proto__: string;");
});

test("a property name that is not an identifier is a string literal", () => {
  expect(["id", "class", "$x", "my col", "1st", "a-b", 'q"'].map(propertyKey)).toEqual(["id", "class", "$x", '"my col"', '"1st"', '"a-b"', JSON.stringify('q"')]);
});

test("the same schema gives byte-identical output", () => {
  expect(exportTypeScript(richSchema(), { dialect: "mysql", plain: false })).toBe(exportTypeScript(richSchema(), { dialect: "mysql", plain: false }));
});

/** Kysely code against the exported types; `date` is what a datetime reads as on the dialect. */
function usage(date: string, flag: string, badFlag: string): string {
  return `import type { Kysely } from "kysely";
import type { AuthUserRow, BlogPostRow, Database, ShopItemRow } from "./types";

export async function uses(db: Kysely<Database>): Promise<void> {
  const users = await db.selectFrom("auth_user").select(["id", "email", "created_at"]).where("email", "=", "a@example.com").execute();
  const created: ${date} = users[0]!.created_at;
  const row: AuthUserRow | undefined = await db.selectFrom("auth_user").selectAll().where("is_active", "=", ${flag}).executeTakeFirst();
  // id, is_active, created_at and updated_at have defaults: an insert leaves them out.
  await db.insertInto("auth_user").values({ email: "a@example.com", password: "x", username: "a" }).execute();
  // published_at and deleted_at are nullable: left out too; status has a default.
  await db.insertInto("blog_post").values({ author_id: "u", body: "b", slug: "s", title: "t" }).execute();
  await db.insertInto("blog_post").values({ author_id: "u", body: "b", slug: "s2", title: "t", status: "published", published_at: null }).execute();
  await db.updateTable("blog_post").set({ status: "archived" }).where("slug", "=", "s").execute();
  const post: BlogPostRow = await db.selectFrom("blog_post").selectAll().executeTakeFirstOrThrow();
  const status: "draft" | "published" | "archived" = post.status;
  await db.insertInto("shop_item").values({ big: 1, code: "AB", flag: ${flag}, price: "9.99" }).execute();
  const item: ShopItemRow = await db.selectFrom("shop_item").selectAll().executeTakeFirstOrThrow();
  const price: string = item.price;
  await db.insertInto("shop_tick").values({ label: "x" }).execute();
  await db.selectFrom("loop_a").innerJoin("loop_b", "loop_b.a_id", "loop_a.id").select(["loop_a.id", "loop_b.a_id"]).execute();
  void [created, row, status, price];

  // @ts-expect-error an unknown column
  await db.selectFrom("auth_user").select("nope").execute();
  // @ts-expect-error an unknown table
  await db.selectFrom("auth_users").selectAll().execute();
  // @ts-expect-error a value of the wrong type in a where
  await db.selectFrom("auth_user").selectAll().where("is_active", "=", ${badFlag}).execute();
  // @ts-expect-error an insert without a required column (password)
  await db.insertInto("auth_user").values({ email: "a@example.com", username: "a" }).execute();
  // @ts-expect-error a value outside the enum
  await db.insertInto("blog_post").values({ author_id: "u", body: "b", slug: "s", title: "t", status: "deleted" }).execute();
  // @ts-expect-error an unknown column in an insert
  await db.insertInto("auth_role").values({ name: "n", nope: 1 }).execute();
  // @ts-expect-error a nullable column read as if never null
  const published: Date | string = post.published_at;
  void published;
}
`;
}

const PLAIN_USE = `import type { ShopItemRow } from "./types";
export function total(rows: ShopItemRow[]): number {
  return rows.reduce((sum, r) => sum + Number(r.price) * r.qty, 0);
}
// @ts-expect-error a row has no such column
export const bad = (r: ShopItemRow) => r.nope;
`;

test("tsc compiles Kysely code against the export of every dialect, and rejects each misuse", async () => {
  const { dir, cleanup } = await tempDir("alab-ts-");
  try {
    await mkdir(join(dir, "node_modules"), { recursive: true });
    await symlink(join(ROOT, "node_modules/kysely"), join(dir, "node_modules/kysely"));
    const uses: Record<Dialect, [string, string, string]> = {
      postgres: ["Date", "true", '"yes"'],
      mysql: ["Date", "1", '"yes"'],
      sqlite: ["string", "1", '"yes"'],
    };
    for (const d of ["postgres", "mysql", "sqlite"] as const) {
      await mkdir(join(dir, d));
      await writeFile(join(dir, d, "types.ts"), exportTypeScript(richSchema(), { dialect: d, plain: false }));
      await writeFile(join(dir, d, "use.ts"), usage(...uses[d]));
    }
    await mkdir(join(dir, "plain"));
    await writeFile(join(dir, "plain", "types.ts"), exportTypeScript(richSchema(), { dialect: "postgres", plain: true }));
    await writeFile(join(dir, "plain", "use.ts"), PLAIN_USE);
    const tsconfig = { compilerOptions: { strict: true, noEmit: true, target: "ES2022", module: "ESNext", moduleResolution: "Bundler", skipLibCheck: true, types: [], noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true }, include: ["*/*.ts"] };
    await writeFile(join(dir, "tsconfig.json"), JSON.stringify(tsconfig));
    const tsc = Bun.spawnSync([join(ROOT, "node_modules/.bin/tsc"), "-p", dir], { cwd: dir });
    expect(`${tsc.stdout.toString()}${tsc.stderr.toString()}`).toBe("");
    expect(tsc.exitCode).toBe(0);
  } finally {
    await cleanup();
  }
}, 120_000);

test("the plain export does not import Kysely", () => {
  const text = exportTypeScript(richSchema(), { dialect: "postgres", plain: true });
  expect(text).not.toContain("kysely");
  expect(text).toContain("export interface ShopItemRow {");
  expect(text).not.toContain("Table {");
});
