/**
 * `alab check --base REF`: is this branch behind REF? A pull request whose own migrations are
 * numbered at or before REF's newest one would, once merged, put them before migrations that are
 * already applied elsewhere (or clash with one). This branch's migrations are the files REF's
 * migrations folder does not have. The fix is a merge of REF and `alab rebase` (exit 3).
 */
import type { Config } from "../../config";
import { AlabError, EXIT } from "../../errors";
import type { CheckStep } from "./step";
import { scanMigrationFiles } from "../project/migration-files";
import { openRepo, refMigrations } from "../project/ref-migrations";
import { plural } from "../words";

export function behindStep(base: string): CheckStep {
  return {
    name: "base",
    async run(config: Config) {
      const repo = await openRepo(config.cwd, "run `alab check` without --base", () =>
        new AlabError({ code: "E_CHECK_BASE_NO_GIT", message: `--base ${base} needs a git repository, and ${config.cwd} is not inside one`, hint: "run alab check inside the repository (in CI: after the checkout step), or leave out --base" }),
      );
      const ref = await refMigrations(repo, config.migrationsDir, base, "--base", "--base");
      const inRef = new Set(ref.files.map((f) => f.file));
      const ours = (await scanMigrationFiles(config)).files.filter((f) => !inRef.has(f.file));
      const newest = ref.files[ref.files.length - 1];
      const behind = newest === undefined ? [] : ours.filter((f) => f.order <= newest.order);
      if (newest !== undefined && behind.length > 0) {
        throw new AlabError({
          code: "E_CHECK_BEHIND",
          message: `this branch is behind ${base}: ${plural(behind.length, "migration")} of its own ${behind.length === 1 ? "is" : "are"} numbered at or before ${newest.file}, ${base}'s newest`,
          details: behind.map((f) => `${f.file}: ${f.order === newest.order ? `the same number as ${newest.file}` : `before ${newest.file}`}`),
          hint: `merge ${base} into this branch (\`git merge ${base}\`), run \`alab rebase --onto ${base}\` (it renumbers ${behind.length === 1 ? behind[0]?.file : "them"} after ${newest.file} and rebuilds the snapshot), and commit`,
          exit: EXIT.check,
        });
      }
      const refNewest = newest === undefined ? `${base} has no migrations` : `${base}'s newest is ${newest.file}`;
      if (ours.length === 0) return `no migrations of this branch's own (${refNewest})`;
      return newest === undefined ? `${plural(ours.length, "migration")} of this branch's own; ${refNewest}` : `${plural(ours.length, "migration")} of this branch's own, all after ${newest.file}, ${base}'s newest`;
    },
  };
}
