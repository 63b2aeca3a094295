/**
 * `alab export <format>` on an N-table project whose migrations and snapshot were generated
 * (untimed `alab new init`): the snapshot is read, the format made and written with `--out`. No
 * database is involved, so the floor is the compiled hello-world binary; the target (issue 16) is
 * absolute: ≤ 0.5 s at N=500 for every format, svg (layout included) too.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ALAB_ENV, alabPath, schemasProject, type BenchContext } from "../context";
import { firstLine, timed, timedOk } from "../measure";
import { NotMeasurable, type Sample, type Workload } from "../types";
import { tableName } from "../workload";
import { helloFloor } from "./generate";

export const EXPORT_FORMATS = ["typescript", "sql", "json-schema", "mermaid", "dbml", "svg"] as const;

function exportRow(ctx: BenchContext, n: number, format: (typeof EXPORT_FORMATS)[number]): Workload {
  let dir = "";
  const out = (): string => join(dir, `export.${format}`);
  return {
    key: `export-${format}`,
    title: `export ${format}, ${n}-table snapshot`,
    tool: "alab",
    floorTitle: "hello-world binary (same Bun)",
    n,
    targets: [{ kind: "seconds", max: 0.5 }],
    notes: [],
    async prepare() {
      ({ dir } = schemasProject(ctx, n, `export-${format}`));
      const init = await timed([alabPath(ctx), "new", "init"], { cwd: dir, env: ALAB_ENV });
      if (init.exitCode !== 0) throw new NotMeasurable(`generating the migrations (\`alab new init\`) exited ${init.exitCode}: ${firstLine(init.stderr || init.stdout)}`);
    },
    async run(): Promise<Sample> {
      rmSync(out(), { force: true });
      const result = await timedOk(`alab export ${format}`, [alabPath(ctx), "export", format, "--out", out()], { cwd: dir, env: ALAB_ENV });
      // The last table's SQL name must be in the output: the whole schema was exported.
      const last = `bench_${tableName(n)}`;
      if (!existsSync(out()) || !readFileSync(out(), "utf8").includes(last)) throw new NotMeasurable(`\`alab export ${format}\` exited 0 but its output does not name ${last}`);
      return result.sample;
    },
    floor: () => helloFloor(ctx),
    async dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function exportRows(ctx: BenchContext, n: number): Workload[] {
  return EXPORT_FORMATS.map((f) => exportRow(ctx, n, f));
}
