/**
 * Rows 3 and 5: the deploy-day common case. N migrations already applied (by alab itself, once,
 * untimed); `alab migrate` finds nothing to do, `alab status` lists them. The floor is connecting
 * and running one query: `psql -c 'select 1'` / `sqlite3 <file> 'select 1'`.
 */
import { ALAB_ENV, alabPath, expectCensus, migrationsProject, type BenchContext } from "../context";
import type { FloorDialect } from "../floor-sql";
import { firstLine, timed, timedOk } from "../measure";
import { NotMeasurable, type Sample, type Target, type Workload } from "../types";
import { freshDatabase } from "./migrate";

const RSS: Target = { kind: "rss", maxMiB: 64 };

function selectOne(ctx: BenchContext, dialect: FloorDialect, target: string): string[] {
  return dialect === "postgres"
    ? [ctx.tools.psql, "-X", "-q", "-At", "-d", target, "-c", "select 1"]
    : [ctx.tools.sqlite3, target, "select 1"];
}

type Command = "migrate" | "status";

function appliedRow(ctx: BenchContext, n: number, dialect: FloorDialect, command: Command): Workload {
  const where = dialect === "postgres" ? "PostgreSQL" : "SQLite";
  const floorTool = dialect === "postgres" ? "psql -c 'select 1'" : "sqlite3 'select 1'";
  let db: Awaited<ReturnType<typeof freshDatabase>> | undefined;
  let dir = "";
  const want = { tables: n, tracked: n };
  const args = command === "migrate" ? ["migrate"] : ["status"];
  const targets: Target[] =
    command === "migrate" && dialect === "postgres" ? [{ kind: "ratio", max: 4 }, RSS] : [RSS];

  return {
    key: `${command === "migrate" ? "pending-none" : "status"}-${dialect === "postgres" ? "pg" : "sqlite"}`,
    title: command === "migrate" ? `migrate, nothing pending, ${n} applied, ${where}` : `status, ${n} applied, ${where}`,
    tool: "alab",
    floorTitle: floorTool,
    n,
    targets,
    notes: [],
    async prepare() {
      dir = migrationsProject(ctx, n).dir;
      db = await freshDatabase(ctx, dialect);
      const alab = alabPath(ctx);
      const applied = await timed([alab, "migrate", "--url", db.url], { cwd: dir, env: ALAB_ENV });
      if (applied.exitCode !== 0) {
        throw new NotMeasurable(
          `applying the ${n} migrations first (\`alab migrate\`) exited ${applied.exitCode}: ${firstLine(applied.stderr || applied.stdout)}`,
        );
      }
      expectCensus("tool", "alab migrate", await db.census(), want);
    },
    async run(): Promise<Sample> {
      const result = await timedOk(`alab ${args.join(" ")}`, [alabPath(ctx), ...args, "--url", db!.url], {
        cwd: dir,
        env: ALAB_ENV,
      });
      if (command === "status" && !result.stdout.includes("t0001")) {
        throw new NotMeasurable("`alab status` exited 0 but did not list the applied migrations");
      }
      expectCensus("tool", `alab ${args.join(" ")}`, await db!.census(), want);
      return result.sample;
    },
    async floor(): Promise<Sample> {
      if (!db) db = await freshDatabase(ctx, dialect);
      const result = await timed(selectOne(ctx, dialect, db.target));
      if (result.exitCode !== 0 || result.stdout.trim() !== "1") {
        throw new Error(`${floorTool} failed: ${firstLine(result.stderr || result.stdout)}`);
      }
      return result.sample;
    },
    async dispose() {
      await db?.drop();
      db = undefined;
    },
  };
}

export function appliedRows(ctx: BenchContext, n: number): Workload[] {
  return [
    appliedRow(ctx, n, "postgres", "migrate"),
    appliedRow(ctx, n, "sqlite", "migrate"),
    appliedRow(ctx, n, "postgres", "status"),
  ];
}
