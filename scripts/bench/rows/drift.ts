/**
 * Issue 10's rows. `drift-pg`: `alab drift` on a PostgreSQL database where alab applied the N
 * migrations (once, untimed), against `pg_dump --schema-only` of the same database — both read the
 * whole catalog; alab also normalizes it and compares it with the applied migrations' schema.
 * `verify-sqlite`: `alab verify` of the N migration files on its default scratch (SQLite), against
 * the hello-world binary (the target is absolute: ≤ 2 s).
 */
import { cpSync, existsSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { ALAB_ENV, alabPath, expectCensus, migrationsProject, type BenchContext } from "../context";
import { firstLine, timed, timedOk } from "../measure";
import { NotMeasurable, type Sample, type Workload } from "../types";
import { helloFloor } from "./generate";
import { freshDatabase } from "./migrate";

/** pg_dump beside the real psql (the same server version's client). */
function pgDump(ctx: BenchContext): string {
  const beside = join(dirname(ctx.tools.psql), "pg_dump");
  if (!existsSync(beside)) throw new Error(`pg_dump not found beside ${ctx.tools.psql} (Debian package postgresql-client)`);
  return beside;
}

function driftRow(ctx: BenchContext, n: number): Workload {
  let db: Awaited<ReturnType<typeof freshDatabase>> | undefined;
  let dir = "";
  const want = { tables: n, tracked: n };
  return {
    key: "drift-pg",
    title: `drift, ${n} applied, PostgreSQL`,
    tool: "alab",
    floorTitle: "pg_dump --schema-only, same database",
    n,
    targets: [{ kind: "ratio", max: 0.5 }, { kind: "rss", maxMiB: 64 }],
    notes: [],
    async prepare() {
      dir = migrationsProject(ctx, n).dir;
      db = await freshDatabase(ctx, "postgres");
      const applied = await timed([alabPath(ctx), "migrate", "--url", db.url], { cwd: dir, env: ALAB_ENV });
      if (applied.exitCode !== 0) throw new NotMeasurable(`applying the ${n} migrations first exited ${applied.exitCode}: ${firstLine(applied.stderr || applied.stdout)}`);
      expectCensus("tool", "alab migrate", await db.census(), want);
    },
    async run(): Promise<Sample> {
      const result = await timedOk("alab drift", [alabPath(ctx), "drift", "--url", db!.url], { cwd: dir, env: ALAB_ENV });
      if (!result.stdout.startsWith("no drift")) throw new NotMeasurable(`\`alab drift\` did not report "no drift": ${firstLine(result.stdout)}`);
      return result.sample;
    },
    async floor(): Promise<Sample> {
      if (!db) db = await freshDatabase(ctx, "postgres");
      const result = await timed([pgDump(ctx), "--schema-only", "--no-owner", "-d", db.target, "-f", "/dev/null"]);
      if (result.exitCode !== 0) throw new Error(`pg_dump failed: ${firstLine(result.stderr || result.stdout)}`);
      return result.sample;
    },
    async dispose() {
      await db?.drop();
      db = undefined;
    },
  };
}

function verifyRow(ctx: BenchContext, n: number): Workload {
  let dir = "";
  return {
    key: "verify-sqlite",
    title: `verify, ${n} migration files, SQLite scratch`,
    tool: "alab",
    floorTitle: "hello-world binary (same Bun)",
    n,
    heavy: true,
    targets: [{ kind: "seconds", max: 2 }, { kind: "rss", maxMiB: 64 }],
    notes: [],
    async prepare() {
      // A copy with its snapshot: the shared migrations project stays as the migrate rows expect it.
      dir = join(ctx.work, `n${n}`, "verify");
      rmSync(dir, { recursive: true, force: true });
      cpSync(migrationsProject(ctx, n).dir, dir, { recursive: true });
      const snap = await timed([alabPath(ctx), "snapshot", "--rebuild"], { cwd: dir, env: ALAB_ENV });
      if (snap.exitCode !== 0) throw new NotMeasurable(`\`alab snapshot --rebuild\` exited ${snap.exitCode}: ${firstLine(snap.stderr || snap.stdout)}`);
    },
    async run(): Promise<Sample> {
      const result = await timed([alabPath(ctx), "verify"], { cwd: dir, env: ALAB_ENV });
      if (result.exitCode !== 0 || !result.stdout.startsWith("ok")) throw new NotMeasurable(`\`alab verify\` exited ${result.exitCode}: ${firstLine(result.stderr || result.stdout)}`);
      return result.sample;
    },
    floor: () => helloFloor(ctx),
    async dispose() {},
  };
}

export function driftRows(ctx: BenchContext, n: number): Workload[] {
  return [driftRow(ctx, n), verifyRow(ctx, n)];
}
