/**
 * MySQL/MariaDB online DDL: which algorithm the server uses for each ALTER alab sends. INSTANT
 * changes metadata only; INPLACE works on the table with concurrent reads and writes (some
 * operations rebuild it in place: I/O proportional to the table, and an exclusive metadata lock
 * at the start and end); COPY builds a new copy of the table row by row while writes are blocked.
 * The rules follow the servers' online-DDL tables, per version where they changed (MySQL 8.0.29
 * drops columns instantly, MariaDB 10.4 too; MariaDB 10.4.3 widens varchar instantly), and
 * tests/lint/servers.test.ts holds them to what the MariaDB test server accepts.
 */
import type { Column, Table } from "../model/types";
import { columnChecks } from "../sql/checks";
import { sqlType } from "../sql/typemap";
import type { Draft, MysqlAlgorithm } from "./finding";
import { safeFormHint } from "./safe-forms";
import { type Analyzer, atLeast, columnIn, existing, type LintStep, serverName } from "./step";

interface Verdict {
  readonly algorithm: MysqlAlgorithm;
  /** INPLACE that rebuilds the table (COPY always does). */
  readonly rebuild: boolean;
  readonly why: string;
}

const instant = (why: string): Verdict => ({ algorithm: "INSTANT", rebuild: false, why });
const inplace = (why: string, rebuild: boolean): Verdict => ({ algorithm: "INPLACE", rebuild, why });
const copy = (why: string): Verdict => ({ algorithm: "COPY", rebuild: true, why });

const RANK: Record<MysqlAlgorithm, number> = { INSTANT: 0, INPLACE: 1, COPY: 2 };

function worst(verdicts: readonly Verdict[]): Verdict | undefined {
  let w: Verdict | undefined;
  for (const v of verdicts) {
    if (w === undefined || RANK[v.algorithm] > RANK[w.algorithm] || (v.algorithm === w.algorithm && v.rebuild && !w.rebuild)) w = v;
  }
  return w;
}

/** Bytes a varchar(n) uses for its length prefix in utf8mb4 (4 bytes a character): 1 up to 255 bytes, 2 above. */
const lengthBytes = (n: number): number => (n * 4 > 255 ? 2 : 1);

function checksOf(table: Table, col: Column): string[] {
  return columnChecks(table.sqlName, col, "mysql").checks.map((c) => `${c.name}\u0000${c.expr}`);
}

/**
 * How the server must fill a new column's default into existing rows: `per-row` for uuid(), a new
 * value for each row; `expression` for a default stored as an expression (`(curdate())`, a literal
 * on TEXT/JSON/BLOB, which MySQL takes only in parentheses); undefined for a constant or
 * CURRENT_TIMESTAMP.
 */
function defaultKind(col: Column): "per-row" | "expression" | undefined {
  const d = col.default;
  if (d === undefined) return undefined;
  if (d.kind === "expr") return d.expr === "uuid" ? "per-row" : col.type.kind === "datetime" ? undefined : "expression";
  // A default written in SQL (`sql({ mysql: … })`): a value per row when it calls a
  // nondeterministic function, otherwise an expression.
  if (d.kind === "sql") return /\b(uuid|uuid_short|rand|sysdate)\s*\(/i.test(d.sql.mysql ?? "") ? "per-row" : "expression";
  return ["text", "json", "base64", "binary"].includes(col.type.kind) && d.value !== null ? "expression" : undefined;
}

function addColumn(step: LintStep, t: Table, col: Column, hasKey: boolean): Verdict[] {
  const { caps } = step;
  const out: Verdict[] = [];
  if (hasKey) out.push(copy("ADD FOREIGN KEY runs as COPY while foreign_key_checks is on"));
  if (columnChecks(t.sqlName, col, "mysql").checks.length > 0) out.push(copy("ADD CHECK (the column's enum values or min/max/pattern) runs as COPY"));
  const fill = defaultKind(col);
  if (fill === "per-row") out.push(copy("a default of uuid() gives each existing row its own value, which only a copy can write"));
  // MariaDB adds a column with an expression default instantly (checked against 10.11 in
  // tests/lint/servers.test.ts); MySQL refuses INSTANT for any expression default.
  if (fill === "expression" && !caps.mariadb) out.push(inplace("an expression default rules out INSTANT, and adding a column in place rebuilds the table", true));
  if (col.backfill !== undefined || (!col.nullable && col.default === undefined)) out.push(inplace("MODIFY … NOT NULL after filling the column rebuilds the table", true));
  if (col.unique) out.push(inplace("ADD UNIQUE builds an index in place", false));
  const instantAdd = caps.mariadb ? atLeast(caps, [10, 3, 2]) : true; // MySQL 8.0.12; alab's floor is 8.0.16
  out.push(instantAdd ? instant("ADD COLUMN at the end") : inplace("ADD COLUMN rebuilds the table before MariaDB 10.3.2", true));
  return out;
}

function typeChange(step: LintStep, from: Column, to: Column): Verdict | undefined {
  const a = sqlType(from.type, "mysql");
  const b = sqlType(to.type, "mysql");
  if (a === b) return undefined;
  const va = /^varchar\((\d+)\)$/.exec(a);
  const vb = /^varchar\((\d+)\)$/.exec(b);
  if (va !== null && vb !== null && Number(vb[1]) >= Number(va[1]) && lengthBytes(Number(va[1])) === lengthBytes(Number(vb[1]))) {
    return step.caps.mariadb && atLeast(step.caps, [10, 4, 3]) ? instant("widening a varchar") : inplace("widening a varchar within the same length prefix", false);
  }
  return copy(`changing the type from ${a} to ${b} copies the table`);
}

function alterColumn(step: LintStep, t: Table, from: Column, to: Column): Verdict[] {
  const { caps } = step;
  const out: Verdict[] = [];
  const type = typeChange(step, from, to);
  if (type !== undefined) out.push(type);
  const had = new Set(checksOf(t, from));
  if (checksOf(t, to).some((c) => !had.has(c))) out.push(copy(`ADD CHECK runs as COPY${to.type.kind === "enum" ? " (an enum's allowed values are a CHECK: changing them re-adds it)" : ""}`));
  if (from.nullable && !to.nullable) out.push(inplace(`MODIFY … NOT NULL rebuilds the table${to.backfill === undefined ? ", and fails if any row holds NULL" : ""}`, true));
  if (!from.nullable && to.nullable) out.push(inplace("MODIFY … NULL rebuilds the table", true));
  if (to.unique && !from.unique) out.push(inplace("ADD UNIQUE builds an index in place", false));
  return out;
}

function verdicts(step: LintStep, t: Table): Verdict[] {
  const { op, caps } = step;
  switch (op.op) {
    case "add_column":
      return addColumn(step, t, op.column, op.foreignKey !== undefined);
    case "drop_column": {
      const fast = caps.mariadb ? atLeast(caps, [10, 4, 0]) : atLeast(caps, [8, 0, 29]);
      return [fast ? instant("DROP COLUMN") : inplace(`DROP COLUMN rebuilds the table before ${caps.mariadb ? "MariaDB 10.4" : "MySQL 8.0.29"}`, true)];
    }
    case "rename_column": {
      const col = columnIn(t, op.from);
      // MySQL refuses to rename a column its checks use, so alab drops and re-adds them.
      if (col !== undefined && checksOf(t, col).length > 0) return [copy("the column's CHECKs are dropped and added again around the rename, and ADD CHECK runs as COPY")];
      return [];
    }
    case "alter_column": {
      const from = columnIn(t, op.column.name);
      return from === undefined ? [] : alterColumn(step, t, from, op.column);
    }
    case "add_foreign_key":
      return [copy("ADD FOREIGN KEY runs as COPY while foreign_key_checks is on")];
    case "add_check":
      return [copy("ADD CHECK runs as COPY")];
    default:
      return [];
  }
}

function tableOf(step: LintStep): string | undefined {
  const { op } = step;
  switch (op.op) {
    case "add_column":
    case "drop_column":
    case "rename_column":
    case "alter_column":
    case "add_foreign_key":
    case "add_check":
      return op.ref;
    default:
      return undefined;
  }
}

function analyze(step: LintStep): Draft[] {
  if (step.caps.dialect !== "mysql") return [];
  const ref = tableOf(step);
  const t = ref === undefined ? undefined : existing(step, ref);
  if (ref === undefined || t === undefined) return [];
  const v = worst(verdicts(step, t));
  if (v === undefined || !v.rebuild) return [];
  const server = serverName(step.caps);
  if (v.algorithm === "COPY") {
    return [
      {
        code: "L_MYSQL_COPY",
        severity: "error",
        table: ref,
        message: `${server} alters ${ref} with ALGORITHM=COPY: ${v.why}`,
        server: `COPY writes a new copy of ${t.sqlName} row by row; INSERT, UPDATE and DELETE on it are blocked until the copy is done (time and disk grow with the table)`,
        hint: `split the change so each statement can run INPLACE or INSTANT, or run it with an online schema-change tool (gh-ost, pt-online-schema-change) outside the migration; ${safeFormHint("expand_contract", { table: ref })}`,
        lock: "writes blocked (LOCK=SHARED)",
        algorithm: "COPY",
        safeForm: "expand_contract",
      },
    ];
  }
  return [
    {
      code: "L_MYSQL_REBUILD",
      severity: "warning",
      table: ref,
      message: `${server} rebuilds ${ref} in place: ${v.why}`,
      server: `INPLACE with a rebuild rewrites all of ${t.sqlName}: reads and writes go on, but it takes an exclusive metadata lock briefly at the start and the end (queued behind long transactions on the table), and its time and I/O grow with the table`,
      hint: "run it when load is low, or with an online schema-change tool for large tables",
      lock: "exclusive metadata lock at start and end",
      algorithm: "INPLACE",
    },
  ];
}

export const mysql: Analyzer = { name: "mysql", codes: ["L_MYSQL_COPY", "L_MYSQL_REBUILD"], analyze };
