/**
 * Row 4: `alab new` on an N-table schema, from an empty snapshot (N create_table) and with one
 * column changed after everything was generated; and from an empty snapshot with files that hold
 * code (a `const`), so each is evaluated in QuickJS rather than read as a literal file. No
 * database is involved, so the floor is the compiled hello-world binary (the cost of starting any
 * Bun executable); the targets are absolute.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ALAB_ENV, alabPath, schemasProject, type BenchContext } from "../context";
import { firstLine, timed, timedOk } from "../measure";
import { NotMeasurable, type Sample, type Target, type Workload } from "../types";
import { NAMESPACE, schemaSource, type BenchTable } from "../workload";

const RSS: Target = { kind: "rss", maxMiB: 64 };
const SNAPSHOT = "alab.snapshot.json";

function migrationFiles(dir: string): string[] {
  return readdirSync(join(dir, "migrations"))
    .filter((f) => f.endsWith(".js") || f.endsWith(".ts"))
    .sort();
}

export async function helloFloor(ctx: BenchContext): Promise<Sample> {
  const result = await timed([ctx.hello]);
  if (result.exitCode !== 0 || result.stdout.trim() !== "hello") {
    throw new Error(`hello-world binary failed: ${firstLine(result.stderr || result.stdout)}`);
  }
  return result.sample;
}

type Change = "empty" | "one-column" | "evaluated";

const ROWS: Readonly<Record<Change, { readonly key: string; readonly title: string; readonly seconds?: number }>> = {
  empty: { key: "new-empty", title: "schema, empty snapshot", seconds: 0.4 },
  "one-column": { key: "new-one-column", title: "schema, one column changed" },
  evaluated: { key: "new-evaluated", title: "schema evaluated in QuickJS, empty snapshot", seconds: 1 },
};

function newRow(ctx: BenchContext, n: number, change: Change): Workload {
  let dir = "";
  let tables: BenchTable[] = [];
  /** Files and snapshot as they were before each timed run, restored after it. */
  let before: string[] = [];
  let snapshotBefore: string | null = null;
  const row = ROWS[change];
  const targets: Target[] = row.seconds === undefined ? [RSS] : [{ kind: "seconds", max: row.seconds }, RSS];

  function restore(): void {
    for (const file of migrationFiles(dir)) {
      if (!before.includes(file)) rmSync(join(dir, "migrations", file));
    }
    const snapshot = join(dir, "migrations", SNAPSHOT);
    if (snapshotBefore === null) rmSync(snapshot, { force: true });
    else writeFileSync(snapshot, snapshotBefore);
  }

  return {
    key: row.key,
    title: `new, ${n}-table ${row.title}`,
    tool: "alab",
    floorTitle: "hello-world binary (same Bun)",
    n,
    targets,
    notes: [],
    async prepare() {
      ({ dir, tables } = schemasProject(ctx, n, `new-${change}`, change === "evaluated"));
      const alab = alabPath(ctx);
      if (change === "one-column") {
        const init = await timed([alab, "new", "init"], { cwd: dir, env: ALAB_ENV });
        if (init.exitCode !== 0) {
          throw new NotMeasurable(`generating the first migration (\`alab new init\`) exited ${init.exitCode}: ${firstLine(init.stderr || init.stdout)}`);
        }
        const first = tables[0]!;
        writeFileSync(join(dir, "schemas", NAMESPACE, `${first.name}.js`), schemaSource(first, 120));
      }
      before = migrationFiles(dir);
      const snapshot = join(dir, "migrations", SNAPSHOT);
      snapshotBefore = existsSync(snapshot) ? readFileSync(snapshot, "utf8") : null;
    },
    async run(): Promise<Sample> {
      try {
        const result = await timedOk(`alab new bench`, [alabPath(ctx), "new", "bench"], { cwd: dir, env: ALAB_ENV });
        const added = migrationFiles(dir).filter((f) => !before.includes(f));
        if (added.length !== 1) {
          throw new NotMeasurable(`\`alab new bench\` exited 0 but wrote ${added.length} migration files`);
        }
        const text = readFileSync(join(dir, "migrations", added[0]!), "utf8");
        const expected = change === "one-column" ? tables[0]!.ref : tables.at(-1)!.ref;
        if (!text.includes(expected)) {
          throw new NotMeasurable(`\`alab new bench\` wrote ${added[0]} without mentioning ${expected}`);
        }
        return result.sample;
      } finally {
        restore();
      }
    },
    floor: () => helloFloor(ctx),
    async dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function generateRows(ctx: BenchContext, n: number): Workload[] {
  return [newRow(ctx, n, "empty"), newRow(ctx, n, "one-column"), newRow(ctx, n, "evaluated")];
}
