/** The schema the first `count` migration files of a project build (what the database must hold once they are applied). */
import type { Config } from "../../src/config";
import { emptySchema, type Schema } from "../../src/model/types";
import { listMigrationFiles } from "../../src/workflows/project/migration-files";
import { loadMigrations, replayMigrations } from "../../src/workflows/project/replay-migrations";

export async function schemaOfFirst(config: Config, count: number): Promise<Schema> {
  const files = (await listMigrationFiles(config)).slice(0, count);
  return replayMigrations(emptySchema, await loadMigrations(files, config)).schema;
}
