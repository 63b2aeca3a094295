/**
 * `alab check`, the CI gate: a list of steps run in order, each either passing with a one-line
 * summary or throwing AlabError(s) (exit 2 for invalid files, exit 3 for something to act on).
 * A step may rely on what earlier steps put in the shared state, so the first failure stops.
 */
import type { Config } from "../config";
import type { Schema } from "../model/types";
import { databaseStep } from "./check-steps-database";
import { replayStep, ungeneratedStep } from "./check-steps-generation";
import { type LogLine, loadSchemas } from "./load-schemas";
import { plural } from "./words";

/** What steps learn and later steps reuse. */
export interface CheckState {
  schema?: Schema;
  readonly logs: LogLine[];
}

export interface CheckStep {
  readonly name: string;
  /** Returns the step's one-line summary, or throws what it found. */
  run(config: Config, state: CheckState): Promise<string>;
}

export interface CheckResult {
  readonly step: string;
  readonly summary: string;
}


export const schemaStep: CheckStep = {
  name: "schemas",
  async run(config, state) {
    const loaded = await loadSchemas(config);
    state.schema = loaded.schema;
    state.logs.push(...loaded.logs);
    const tables = Object.keys(loaded.schema.tables).length;
    return `${plural(tables, "table")} OK (${plural(loaded.files.length, "schema file")})`;
  },
};

/**
 * Schemas first (later steps read `state.schema`), then the migration files against the snapshot
 * (a hand edit or bad merge), then the schema files against the snapshot (an ungenerated change),
 * then the applied migrations against their files (an edited or lost applied file).
 */
export const CHECK_STEPS: readonly CheckStep[] = [schemaStep, replayStep, ungeneratedStep, databaseStep];

/** The steps that need no database (`alab check --offline`). */
export const OFFLINE_STEPS: readonly CheckStep[] = CHECK_STEPS.filter((s) => s !== databaseStep);

export async function runChecks(
  config: Config,
  steps: readonly CheckStep[] = CHECK_STEPS,
  state: CheckState = { logs: [] },
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const step of steps) results.push({ step: step.name, summary: await step.run(config, state) });
  return results;
}
