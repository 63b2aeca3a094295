/**
 * One step of `alab check`: passes with a one-line summary or throws what it found (AlabError(s),
 * exit 2 for invalid files, exit 3 for something to act on). `alab check` runs them in order;
 * a command that is a single check (drift, lint) runs one step alone.
 */
import type { Config } from "../../config";
import type { Schema } from "../../model/types";
import type { LogLine } from "../project/load-schemas";

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
