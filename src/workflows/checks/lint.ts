/**
 * `alab check`'s lint: findings for the migrations that have not run yet, failing (exit 3) on an
 * error-level finding nobody allowed. Which migrations those are: with `--base REF`, this branch's
 * own (the files REF does not have: what the pull request adds); otherwise the ones pending in the
 * database. With neither (offline, or no database) nothing says which are new, and the step says
 * so instead of linting the whole history.
 */
import type { Config } from "../../config";
import { AlabError, EXIT } from "../../errors";
import { blocking } from "../../lint/finding";
import { serverName } from "../../lint/step";
import { lint, type LintScope, type LintServer } from "../lint";
import { scanMigrationFiles } from "../project/migration-files";
import { openRepo, refMigrations } from "../project/ref-migrations";
import { findingLine } from "../run/lint-run";
import { plural } from "../words";
import { noDatabase } from "./database";
import type { CheckStep } from "./step";

export interface LintStepOptions {
  /** `--offline`: no database; the configured dialect at the oldest version alab supports. */
  readonly offline: boolean;
  /** `--base REF`: lint this branch's own migrations. */
  readonly base?: string;
}

async function ownFiles(config: Config, base: string): Promise<string[]> {
  const repo = await openRepo(config.cwd, "run `alab check` without --base", () =>
    new AlabError({ code: "E_CHECK_BASE_NO_GIT", message: `--base ${base} needs a git repository, and ${config.cwd} is not inside one`, hint: "run alab check inside the repository (in CI: after the checkout step), or leave out --base" }),
  );
  const ref = await refMigrations(repo, config.migrationsDir, base, "--base", "--base");
  const inRef = new Set(ref.files.map((f) => f.file));
  return (await scanMigrationFiles(config)).files.filter((f) => !inRef.has(f.file)).map((f) => f.file);
}

export function lintStep(opts: LintStepOptions): CheckStep {
  return {
    name: "lint",
    async run(config) {
      const withoutDatabase = opts.offline || noDatabase(config);
      const server: LintServer = withoutDatabase ? { kind: "dialect", dialect: config.dialect } : { kind: "database" };
      let scope: LintScope = { kind: "pending" };
      if (opts.base !== undefined) {
        const own = await ownFiles(config, opts.base);
        if (own.length === 0) return `no migrations of this branch's own to lint (against ${opts.base})`;
        scope = { kind: "files", files: own };
      } else if (withoutDatabase) {
        return "not run: without a database or --base nothing says which migrations are new (pass --base REF in CI, or lint by hand with `alab lint --all`)";
      }
      const report = await lint(config, scope, server);
      const what = `${plural(report.migrations.length, scope.kind === "pending" ? "pending migration" : "migration")}${opts.base === undefined ? "" : ` of this branch's own`} for ${serverName(report.caps)}`;
      const errors = blocking(report.migrations.flatMap((m) => m.findings));
      if (errors.length > 0) {
        throw new AlabError({
          code: "E_CHECK_LINT",
          message: `lint found ${plural(errors.length, "error")} in ${what}`,
          hint: "`alab lint` explains each finding and its safe form; change the migration, or acknowledge a finding with `// alab:allow CODE reason` on the line above the operation",
          details: errors.map(findingLine),
          exit: EXIT.check,
        });
      }
      const c = report.counts;
      const rest = [c.warning > 0 ? plural(c.warning, "warning") : "", c.note > 0 ? plural(c.note, "note") : "", c.allowed > 0 ? `${c.allowed} allowed` : ""].filter((x) => x !== "");
      return `no errors in ${what}${rest.length === 0 ? "" : ` (${rest.join(", ")}: \`alab lint\` shows them)`}`;
    },
  };
}
