/**
 * `npm run bench`: alab against the physical floor (psql, sqlite3, a hello-world binary) and,
 * with --peers, against knex, node-pg-migrate, kysely and drizzle-kit. Progress goes to stderr,
 * the markdown table to stdout. See docs/benchmarks.md.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs, USAGE } from "./bench/args";
import type { BenchContext } from "./bench/context";
import { machineLine } from "./bench/machine";
import { measure, removeScratch } from "./bench/measure";
import { defaultPeersDir, installPeers } from "./bench/peers/install";
import { peerRows } from "./bench/peers/rows";
import { PgAdmin } from "./bench/pg";
import { plotSvg } from "./bench/plot";
import { markdownNotes, markdownTable, sortRows } from "./bench/report";
import { driftRows } from "./bench/rows/drift";
import { exportRows } from "./bench/rows/export";
import { generateRows } from "./bench/rows/generate";
import { lintRows } from "./bench/rows/lint";
import { migrateRows } from "./bench/rows/migrate";
import { appliedRows } from "./bench/rows/pending";
import { pendingOneRows } from "./bench/rows/pending-one";
import { pullRows } from "./bench/rows/pull";
import { startupRows } from "./bench/rows/startup";
import { buildHello, findTools, prepareAlab } from "./bench/tools";
import type { RowResult, Workload } from "./bench/types";

const PAIRS = 5;
const HEAVY_PAIRS = 3;

function pairsText(args: { pairs?: number; warmup?: number }): string {
  const count = (n: number, what: string): string => `${n} ${what}${n === 1 ? "" : "s"}`;
  const light = `${count(args.pairs ?? PAIRS, "pair")} after ${count(args.warmup ?? 1, "warm-up")}`;
  const heavy = `${count(args.pairs ?? HEAVY_PAIRS, "pair")} after ${count(args.warmup ?? 0, "warm-up")}`;
  return light === heavy ? `${light} per row` : `${light} per row (migrate-N-pending rows: ${heavy})`;
}

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2), process.env);
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const repo = resolve(import.meta.dir, "..");
  const tools = findTools(repo);
  const work = mkdtempSync(join(tmpdir(), "alab-bench-"));
  const pg = new PgAdmin(args.pgUrl);
  try {
    await pg.dropStale();
    log(`scratch folder: ${work}`);
    log("compiling the hello-world binary…");
    const hello = await buildHello(tools.bun, join(work, "hello"));
    log(args.build ? "building alab (scripts/build.ts)…" : "using the alab binary as it is…");
    const alab = await prepareAlab(repo, tools.bun, args.alab, args.build);
    log(alab.path ? `alab: ${alab.path} (${alab.how})` : `alab: not available: ${alab.problem}`);
    const peersDir = args.peers ? await installPeers(defaultPeersDir(), log) : undefined;
    const ctx: BenchContext = { repo, tools, alab, pg, work, hello, log, ...(peersDir ? { peersDir } : {}) };
    const machine = await machineLine(tools, pg);
    log(`machine: ${machine}`);

    const loadBefore = loadavg()[0]!.toFixed(2);
    const smallest = Math.min(...args.ns);
    const results: RowResult[] = [];
    for (const n of args.ns) {
      const rows: Workload[] = [
        ...migrateRows(ctx, n),
        ...appliedRows(ctx, n),
        ...generateRows(ctx, n),
        ...exportRows(ctx, n),
        ...lintRows(ctx, n),
        ...driftRows(ctx, n),
        ...pullRows(ctx, n),
        ...(n === smallest ? startupRows(ctx, n) : []),
        // Fixed history lengths (1000, 2000, 10 000), measured once whatever --n says.
        ...(n === smallest ? pendingOneRows(ctx) : []),
        ...(peersDir ? peerRows(ctx, n) : []),
      ];
      const chosen = rows.filter((r) => args.rows.length === 0 || args.rows.some((p) => r.key.startsWith(p) || (p === "peer" && r.tool !== "alab")));
      for (const row of chosen) {
        log(`${row.tool} ${row.key} N=${row.n}…`);
        const pairs = args.pairs ?? (row.heavy ? HEAVY_PAIRS : PAIRS);
        const warmup = args.warmup ?? (row.heavy ? 0 : 1);
        results.push(await measure(row, { pairs, warmup, log }));
      }
    }

    const sorted = sortRows(results);
    const when = new Date().toISOString().slice(0, 10);
    // Other work on a 2-core machine moves every figure; say how busy it was.
    const load = `load average ${loadBefore} at start, ${loadavg()[0]!.toFixed(2)} at end`;
    process.stdout.write(
      `Machine: ${machine}\n` +
        `alab binary: ${alab.path ? `${alab.how}` : `none (${alab.problem})`}; ${pairsText(args)}; ${load}; ${when}\n\n` +
        markdownTable(sorted) +
        "\n" +
        markdownNotes(sorted),
    );
    if (args.json) writeFileSync(args.json, `${JSON.stringify({ machine, load, date: when, results: sorted }, null, 2)}\n`);
    if (args.svg) writeFileSync(args.svg, plotSvg(sorted, machine));
    return 0;
  } finally {
    await pg.close();
    removeScratch();
    if (args.keep) log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(`bench: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
