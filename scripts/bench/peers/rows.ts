/**
 * Peer rows (`--peers`): the same workloads through knex, node-pg-migrate, kysely's Migrator and
 * drizzle-kit, each against the same floor as alab's row, so the ratios compare directly.
 * All four apply a run's pending migrations in one transaction by default (as `alab --tx all`).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { expectCensus, migrationsProject, type BenchContext } from "../context";
import { floorScripts, type FloorScripts } from "../dry";
import { firstLine, timed, timedOk } from "../measure";
import { floorCommand, freshDatabase } from "../rows/migrate";
import { helloFloor } from "../rows/generate";
import { NotMeasurable, type Sample, type Workload } from "../types";
import { benchTables, type BenchTable } from "../workload";
import { drizzleSchema, writeDrizzle, writeKnex, writeKysely, writeNodePgMigrate } from "./files";

interface Peer {
  readonly name: string;
  /** What `migrate` means for this peer, for the notes. */
  readonly note: string;
  /** The figure at N=500 against the psql floor. */
  readonly reference: string;
  write(ctx: BenchContext, dir: string, tables: readonly BenchTable[]): void;
  migrate(ctx: BenchContext): string[];
}

function bin(ctx: BenchContext, path: string): string[] {
  return ["node", join(ctx.peersDir!, "node_modules", path)];
}

const PEERS: readonly Peer[] = [
  {
    name: "knex",
    note: "knex: `knex migrate:latest`, one file per table with knex's schema builder; knex runs the batch in one transaction",
    reference: "issue: knex 1.62×",
    write: (ctx, dir, tables) => writeKnex(dir, ctx.peersDir!, tables),
    migrate: (ctx) => [...bin(ctx, "knex/bin/cli.js"), "migrate:latest", "--knexfile", "knexfile.cjs"],
  },
  {
    name: "node-pg-migrate",
    note: "node-pg-migrate: `node-pg-migrate up`, one file per table with `pgm.createTable/createIndex`; defaults (single transaction, advisory lock, verbose)",
    reference: "issue: node-pg-migrate 1.49×",
    write: (ctx, dir, tables) => writeNodePgMigrate(dir, ctx.peersDir!, tables),
    migrate: (ctx) => [...bin(ctx, "node-pg-migrate/bin/node-pg-migrate.js"), "up", "-m", "migrations"],
  },
  {
    name: "kysely",
    note: "kysely: a Node script running kysely's `Migrator.migrateToLatest()` (the project's kysely, pg driver), one file per table; one transaction",
    reference: "issue: kysely 1.75×",
    write: (ctx, dir, tables) => writeKysely(dir, ctx.peersDir!, ctx.repo, tables),
    migrate: () => ["node", "migrate.mjs"],
  },
  {
    name: "drizzle-kit",
    note: "drizzle-kit: `drizzle-kit migrate` of a drizzle/ folder with one SQL file per table (the floor's DDL) in its journal format; one transaction",
    reference: "issue: drizzle-kit 1.39×",
    write: (ctx, dir, tables) => writeDrizzle(dir, ctx.peersDir!, tables),
    migrate: (ctx) => [...bin(ctx, "drizzle-kit/bin.cjs"), "migrate", "--config", "drizzle.config.mjs"],
  },
];

function peerProject(ctx: BenchContext, n: number, peer: Peer): string {
  const dir = join(ctx.work, `n${n}`, `peer-${peer.name}`);
  if (!existsSync(dir)) peer.write(ctx, dir, benchTables(n));
  return dir;
}

function migrateRow(ctx: BenchContext, n: number, peer: Peer): Workload {
  let dir = "";
  let scripts: FloorScripts | undefined;
  const notes = [peer.note];
  return {
    key: "migrate-pg-all",
    title: `migrate, ${n} pending, PostgreSQL, one transaction`,
    tool: peer.name,
    floorTitle: "psql -1 -q -f, same DDL",
    n,
    heavy: true,
    targets: [{ kind: "reference", text: peer.reference }],
    notes,
    async prepare() {
      const project = migrationsProject(ctx, n);
      scripts = await floorScripts(ctx, "postgres", project.dir, project.tables);
      notes.push(scripts.source);
      dir = peerProject(ctx, n, peer);
    },
    async run(): Promise<Sample> {
      const db = await freshDatabase(ctx, "postgres");
      try {
        const result = await timedOk(peer.name, peer.migrate(ctx), { cwd: dir, env: { DATABASE_URL: db.url } });
        expectCensus("tool", peer.name, await db.census(), { tables: n });
        return result.sample;
      } finally {
        await db.drop();
      }
    },
    async floor(): Promise<Sample> {
      const db = await freshDatabase(ctx, "postgres");
      try {
        const result = await timed(floorCommand(ctx, "postgres", db.target, scripts!.allFile, true));
        if (result.exitCode !== 0) throw new Error(`psql floor failed: ${firstLine(result.stderr)}`);
        expectCensus("floor", "psql", await db.census(), { tables: n });
        return result.sample;
      } finally {
        await db.drop();
      }
    },
    async dispose() {},
  };
}

function pendingRow(ctx: BenchContext, n: number, peer: Peer): Workload {
  let dir = "";
  let db: Awaited<ReturnType<typeof freshDatabase>> | undefined;
  return {
    key: "pending-none-pg",
    title: `migrate, nothing pending, ${n} applied, PostgreSQL`,
    tool: peer.name,
    floorTitle: "psql -c 'select 1'",
    n,
    targets: [{ kind: "reference", text: "issue: peers 0.34–1.37 s" }],
    notes: [peer.note],
    async prepare() {
      dir = peerProject(ctx, n, peer);
      db = await freshDatabase(ctx, "postgres");
      await timedOk(`${peer.name} (applying first)`, peer.migrate(ctx), { cwd: dir, env: { DATABASE_URL: db.url } });
      expectCensus("tool", peer.name, await db.census(), { tables: n });
    },
    async run(): Promise<Sample> {
      const result = await timedOk(peer.name, peer.migrate(ctx), { cwd: dir, env: { DATABASE_URL: db!.url } });
      expectCensus("tool", peer.name, await db!.census(), { tables: n });
      return result.sample;
    },
    async floor(): Promise<Sample> {
      if (!db) db = await freshDatabase(ctx, "postgres");
      const result = await timed([ctx.tools.psql, "-X", "-q", "-At", "-d", db.target, "-c", "select 1"]);
      if (result.exitCode !== 0) throw new Error(`psql failed: ${firstLine(result.stderr)}`);
      return result.sample;
    },
    async dispose() {
      await db?.drop();
      db = undefined;
    },
  };
}

/** Every file under `dir` (relative path → content), to put a folder back exactly as it was. */
function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  if (!existsSync(dir)) return files;
  for (const file of new Bun.Glob("**/*").scanSync(dir)) files.set(file, readFileSync(join(dir, file), "utf8"));
  return files;
}

function writeTree(dir: string, files: ReadonlyMap<string, string>): void {
  rmSync(dir, { recursive: true, force: true });
  for (const [file, text] of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
}

/** `drizzle-kit generate`: the counterpart of `alab new` (empty snapshot, then one column changed). */
function drizzleGenerateRow(ctx: BenchContext, n: number, change: "empty" | "one-column"): Workload {
  const peer = PEERS.find((p) => p.name === "drizzle-kit")!;
  let dir = "";
  let before = new Map<string, string>();
  const out = (): string => join(dir, "drizzle-gen");
  const generate = (): string[] => [...bin(ctx, "drizzle-kit/bin.cjs"), "generate", "--config", "drizzle-gen.config.mjs"];
  return {
    key: change === "empty" ? "new-empty" : "new-one-column",
    title: change === "empty" ? `new, ${n}-table schema, empty snapshot` : `new, ${n}-table schema, one column changed`,
    tool: "drizzle-kit",
    floorTitle: "hello-world binary (same Bun)",
    n,
    targets: change === "empty" ? [{ kind: "reference", text: "issue: drizzle-kit generate 0.81 s" }] : [],
    notes: ["drizzle-kit generate: one drizzle-orm schema file holding the N tables, SQL written to a fresh folder"],
    async prepare() {
      dir = peerProject(ctx, n, peer);
      rmSync(out(), { recursive: true, force: true });
      writeFileSync(join(dir, "schema.mjs"), drizzleSchema(benchTables(n)));
      if (change === "one-column") {
        await timedOk("drizzle-kit generate (first)", generate(), { cwd: dir });
        writeFileSync(join(dir, "schema.mjs"), drizzleSchema(benchTables(n), true));
      }
      before = readTree(out());
    },
    async run(): Promise<Sample> {
      try {
        const result = await timedOk("drizzle-kit generate", generate(), { cwd: dir });
        const written = [...new Bun.Glob("*.sql").scanSync(out())].length;
        const expected = change === "empty" ? 1 : 2;
        if (written !== expected) throw new NotMeasurable(`drizzle-kit generate left ${written} SQL files, expected ${expected}`);
        return result.sample;
      } finally {
        writeTree(out(), before);
      }
    },
    floor: () => helloFloor(ctx),
    async dispose() {
      rmSync(out(), { recursive: true, force: true });
      writeFileSync(join(dir, "schema.mjs"), drizzleSchema(benchTables(n)));
    },
  };
}

export function peerRows(ctx: BenchContext, n: number): Workload[] {
  if (!ctx.peersDir) return [];
  return [
    ...PEERS.map((peer) => migrateRow(ctx, n, peer)),
    ...PEERS.map((peer) => pendingRow(ctx, n, peer)),
    drizzleGenerateRow(ctx, n, "empty"),
    drizzleGenerateRow(ctx, n, "one-column"),
  ];
}
