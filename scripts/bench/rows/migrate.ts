/**
 * Rows 1 and 2: `alab migrate` of N pending migrations on a fresh database, against psql / sqlite3
 * applying the same SQL. `--tx all` against one transaction; `--tx each` against one transaction
 * per table plus a tracking insert.
 */
import {
  ALAB_ENV,
  alabPath,
  expectCensus,
  freshSqlitePath,
  migrationsProject,
  removeSqlite,
  sqliteCensus,
  type BenchContext,
} from "../context";
import { floorScripts, type FloorScripts } from "../dry";
import type { FloorDialect } from "../floor-sql";
import { firstLine, timed, timedOk } from "../measure";
import type { Sample, Target, Workload } from "../types";

type Tx = "all" | "each";

const RSS: Target = { kind: "rss", maxMiB: 64 };

function targets(dialect: FloorDialect, tx: Tx): Target[] {
  if (dialect === "postgres" && tx === "all") {
    return [{ kind: "ratio", max: 1.1 }, { kind: "cpu", maxSeconds: 0.5 }, RSS];
  }
  return [RSS];
}

/** A fresh database for one run: its URL for the tool, and how to count and drop it. */
interface Fresh {
  readonly url: string;
  /** Argument that names the database for psql / sqlite3. */
  readonly target: string;
  census(): Promise<{ tables: number; tracked: number }>;
  drop(): Promise<void>;
}

export async function freshDatabase(ctx: BenchContext, dialect: FloorDialect): Promise<Fresh> {
  if (dialect === "postgres") {
    const db = await ctx.pg.create();
    return { url: db.url, target: db.url, census: () => ctx.pg.census(db.url), drop: () => ctx.pg.drop(db.name) };
  }
  const path = freshSqlitePath(ctx);
  return { url: `sqlite:${path}`, target: path, census: async () => sqliteCensus(path), drop: async () => removeSqlite(path) };
}

/** The floor command applying `file` to a database. */
export function floorCommand(ctx: BenchContext, dialect: FloorDialect, target: string, file: string, single: boolean): string[] {
  if (dialect === "postgres") {
    return [ctx.tools.psql, "-X", "-q", ...(single ? ["-1"] : []), "-v", "ON_ERROR_STOP=1", "-d", target, "-f", file];
  }
  // BEGIN/COMMIT are in the file for sqlite3 (it has no -1).
  return [ctx.tools.sqlite3, "-bail", target, `.read ${file}`];
}

function migrateRow(ctx: BenchContext, n: number, dialect: FloorDialect, tx: Tx): Workload {
  const where = dialect === "postgres" ? "PostgreSQL" : "SQLite";
  const floorTool = dialect === "postgres" ? "psql" : "sqlite3";
  const notes: string[] = [];
  let scripts: FloorScripts | undefined;
  let dir = "";
  const want = { tables: n, tracked: n };

  return {
    key: `migrate-${dialect === "postgres" ? "pg" : "sqlite"}-${tx}`,
    title: `migrate, ${n} pending, ${where}, --tx ${tx}`,
    tool: "alab",
    floorTitle:
      tx === "all"
        ? `${floorTool} ${dialect === "postgres" ? "-1 -q -f" : ".read (BEGIN…COMMIT)"}, same DDL`
        : `${floorTool}, BEGIN; DDL; tracking insert; COMMIT per table`,
    n,
    heavy: true,
    targets: targets(dialect, tx),
    notes,
    async prepare() {
      const project = migrationsProject(ctx, n);
      dir = project.dir;
      scripts = await floorScripts(ctx, dialect, dir, project.tables);
      notes.push(scripts.source);
      alabPath(ctx);
    },
    async run(): Promise<Sample> {
      const alab = alabPath(ctx);
      const db = await freshDatabase(ctx, dialect);
      try {
        const result = await timedOk(`alab migrate --tx ${tx}`, [alab, "migrate", "--url", db.url, "--tx", tx], {
          cwd: dir,
          env: ALAB_ENV,
        });
        expectCensus("tool", `alab migrate --tx ${tx}`, await db.census(), want);
        return result.sample;
      } finally {
        await db.drop();
      }
    },
    async floor(): Promise<Sample> {
      const db = await freshDatabase(ctx, dialect);
      try {
        const file = tx === "all" ? scripts!.allFile : scripts!.eachFile;
        const result = await timed(floorCommand(ctx, dialect, db.target, file, tx === "all"));
        if (result.exitCode !== 0) throw new Error(`${floorTool} floor failed: ${firstLine(result.stderr)}`);
        expectCensus("floor", floorTool, await db.census(), { tables: n, ...(tx === "each" ? { tracked: n } : {}) });
        return result.sample;
      } finally {
        await db.drop();
      }
    },
    async dispose() {},
  };
}

export function migrateRows(ctx: BenchContext, n: number): Workload[] {
  return [
    migrateRow(ctx, n, "postgres", "all"),
    migrateRow(ctx, n, "postgres", "each"),
    migrateRow(ctx, n, "sqlite", "all"),
    migrateRow(ctx, n, "sqlite", "each"),
  ];
}
