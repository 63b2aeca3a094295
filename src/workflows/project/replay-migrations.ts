/**
 * Migration files -> their meaning (sandbox + migration DSL) -> the schema they build, replayed in
 * memory. Used to rebuild the snapshot, to catch up on files newer than the snapshot, and by
 * `alab check` to find hand edits. Raw SQL cannot be replayed: it is reported, never guessed at.
 */
import type { Config } from "../../config";
import { type LoadedMigration, loadMigrations as loadWithLogs } from "./load-migrations";
import { AlabError, isAlabError } from "../../errors";
import type { Schema } from "../../model/types";
import type { MigrationDef } from "../../dsl/migration/index";
import type { AzulMigrationDef } from "../../dsl/azul/types";
import { applyTo, Draft } from "../../diff/replay";
import type { MigrationFile } from "./migration-files";

export interface NotReplayable {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly what: string;
}

export interface ReplayResult {
  readonly schema: Schema;
  readonly notReplayable: readonly NotReplayable[];
}

/** Every file's meaning (load-migrations.ts), for a replay: all problems are reported together; logs are dropped. */
export async function loadMigrations(files: readonly MigrationFile[], config: Pick<Config, "cwd" | "sandbox">): Promise<LoadedMigration[]> {
  return (await loadWithLogs(config, files)).migrations;
}

function isAzul(def: MigrationDef): def is AzulMigrationDef {
  return def.style === "azul" && "renameTypes" in def;
}

/**
 * A table the state does not know, after raw SQL the replay could not follow: most likely that SQL
 * made it. Rebuilding the snapshot would not help (it replays the same files), so the help says
 * what does.
 */
export function unknownAfterRaw(e: AlabError, where: string, at: { file: string; line: number; column: number }): AlabError {
  return new AlabError({
    code: e.code,
    message: e.message,
    hint: `alab's schema state holds what \`schema.*\` and \`m.*\` calls made; raw SQL it cannot follow ran earlier (${where}) and may have made this table. Change the table with raw SQL as well (\`query.raw\` / \`m.sql\`), as docs/azul.md says; if no raw SQL made it, the migration does not fit the earlier ones: fix it`,
    at,
    details: [...e.details],
    cause: e,
  });
}

/** `up` of every migration, in order, onto `start`; errors point at the operation's line. */
export function replayMigrations(start: Schema, migrations: readonly LoadedMigration[]): ReplayResult {
  const schema = new Draft(start);
  const notReplayable: NotReplayable[] = [];
  for (const { shown, def } of migrations) {
    if (def.manual?.up === true) {
      notReplayable.push({ file: shown, what: "`up` runs in manual mode (returns a promise): its queries are not known until it runs" });
      continue;
    }
    const renameTypes = new Map((isAzul(def) ? def.renameTypes.up : []).map((c) => [c.op, c]));
    def.up.forEach((located, i) => {
      const op = located.value;
      const at = { file: shown, line: located.line, column: located.column };
      if (op.op === "sql") {
        notReplayable.push({ ...at, what: `raw SQL is not replayed: ${op.sql.length > 60 ? `${op.sql.slice(0, 57)}...` : op.sql}` });
        return;
      }
      const claim = renameTypes.get(i);
      if (claim !== undefined && op.op === "rename_column") {
        const actual = schema.get(op.ref)?.columns.find((c) => c.name === op.from)?.type.kind;
        if (actual !== undefined && actual !== claim.kind) {
          throw new AlabError({
            code: "E_AZUL_RENAME_TYPE",
            message: `\`table.rename('${op.from}', '${op.to}', '${claim.azulType}')\` names the type ${claim.azulType}, but ${op.ref}.${op.from} is ${actual}`,
            hint: "the third argument must match the type the column was created with",
            at,
          });
        }
      }
      try {
        applyTo(schema, op);
      } catch (e) {
        if (!isAlabError(e)) throw e;
        const raw = notReplayable[0];
        if (e.code === "E_REPLAY_UNKNOWN_TABLE" && raw !== undefined) throw unknownAfterRaw(e, raw.line === undefined ? raw.file : `${raw.file}:${raw.line}`, at);
        throw e.withLocation(at);
      }
    });
  }
  return { schema: schema.schema(), notReplayable };
}
