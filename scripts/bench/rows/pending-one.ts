/**
 * Issue 17's rows: deploy day with a long history. N migrations already applied (by alab, once,
 * untimed); one new migration arrives. The tool side times `alab migrate` applying it (then rolls
 * it back, untimed, so every pair starts alike); the floor is `alab migrate` with nothing pending
 * on the same database, so the ratio is T1/T0: what the one new migration costs on top of a run
 * that only checks. Flat cost means the ratio does not grow with N.
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ALAB_ENV, alabPath, expectCensus, migrationsProject, type BenchContext } from "../context";
import { firstLine, timed, timedOk } from "../measure";
import { NotMeasurable, type Sample, type Target, type Workload } from "../types";
import { freshDatabase } from "./migrate";

/** The history lengths the issue states its goals at. */
export const PENDING_ONE_NS = [1000, 2000, 10000] as const;

const PENDING = `export default migration({
  up(m) { m.create_table("bench.one_more", (t) => { t.id(); t.string("name", 50); }); },
  down(m) { m.drop_table("bench.one_more"); },
});
`;

function pendingOneRow(ctx: BenchContext, n: number): Workload {
  let db: Awaited<ReturnType<typeof freshDatabase>> | undefined;
  let dir = "";
  const file = () => join(dir, "migrations", `${String(n + 1).padStart(3, "0")}_one_more.js`);
  const targets: Target[] = n <= 2000 ? [{ kind: "ratio", max: 1.5 }] : [{ kind: "rss", maxMiB: 96 }];
  return {
    key: "pending-one-pg",
    title: `migrate, 1 pending after ${n} applied, PostgreSQL`,
    tool: "alab",
    floorTitle: "alab migrate, nothing pending (same database)",
    n,
    targets,
    heavy: true,
    judgeAtAnyN: true,
    notes: [],
    async prepare() {
      dir = migrationsProject(ctx, n).dir;
      rmSync(file(), { force: true });
      db = await freshDatabase(ctx, "postgres");
      // One transaction per migration: thousands of CREATE TABLEs in one exceed PostgreSQL's lock table.
      const applied = await timed([alabPath(ctx), "migrate", "--tx", "each", "--url", db.url], { cwd: dir, env: ALAB_ENV });
      if (applied.exitCode !== 0) throw new NotMeasurable(`applying the ${n} migrations first exited ${applied.exitCode}: ${firstLine(applied.stderr || applied.stdout)}`);
      expectCensus("tool", "alab migrate", await db.census(), { tables: n, tracked: n });
    },
    async run(): Promise<Sample> {
      writeFileSync(file(), PENDING);
      try {
        const result = await timedOk("alab migrate (1 pending)", [alabPath(ctx), "migrate", "--url", db!.url], { cwd: dir, env: ALAB_ENV });
        expectCensus("tool", "alab migrate (1 pending)", await db!.census(), { tables: n + 1, tracked: n + 1 });
        const back = await timed([alabPath(ctx), "rollback", "--url", db!.url], { cwd: dir, env: ALAB_ENV });
        if (back.exitCode !== 0) throw new NotMeasurable(`rolling the new migration back exited ${back.exitCode}: ${firstLine(back.stderr || back.stdout)}`);
        return result.sample;
      } finally {
        rmSync(file(), { force: true });
      }
    },
    async floor(): Promise<Sample> {
      const result = await timedOk("alab migrate (nothing pending)", [alabPath(ctx), "migrate", "--url", db!.url], { cwd: dir, env: ALAB_ENV });
      return result.sample;
    },
    async dispose() {
      rmSync(file(), { force: true });
      await db?.drop();
      db = undefined;
    },
  };
}

export function pendingOneRows(ctx: BenchContext): Workload[] {
  return PENDING_ONE_NS.map((n) => pendingOneRow(ctx, n));
}
