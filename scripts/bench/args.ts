/** Command-line flags of `npm run bench -- …`. */

export interface BenchArgs {
  readonly ns: readonly number[];
  /** Explicit `--pairs`; absent = the row's default (5, or 3 for rows that take seconds per run). */
  readonly pairs?: number;
  /** Explicit `--warmup`; absent = 1 (0 for rows that take seconds per run and start fresh anyway). */
  readonly warmup?: number;
  /** Row keys or key prefixes to run (e.g. "migrate-pg", "help"); empty = all. */
  readonly rows: readonly string[];
  readonly peers: boolean;
  readonly build: boolean;
  readonly alab?: string;
  readonly pgUrl: string;
  readonly json?: string;
  readonly svg?: string;
  readonly keep: boolean;
  readonly help: boolean;
}

export const USAGE = `usage: npm run bench -- [flags]

  --n 100,500        table counts (default 100,500; 1000 is allowed: --n 100,500,1000)
  --pairs N          A B pairs per row (alab, floor, alab, floor, …); default 5, and 3 for
                     the migrate-N-pending rows (seconds per run)
  --warmup N         untimed runs of each side first; default 1, and 0 for migrate-N-pending
  --rows a,b         only rows whose key starts with one of these
                     (migrate-pg, migrate-sqlite, pending-none, pending-one, status, new,
                     export, lint, drift, verify, help, peer)
  --peers            also install knex, node-pg-migrate, drizzle-kit (+ pg) into a temporary
                     folder and measure them (and kysely's Migrator) on the same workloads
  --no-build         do not run scripts/build.ts first; use dist/alab as it is
  --alab PATH        time this alab binary instead of dist/alab (implies --no-build)
  --pg-url URL       admin URL (default $ALAB_TEST_PG_URL or postgres://postgres@127.0.0.1:5432/test)
  --json FILE        also write every sample as JSON
  --svg FILE         also write a plot of time against N (needs two or more N)
  --keep             keep the scratch folder (prints where it is)
`;

function positiveInt(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} needs a whole number, got ${value ?? "nothing"}`);
  return n;
}

export function parseArgs(argv: readonly string[], env: Record<string, string | undefined>): BenchArgs {
  let ns: number[] = [100, 500];
  let pairs: number | undefined;
  let warmup: number | undefined;
  let rows: string[] = [];
  let peers = false;
  let build = true;
  let alab: string | undefined;
  let pgUrl = env.ALAB_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  let json: string | undefined;
  let svg: string | undefined;
  let keep = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const [name, inline] = flag.includes("=") ? [flag.slice(0, flag.indexOf("=")), flag.slice(flag.indexOf("=") + 1)] : [flag, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${name} needs a value`);
      return v;
    };
    switch (name) {
      case "--n":
        ns = value().split(",").map((v) => positiveInt("--n", v)).filter((v) => v > 0);
        if (ns.length === 0) throw new Error("--n needs at least one table count");
        break;
      case "--pairs":
        pairs = positiveInt("--pairs", value());
        break;
      case "--warmup":
        warmup = positiveInt("--warmup", value());
        break;
      case "--rows":
        rows = value().split(",").filter(Boolean);
        break;
      case "--peers":
        peers = true;
        break;
      case "--no-build":
        build = false;
        break;
      case "--alab":
        alab = value();
        build = false;
        break;
      case "--pg-url":
        pgUrl = value();
        break;
      case "--json":
        json = value();
        break;
      case "--svg":
        svg = value();
        break;
      case "--keep":
        keep = true;
        break;
      case "-h":
      case "--help":
        help = true;
        break;
      default:
        throw new Error(`unknown flag ${flag}\n\n${USAGE}`);
    }
  }
  if (pairs !== undefined && pairs < 1) throw new Error("--pairs must be at least 1");
  return { ns, ...(pairs !== undefined ? { pairs } : {}), ...(warmup !== undefined ? { warmup } : {}), rows, peers, build, ...(alab ? { alab } : {}), pgUrl, ...(json ? { json } : {}), ...(svg ? { svg } : {}), keep, help };
}
