/**
 * Row 6: `alab --help` against a compiled hello-world binary built by the same Bun. N does not
 * apply; the row is measured once per run (shown at the smallest N).
 */
import { ALAB_ENV, alabPath, type BenchContext } from "../context";
import { timedOk } from "../measure";
import { NotMeasurable, type Sample, type Workload } from "../types";
import { helloFloor } from "./generate";

export function startupRows(ctx: BenchContext, n: number): Workload[] {
  return [
    {
      key: "help",
      title: "--help (start-up)",
      tool: "alab",
      floorTitle: "hello-world binary (same Bun)",
      n,
      targets: [{ kind: "ratio", max: 2 }, { kind: "rss", maxMiB: 64 }],
      judgeAtAnyN: true,
      notes: [],
      async prepare() {
        alabPath(ctx);
      },
      async run(): Promise<Sample> {
        const result = await timedOk("alab --help", [alabPath(ctx), "--help"], { env: ALAB_ENV });
        if (!result.stdout.includes("migrate")) throw new NotMeasurable("`alab --help` does not mention `migrate`");
        return result.sample;
      },
      floor: () => helloFloor(ctx),
      async dispose() {},
    },
  ];
}
