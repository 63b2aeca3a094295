/**
 * `alab lint` end to end through the binary: the findings of a pending migration on each database
 * (text, JSON, exit 3), what migrate does with them (`--dry` comments, warnings, a run that goes
 * on), and the usage errors (exit 2). The migration is run for real and the database compared with
 * the schema the migrations build (on all three).
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { openDriver } from "../../src/db/open";
import { replay } from "../../src/diff/replay";
import { interpretMigration } from "../../src/dsl/migration/index";
import { readLiteralFile } from "../../src/sandbox/literal-record";
import type { Dialect } from "../../src/sql/dialect";
import { BASE, migrationOf } from "../lint/support";
import { alabBinary, runAlab, tempDir } from "../support/binary";
import { availableDialects, createTestDatabase, type TestDatabase } from "../support/db";
import { expectNoDrift } from "../support/drift";

setDefaultTimeout(120_000);

const CHANGE = migrationOf(`m.create_index("shop.item", ["qty"], { name: "idx_item_qty" });
// alab:allow L_DROP_COLUMN the app stopped reading note in v41
m.drop_column("shop.item", "note");
m.rename_column("shop.tag", "label", "title");
m.alter_column("shop.item", "qty", (t) => t.bigint("qty").optional());`);

/** [line, code, severity, allowed] per dialect (PostgreSQL 13+, MariaDB 10.4+ / MySQL 8.0.29+, SQLite). */
const EXPECTED: Record<Dialect, [number, string, string, boolean][]> = {
  postgres: [
    [3, "L_INDEX_LOCK", "error", false],
    [5, "L_DROP_COLUMN", "error", true],
    [6, "L_RENAME_COLUMN", "error", false],
    [7, "L_TYPE_REWRITE", "error", false],
  ],
  mysql: [
    [3, "L_MYSQL_NO_ROLLBACK", "note", false],
    [5, "L_DROP_COLUMN", "error", true],
    [6, "L_RENAME_COLUMN", "error", false],
    [7, "L_MYSQL_COPY", "error", false],
  ],
  sqlite: [
    [3, "L_INDEX_LOCK", "note", false],
    [5, "L_DROP_COLUMN", "error", true],
    [6, "L_RENAME_COLUMN", "error", false],
    // label's derived length check is renamed with it: SQLite renames no constraint, so the table is rebuilt.
    [6, "L_SQLITE_REBUILD", "warning", false],
  ],
};

async function projectWith(files: Record<string, string>): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const t = await tempDir("alab-lint-");
  await mkdir(join(t.dir, "migrations"), { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(t.dir, "migrations", name), text);
  return t;
}

function expectedSchema() {
  const ops = [BASE, CHANGE].flatMap((source, i) => interpretMigration(readLiteralFile({ path: `m${i}.js`, source }, "migration")!).up.map((o) => o.value));
  return replay({ tables: {} }, ops);
}

const dialects = await availableDialects();

beforeAll(async () => {
  await alabBinary();
});

describe("alab lint against a database", () => {
  for (const dialect of dialects) {
    describe(dialect, () => {
      let db: TestDatabase;
      let project: { dir: string; cleanup: () => Promise<void> };
      beforeAll(async () => {
        db = await createTestDatabase(dialect);
        project = await projectWith({ "001_base.js": BASE, "002_change.js": CHANGE });
      });
      afterAll(async () => {
        await project.cleanup();
        await db.drop();
      });
      const alab = (...args: string[]) => runAlab(["-d", db.url, ...args], { cwd: project.dir });

      test("the pending migration's findings, text and JSON, exit 3; migrate warns and goes on; then nothing is pending", async () => {
        expect((await alab("migrate", "--to", "001")).code).toBe(0);

        const text = await alab("lint");
        expect(text.code).toBe(3);
        expect(text.stdout).toContain("error[L_RENAME_COLUMN]: renames column shop.tag.label to title\n  --> migrations/002_change.js:6:7\n   = server: ");
        expect(text.stdout).toContain("allowed[L_DROP_COLUMN]: drops column shop.item.note and its data\n  --> migrations/002_change.js:5:7\n   = allowed: the app stopped reading note in v41");
        expect(text.stdout).toMatch(/in 1 pending migration for (PostgreSQL|MySQL|MariaDB|SQLite) /);

        const json = await alab("lint", "--json");
        expect(json.code).toBe(3);
        const doc = JSON.parse(json.stdout);
        expect({ format: doc.format, dialect: doc.dialect, from: doc.from, scope: doc.scope, files: doc.migrations.map((m: { file: string }) => m.file) }).toEqual({
          format: 1,
          dialect,
          from: "database",
          scope: "pending",
          files: ["migrations/002_change.js"],
        });
        const findings = doc.migrations[0].findings as { line: number; code: string; severity: string; allowed: boolean; reason: string | null }[];
        expect(findings.map((f) => [f.line, f.code, f.severity, f.allowed])).toEqual(EXPECTED[dialect]);
        expect(findings.find((f) => f.allowed)?.reason).toBe("the app stopped reading note in v41");
        const errors = EXPECTED[dialect].filter(([, , s, allowed]) => s === "error" && !allowed).length;
        expect(doc.counts.error).toBe(errors);
        expect(doc.counts.allowed).toBe(1);
        expect(Object.keys(findings[0]!).sort()).toEqual(["algorithm", "allowed", "code", "column", "file", "hint", "line", "lock", "message", "reason", "safe_form", "server", "severity", "table"]);

        const dry = await alab("migrate", "--dry");
        expect(dry.code).toBe(0);
        expect(dry.stdout).toContain(`-- lint: ${errors} error`);
        expect(dry.stdout).toMatch(/-- lint error\[L_RENAME_COLUMN\] migrations\/002_change\.js:6:7: renames column shop\.tag\.label to title\n(-- .*\n)+alter table [`"]shop_tag[`"] rename column/);
        expect(dry.stdout).toContain("-- lint allowed[L_DROP_COLUMN] migrations/002_change.js:5:7");

        const run = await alab("migrate");
        expect(run.code).toBe(0);
        const warned = run.stderr.split("\n").filter((l) => l.startsWith("warning: migrations/002_change.js:"));
        expect(warned.map((l) => /: (L_[A-Z_]+): /.exec(l)?.[1])).toEqual(EXPECTED[dialect].filter(([, , s, a]) => s === "error" && !a).map(([, c]) => c));

        const after = await alab("lint");
        expect(after.code).toBe(0);
        expect(after.stdout).toContain("ok: no findings in 0 pending migrations");

        const d = await openDriver(db.url, dialect);
        try {
          await expectNoDrift(d, expectedSchema());
        } finally {
          await d.close();
        }
      });
    });
  }
});

describe("alab lint without a database", () => {
  let project: { dir: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    project = await projectWith({ "001_base.js": BASE, "002_change.js": CHANGE, "003_quiet.js": migrationOf('m.add_column("shop.item", (t) => { t.integer("rank").optional(); });') });
  });
  afterAll(() => project.cleanup());
  const alab = (...args: string[]) => runAlab(args, { cwd: project.dir });

  test("--dialect with --all or files; the server version decides version-dependent rules", async () => {
    const all = await alab("lint", "--dialect", "postgres", "--all", "--json");
    expect(all.code).toBe(3);
    const doc = JSON.parse(all.stdout);
    expect([doc.server, doc.from, doc.scope, doc.migrations.map((m: { file: string }) => m.file)]).toEqual(["PostgreSQL 13", "dialect", "all", ["migrations/001_base.js", "migrations/002_change.js", "migrations/003_quiet.js"]]);

    const quiet = await alab("lint", "--dialect", "mysql", "migrations/003_quiet.js");
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).toBe("ok: no findings in 1 migration for MySQL 8.0.16 (--dialect)\n");

    const drop = migrationOf('m.drop_column("shop.item", "price");');
    await writeFile(join(project.dir, "migrations", "004_drop.js"), drop);
    const codes = async (...args: string[]) => JSON.parse((await alab("lint", "--json", "004_drop.js", ...args)).stdout).migrations[0].findings.map((f: { code: string }) => f.code);
    expect(await codes("--dialect", "mariadb", "--server-version", "10.3.39")).toEqual(["L_DROP_COLUMN", "L_MYSQL_REBUILD"]);
    expect(await codes("--dialect", "mariadb", "--server-version", "10.11")).toEqual(["L_DROP_COLUMN"]);
    expect(await codes("--dialect", "mysql", "--server-version", "8.0.28")).toEqual(["L_DROP_COLUMN", "L_MYSQL_REBUILD"]);
    expect(await codes("--dialect", "mysql", "--server-version", "8.0.29")).toEqual(["L_DROP_COLUMN"]);
  });

  const usage: [string, string[], string][] = [
    ["--dialect without files or --all", ["lint", "--dialect", "postgres"], "E_LINT_NO_DATABASE"],
    ["an unknown dialect", ["lint", "--dialect", "oracle", "--all"], "E_LINT_BAD_DIALECT"],
    ["a bad server version", ["lint", "--dialect", "postgres", "--server-version", "latest", "--all"], "E_LINT_BAD_VERSION"],
    ["--server-version without --dialect", ["lint", "--server-version", "16", "--all"], "E_USAGE_CONFLICTING_FLAGS"],
    ["--all with files", ["lint", "--all", "migrations/002_change.js"], "E_USAGE_CONFLICTING_FLAGS"],
    ["-d with --dialect", ["-d", "sqlite:x.db", "lint", "--dialect", "sqlite", "--all"], "E_USAGE_CONFLICTING_FLAGS"],
    ["a file that is not a migration", ["lint", "--dialect", "sqlite", "migrations/009_nope.js"], "E_LINT_UNKNOWN_FILE"],
  ];
  for (const [name, args, code] of usage) {
    test(`${name}: exit 2, ${code}`, async () => {
      const r = await alab(...args);
      expect({ code: r.code, stderr: r.stderr.split("\n")[0] }).toEqual({ code: 2, stderr: expect.stringContaining(`error[${code}]`) });
    });
  }
});
