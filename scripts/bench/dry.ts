/**
 * The floor's SQL, taken from `alab migrate --dry` when it works (so the floor runs exactly the
 * DDL alab runs), else written by the harness (floor-sql.ts). Either way the result is checked:
 * every floor run must leave the N tables behind.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ALAB_ENV, freshSqlitePath, removeSqlite, type BenchContext } from "./context";
import {
  generatedSql,
  perMigrationScript,
  singleTransactionScript,
  type FloorDialect,
  type MigrationSql,
} from "./floor-sql";
import { firstLine, timed } from "./measure";
import type { BenchTable } from "./workload";

export interface FloorScripts {
  /** `--tx all` floor (pure DDL); BEGIN/COMMIT included only for sqlite3, psql gets `-1`. */
  readonly allFile: string;
  /** `--tx each` floor: tracking table, then BEGIN; DDL; tracking insert; COMMIT per migration. */
  readonly eachFile: string;
  /** One line for the notes under the table. */
  readonly source: string;
}

/** Splits SQL text into statements at `;`, minding quotes and comments; comments are dropped. */
export function splitStatements(text: string): string[] {
  const out: string[] = [];
  let current = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "-" && text[i + 1] === "-") {
      const end = text.indexOf("\n", i);
      i = end === -1 ? text.length : end + 1;
      continue;
    }
    if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end === -1 ? text.length : end + 2;
      continue;
    }
    if (c === "'" || c === '"' || c === "`") {
      let j = i + 1;
      while (j < text.length && !(text[j] === c && text[j + 1] !== c)) j += text[j] === c ? 2 : 1;
      current += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === ";") {
      if (current.trim()) out.push(current.trim());
      current = "";
    } else {
      current += c;
    }
    i++;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

interface Parsed {
  readonly preamble: string[];
  readonly trackingDdl: string[];
  readonly groups: MigrationSql[];
  readonly inserts: Map<number, string>;
}

const TABLE_MENTION = /\bbench_t(\d{4})\b/;

/** Groups a dry run's statements by the bench table they belong to; null when it does not fit. */
export function parseDry(stdout: string, n: number): Parsed | null {
  const preamble: string[] = [];
  const trackingDdl: string[] = [];
  const groups: string[][] = Array.from({ length: n }, () => []);
  const inserts = new Map<number, string>();
  // A tracking insert follows its migration's DDL: it belongs to the table last written to.
  let lastTable = 0;
  for (const statement of splitStatements(stdout)) {
    if (/^(begin|commit|start transaction|rollback)\b/i.test(statement)) continue;
    if (/pg_advisory|pg_try_advisory|get_lock|release_lock/i.test(statement)) continue;
    if (/alab_migrations/i.test(statement)) {
      if (/^insert\b/i.test(statement) && lastTable > 0) inserts.set(lastTable, statement);
      else if (/^create\b/i.test(statement)) trackingDdl.push(statement);
      continue;
    }
    const table = TABLE_MENTION.exec(statement);
    if (!table) {
      preamble.push(statement);
      continue;
    }
    const index = Number(table[1]);
    if (index < 1 || index > n) return null;
    groups[index - 1]!.push(statement);
    lastTable = index;
  }
  if (groups.some((g) => !g.some((s) => /^create table\b/i.test(s)))) return null;
  return { preamble, trackingDdl, groups, inserts };
}

/** Runs `alab migrate --dry` against a fresh database; returns its stdout or why it could not. */
async function dryRun(ctx: BenchContext, dialect: FloorDialect, dir: string): Promise<{ stdout?: string; problem?: string }> {
  if (!ctx.alab.path) return { problem: ctx.alab.problem ?? "no alab binary" };
  let url: string;
  let cleanup: () => Promise<void>;
  if (dialect === "postgres") {
    const db = await ctx.pg.create();
    url = db.url;
    cleanup = () => ctx.pg.drop(db.name);
  } else {
    const path = freshSqlitePath(ctx);
    url = `sqlite:${path}`;
    cleanup = async () => removeSqlite(path);
  }
  try {
    // To a file, not a pipe: this build of alab loses piped output beyond 64 KiB when it exits.
    const result = await timed([ctx.alab.path, "migrate", "--dry", "--url", url], {
      cwd: dir,
      env: ALAB_ENV,
      stdoutFile: join(dir, `dry-${dialect}.sql`),
    });
    if (result.exitCode !== 0) {
      return { problem: `\`alab migrate --dry\` exited ${result.exitCode}: ${firstLine(result.stderr || result.stdout)}` };
    }
    return { stdout: result.stdout };
  } finally {
    await cleanup();
  }
}

const cache = new Map<string, FloorScripts>();

export async function floorScripts(
  ctx: BenchContext,
  dialect: FloorDialect,
  dir: string,
  tables: readonly BenchTable[],
): Promise<FloorScripts> {
  const key = `${dialect}:${dir}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const dry = await dryRun(ctx, dialect, dir);
  const parsed = dry.stdout !== undefined ? parseDry(dry.stdout, tables.length) : null;
  let all: string;
  let each: string;
  let source: string;
  if (parsed) {
    const groups = parsed.groups;
    const pre = parsed.preamble.map((s) => `${s};\n`).join("");
    const wrapAll = dialect === "sqlite";
    all = pre + singleTransactionScript(groups, wrapAll);
    each = pre + perMigrationScript(tables, groups, dialect, { ddl: parsed.trackingDdl, inserts: parsed.inserts });
    source = `floor SQL (${dialect}, N=${tables.length}): taken from \`alab migrate --dry\`, tracking statements stripped for --tx all`;
  } else {
    const groups = generatedSql(tables, dialect);
    all = singleTransactionScript(groups, dialect === "sqlite");
    each = perMigrationScript(tables, groups, dialect);
    const why = dry.problem ?? "its output did not contain one CREATE TABLE per bench table";
    source = `floor SQL (${dialect}, N=${tables.length}): written by the harness per DESIGN §5 (alab migrate --dry not usable: ${why})`;
  }
  const allFile = join(dir, `floor-${dialect}-all.sql`);
  const eachFile = join(dir, `floor-${dialect}-each.sql`);
  writeFileSync(allFile, all);
  writeFileSync(eachFile, each);
  const scripts = { allFile, eachFile, source };
  cache.set(key, scripts);
  return scripts;
}
