/**
 * One operation as the analyzers see it: the schema before and after it (replayed, as the planner
 * sees it), the server's capabilities, and which tables this migration created itself — those are
 * empty when the operation runs, so nothing about them can lock, rewrite or lose anything.
 */
import type { Operation } from "../dsl/operations";
import { unreachable } from "../errors";
import type { Column, Schema, Table } from "../model/types";
import type { Capabilities } from "../sql/capabilities";
import type { StepResult } from "../sql/step";
import type { Draft, LintCode } from "./finding";

export interface LintStep {
  readonly op: Operation;
  readonly caps: Capabilities;
  readonly before: Schema;
  readonly after: Schema;
  /** Refs of tables created earlier in the same migration (followed through renames). */
  readonly fresh: ReadonlySet<string>;
  /** The planner's statements for this operation on this server (computed once, when asked). */
  readonly planned: () => StepResult;
}

export interface Analyzer {
  /** One concern per analyzer (docs/lint.md groups the codes by it). */
  readonly name: string;
  readonly codes: readonly LintCode[];
  analyze(step: LintStep): Draft[];
}

/** The table as it was before the operation, unless this migration created it (then undefined). */
export function existing(step: LintStep, ref: string): Table | undefined {
  if (step.fresh.has(ref)) return undefined;
  return step.before.tables[ref];
}

export function columnIn(table: Table | undefined, name: string): Column | undefined {
  return table?.columns.find((c) => c.name === name);
}

type Version = readonly [number, number, number];

/** The server is at least this version (callers pick the MySQL or the MariaDB number). */
export function atLeast(caps: Capabilities, min: Version): boolean {
  for (let i = 0; i < 3; i++) {
    const v = caps.semver[i] as number;
    const m = min[i] as number;
    if (v !== m) return v > m;
  }
  return true;
}

/** "MariaDB 10.11.6" / "MySQL 8.0.36" / "PostgreSQL 16.2" / "SQLite 3.54.0": how messages name the server. */
export function serverName(caps: Capabilities): string {
  const v = caps.semver.join(".");
  switch (caps.dialect) {
    case "postgres":
      return `PostgreSQL ${caps.semver[0]}`;
    case "mysql":
      return caps.mariadb ? `MariaDB ${v}` : `MySQL ${v}`;
    case "sqlite":
      return `SQLite ${v}`;
    default:
      return unreachable(caps.dialect, "dialect");
  }
}
