/**
 * Self-checks of the benchmark harness's pure parts (scripts/bench/): argument parsing, the floor
 * SQL, the workload, the report. Nothing here runs a benchmark; that is `npm run bench`.
 */
import { Database } from "bun:sqlite";
import { describe, expect, test } from "bun:test";
import { parseArgs } from "../../scripts/bench/args";
import { parseDry, splitStatements } from "../../scripts/bench/dry";
import { generatedSql, perMigrationScript, singleTransactionScript } from "../../scripts/bench/floor-sql";
import { firstLine, median } from "../../scripts/bench/measure";
import { markdownNotes, markdownTable, sortRows, summarize, verdict } from "../../scripts/bench/report";
import type { RowResult, Target } from "../../scripts/bench/types";
import { benchTables, migrationSource, schemaSource } from "../../scripts/bench/workload";

describe("splitStatements", () => {
  const cases: [string, string, string[]][] = [
    ["plain", "a; b;", ["a", "b"]],
    ["no trailing semicolon", "a;\nb", ["a", "b"]],
    ["semicolon in a string", "insert into t values ('x;y'); b", ["insert into t values ('x;y')", "b"]],
    ["doubled quote", "select 'it''s;'; c", ["select 'it''s;'", "c"]],
    ["quoted identifier", 'create table "a;b" (x int); d', ['create table "a;b" (x int)', "d"]],
    ["line comment", "-- one; two\na;", ["a"]],
    ["block comment", "/* x; y */ a; b", ["a", "b"]],
  ];
  for (const [name, input, want] of cases) {
    test(name, () => expect(splitStatements(input)).toEqual(want));
  }
});

describe("parseDry", () => {
  const dry = [
    "-- 001_t0001.js",
    "BEGIN;",
    'CREATE TABLE IF NOT EXISTS "alab_migrations" ("revision" text primary key);',
    "SELECT pg_advisory_lock(1);",
    'CREATE TABLE "bench_t0001" ("id" uuid);',
    'CREATE INDEX "idx_bench_t0001_name" ON "bench_t0001" ("name");',
    `INSERT INTO "alab_migrations" VALUES ('001', 't0001');`,
    "-- 002_t0002.js",
    'CREATE TABLE "bench_t0002" ("id" uuid, CONSTRAINT "fk" FOREIGN KEY ("prev_id") REFERENCES "bench_t0001" ("id"));',
    'CREATE INDEX "idx_bench_t0002_prev_id" ON "bench_t0002" ("prev_id");',
    `INSERT INTO "alab_migrations" VALUES ('002', 't0002');`,
    "COMMIT;",
  ].join("\n");

  test("groups statements by the table they belong to, drops control and lock statements", () => {
    const parsed = parseDry(dry, 2)!;
    expect(parsed.groups).toEqual([
      ['CREATE TABLE "bench_t0001" ("id" uuid)', 'CREATE INDEX "idx_bench_t0001_name" ON "bench_t0001" ("name")'],
      [
        'CREATE TABLE "bench_t0002" ("id" uuid, CONSTRAINT "fk" FOREIGN KEY ("prev_id") REFERENCES "bench_t0001" ("id"))',
        'CREATE INDEX "idx_bench_t0002_prev_id" ON "bench_t0002" ("prev_id")',
      ],
    ]);
    expect(parsed.trackingDdl).toHaveLength(1);
    expect([...parsed.inserts.keys()]).toEqual([1, 2]);
    expect(parsed.preamble).toEqual([]);
  });

  test("null when a table has no CREATE TABLE (output it does not understand)", () => {
    expect(parseDry(dry, 3)).toBeNull();
    expect(parseDry("nothing to do", 1)).toBeNull();
  });
});

describe("floor SQL", () => {
  const tables = benchTables(3);
  const census = (script: string) => {
    const db = new Database(":memory:");
    db.exec(script);
    const tablesCount = db.query<{ n: number }, []>("select count(*) as n from sqlite_master where type='table' and name like 'bench%'").get()!.n;
    const indexes = db.query<{ n: number }, []>("select count(*) as n from sqlite_master where type='index' and name like 'idx_%'").get()!.n;
    const tracked = db.query<{ n: number }, []>("select count(*) as n from sqlite_master where name='alab_migrations'").get()!.n
      ? db.query<{ n: number }, []>("select count(*) as n from alab_migrations").get()!.n
      : 0;
    db.close();
    return { tables: tablesCount, indexes, tracked };
  };

  test("--tx all script runs on SQLite and creates the tables and indexes", () => {
    const script = singleTransactionScript(generatedSql(tables, "sqlite"), true);
    expect(script.startsWith("BEGIN;\n")).toBe(true);
    expect(census(script)).toEqual({ tables: 3, indexes: 5, tracked: 0 });
  });

  test("--tx each script commits per table with a tracking row", () => {
    const script = perMigrationScript(tables, generatedSql(tables, "sqlite"), "sqlite");
    expect(script.match(/^COMMIT;$/gm)).toHaveLength(3);
    expect(census(script)).toEqual({ tables: 3, indexes: 5, tracked: 3 });
  });

  test("PostgreSQL DDL names the constraints and indexes like alab", () => {
    const [first, second] = generatedSql(tables, "postgres");
    expect(first!.join("\n")).not.toContain("prev_id");
    expect(second!.join("\n")).toContain(`CONSTRAINT "fk_bench_t0002_prev_id" FOREIGN KEY ("prev_id") REFERENCES "bench_t0001" ("id")`);
    expect(second).toContain(`CREATE INDEX "idx_bench_t0002_name" ON "bench_t0002" ("name")`);
  });
});

describe("workload", () => {
  test("numbering has at least three digits and continues past 999", () => {
    const tables = benchTables(1000);
    expect(tables[0]!.revision).toBe("001_t0001");
    expect(tables[998]!.revision).toBe("999_t0999");
    expect(tables[999]!.revision).toBe("1000_t1000");
  });

  test("table i references table i-1 in both forms", () => {
    const [, second] = benchTables(2);
    expect(schemaSource(second!)).toContain(`prev: col.belongs_to(".t0001")`);
    expect(migrationSource(second!)).toContain(`t.belongs_to("bench.t0001").as("prev");`);
    expect(schemaSource(second!, 120)).toContain("col.string(120)");
  });

  test("deterministic", () => {
    expect(migrationSource(benchTables(5)[4]!)).toBe(migrationSource(benchTables(5)[4]!));
  });
});

describe("measure helpers", () => {
  test.each([
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[], Number.NaN],
  ])("median(%p) = %p", (values, want) => expect(median(values)).toEqual(want));

  test("firstLine skips code frames and joins a line ending in ':'", () => {
    expect(firstLine("\nbuild failed:\n 3 | x\n   ^\nerror: nope\nat y\n", 2)).toBe("build failed: error: nope");
    expect(firstLine("")).toBe("(no output)");
  });
});

describe("parseArgs", () => {
  test("defaults", () => {
    const a = parseArgs([], {});
    expect([a.ns, a.pairs, a.warmup, a.peers, a.build]).toEqual([[100, 500], undefined, undefined, false, true]);
    expect(a.pgUrl).toBe("postgres://postgres@127.0.0.1:5432/test");
  });
  test("flags", () => {
    const a = parseArgs(["--n", "1000", "--pairs=3", "--peers", "--alab", "/x/alab", "--rows", "migrate-pg,help"], {
      ALAB_TEST_PG_URL: "postgres://h/db",
    });
    expect([a.ns, a.pairs, a.peers, a.build, a.alab, a.rows, a.pgUrl]).toEqual([
      [1000], 3, true, false, "/x/alab", ["migrate-pg", "help"], "postgres://h/db",
    ]);
  });
  test.each([[["--pairs", "0"]], [["--n", "x"]], [["--frobnicate"]], [["--n"]]])("rejects %p", (argv) => {
    expect(() => parseArgs(argv, {})).toThrow();
  });
});

describe("report", () => {
  const sample = (ms: number, rssKiB = 30 * 1024, cpuMs = 100) => ({ ms, rssKiB, cpuMs });
  const row = (n: number, targets: Target[], extra: Partial<RowResult> = {}): RowResult => ({
    key: "migrate-pg-all",
    title: `migrate, ${n} pending`,
    tool: "alab",
    floorTitle: "psql",
    n,
    targets,
    judgeAtAnyN: false,
    notes: [],
    toolSamples: [sample(105), sample(110), sample(130)],
    floorSamples: [sample(100), sample(100), sample(100)],
    ratios: [1.05, 1.1, 1.3],
    ...extra,
  });

  test("judges at N=500 only, each target separately", () => {
    const targets: Target[] = [{ kind: "ratio", max: 1.1 }, { kind: "cpu", maxSeconds: 0.05 }, { kind: "rss", maxMiB: 64 }];
    const r500 = row(500, targets);
    expect(verdict(r500, summarize(r500))).toBe("✓ ratio, ✗ CPU, ✓ RSS");
    const r100 = row(100, targets);
    expect(verdict(r100, summarize(r100))).toBe("(judged at N=500)");
  });

  test("an unavailable tool is reported, never given a time", () => {
    const r = row(500, [{ kind: "ratio", max: 1.1 }], { toolSamples: [], ratios: [], unavailable: "no binary" });
    expect(verdict(r, summarize(r))).toBe("not measurable yet");
    expect(markdownTable([r])).toContain("not measurable yet¹");
  });

  test("summary: medians, ratio range, peak RSS", () => {
    const s = summarize(row(500, []));
    expect([s.toolMs, s.floorMs, s.ratio, s.ratioMin, s.ratioMax]).toEqual([110, 100, 1.1, 1.05, 1.3]);
    expect(s.rssKiB).toBe(30 * 1024);
  });

  test("rows in the issue's order, by N, alab before peers", () => {
    const mk = (key: string, n: number, tool: string) => row(n, [], { key, tool });
    const sorted = sortRows([mk("help", 100, "alab"), mk("migrate-pg-all", 500, "knex"), mk("migrate-pg-all", 500, "alab"), mk("migrate-pg-all", 100, "alab")]);
    expect(sorted.map((r) => `${r.key}/${r.n}/${r.tool}`)).toEqual([
      "migrate-pg-all/100/alab",
      "migrate-pg-all/500/alab",
      "migrate-pg-all/500/knex",
      "help/100/alab",
    ]);
  });

  test("notes group rows that share a reason", () => {
    const a = row(100, [], { unavailable: "no binary", toolSamples: [], ratios: [] });
    const b = row(500, [], { unavailable: "no binary", toolSamples: [], ratios: [], notes: ["floor SQL: x"] });
    expect(markdownNotes([a, b])).toBe("- ¹ migrate-pg-all N=100, migrate-pg-all N=500 — alab: not measurable yet: no binary\n- floor SQL: x\n");
  });
});

