/**
 * What `alab check` learns from the migrations folder: schema changes no migration has been
 * generated for yet, and hand edits or bad merges (the migration files no longer build the
 * snapshot). Pure comparisons first, then the two check steps that run them (exit 3 when there is
 * something to act on).
 */
import { type Config, displayPath } from "../../config";
import { AlabError, EXIT } from "../../errors";
import type { Schema, Table } from "../../model/types";
import type { Change } from "../../diff/changes";
import { describeChange } from "../../diff/describe";
import { structuralDiff } from "../../diff/diff";
import type { CheckStep } from "./step";
import { listMigrationFiles } from "../project/migration-files";
import { loadMigrations, replayMigrations } from "../project/replay-migrations";
import { currentState } from "../project/current-state";
import { readSnapshot, snapshotPath } from "../project/snapshot-file";
import { plural } from "../words";

/** Primary-key differences as lines; the diff of the rest compares with the keys made equal. */
function primaryKeys(before: Schema, after: Schema, line: (ref: string, a: Table, b: Table) => string): { lines: string[]; aligned: Schema } {
  const lines: string[] = [];
  const tables: { [ref: string]: Table } = { ...before.tables };
  for (const [ref, b] of Object.entries(after.tables)) {
    const a = before.tables[ref];
    if (a !== undefined && a.primaryKey.join(",") !== b.primaryKey.join(",")) {
      lines.push(line(ref, a, b));
      tables[ref] = { ...a, primaryKey: b.primaryKey };
    }
  }
  return { lines, aligned: { tables } };
}

/** Changes in the schema files that no migration makes yet (`snapshot` -> `files`). */
export function checkUngenerated(files: Schema, snapshot: Schema): Change[] {
  return structuralDiff(primaryKeys(snapshot, files, () => "").aligned, files);
}

/** The same, in words, primary-key changes included. */
export function describeUngenerated(files: Schema, snapshot: Schema): string[] {
  const pk = primaryKeys(snapshot, files, (ref, a, b) => `change the primary key of ${ref}: (${a.primaryKey.join(", ")}) -> (${b.primaryKey.join(", ")})`);
  return [...pk.lines, ...structuralDiff(pk.aligned, files).map(describeChange)];
}

/**
 * Where the schema the migration files build (`replayed`) differs from the snapshot, naming tables
 * and columns: "snapshot says X, the migrations make Y".
 */
export function checkReplay(replayed: Schema, snapshot: Schema): string[] {
  const pk = primaryKeys(snapshot, replayed, (ref, a, b) => `${ref}: the snapshot's primary key is (${a.primaryKey.join(", ")}), the migrations make (${b.primaryKey.join(", ")})`);
  const lines = structuralDiff(pk.aligned, replayed).map((c) => {
    switch (c.kind) {
      case "addTable":
        return `${c.table.ref}: the migrations create this table, the snapshot does not have it`;
      case "dropTable":
        return `${c.table.ref}: the snapshot has this table, the migrations do not create it`;
      case "addColumn":
        return `${c.ref}.${c.column.name}: the migrations add this column, the snapshot does not have it`;
      case "dropColumn":
        return `${c.ref}.${c.column.name}: the snapshot has this column, the migrations do not make it`;
      case "modifyColumn":
        return `${c.ref}.${c.to.name}: differs (${c.aspects.join(", ")}): ${describeChange(c).replace(/^change column [^:]+: /, "snapshot -> migrations: ")}`;
      default:
        return `${"ref" in c ? c.ref : ""}: ${describeChange(c)} (snapshot -> migrations)`;
    }
  });
  return [...pk.lines, ...lines];
}


/** Needs the schemas step first (state.schema). */
export const ungeneratedStep: CheckStep = {
  name: "ungenerated",
  async run(config, state) {
    const files = state.schema;
    if (files === undefined) throw new AlabError({ code: "E_INTERNAL", message: "internal: the ungenerated check ran before the schemas were loaded", hint: "this is a bug in alab; please report it", exit: EXIT.runtime });
    const current = await currentState(config);
    const lines = describeUngenerated(files, current.schema);
    if (lines.length > 0) {
      throw new AlabError({
        code: "E_CHECK_UNGENERATED",
        message: `the schema files have ${plural(lines.length, "change")} no migration makes yet`,
        hint: "run `alab new <name>` to generate the migration, and commit it with its snapshot",
        details: lines,
        exit: EXIT.check,
      });
    }
    return "every schema change has a migration";
  },
};

export const replayStep: CheckStep = {
  name: "replay",
  async run(config: Config) {
    const files = await listMigrationFiles(config);
    const snapshot = await readSnapshot(config);
    if (snapshot === undefined) return files.length === 0 ? "no migrations yet" : `no snapshot yet (${plural(files.length, "migration file")})`;
    const head = files.findIndex((f) => f.file === snapshot.head);
    const shownSnapshot = displayPath(config.cwd, snapshotPath(config.migrationsDir));
    if (head < 0) {
      throw new AlabError({
        code: "E_SNAPSHOT_HEAD_MISSING",
        message: `the snapshot is at ${snapshot.head}, which is not in the migrations folder`,
        hint: "a migration was renamed or removed, or a merge mixed two histories; rebuild it with `alab snapshot --rebuild`",
        at: { file: shownSnapshot },
        exit: EXIT.check,
      });
    }
    const upToHead = await loadMigrations(files.slice(0, head + 1), config);
    const replayed = replayMigrations({ tables: {} }, upToHead);
    const lines = checkReplay(replayed.schema, snapshot.schema);
    if (lines.length > 0) {
      throw new AlabError({
        code: "E_CHECK_REPLAY_DRIFT",
        message: `the migration files up to ${snapshot.head} do not build the schema in ${shownSnapshot}`,
        hint: "a migration was edited by hand or a merge went wrong: fix the migration, or accept what the files build with `alab snapshot --rebuild`",
        details: lines,
        exit: EXIT.check,
      });
    }
    const newer = files.length - head - 1;
    const note = replayed.notReplayable.length > 0 ? `; ${plural(replayed.notReplayable.length, "raw SQL statement")} not replayed` : "";
    return `the migrations build the snapshot (${plural(head + 1, "file")})${newer > 0 ? `; ${plural(newer, "newer migration")} not in it yet` : ""}${note}`;
  },
};
