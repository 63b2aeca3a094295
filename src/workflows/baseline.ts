/**
 * `alab baseline [REV]`: record migrations up to REV (default: all) as applied without running
 * them — only after proving the database already is what they build. The migrations are replayed
 * in memory, the live database is read and normalized with that schema as its hint, and issue 8's
 * comparison must find no difference on the tables they make (tables they never mention are
 * listed apart, not counted). A mismatch records nothing and exits 3 naming each difference;
 * `--force` records anyway and says what it overrode. Under the migration lock, in one transaction.
 */
import type { Config } from "../config";
import { openIntrospector } from "../db/open";
import { AlabError, EXIT } from "../errors";
import { describeChange } from "../diff/describe";
import { compareSchemas, unexpectedTables } from "../inspect/compare";
import { RULES } from "../inspect/dialects";
import { normalizeCatalog } from "../inspect/normalize";
import { emptySchema } from "../model/types";
import { HISTORY_TABLE, insertHistory } from "../sql/history";
import { withDatabase } from "./database/connect";
import { ensureHistory, readHistoryRows, reconcile } from "./database/history";
import { parseRevision } from "./database/revision";
import { listMigrationFiles } from "./project/migration-files";
import { loadMigrations, type NotReplayable, replayMigrations } from "./project/replay-migrations";
import { nextBatch } from "./run/runner";
import { plural } from "./words";

export interface BaselineOptions {
  /** The newest migration to record (a number or file name); default: the newest file. */
  readonly rev?: string;
  /** Record even when the database differs, saying what differed. */
  readonly force?: boolean;
  readonly lockTimeoutSeconds: number;
}

export interface BaselineResult {
  /** File names recorded as applied, in order. */
  readonly recorded: readonly string[];
  /** Already recorded before (left as they were). */
  readonly alreadyApplied: number;
  readonly batch?: number;
  /** Differences `--force` recorded over (empty without --force: a difference is an error). */
  readonly overridden: readonly string[];
  /** Tables in the database that the migrations never make (not alab's business here). */
  readonly otherTables: readonly string[];
  /** What the migrations do that a replay cannot know (raw SQL): not proven, only trusted. */
  readonly notReplayable: readonly NotReplayable[];
  /** Objects on the migrations' tables that the model cannot hold and their raw SQL made (not compared). */
  readonly unmanaged: readonly string[];
}

/** Whether raw SQL names `name` as a whole word (any case, quoted or not). */
function mentions(sql: string, name: string): boolean {
  const word = name.replace(/[^A-Za-z0-9_]/g, "\\$&");
  return new RegExp(`(^|[^A-Za-z0-9_$])${word}([^A-Za-z0-9_$]|$)`, "i").test(sql);
}

export async function baseline(config: Config, opts: BaselineOptions): Promise<BaselineResult> {
  const files = await listMigrationFiles(config);
  if (files.length === 0) {
    throw new AlabError({ code: "E_BASELINE_NO_MIGRATIONS", message: "there are no migrations to record", hint: "`alab pull` writes schema files and a baseline migration from the database first" });
  }
  const session = { create: true, lockKey: HISTORY_TABLE, lockSeconds: opts.lockTimeoutSeconds };
  return withDatabase(config, session, async (driver): Promise<BaselineResult> => {
    const tracked = await (await openIntrospector(driver)).tableExists(HISTORY_TABLE);
    const rows = tracked ? await readHistoryRows(driver) : [];
    const entries = reconcile(files, rows);
    const to = opts.rev === undefined ? files[files.length - 1]!.order : parseRevision(opts.rev, entries, "baseline");
    const upTo = entries.filter((e) => e.file !== undefined && e.order <= to);
    const pending = upTo.filter((e) => e.state === "pending");
    const unexpected = entries.filter((e) => e.state !== "pending" && e.order > to);
    if (unexpected.length > 0) {
      throw new AlabError({
        code: "E_BASELINE_AFTER_APPLIED",
        message: `migrations after ${String(to)} are already recorded as applied (${unexpected.map((e) => e.file?.file ?? `${e.revision}_${e.name}`).join(", ")})`,
        hint: "baseline records the oldest migrations of a database; give a revision after the applied ones, or check `alab status`",
      });
    }
    const done = upTo.length - pending.length;
    if (pending.length === 0) return { recorded: [], alreadyApplied: done, overridden: [], otherTables: [], notReplayable: [], unmanaged: [] };

    const loaded = await loadMigrations(upTo.map((e) => e.file!), config);
    const replayed = replayMigrations(emptySchema, loaded);
    const expected = replayed.schema;
    const catalog = await (await openIntrospector(driver)).catalog();
    const live = normalizeCatalog(catalog, RULES[driver.dialect], { expected });
    const expectedSql = new Set(Object.values(expected.tables).map((t) => t.sqlName));
    // What the model cannot hold on the migrations' tables is theirs only when their raw SQL made it.
    const rawSql = loaded.flatMap((m) => m.def.up.map((o) => o.value)).flatMap((op) => (op.op === "sql" ? [op.sql] : []));
    const onTheirTables = live.unmanaged.filter((u) => u.table !== undefined && expectedSql.has(u.table));
    const unexplained = onTheirTables.filter((u) => !rawSql.some((sql) => mentions(sql, u.name)));
    const differences = [
      ...compareSchemas(expected, live.schema, { strict: false }).map(describeChange),
      ...unexplained.map((u) => `${u.kind} ${u.table}.${u.name}: ${u.why}, which no migration makes`),
    ];
    const unmanaged = onTheirTables.filter((u) => !unexplained.includes(u)).map((u) => `${u.kind} ${u.table}.${u.name}: ${u.why} (made by raw SQL, not compared)`);
    if (differences.length > 0 && opts.force !== true) {
      throw new AlabError({
        code: "E_BASELINE_MISMATCH",
        message: `the database is not what ${plural(upTo.length, "migration")} up to ${upTo[upTo.length - 1]!.file!.file} build: ${plural(differences.length, "difference")} (nothing recorded)`,
        hint: "change the migrations (or the database) until they agree, or pass `--force` to record them anyway",
        details: differences.slice(0, 50).concat(differences.length > 50 ? [`and ${differences.length - 50} more`] : []),
        exit: EXIT.check,
      });
    }
    await ensureHistory(driver);
    const batch = nextBatch(rows);
    const at = new Date().toISOString();
    await driver.transaction(async () => {
      // Read again inside: a row another process recorded meanwhile would be a second row.
      const now = reconcile(files, await readHistoryRows(driver));
      const still = new Set(now.filter((e) => e.state === "pending").map((e) => e.order));
      const lost = pending.filter((e) => !still.has(e.order));
      if (lost.length > 0) throw new AlabError({ code: "E_BASELINE_RACE", message: `${lost.map((e) => e.file!.file).join(", ")} was recorded by another process meanwhile`, hint: "run `alab status` and try again", exit: EXIT.runtime });
      await driver.exec(pending.map((e) => insertHistory(driver.dialect, { revision: e.file!.revision, name: e.file!.name, checksum: e.file!.checksum, batch, appliedAt: at, durationMs: 0 })));
    });
    return {
      recorded: pending.map((e) => e.file!.file),
      alreadyApplied: done,
      batch,
      overridden: differences,
      otherTables: unexpectedTables(expected, live.schema).map((ref) => live.schema.tables[ref]?.sqlName ?? ref),
      notReplayable: replayed.notReplayable,
      unmanaged,
    };
  });
}
