/**
 * Building and dropping indexes on tables that have rows. PostgreSQL's plain CREATE INDEX blocks
 * every write for the whole build, and a UNIQUE constraint added by ALTER TABLE blocks reads too;
 * both have concurrent forms. MySQL/MariaDB build secondary indexes in place with concurrent
 * writes (no finding). SQLite builds in one pass under the database's write lock. Any new unique
 * index fails when the existing rows hold duplicates.
 */
import type { Draft } from "./finding";
import { safeFormHint } from "./safe-forms";
import { type Analyzer, columnIn, existing, type LintStep } from "./step";

function createIndex(step: LintStep, ref: string, name: string, columns: readonly string[], unique: boolean): Draft[] {
  const t = existing(step, ref);
  if (t === undefined) return [];
  const out: Draft[] = [];
  const cols = columns.join(", ");
  if (step.caps.dialect === "postgres") {
    out.push({
      code: "L_INDEX_LOCK",
      severity: "error",
      table: ref,
      message: `creates index ${name} on existing table ${ref} (${cols})`,
      server: `CREATE INDEX holds SHARE on ${t.sqlName} for the whole build: reads go on, every INSERT, UPDATE and DELETE waits until the index is built`,
      hint: safeFormHint("create_index_concurrently", { table: t.sqlName }),
      lock: "SHARE",
      safeForm: "create_index_concurrently",
    });
  } else if (step.caps.dialect === "sqlite") {
    out.push({
      code: "L_INDEX_LOCK",
      severity: "note",
      table: ref,
      message: `creates index ${name} on existing table ${ref} (${cols})`,
      server: `SQLite reads all of ${t.sqlName} to build it while holding the database's write lock: other writers wait (SQLITE_BUSY after their busy timeout) until it commits`,
      hint: "SQLite has no concurrent build; run it when writes are quiet, or accept the pause (it grows with the table)",
      lock: "database write lock",
    });
  }
  if (unique) out.push(uniqueData(ref, `unique index ${name} (${cols})`, "fails if existing rows hold duplicate values"));
  return out;
}

function uniqueData(ref: string, what: string, server: string, severity: "error" | "warning" = "warning"): Draft {
  return {
    code: "L_UNIQUE_DATA",
    severity,
    table: ref,
    message: `adds ${what} on existing table ${ref}`,
    server: `the migration ${server}`,
    hint: "look for duplicates first (SELECT …, count(*) … GROUP BY … HAVING count(*) > 1) and clean them up in an earlier migration or script",
  };
}

function uniqueLock(step: LintStep, ref: string, column: string): Draft[] {
  const t = existing(step, ref);
  if (t === undefined || step.caps.dialect !== "postgres") return [];
  return [
    {
      code: "L_UNIQUE_LOCK",
      severity: "error",
      table: ref,
      message: `adds a UNIQUE constraint on ${ref}.${column}`,
      server: `ALTER TABLE … ADD CONSTRAINT … UNIQUE builds its index while holding ACCESS EXCLUSIVE on ${t.sqlName}: every read and write waits for the whole build`,
      hint: safeFormHint("unique_using_index", { table: t.sqlName }),
      lock: "ACCESS EXCLUSIVE",
      safeForm: "unique_using_index",
    },
  ];
}

function analyze(step: LintStep): Draft[] {
  const { op } = step;
  switch (op.op) {
    case "create_index":
      return createIndex(step, op.ref, op.index.name, op.index.columns, op.index.unique);
    case "drop_index": {
      if (step.caps.dialect !== "postgres") return [];
      const owner = op.ref ?? Object.values(step.before.tables).find((t) => t.indexes.some((i) => i.name === op.name))?.ref;
      const t = owner === undefined ? undefined : existing(step, owner);
      if (owner === undefined || t === undefined) return [];
      return [
        {
          code: "L_DROP_INDEX_LOCK",
          severity: "warning",
          table: owner,
          message: `drops index ${op.name} on ${owner}`,
          server: `DROP INDEX takes ACCESS EXCLUSIVE on ${t.sqlName}: short, but it queues behind any running query on the table, and every read and write queues behind it (for at most alab's --ddl-lock-timeout, then the run retries)`,
          hint: safeFormHint("drop_index_concurrently", { table: t.sqlName }),
          lock: "ACCESS EXCLUSIVE",
          safeForm: "drop_index_concurrently",
        },
      ];
    }
    case "add_column": {
      const c = op.column;
      if (!c.unique || existing(step, op.ref) === undefined) return [];
      const value = c.backfill ?? (c.default?.kind === "literal" ? c.default.value : null);
      // Every existing row gets the same non-null value: two rows are already a duplicate.
      const same = value !== null ? [uniqueData(op.ref, `unique column ${c.name} with the same value for every existing row`, "fails as soon as the table has two rows", "error")] : [];
      return [...uniqueLock(step, op.ref, c.name), ...same];
    }
    case "alter_column": {
      const from = columnIn(existing(step, op.ref), op.column.name);
      if (from === undefined || from.unique || !op.column.unique) return [];
      return [...uniqueLock(step, op.ref, op.column.name), uniqueData(op.ref, `a UNIQUE constraint on ${op.column.name}`, "fails if existing rows hold duplicate values")];
    }
    default:
      return [];
  }
}

export const indexes: Analyzer = { name: "indexes", codes: ["L_INDEX_LOCK", "L_DROP_INDEX_LOCK", "L_UNIQUE_LOCK", "L_UNIQUE_DATA"], analyze };
