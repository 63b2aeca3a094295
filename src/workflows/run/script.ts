/**
 * `--dry`: the SQL a run would send, in order, as a script for psql / mysql / sqlite3 — session
 * settings, the tracking table, BEGIN/COMMIT where the run would send them, each statement ended
 * with `;`, and the tracking-table rows. Bound arguments of raw SQL are inlined as literals.
 */
import { AlabError, EXIT } from "../../errors";
import type { Dialect, Statement } from "../../sql/dialect";
import { quoteLiteral } from "../../sql/escape";
import { placeholders } from "../../sql/params";
import { comment, terminated } from "../../sql/script-text";
import type { Finding } from "../../lint/finding";
import { findingComment } from "./lint-run";
import type { PlannedMigration, PlannedStatement, Unit } from "./units";

export { comment, terminated };

export interface ScriptInput {
  readonly dialect: Dialect;
  /** Comment lines at the top (without `-- `). */
  readonly header: readonly string[];
  /** Before everything: session settings and the tracking table. */
  readonly setup: readonly Statement[];
  readonly units: readonly Unit[];
  readonly begin: string;
  /** The tracking-table statement written after a migration's own statements. */
  readonly history: (p: PlannedMigration) => Statement;
  /** Lint findings by migration (as shown), printed as comments before the statements of their operation. */
  readonly findings?: ReadonlyMap<string, readonly Finding[]>;
}

const at = (x: { readonly line: number; readonly column: number }): string => `${x.line}:${x.column}`;

/** A migration's findings by the operation they are about; those of operations without statements come first. */
function findingsByOp(m: PlannedMigration, findings: readonly Finding[]): { first: Finding[]; byOp: Map<string, Finding[]> } {
  const withStatements = new Set(m.statements.flatMap((s) => (s.op === undefined ? [] : [at(s.op)])));
  const first: Finding[] = [];
  const byOp = new Map<string, Finding[]>();
  for (const f of findings) {
    if (!withStatements.has(at(f))) first.push(f);
    else byOp.set(at(f), [...(byOp.get(at(f)) ?? []), f]);
  }
  return { first, byOp };
}

/** Raw SQL with bound arguments, with each `?` replaced by the argument as a literal. */
export function inlined(p: PlannedStatement, dialect: Dialect): string {
  const args = p.statement.args;
  if (args === undefined || args.length === 0) return p.statement.sql;
  const op = p.op?.value;
  if (op === undefined || op.op !== "sql") {
    throw new AlabError({ code: "E_INTERNAL", message: "internal: a planned statement has arguments but no raw SQL behind it", hint: "this is a bug in alab; please report it", exit: EXIT.runtime });
  }
  const at = placeholders(op.sql, dialect);
  let out = "";
  let last = 0;
  at.forEach((pos, i) => {
    out += op.sql.slice(last, pos) + quoteLiteral(args[i] ?? null, dialect);
    last = pos + 1;
  });
  return out + op.sql.slice(last);
}

export function renderScript(input: ScriptInput): string {
  const out: string[] = input.header.map(comment);
  const sql = (s: string) => out.push(terminated(s));
  for (const s of input.setup) sql(s.sql);
  for (const unit of input.units) {
    const before = unit.migrations.flatMap((m) => m.before);
    const after = unit.migrations.flatMap((m) => m.after);
    const seen = new Set<string>();
    for (const s of before) if (!seen.has(s.sql) && seen.add(s.sql)) sql(s.sql);
    if (unit.transactional) sql(input.begin);
    for (const m of unit.migrations) {
      out.push("", comment(`${m.migration.file.file} (${m.direction})${m.migration.def.transaction && m.outside === undefined ? "" : " · outside a transaction"}`));
      for (const n of m.notes) out.push(comment(`note: ${n}`));
      if (m.manual !== undefined) {
        out.push(comment(`\`${m.direction}\` returns a promise (Azul manual mode): it runs its own queries when it runs, so they are not shown here`));
      }
      const { first, byOp } = findingsByOp(m, input.findings?.get(m.migration.shown) ?? []);
      for (const f of first) out.push(...findingComment(f).map(comment));
      for (const s of m.statements) {
        const key = s.op === undefined ? undefined : at(s.op);
        const here = key === undefined ? undefined : byOp.get(key);
        if (key !== undefined && here !== undefined) {
          out.push(...here.flatMap(findingComment).map(comment));
          byOp.delete(key);
        }
        sql(inlined(s, input.dialect));
      }
      sql(input.history(m).sql);
    }
    if (unit.closing.length > 0) out.push("", comment("foreign keys were off for a table rebuild: check them before COMMIT"));
    for (const s of unit.closing) sql(s.sql);
    if (unit.transactional) sql("COMMIT");
    const done = new Set<string>();
    for (const s of after) if (!done.has(s.sql) && done.add(s.sql)) sql(s.sql);
  }
  return `${out.join("\n")}\n`;
}
