/**
 * `alab pull` of the N-table bench database (issue 11: ≤ 1 s at N=500), against `pg_dump
 * --schema-only` of the same database — the other way to read a whole schema out of PostgreSQL.
 * The database is made once per N (untimed: `alab migrate` of the bench migrations); each run
 * pulls into an empty folder, and must write one schema file per table.
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { ALAB_ENV, alabPath, migrationsProject, type BenchContext } from "../context";
import { firstLine, timed, timedOk } from "../measure";
import { NotMeasurable, type Sample, type Workload } from "../types";
import { NAMESPACE } from "../workload";

/** pg_dump beside the real psql (Debian's /usr/bin/pg_dump is the same Perl wrapper). */
function pgDump(ctx: BenchContext): string {
  const beside = join(dirname(ctx.tools.psql), "pg_dump");
  return existsSync(beside) ? beside : (Bun.which("pg_dump") ?? "pg_dump");
}

export function pullRows(ctx: BenchContext, n: number): Workload[] {
  let db: { name: string; url: string } | undefined;
  let out = "";
  let runs = 0;
  return [
    {
      key: "pull-pg",
      title: `pull, ${n}-table PostgreSQL database`,
      tool: "alab",
      floorTitle: "pg_dump --schema-only (same database)",
      n,
      targets: [{ kind: "seconds", max: 1 }],
      notes: [],
      async prepare() {
        db = await ctx.pg.create();
        const project = migrationsProject(ctx, n);
        const applied = await timed([alabPath(ctx), "migrate", "-d", db.url], { cwd: project.dir, env: ALAB_ENV });
        if (applied.exitCode !== 0) throw new NotMeasurable(`building the database (\`alab migrate\`) exited ${applied.exitCode}: ${firstLine(applied.stderr || applied.stdout)}`);
        out = join(ctx.work, `n${n}`, "pull");
      },
      async run(): Promise<Sample> {
        if (db === undefined) throw new NotMeasurable("no database");
        const dir = join(out, String(runs++));
        rmSync(dir, { recursive: true, force: true });
        mkdirSync(dir, { recursive: true });
        const result = await timedOk("alab pull", [alabPath(ctx), "pull", "-d", db.url], { cwd: dir, env: ALAB_ENV });
        const files = existsSync(join(dir, "schemas", NAMESPACE)) ? readdirSync(join(dir, "schemas", NAMESPACE)).length : 0;
        if (files !== n) throw new NotMeasurable(`\`alab pull\` exited 0 but wrote ${files} schema files, not ${n}`);
        rmSync(dir, { recursive: true, force: true });
        return result.sample;
      },
      async floor(): Promise<Sample> {
        if (db === undefined) throw new Error("no database");
        return (await timedOk("pg_dump --schema-only", [pgDump(ctx), "--schema-only", "--no-owner", "-d", db.url, "-f", "/dev/null"])).sample;
      },
      async dispose() {
        if (db !== undefined) await ctx.pg.drop(db.name);
        rmSync(out, { recursive: true, force: true });
      },
    },
  ];
}
