/**
 * Lint where a run meets it: the pending migrations of `migrate` linted from the schema the applied
 * ones build, each error-level finding as a one-line warning (deploys are not blocked at run time:
 * the gate is `alab check` in CI), and `--dry`'s findings as SQL comments beside the statements of
 * the operation they are about.
 */
import { countFindings, type Finding } from "../../lint/finding";
import type { Located, Operation } from "../../dsl/operations";
import { type LintInput, MigrationLinter, type MigrationLint } from "../../lint/lint";
import type { Capabilities } from "../../sql/capabilities";
import type { StepObserver } from "../../sql/plan";
import type { LoadedMigration } from "../project/load-migrations";
import { plural } from "../words";

export function lintInput(m: LoadedMigration, lint = true): LintInput {
  return { file: m.shown, source: m.file.source, def: m.def, lint };
}

/**
 * Lint riding along `migrate`'s planning: each pending migration's operations are linted as the
 * planner sees them (no second replay). Lint never stops a deploy: if it fails, it stops, says so
 * once, and the run goes on.
 */
export class RunLint {
  readonly findings = new Map<string, readonly Finding[]>();
  private broken = false;

  constructor(
    private readonly caps: Capabilities,
    private readonly warn: (message: string) => void,
  ) {}

  private guard(fn: () => void): void {
    if (this.broken) return;
    try {
      fn();
    } catch (e) {
      this.broken = true;
      this.findings.clear();
      this.warn(`lint could not analyse the pending migrations (${e instanceof Error ? e.message : String(e)}); run \`alab lint\``);
    }
  }

  /** Plans `plan(observe)` with lint watching, and keeps the migration's findings. */
  around<T>(m: LoadedMigration, plan: (observe: ((op: Located<Operation>) => StepObserver) | undefined) => T): T {
    let linter: MigrationLinter | undefined;
    this.guard(() => {
      linter = new MigrationLinter(lintInput(m), this.caps);
    });
    const observe = (op: Located<Operation>): StepObserver => (_op, before, after, result) => this.guard(() => linter?.step(op, before, after, () => result));
    const out = plan(linter === undefined ? undefined : observe);
    this.guard(() => {
      if (linter !== undefined && !this.broken) this.findings.set(m.shown, linter.finish());
    });
    return out;
  }
}

/** `file:line:column: CODE: message`: one line a deploy log can hold. */
export function findingLine(f: Finding): string {
  return `${f.file}:${f.line}:${f.column}: ${f.code}: ${f.message} (\`alab lint\` explains; \`// alab:allow ${f.code} <reason>\` above it acknowledges it)`;
}

/** What `migrate` warns about: errors nobody allowed. */
export function runWarnings(byFile: ReadonlyMap<string, readonly Finding[]>): string[] {
  const out: string[] = [];
  for (const findings of byFile.values()) for (const f of findings) if (f.severity === "error" && f.allowed === undefined) out.push(findingLine(f));
  return out;
}

/**
 * What `--dry` shows: errors, warnings and allowed findings. Notes (raw SQL not analysed, manual
 * mode, MySQL's implicit commits) repeat what the script already says; `alab lint` lists them.
 */
export function dryFindings(byFile: ReadonlyMap<string, readonly Finding[]>): Map<string, readonly Finding[]> {
  return new Map([...byFile].map(([file, findings]) => [file, findings.filter((f) => f.severity !== "note" || f.allowed !== undefined)]));
}

/** `--dry`'s header line about the findings it shows, when there are any. */
export function lintHeader(byFile: ReadonlyMap<string, readonly Finding[]>): string[] {
  const c = countFindings([...byFile.values()].flat());
  if (c.error + c.warning + c.allowed === 0) return [];
  return [`lint: ${plural(c.error, "error")}, ${plural(c.warning, "warning")}, ${c.allowed} allowed (as comments beside their statements; \`alab lint\` explains)`];
}

/**
 * Bidi controls a reason may carry from the migration file: `comment()` escapes the other control
 * characters, and a script that carried one raw would be refused (E_DRY_CONTROL_CHARACTER).
 */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const visible = (text: string): string => text.replace(BIDI, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** A finding as `--dry` comment lines (without `-- `). */
export function findingComment(f: Finding): string[] {
  return findingText(f).map(visible);
}

function findingText(f: Finding): string[] {
  const head = f.allowed === undefined ? `lint ${f.severity}[${f.code}]` : `lint allowed[${f.code}]`;
  const lines = [`${head} ${f.file}:${f.line}:${f.column}: ${f.message}`];
  if (f.allowed !== undefined) return [...lines, `  allowed: ${f.allowed.reason === "" ? "(no reason given)" : f.allowed.reason}`];
  return [...lines, `  ${f.server}`, `  help: ${f.hint}`];
}

export type { MigrationLint };
