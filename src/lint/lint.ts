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
      result = caps.dialect === "sqlite" ? planSqlite(step) : planServer(step);
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

function lintOne(draft: SchemaDraft, m: LintInput, caps: Capabilities): Finding[] {
  const analyse = m.lint !== false;
  const allows = analyse ? readAllows(m.source) : undefined;
  const out: Finding[] = [];
  const emit = (d: Draft, at: { line: number; column: number }) => {
    const reason = allows?.at(at.line).get(d.code);
    out.push({ ...d, file: m.file, line: at.line, column: at.column, ...(reason === undefined ? {} : { allowed: { reason } }) });
  };
  const fresh = new Set<string>();
  let statements = 0;
  const first = m.def.up[0];
  if (analyse && m.def.manual?.up === true) {
    emit({ code: "L_RAW_SQL", severity: "note", message: "`up` returns a promise (Azul manual mode): its queries are not known before it runs", server: "alab runs the queries the function sends; their locks, rewrites and data loss are not checked", hint: "review the queries by hand for the findings docs/lint.md describes" }, first ?? { line: 1, column: 1 });
  }
  for (const located_ of m.def.up) {
    const op = located_.value;
    const existedBefore = op.op === "create_table" && draft.has(op.table.ref);
    try {
      draft.step(
        () => {
          if (op.op !== "sql") applyTo(draft, op);
        },
        (before, after) => {
          if (!analyse) return;
          const step: LintStep = { op, caps, before, after, fresh, planned: plannerFor(caps, op, before, after) };
          for (const a of ANALYZERS) for (const d of a.analyze(step)) emit(d, located_);
          if (!caps.transactionalDdl) statements += op.op === "sql" ? 1 : step.planned().statements.length;
        },
      );
    } catch (e) {
      throw located(e, located_);
    }
    track(fresh, op, existedBefore);
  }
  if (analyse && !caps.transactionalDdl && statements > 1 && first !== undefined) {
    emit(
      {
        code: "L_MYSQL_NO_ROLLBACK",
        severity: "note",
        message: `the migration sends ${statements} statements, and MySQL/MariaDB commit each DDL statement on its own`,
        server: "if one fails, the statements before it stay applied and the migration is not recorded: the database is half migrated until someone fixes it by hand",
        hint: "keep migrations small (one change to an existing table each), so a failure leaves a state that is easy to finish or undo",
      },
      first,
    );
  }
  for (const p of allows?.problems ?? []) emit(p.draft, p);
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
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
