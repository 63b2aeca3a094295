/** `alab make-migration <name>`: an empty Azul-style migration named by the UTC time. */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type Config, displayPath } from "../config";
import { AlabError } from "../errors";
import { writeAzulChangeMigration } from "../codegen/write";
import { listMigrationFiles, timestampFileName } from "./project/migration-files";

export async function makeMigration(config: Pick<Config, "migrationsDir" | "cwd" | "projectRoot">, name: string, now: Date): Promise<string> {
  const files = await listMigrationFiles(config);
  const path = join(config.migrationsDir, timestampFileName(files, name, now));
  try {
    await writeFile(path, writeAzulChangeMigration(), { flag: "wx" });
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "ENOENT") {
      throw new AlabError({ code: "E_MIGRATIONS_DIR_MISSING", message: `migrations folder ${displayPath(config.cwd, config.migrationsDir)} does not exist`, hint: "run `alab init`, or point `migrations:` in alab.yaml at your migrations folder" });
    }
    if (code === "EEXIST") throw new AlabError({ code: "E_MIGRATION_EXISTS", message: `${displayPath(config.cwd, path)} already exists`, hint: "run the command again" });
    throw e;
  }
  return path;
}
