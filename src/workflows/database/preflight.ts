/**
 * What must hold before a run touches the database: no applied file edited, none missing, and
 * (unless allowed) no pending file older than the newest applied one. Every problem is reported
 * at once, each naming its file.
 */
import { AlabError, throwAll, unreachable } from "../../errors";
import { type StatusEntry, rowFileName } from "./history";

export interface PreflightOptions {
  /** `--allow-out-of-order`: pending files older than the newest applied one may run. */
  readonly allowOutOfOrder: boolean;
  /** Display path of a migration file (relative to the working directory). */
  readonly shown: (entry: StatusEntry) => string;
}

export function preflightProblems(entries: readonly StatusEntry[], opts: PreflightOptions): AlabError[] {
  const errors: AlabError[] = [];
  const applied = entries.filter((e) => e.row !== undefined);
  const newest = applied.reduce<StatusEntry | undefined>((n, e) => (n === undefined || e.order > n.order ? e : n), undefined);
  for (const e of entries) {
    switch (e.state) {
      case "modified":
        errors.push(
          new AlabError({
            code: "E_MIGRATION_MODIFIED",
            message: `${opts.shown(e)} was edited after it was applied (its checksum no longer matches alab_migrations)`,
            hint: "restore the applied version (e.g. `git checkout -- <file>`) and put the change in a new migration with `alab new`",
            at: { file: opts.shown(e) },
          }),
        );
        break;
      case "missing":
        errors.push(
          new AlabError({
            code: "E_MIGRATION_MISSING",
            message: `${rowFileName(e.row!)} is applied (batch ${e.row!.batch}) but its file is not in the migrations folder`,
            hint: "restore the file from version control; alab will not run migrations around an applied one it cannot see",
          }),
        );
        break;
      case "pending":
        if (!opts.allowOutOfOrder && newest !== undefined && e.order < newest.order) {
          errors.push(
            new AlabError({
              code: "E_MIGRATION_OUT_OF_ORDER",
              message: `pending ${opts.shown(e)} is older than ${opts.shown(newest)}, the newest applied migration`,
              hint: "renumber it after the newest applied one (and run `alab snapshot --rebuild`), or pass --allow-out-of-order to apply it anyway",
              at: { file: opts.shown(e) },
            }),
          );
        }
        break;
      case "applied":
        break;
      default:
        unreachable(e.state, "migration state");
    }
  }
  return errors;
}

export function assertPreflight(entries: readonly StatusEntry[], opts: PreflightOptions): void {
  const errors = preflightProblems(entries, opts);
  throwAll(errors);
}
