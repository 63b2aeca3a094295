/**
 * What must hold before a run touches the database: no applied file edited, none missing, and
 * (unless allowed) no pending file older than the newest applied one. Every problem is reported
 * at once, each naming its file. A renumbered file is applied (the run records its new number).
 */
import { AlabError, throwAll, unreachable } from "../../errors";
import { type StatusEntry, rowFileName } from "./history";
import { appliedAs } from "./matching";

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
        errors.push(missing(e, entries, opts));
        break;
      case "pending":
        if (!opts.allowOutOfOrder && newest !== undefined && e.order < newest.order) errors.push(outOfOrder(e, newest, opts));
        break;
      case "applied":
      case "renumbered":
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

/**
 * An applied row with no file. When a pending file has its number, the database applied the other
 * branch's migration of that number (the file here is a different migration, not an edit of it);
 * when a file has its name but other content, it may be this migration renumbered and edited.
 */
function missing(e: StatusEntry, entries: readonly StatusEntry[], opts: PreflightOptions): AlabError {
  const row = e.row!;
  const head = `${rowFileName(row)} is applied (batch ${row.batch}) but its file is not in the migrations folder`;
  const sameNumber = entries.find((x) => x.state === "pending" && x.order === e.order);
  if (sameNumber !== undefined) {
    return new AlabError({
      code: "E_MIGRATION_MISSING",
      message: `${head}; ${opts.shown(sameNumber)} has the same number but is another migration`,
      hint: `this database applied ${rowFileName(row)} from another branch. Merge that branch (it has ${rowFileName(row)}.js), then run \`alab rebase\`: it numbers ${sameNumber.file?.file} after it. alab will not run migrations around an applied one it cannot see`,
    });
  }
  const sameName = entries.find((x) => x.file !== undefined && x.row === undefined && x.name === row.name);
  if (sameName !== undefined) {
    return new AlabError({
      code: "E_MIGRATION_MISSING",
      message: `${head}; ${opts.shown(sameName)} has its name but not the content that was applied`,
      hint: `if ${sameName.file?.file} is ${rowFileName(row)} renumbered and then edited, restore the applied content (git history has it) and put the change in a new migration; otherwise restore ${rowFileName(row)}.js`,
    });
  }
  return new AlabError({ code: "E_MIGRATION_MISSING", message: head, hint: "restore the file from version control; alab will not run migrations around an applied one it cannot see" });
}

function outOfOrder(e: StatusEntry, newest: StatusEntry, opts: PreflightOptions): AlabError {
  const file = e.file?.file ?? e.revision;
  const renumbered = newest.state === "renumbered" && newest.row !== undefined;
  return new AlabError({
    code: "E_MIGRATION_OUT_OF_ORDER",
    message: `pending ${opts.shown(e)} is older than ${opts.shown(newest)}, the newest applied migration${renumbered ? ` (applied as ${appliedAs(newest.row!)})` : ""}`,
    hint: renumbered
      ? `this database applied ${newest.file?.file} before a merge put ${file} ahead of it: pass --allow-out-of-order to apply ${file} now, or roll back ${newest.file?.file} first (\`alab rollback\`), then \`alab migrate\``
      : `renumber it after the newest applied one with \`alab rebase --move ${file}\`, or pass --allow-out-of-order to apply it anyway`,
    at: { file: opts.shown(e) },
  });
}
