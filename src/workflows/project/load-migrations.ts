/**
 * Migration files -> what they mean: each file is evaluated in the sandbox and read with the
 * migration DSL (generated `m.*` or Azul `schema.*`). Every broken file is reported in one pass,
 * before anything touches the database.
 */
import { type Config, displayPath } from "../../config";
import type { MigrationDef } from "../../dsl/migration/index";
import type { MigrationFile } from "./migration-files";

export interface LoadedMigration {
  readonly file: MigrationFile;
  /** The path as messages show it (relative to the working directory). */
  readonly shown: string;
  readonly def: MigrationDef;
}

export interface LogLine {
  readonly file: string;
  readonly line: string;
}

export async function loadMigrations(
  config: Pick<Config, "cwd" | "sandbox">,
  files: readonly MigrationFile[],
): Promise<{ migrations: LoadedMigration[]; logs: LogLine[] }> {
  if (files.length === 0) return { migrations: [], logs: [] };
  // Loaded here: `status` reads no file and should not pay for the readers.
  const [{ evaluateFiles }, { interpretMigration }] = await Promise.all([import("../../sandbox/files"), import("../../dsl/migration/index")]);
  const shown = files.map((f) => displayPath(config.cwd, f.path));
  const logs: LogLine[] = [];
  const sources = files.map((f, i) => ({ path: shown[i] as string, source: f.source }));
  const migrations = await evaluateFiles(sources, "migration", config.sandbox, (ev, i): LoadedMigration => {
    for (const line of ev.logs) logs.push({ file: ev.file, line });
    return { file: files[i] as MigrationFile, shown: shown[i] as string, def: interpretMigration(ev) };
  });
  return { migrations, logs };
}
