/**
 * `alab verify`: do the migration files build what the snapshot says? Every file is applied, in
 * order, to a scratch database (SQLite by default; with `--dev-url`, a database created for the
 * run on that server and dropped afterwards), which is then read back and compared with the
 * snapshot (plus any file newer than its head, replayed). A raw `m.sql` that built something the
 * snapshot never heard of, a planner that says one thing and does another: each is a difference.
 * Everything counts, also tables no migration is meant to make.
 */
import type { Config } from "../config";
import type { DriftDifference } from "../inspect/differences";
import type { Unmanaged } from "../inspect/live";
import { HISTORY_TABLE } from "../sql/history";
import { withDatabase } from "./database/connect";
import { liveDrift } from "./database/live-drift";
import { serverScratch, sqliteScratch, withScratch } from "./database/scratch";
import { migrate } from "./migrate";
import { currentState } from "./project/current-state";
import { readSnapshot } from "./project/snapshot-file";
import { plural } from "./words";

export interface VerifyOptions {
  /** A PostgreSQL or MySQL/MariaDB server URL whose user may create databases. */
  readonly devUrl?: string;
}

export interface VerifyReport {
  readonly dialect: Config["dialect"];
  /** "a scratch database alab_verify_… on postgres://…". */
  readonly scratch: string;
  readonly files: number;
  readonly notes: readonly string[];
  readonly differences: readonly DriftDifference[];
  readonly unmanaged: readonly Unmanaged[];
  readonly drift: boolean;
}

export const VERIFY_JSON_FORMAT = 1;

export async function verify(config: Config, opts: VerifyOptions): Promise<VerifyReport> {
  // The files are read (and a broken one refused) before any database is created.
  const expected = await currentState(config);
  const snapshot = await readSnapshot(config);
  const notes: string[] = [];
  if (snapshot === undefined && expected.files.length > 0) notes.push("no snapshot: compared with a replay of the migration files");
  if (expected.caughtUp.length > 0) notes.push(`${plural(expected.caughtUp.length, "file")} newer than the snapshot's head replayed onto it: ${expected.caughtUp.join(", ")}`);
  const scratch = opts.devUrl === undefined ? await sqliteScratch(config) : await serverScratch(config, opts.devUrl);
  return withScratch(scratch, async (cfg) => {
    await migrate(cfg, { dry: false, tx: "all", lockTimeoutSeconds: cfg.lockTimeoutSeconds, allowOutOfOrder: false, commit: false }, () => undefined);
    const live = await withDatabase(cfg, { create: false, lockKey: HISTORY_TABLE }, (driver) => liveDrift(driver, expected.schema, true));
    return {
      dialect: cfg.dialect,
      scratch: scratch.description,
      files: expected.files.length,
      notes,
      differences: live.differences,
      unmanaged: live.unmanaged,
      drift: live.differences.length > 0,
    };
  });
}

export function verifyJson(r: VerifyReport) {
  return {
    format: VERIFY_JSON_FORMAT,
    drift: r.drift,
    dialect: r.dialect,
    files: r.files,
    differences: r.differences,
    unmanaged: r.unmanaged.map((u) => ({ kind: u.kind, table: u.table ?? null, name: u.name, why: u.why })),
    notes: r.notes,
  };
}
