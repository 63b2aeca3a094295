/**
 * `alab migrate --dry` prints the exact SQL of a run: piped into the dialect's own shell (psql,
 * mariadb, sqlite3) on a fresh database it builds the same schema and tracking rows as a real run,
 * and the dry run itself changes nothing.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync } from "node:fs";
import { openIntrospector } from "../../src/db/open";
import { openDriver } from "../../src/db/open";
import { sqliteFileOf } from "../../src/db/target";
import type { Dialect } from "../../src/sql/dialect";
import { migrate } from "../../src/workflows/migrate";
import { rollback } from "../../src/workflows/rollback";
import { availableDialects, createTestDatabase } from "../support/db";
import { describeSchema, historyOf, makeProject, MIGRATE_DEFAULTS } from "../db/fixtures";

// Each test creates and drops its own database; PostgreSQL takes a while to do that.
setDefaultTimeout(30_000);
const dialects = await availableDialects();

const FILES: Record<string, string> = {
  "001_blog.js": `export default migration({
  up(m) {
    m.create_table("app.author", (t) => { t.id(); t.string("name", 100).unique(); t.timestamps(); });
    m.create_table("app.post", (t) => {
      t.id();
      t.belongs_to("app.author");
      t.string("title", 200);
      t.enum("status", ["draft", "published"]).default("draft");
      t.decimal("price", 10, 2).optional();
      t.boolean("pinned").default(false);
      t.timestamps();
    });
    m.create_index("app.post", ["title"], { name: "idx_post_title" });
  },
  down(m) { m.drop_table("app.post"); m.drop_table("app.author"); },
});
`,
  "002_more.js": `export default migration({
  up(m) {
    m.add_column("app.post", (t) => { t.integer("views").default(0); });
    m.alter_column("app.post", "title", (t) => { t.string("title", 300); });
    m.sql("insert into app_author (id, name) values (?, ?)", ["6f1c8a52-8d3e-4a5e-9a57-0b7a3f0c1d2e", "O'Brien; DROP TABLE app_post; --"]);
  },
  down(m) {
    m.alter_column("app.post", "title", (t) => { t.string("title", 200); });
    m.drop_column("app.post", "views");
  },
});
`,
  "003_rename.js": `export default migration({
  up(m) { m.rename_column("app.post", "views", "view_count"); },
  down(m) { m.rename_column("app.post", "view_count", "views"); },
});
`,
};

/** Pipes a script into the dialect's own command-line client, as a user would. */
async function pipe(dialect: Dialect, url: string, script: string): Promise<{ code: number; stderr: string }> {
  let argv: string[];
  if (dialect === "postgres") argv = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url, "-f", "-"];
  else if (dialect === "sqlite") argv = ["sqlite3", "-bail", sqliteFileOf(url)];
  else {
    const u = new URL(url);
    argv = ["mariadb", `--host=${u.hostname}`, `--port=${u.port || "3306"}`, `--user=${decodeURIComponent(u.username || "root")}`, ...(u.password ? [`--password=${decodeURIComponent(u.password)}`] : []), u.pathname.slice(1)];
  }
  const proc = Bun.spawn(argv, { stdin: new Blob([script]), stdout: "pipe", stderr: "pipe" });
  const [stderr, code] = await Promise.all([new Response(proc.stderr).text(), proc.exited]);
  return { code, stderr };
}

describe.each(dialects)("migrate --dry on %s", (dialect: Dialect) => {
  test("piped into a fresh database it gives the schema and tracking rows of a real run; the dry run changes nothing", async () => {
    const real = await createTestDatabase(dialect);
    const piped = await createTestDatabase(dialect);
    const project = await makeProject(dialect, real.url, FILES);
    try {
      const dry = await migrate(project.config, { ...MIGRATE_DEFAULTS, dry: true }, () => undefined);
      const script = dry.script ?? "";
      expect(dry.applied).toEqual([]);
      expect(script).toContain(dialect === "sqlite" ? "BEGIN IMMEDIATE;" : "BEGIN;");
      expect(script).toContain("COMMIT;");
      expect(script).toContain("O''Brien; DROP TABLE app_post; --'");
      if (dialect === "sqlite") {
        // SQLite cannot ALTER a column's type: the rebuild needs foreign keys off outside the transaction.
        expect(script.indexOf("pragma foreign_keys = off;")).toBeLessThan(script.indexOf("BEGIN IMMEDIATE;"));
        expect(existsSync(real.file ?? "")).toBe(false);
      } else {
        const d = await openDriver(real.url, dialect);
        expect(await (await openIntrospector(d)).tableExists("alab_migrations")).toBe(false);
        await d.close();
      }

      const r = await pipe(dialect, piped.url, script);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      await migrate(project.config, MIGRATE_DEFAULTS, () => undefined);

      const a = await openDriver(real.url, dialect);
      const b = await openDriver(piped.url, dialect);
      try {
        const schemaA = await describeSchema(a);
        expect(schemaA.length).toBeGreaterThan(dialect === "sqlite" ? 3 : 10);
        expect(await describeSchema(b)).toEqual(schemaA);
        expect(await historyOf(b)).toEqual(await historyOf(a));
        const [row] = await b.query<{ name: string }>({ sql: "select name from app_author" });
        expect(row?.name).toBe("O'Brien; DROP TABLE app_post; --");
      } finally {
        await a.close();
        await b.close();
      }

      // Rollback --dry, piped, reverts the piped database like a real rollback reverts the real one.
      const rb = await rollback(project.config, { target: { kind: "all" }, dry: true, tx: "all", lockTimeoutSeconds: 10 }, () => undefined);
      const back = await pipe(dialect, piped.url, rb.script ?? "");
      expect(back.stderr).toBe("");
      await rollback(project.config, { target: { kind: "all" }, dry: false, tx: "all", lockTimeoutSeconds: 10, yes: true }, () => undefined);
      const a2 = await openDriver(real.url, dialect);
      const b2 = await openDriver(piped.url, dialect);
      try {
        expect(await describeSchema(b2)).toEqual(await describeSchema(a2));
        expect(await historyOf(b2)).toEqual([]);
      } finally {
        await a2.close();
        await b2.close();
      }
    } finally {
      await project.cleanup();
      await real.drop();
      await piped.drop();
    }
  }, 60_000);
});
