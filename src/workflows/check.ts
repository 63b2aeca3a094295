/**
 * `alab check`, the CI gate: a list of steps run in order, each either passing with a one-line
 * summary or throwing AlabError(s) (exit 2 for invalid files, exit 3 for something to act on).
 * A step may rely on what earlier steps put in the shared state, so the first failure stops.
 */
import type { Config } from "../config";
import { databaseStep } from "./checks/database";
import { driftStep } from "./checks/drift";
import { lintStep } from "./checks/lint";
import { replayStep, ungeneratedStep } from "./checks/generation";
import { schemaStep } from "./checks/schemas";
import type { CheckState, CheckStep } from "./checks/step";

export type { CheckState, CheckStep };

export interface CheckResult {
  readonly step: string;
  readonly summary: string;
}

/**
 * Schemas first (later steps read `state.schema`), then the migration files against the snapshot
 * (a hand edit or bad merge), then the schema files against the snapshot (an ungenerated change),
 * then the applied migrations against their files (an edited or lost applied file), then the live
 * database against what those migrations build (drift), then lint of the migrations not yet
 * applied (with `--base`: this branch's own).
 */
export function checkSteps(opts: { readonly offline: boolean; readonly base?: string }): CheckStep[] {
  const lint = lintStep(opts);
  return opts.offline ? [schemaStep, replayStep, ungeneratedStep, lint] : [schemaStep, replayStep, ungeneratedStep, databaseStep, driftStep, lint];
}

export const CHECK_STEPS: readonly CheckStep[] = checkSteps({ offline: false });

/** The steps that need no database (`alab check --offline`). */
export const OFFLINE_STEPS: readonly CheckStep[] = checkSteps({ offline: true });

export async function runChecks(
  config: Config,
  steps: readonly CheckStep[] = CHECK_STEPS,
  state: CheckState = { logs: [] },
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const step of steps) results.push({ step: step.name, summary: await step.run(config, state) });
  return results;
}
