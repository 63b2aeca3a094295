/**
 * Every rule, table-driven: a migration that triggers it (with the severity expected on each
 * server, nothing where it must not fire), migrations that must not trigger it, and the trigger
 * again with `// alab:allow CODE` above the operation, reported as allowed.
 */
import { describe, expect, test } from "bun:test";
import type { LintCode, Severity } from "../../src/lint/finding";
import { allowAbove, lintSource, migrationOf, SERVER_NAMES, SERVERS, type ServerName } from "./support";

interface Case {
  readonly name: string;
  readonly code: LintCode;
  readonly trigger: string;
  /** Severity per server; a server not named must not report the code. */
  readonly expect: Partial<Record<ServerName, Severity>>;
  /** Bodies that must not report the code on any server. */
  readonly quiet: readonly string[];
}

const every = (s: Severity): Record<ServerName, Severity> => Object.fromEntries(SERVER_NAMES.map((n) => [n, s])) as Record<ServerName, Severity>;
const mysqls = (s: Severity) => ({ mysql: s, "mysql-8.0.16": s, mariadb: s, "mariadb-10.3": s });
const FRESH = 'm.create_table("shop.tmp", (t) => { t.id(); t.uuid("owner_id"); t.text("x").optional(); t.integer("n").optional(); });';

const CASES: Case[] = [
  { name: "drop table", code: "L_DROP_TABLE", trigger: 'm.drop_table("shop.tag");', expect: every("error"), quiet: [`${FRESH}\nm.drop_table("shop.tmp");`] },
  { name: "drop column", code: "L_DROP_COLUMN", trigger: 'm.drop_column("shop.item", "note");', expect: every("error"), quiet: [`${FRESH}\nm.drop_column("shop.tmp", "x");`] },
  { name: "narrowing a string", code: "L_NARROW_TYPE", trigger: 'm.alter_column("shop.item", "name", (t) => t.string("name", 20));', expect: every("error"), quiet: ['m.alter_column("shop.item", "name", (t) => t.string("name", 100));', 'm.alter_column("shop.item", "qty", (t) => t.bigint("qty").optional());'] },
  { name: "rename table", code: "L_RENAME_TABLE", trigger: 'm.rename_table("shop.tag", "shop.label");', expect: every("error"), quiet: [`${FRESH}\nm.rename_table("shop.tmp", "shop.tmp2");`] },
  { name: "rename column", code: "L_RENAME_COLUMN", trigger: 'm.rename_column("shop.item", "note", "memo");', expect: every("error"), quiet: [`${FRESH}\nm.rename_column("shop.tmp", "x", "y");`] },
  {
    name: "NOT NULL column without a value",
    code: "L_NOT_NULL_NO_VALUE",
    trigger: 'm.add_column("shop.item", (t) => { t.integer("rank"); });',
    expect: every("error"),
    quiet: ['m.add_column("shop.item", (t) => { t.integer("rank").default(0); });', 'm.add_column("shop.item", (t) => { t.integer("rank").backfill(0); });', 'm.add_column("shop.item", (t) => { t.integer("rank").optional(); });'],
  },
  { name: "SET NOT NULL", code: "L_SET_NOT_NULL", trigger: 'm.alter_column("shop.item", "qty", (t) => t.integer("qty"));', expect: { postgres: "error" }, quiet: ['m.alter_column("shop.item", "qty", (t) => t.integer("qty").optional().default(1));'] },
  {
    name: "backfill in the migration",
    code: "L_BACKFILL",
    trigger: 'm.add_column("shop.item", (t) => { t.integer("rank").backfill(0); });',
    // SQLite rebuilds the table for it: L_SQLITE_REBUILD says so instead.
    expect: { postgres: "error", ...mysqls("warning") },
    quiet: ['m.add_column("shop.item", (t) => { t.integer("rank").default(0); });'],
  },
  {
    name: "CREATE INDEX on an existing table",
    code: "L_INDEX_LOCK",
    trigger: 'm.create_index("shop.item", ["qty"], { name: "idx_item_qty" });',
    expect: { postgres: "error", sqlite: "note" },
    quiet: [`${FRESH}\nm.create_index("shop.tmp", ["n"], { name: "idx_tmp_n" });`],
  },
  { name: "DROP INDEX", code: "L_DROP_INDEX_LOCK", trigger: 'm.drop_index("idx_item_name");', expect: { postgres: "warning" }, quiet: [`${FRESH}\nm.create_index("shop.tmp", ["n"], { name: "idx_tmp_n" });\nm.drop_index("idx_tmp_n");`] },
  {
    name: "UNIQUE constraint on an existing column",
    code: "L_UNIQUE_LOCK",
    trigger: 'm.alter_column("shop.item", "name", (t) => t.string("name", 50).unique());',
    expect: { postgres: "error" },
    quiet: ['m.create_index("shop.item", ["qty"], { name: "uq_item_qty", unique: true });'],
  },
  {
    name: "unique index over existing rows",
    code: "L_UNIQUE_DATA",
    trigger: 'm.create_index("shop.item", ["qty"], { name: "uq_item_qty", unique: true });',
    expect: every("warning"),
    quiet: ['m.create_index("shop.item", ["qty"], { name: "idx_item_qty" });', 'm.add_column("shop.item", (t) => { t.string("code", 20).optional().unique(); });'],
  },
  {
    name: "unique column with one value for every row",
    code: "L_UNIQUE_DATA",
    trigger: 'm.add_column("shop.item", (t) => { t.string("code", 20).default("x").unique(); });',
    expect: every("error"),
    quiet: [],
  },
  {
    name: "foreign key validated under lock",
    code: "L_FK_VALIDATE",
    trigger: 'm.add_foreign_key("shop.item", ["owner_id"], "shop.owner", ["id"]);',
    expect: { postgres: "error" },
    quiet: [`${FRESH}\nm.add_foreign_key("shop.tmp", ["owner_id"], "shop.owner", ["id"]);`],
  },
  { name: "CHECK validated under lock", code: "L_CHECK_VALIDATE", trigger: 'm.add_check("shop.item", "chk_qty", "qty >= 0");', expect: { postgres: "error" }, quiet: ['m.drop_index("idx_item_name");'] },
  {
    name: "enum values change re-adds its CHECK",
    code: "L_CHECK_VALIDATE",
    trigger: 'm.alter_column("shop.item", "status", (t) => t.enum("status", ["a", "b", "c"]));',
    expect: { postgres: "error" },
    quiet: ['m.alter_column("shop.item", "status", (t) => t.enum("status", ["a", "b"]).default("a"));'],
  },
  {
    name: "type change that rewrites",
    code: "L_TYPE_REWRITE",
    trigger: 'm.alter_column("shop.item", "qty", (t) => t.bigint("qty").optional());',
    expect: { postgres: "error" },
    quiet: [
      'm.alter_column("shop.item", "name", (t) => t.string("name", 100));',
      'm.alter_column("shop.item", "name", (t) => t.text("name"));',
      'm.alter_column("shop.item", "price", (t) => t.decimal("price", 12, 2));',
    ],
  },
  {
    name: "volatile default",
    code: "L_VOLATILE_DEFAULT",
    trigger: 'm.add_column("shop.item", (t) => { t.uuid("token").default_uuid(); });',
    expect: { postgres: "error" },
    quiet: ['m.add_column("shop.item", (t) => { t.datetime("seen_at").default_now(); });', 'm.add_column("shop.item", (t) => { t.string("code", 20).default("x"); });'],
  },
  {
    name: "volatile SQL default",
    code: "L_VOLATILE_DEFAULT",
    trigger: 'm.add_column("shop.item", (t) => { t.string("code", 40).default(sql({ postgres: "gen_random_uuid()::text", mysql: "uuid()", sqlite: "lower(hex(randomblob(16)))" })); });',
    expect: { postgres: "error" },
    quiet: ['m.add_column("shop.item", (t) => { t.string("code", 40).default(sql({ postgres: "upper(\'x\')", mysql: "upper(\'x\')", sqlite: "upper(\'x\')" })); });'],
  },
  {
    name: "SQL default calling a function lint does not know",
    code: "L_VOLATILE_DEFAULT",
    trigger: 'm.add_column("shop.item", (t) => { t.string("code", 40).default(sql({ postgres: "next_code()", mysql: "(\'x\')", sqlite: "\'x\'" })); });',
    expect: { postgres: "warning" },
    quiet: [],
  },
  {
    name: "MySQL COPY for a per-row SQL default",
    code: "L_MYSQL_COPY",
    trigger: 'm.add_column("shop.item", (t) => { t.string("code", 40).default(sql({ postgres: "gen_random_uuid()::text", mysql: "uuid()", sqlite: "lower(hex(randomblob(16)))" })); });',
    expect: mysqls("error"),
    quiet: [],
  },
  {
    name: "MySQL COPY for a type change",
    code: "L_MYSQL_COPY",
    trigger: 'm.alter_column("shop.item", "qty", (t) => t.bigint("qty").optional());',
    expect: mysqls("error"),
    quiet: ['m.alter_column("shop.item", "name", (t) => t.string("name", 60));', 'm.add_column("shop.item", (t) => { t.integer("rank").optional(); });'],
  },
  {
    name: "MySQL COPY for a varchar crossing 255 bytes",
    code: "L_MYSQL_COPY",
    trigger: 'm.alter_column("shop.item", "name", (t) => t.string("name", 100));',
    expect: mysqls("error"),
    quiet: [],
  },
  { name: "MySQL COPY for a foreign key", code: "L_MYSQL_COPY", trigger: 'm.add_foreign_key("shop.item", ["owner_id"], "shop.owner", ["id"]);', expect: mysqls("error"), quiet: [`${FRESH}\nm.add_foreign_key("shop.tmp", ["owner_id"], "shop.owner", ["id"]);`] },
  { name: "MySQL COPY for a CHECK", code: "L_MYSQL_COPY", trigger: 'm.add_check("shop.item", "chk_qty", "qty >= 0");', expect: mysqls("error"), quiet: [] },
  { name: "MySQL COPY for an expression default", code: "L_MYSQL_COPY", trigger: 'm.add_column("shop.item", (t) => { t.uuid("token").default_uuid(); });', expect: mysqls("error"), quiet: ['m.add_column("shop.item", (t) => { t.datetime("seen_at").default_now(); });'] },
  {
    name: "drop column rebuilds before MySQL 8.0.29 / MariaDB 10.4",
    code: "L_MYSQL_REBUILD",
    trigger: 'm.drop_column("shop.item", "note");',
    expect: { "mysql-8.0.16": "warning", "mariadb-10.3": "warning" },
    quiet: [],
  },
  {
    name: "an expression default rules out INSTANT on MySQL (MariaDB adds it instantly)",
    code: "L_MYSQL_REBUILD",
    trigger: 'm.add_column("shop.item", (t) => { t.date("seen_on").default_now(); });',
    expect: { mysql: "warning", "mysql-8.0.16": "warning" },
    quiet: ['m.add_column("shop.item", (t) => { t.datetime("seen_at").default_now(); });'],
  },
  { name: "NOT NULL rebuilds in place", code: "L_MYSQL_REBUILD", trigger: 'm.alter_column("shop.item", "qty", (t) => t.integer("qty").backfill(0));', expect: mysqls("warning"), quiet: ['m.alter_column("shop.item", "qty", (t) => t.integer("qty").optional().default(1));'] },
  {
    name: "several DDL statements on MySQL",
    code: "L_MYSQL_NO_ROLLBACK",
    trigger: 'm.add_column("shop.item", (t) => { t.integer("rank").optional(); });\nm.create_index("shop.item", ["rank"], { name: "idx_item_rank" });',
    expect: mysqls("note"),
    quiet: ['m.add_column("shop.item", (t) => { t.integer("rank").optional(); });', `${FRESH}` + '\nm.create_index("shop.tmp", ["n"], { name: "idx_tmp_n" });'],
  },
  { name: "SQLite rebuild", code: "L_SQLITE_REBUILD", trigger: 'm.add_check("shop.item", "chk_qty", "qty >= 0");', expect: { sqlite: "warning" }, quiet: ['m.add_column("shop.item", (t) => { t.integer("rank").optional(); });', `${FRESH}\nm.add_check("shop.tmp", "chk_n", "n >= 0");`] },
  {
    name: "SQLite rename whose constraint names must follow",
    code: "L_SQLITE_REBUILD",
    trigger: 'm.rename_table("shop.tag", "shop.label");',
    expect: { sqlite: "warning" },
    quiet: ['m.rename_column("shop.item", "note", "memo");'],
  },
  { name: "raw SQL", code: "L_RAW_SQL", trigger: 'm.sql("update shop_item set qty = 0");', expect: every("note"), quiet: ['m.drop_index("idx_item_name");'] },
];

describe("lint rules", () => {
  for (const c of CASES) {
    describe(`${c.code}: ${c.name}`, () => {
      const source = migrationOf(c.trigger);
      for (const server of SERVER_NAMES) {
        const want = c.expect[server];
        test(`${server}: ${want ?? "no finding"}`, () => {
          const found = lintSource(source, SERVERS[server]).filter((f) => f.code === c.code);
          if (want === undefined) {
            expect(found).toEqual([]);
            return;
          }
          expect(found.map((f) => f.severity)).toEqual([want]);
          const f = found[0]!;
          expect(f.file).toBe("migrations/002_change.js");
          expect(f.line).toBeGreaterThanOrEqual(3);
          expect(f.column).toBe(7); // the method name after `m.`
          expect(f.message.length).toBeGreaterThan(0);
          expect(f.hint.length).toBeGreaterThan(0);
          // Acknowledged on the line above: still reported, as allowed, with the reason.
          const allowed = lintSource(allowAbove(source, f.line, c.code), SERVERS[server]).filter((x) => x.code === c.code);
          expect(allowed.map((x) => x.allowed)).toEqual([{ reason: "checked by hand" }]);
        });
      }
      c.quiet.forEach((body, i) => {
        test(`quiet ${i + 1}: ${body.split("\n").pop()}`, () => {
          for (const server of SERVER_NAMES) expect({ server, found: lintSource(migrationOf(body), SERVERS[server]).filter((f) => f.code === c.code) }).toEqual({ server, found: [] });
        });
      });
    });
  }
});
