/**
 * `alab lint`'s core, pure: each migration's `up` is replayed operation by operation onto the
 * schema the migrations before it leave (as the planner does), and every analyzer looks at each
 * operation with the schema before and after it. Findings carry the operation's place in the
 * file; `// alab:allow` comments mark the ones a person accepted. Like Atlas's analyzers, one
 * analyzer per concern, each with its own codes (docs/lint.md).
 */
import type { MigrationDef } from "../dsl/migration/index";
import type { Located, Operation } from "../dsl/operations";
import { isAlabError } from "../errors";
import type { Schema } from "../model/types";
import { applyTo, Draft as SchemaDraft } from "../diff/replay";
import type { Capabilities } from "../sql/capabilities";
import { planServer } from "../sql/server";
import { planSqlite } from "../sql/sqlite";
import type { StepResult } from "../sql/step";
import { readAllows } from "./allow";
import { backfill } from "./backfill";
import { breaking } from "./breaking";
import { constraints } from "./constraints";
import { destructive } from "./destructive";
import type { Draft, Finding } from "./finding";
import { indexes } from "./indexes";
import { mysql } from "./mysql";
import { notNull } from "./not-null";
import { raw } from "./raw";
import { rewrite } from "./rewrite";
import { sqlite } from "./sqlite";
import type { Analyzer, LintStep } from "./step";

export const ANALYZERS: readonly Analyzer[] = [destructive, breaking, notNull, backfill, indexes, constraints, rewrite, mysql, sqlite, raw];

export interface LintInput {
  /** The path as messages show it. */
  readonly file: string;
  /** The file's text, for `// alab:allow` comments. */
  readonly source: string;
  readonly def: MigrationDef;
  /** False: only replayed, so the ones after it start from the right schema (`alab lint FILE`). */
  readonly lint?: boolean;
}

export interface MigrationLint {
  readonly file: string;
  readonly findings: readonly Finding[];
}

function located(e: unknown, op: Located<unknown>): unknown {
  return isAlabError(e) && e.at === undefined ? e.withLocation({ file: op.file, line: op.line, column: op.column }) : e;
}

function plannerFor(caps: Capabilities, op: Operation, before: Schema, after: Schema): () => StepResult {
  let result: StepResult | undefined;
  return () => {
    if (result === undefined) {
      const step = { op, caps, before, after };
      // Raw SQL is one statement, sent as written.
      result = op.op === "sql" ? { statements: [{ sql: op.sql }] } : caps.dialect === "sqlite" ? planSqlite(step) : planServer(step);
    }
    return result;
  };
}

/** Tables this migration created, followed through its renames and drops. */
function track(fresh: Set<string>, op: Operation, existedBefore: boolean): void {
  if (op.op === "create_table" && !existedBefore) fresh.add(op.table.ref);
  if (op.op === "rename_table" && fresh.delete(op.from)) fresh.add(op.to);
  if (op.op === "drop_table") fresh.delete(op.ref);
}

function changesExisting(op: Operation, fresh: ReadonlySet<string>): boolean {
  switch (op.op) {
    case "create_table":
      return false;
    case "sql":
    case "drop_index":
      return true;
    case "rename_table":
      return !fresh.has(op.from);
    default:
      return !fresh.has(op.ref);
  }
}

/**
 * One migration's findings, fed one operation at a time by whoever replays or plans it (lint's own
 * replay below, or `migrate`'s planner through a StepObserver, so a run does not replay twice).
 */
export class MigrationLinter {
  private readonly out: Finding[] = [];
  private readonly fresh = new Set<string>();
  private readonly allows;
  private statements = 0;
  /** Whether an operation changes a table that existed before the migration (or raw SQL, which may). */
  private changesExisting = false;
  private first: Located<Operation> | undefined;

  constructor(
    private readonly m: Pick<LintInput, "file" | "source" | "def">,
    private readonly caps: Capabilities,
  ) {
    this.allows = readAllows(m.source);
    if (m.def.manual?.up === true) {
      this.emit(
        { code: "L_RAW_SQL", severity: "note", message: "`up` returns a promise (Azul manual mode): its queries are not known before it runs", server: "alab runs the queries the function sends; their locks, rewrites and data loss are not checked", hint: "review the queries by hand for the findings docs/lint.md describes" },
        m.def.up[0] ?? { line: 1, column: 1 },
      );
    }
  }

  private emit(d: Draft, at: { readonly line: number; readonly column: number }): void {
    const reason = this.allows.at(at.line).get(d.code);
    this.out.push({ ...d, file: this.m.file, line: at.line, column: at.column, ...(reason === undefined ? {} : { allowed: { reason } }) });
  }

  /** One operation, with the schema before and after it (read during the call only) and its statements. */
  step(located: Located<Operation>, before: Schema, after: Schema, planned: () => StepResult): void {
    const op = located.value;
    this.first ??= located;
    const step: LintStep = { op, caps: this.caps, before, after, fresh: this.fresh, planned };
    for (const a of ANALYZERS) for (const d of a.analyze(step)) this.emit(d, located);
    if (!this.caps.transactionalDdl) {
      this.statements += planned().statements.length;
      this.changesExisting ||= changesExisting(op, this.fresh);
    }
    track(this.fresh, op, op.op === "create_table" && before.tables[op.table.ref] !== undefined);
  }

  /** The findings, in file order. */
  finish(): Finding[] {
    // A migration that only creates tables leaves, at worst, new tables to drop; one that changes a
    // live table half way is the state nobody can see from the file.
    if (!this.caps.transactionalDdl && this.statements > 1 && this.changesExisting && this.first !== undefined) {
      this.emit(
        {
          code: "L_MYSQL_NO_ROLLBACK",
          severity: "note",
          message: `the migration sends ${this.statements} statements, and MySQL/MariaDB commit each DDL statement on its own`,
          server: "if one fails, the statements before it stay applied and the migration is not recorded: the database is half migrated until someone fixes it by hand",
          hint: "keep migrations small (one change to an existing table each), so a failure leaves a state that is easy to finish or undo",
        },
        this.first,
      );
    }
    for (const p of this.allows.problems) this.emit(p.draft, p);
    return [...this.out].sort((a, b) => a.line - b.line || a.column - b.column);
  }
}

function lintOne(draft: SchemaDraft, m: LintInput, caps: Capabilities): Finding[] {
  const linter = m.lint === false ? undefined : new MigrationLinter(m, caps);
  for (const at of m.def.up) {
    const op = at.value;
    try {
      draft.step(
        () => {
          if (op.op !== "sql") applyTo(draft, op);
        },
        (before, after) => linter?.step(at, before, after, plannerFor(caps, op, before, after)),
      );
    } catch (e) {
      throw located(e, at);
    }
  }
  return linter?.finish() ?? [];
}

/**
 * Lints migrations in order, each from the schema the ones before it leave (`start` is the schema
 * before the first). Replay errors are thrown located, as `migrate` would report them.
 */
export function lintMigrations(start: Schema, migrations: readonly LintInput[], caps: Capabilities): MigrationLint[] {
  const draft = new SchemaDraft(start);
  const out: MigrationLint[] = [];
  for (const m of migrations) {
    const findings = lintOne(draft, m, caps);
    if (m.lint !== false) out.push({ file: m.file, findings });
  }
  return out;
}
