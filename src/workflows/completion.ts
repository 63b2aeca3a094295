/**
 * `alab completion --revisions`: the project's migration revisions for the shell scripts to
 * complete `--to` with. Files only, never the database (a completion must be instant and safe);
 * a folder with two files of one number still lists both, as completion is no place to fail.
 */
import type { Config } from "../config";
import { scanMigrationFiles } from "./project/migration-files";

export interface RevisionChoice {
  readonly revision: string;
  readonly file: string;
}

export async function revisionChoices(config: Pick<Config, "migrationsDir" | "projectRoot" | "cwd">): Promise<RevisionChoice[]> {
  const scan = await scanMigrationFiles(config);
  return scan.files.map((f) => ({ revision: f.revision, file: f.file }));
}
