/**
 * `alab lint --all --dialect postgres` on the N-migration workload plus one migration that touches
 * every table (a column added and indexed on each: N L_INDEX_LOCK errors, so every analyzer sees
 * every table as existing). No database is involved, so the floor is the compiled hello-world
 * binary; the target (issue 14) is absolute: ≤ 0.5 s at N=500.
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ALAB_ENV, alabPath, type BenchContext } from "../context";
import { firstLine, timed } from "../measure";
import { NotMeasurable, type Sample, type Workload } from "../types";
import { benchTables, type BenchTable, writeMigrations } from "../workload";
import { helloFloor } from "./generate";

/** One migration after the N that adds and indexes a column on every table. */
export function touchEverySource(tables: readonly BenchTable[]): string {
  const body = tables.flatMap((t) => [
    `    m.add_column("${t.ref}", (t) => { t.integer("lint_probe").optional(); });`,
    `    m.create_index("${t.ref}", ["lint_probe"], { name: "idx_${t.sql}_lint_probe" });`,
  ]);
  return `export default migration({\n  up(m) {\n${body.join("\n")}\n  },\n});\n`;
}

function lintRow(ctx: BenchContext, n: number): Workload {
  const dir = join(ctx.work, `n${n}`, "lint");
  return {
    key: "lint-all",
    title: `lint --all --dialect postgres, ${n} migrations + one touching every table`,
    tool: "alab",
    floorTitle: "hello-world binary (same Bun)",
    n,
    targets: [{ kind: "seconds", max: 0.5 }],
    notes: [],
    async prepare() {
      rmSync(dir, { recursive: true, force: true });
      const tables = benchTables(n);
      writeMigrations(dir, tables);
      writeFileSync(join(dir, "migrations", `${String(n + 1).padStart(3, "0")}_touch_every_table.js`), touchEverySource(tables));
    },
    async run(): Promise<Sample> {
      const result = await timed([alabPath(ctx), "lint", "--all", "--dialect", "postgres", "--json"], { cwd: dir, env: ALAB_ENV });
      if (result.exitCode !== 3) throw new NotMeasurable(`\`alab lint\` exited ${result.exitCode} (3 expected): ${firstLine(result.stderr || result.stdout)}`);
      // Every table's index must have been found: the whole history was linted.
      const doc = JSON.parse(result.stdout) as { migrations: { findings: { code: string }[] }[] };
      const found = doc.migrations.flatMap((m) => m.findings).filter((f) => f.code === "L_INDEX_LOCK").length;
      if (found !== n) throw new NotMeasurable(`\`alab lint\` reported ${found} L_INDEX_LOCK findings, ${n} expected`);
      return result.sample;
    },
    floor: () => helloFloor(ctx),
    async dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function lintRows(ctx: BenchContext, n: number): Workload[] {
  return [lintRow(ctx, n)];
}
