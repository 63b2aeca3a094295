/**
 * What `alab lint` reports: typed findings with a stable code, a severity, where the operation is
 * written, what happens on the server and what to do instead. The codes are the contract (they are
 * written into `// alab:allow CODE` comments and read by CI); docs/lint.md documents each one and
 * tests/lint/docs.test.ts holds the two lists equal.
 */

export type Severity = "error" | "warning" | "note";

/** Every code, in the order docs/lint.md lists them. */
export const LINT_RULES = [
  "L_DROP_TABLE",
  "L_DROP_COLUMN",
  "L_NARROW_TYPE",
  "L_RENAME_TABLE",
  "L_RENAME_COLUMN",
  "L_NOT_NULL_NO_VALUE",
  "L_SET_NOT_NULL",
  "L_BACKFILL",
  "L_INDEX_LOCK",
  "L_DROP_INDEX_LOCK",
  "L_UNIQUE_LOCK",
  "L_UNIQUE_DATA",
  "L_FK_VALIDATE",
  "L_CHECK_VALIDATE",
  "L_TYPE_REWRITE",
  "L_VOLATILE_DEFAULT",
  "L_MYSQL_COPY",
  "L_MYSQL_REBUILD",
  "L_MYSQL_NO_ROLLBACK",
  "L_SQLITE_REBUILD",
  "L_RAW_SQL",
  "L_ALLOW_UNKNOWN",
] as const;

export type LintCode = (typeof LINT_RULES)[number];

export function isLintCode(s: string): s is LintCode {
  return (LINT_RULES as readonly string[]).includes(s);
}

/**
 * The online form that avoids a finding, named so the hint (and a later `alab new --online`) can
 * point at one thing: docs/lint.md describes each.
 */
export type SafeForm =
  | "create_index_concurrently"
  | "drop_index_concurrently"
  | "unique_using_index"
  | "not_valid_validate"
  | "check_not_null"
  | "expand_contract"
  | "batched_backfill";

/** MySQL/MariaDB's online DDL algorithm for the statement (the server picks the cheapest it can). */
export type MysqlAlgorithm = "INSTANT" | "INPLACE" | "COPY";

/** What an analyzer says about one operation; lint.ts adds where it is and whether it is allowed. */
export interface Draft {
  readonly code: LintCode;
  readonly severity: Severity;
  /** The table concerned (its ref), when there is one. */
  readonly table?: string;
  /** What the migration does, in a line. */
  readonly message: string;
  /** What happens on the server: the lock, the scan, the rewrite, the failure. */
  readonly server: string;
  /** The safe alternative. */
  readonly hint: string;
  /** The lock taken, in the server's own words ("ACCESS EXCLUSIVE", "SHARE", "database write lock"). */
  readonly lock?: string;
  readonly algorithm?: MysqlAlgorithm;
  readonly safeForm?: SafeForm;
}

export interface Finding extends Draft {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Present when a `// alab:allow CODE reason` comment above the operation acknowledges it. */
  readonly allowed?: { readonly reason: string };
}

/** Findings that count: errors not allowed. */
export function blocking(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.severity === "error" && f.allowed === undefined);
}

export interface Counts {
  readonly error: number;
  readonly warning: number;
  readonly note: number;
  readonly allowed: number;
}

export function countFindings(findings: readonly Finding[]): Counts {
  const c = { error: 0, warning: 0, note: 0, allowed: 0 };
  for (const f of findings) {
    if (f.allowed !== undefined) c.allowed++;
    else c[f.severity]++;
  }
  return c;
}
