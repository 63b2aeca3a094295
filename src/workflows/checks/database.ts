/**
 * `alab check` against the database, when there is one: an applied migration whose file was
 * edited afterwards, or whose file is gone, means the files no longer describe the database —
 * something to act on (exit 3). Pending migrations are reported, not failed: a pull request that
 * adds a migration is exactly a change with a pending migration. Nor are renumbered ones (the same
 * content under the number `alab rebase` gave it): the next migrate records the new number.
 *
 * With nothing configured the database is the embedded default (`./alab.db`); when that file does
 * not exist there is no database to compare with, and the step says so instead of inventing one.
 */
import { existsSync } from "node:fs";
import type { Config } from "../../config";
import { AlabError, EXIT } from "../../errors";
import type { CheckStep } from "./step";
import { rowFileName } from "../database/history";
import { status } from "../status";
import { untrackedError } from "../database/untracked";
import { plural } from "../words";

/** True when the only database is the embedded default and its file has not been created yet. */
export function noDatabase(config: Config): boolean {
  return config.urlSource === "default" && config.sqliteFile !== undefined && !existsSync(config.sqliteFile);
}

export const databaseStep: CheckStep = {
  name: "database",
  async run(config) {
    if (noDatabase(config)) return "no database configured (./alab.db does not exist): applied files not compared; set DATABASE_URL or --url to compare";
    const report = await status(config);
    // Tables and no tracking table: nothing here was made by these migrations; all is not well.
    if (report.untracked.length > 0) throw untrackedError(report.untracked);
    const details: string[] = [];
    for (const e of report.entries) {
      const batch = e.row === undefined ? "" : ` (applied in batch ${e.row.batch})`;
      if (e.state === "modified") details.push(`modified  ${e.file?.file ?? e.name}${batch}: the file changed after it was applied`);
      if (e.state === "missing" && e.row !== undefined) {
        const sameNumber = report.entries.find((x) => x.state === "pending" && x.order === e.order);
        details.push(`missing   ${rowFileName(e.row)}${batch}: the file is gone${sameNumber === undefined ? "" : ` (${sameNumber.file?.file} has its number: the database applied another branch's migration; merge that branch and run \`alab rebase\`)`}`);
      }
    }
    if (details.length > 0) {
      throw new AlabError({
        code: "E_CHECK_APPLIED_CHANGED",
        message: `${plural(details.length, "applied migration")} no longer ${details.length === 1 ? "matches its file" : "match their files"} in ${report.database}`,
        hint: "restore the applied files as they were (git history has them) and put new changes in a new migration (`alab new <name>`)",
        exit: EXIT.check,
        details,
      });
    }
    const pending = report.entries.filter((e) => e.state === "pending").length;
    const renumbered = report.entries.filter((e) => e.state === "renumbered").length;
    const applied = report.entries.length - pending;
    const note = renumbered === 0 ? "" : ` (${renumbered} renumbered since: the next \`alab migrate\` records ${renumbered === 1 ? "its new name" : "their new names"})`;
    return `${plural(applied, "migration")} applied and unchanged${note}, ${pending} pending, in ${report.database}`;
  },
};
