/**
 * Migration files -> what they mean: each file is evaluated in the sandbox and read with the
 * migration DSL (generated `m.*` or Azul `schema.*`). Every broken file is reported in one pass,
 * before anything touches the database.
 */
import { type Config, displayPath } from "../config";
import type { MigrationDef } from "../dsl/migration/index";
import { AlabError, AlabErrors, isAlabError } from "../errors";
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
  // Loaded here: the sandbox's WebAssembly costs start-up time that `status` should not pay.
  const [{ createSandbox }, { interpretMigration }] = await Promise.all([import("../sandbox/index"), import("../dsl/migration/index")]);
  const shown = files.map((f) => displayPath(config.cwd, f.path));
  const sandbox = await createSandbox(config.sandbox);
  const migrations: LoadedMigration[] = [];
  const logs: LogLine[] = [];
  const errors: AlabError[] = [];
  try {
    files.forEach((f, i) => {
      const path = shown[i] as string;
      try {
        const ev = sandbox.evaluate({ path, source: f.source }, "migration");
        for (const line of ev.logs) logs.push({ file: ev.file, line });
        migrations.push({ file: f, shown: path, def: interpretMigration(ev) });
      } catch (e) {
        if (e instanceof AlabErrors) errors.push(...e.errors);
        else if (isAlabError(e)) errors.push(e);
        else throw e;
      }
    });
  } finally {
    sandbox.dispose();
  }
  if (errors.length === 1) throw errors[0] as AlabError;
  if (errors.length > 1) throw new AlabErrors(errors);
  return { migrations, logs };
}
