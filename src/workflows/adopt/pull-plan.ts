/**
 * What `alab pull` makes of a live database, decided without touching a file: which tables become
 * schema files, which the baseline creates as raw SQL because the schema DSL cannot express them
 * yet, which it cannot create at all, and what it does with everything else the database holds
 * (views, triggers, types, exotic indexes). No IO: the workflow (../pull.ts) reads and writes.
 *
 * Three fates for a table:
 *   - managed: a schema file, `m.create_table` in the baseline, and the snapshot;
 *   - raw: the model holds it but the schema DSL does not: the baseline creates it with the SQL
 *     alab's planner writes for it (`m.sql`), and it stays out of the snapshot, so `alab new`
 *     never generates a drop for it;
 *   - left out: the model cannot hold it (a column of a type alab does not know), or it references
 *     a table that is left out: named in a comment and in pull's output, never created.
 */
import { writeSchemaFile } from "../../codegen/schema-file";
import { diffSchemas } from "../../diff/diff";
import { operationsFor } from "../../diff/plan-ops";
import { noRenames } from "../../diff/renames";
import { applyTo, Draft } from "../../diff/replay";
import { canonicalSchema } from "../../diff/canonical";
import type { Operation } from "../../dsl/operations";
import type { Catalog } from "../../inspect/catalog";
import type { LiveSchema, Unmanaged } from "../../inspect/live";
import { isIdentifier } from "../../model/names";
import { emptySchema, type Schema, type Table } from "../../model/types";
import { capabilitiesFor, planOn } from "../../sql/plan";
import type { Dialect } from "../../sql/dialect";
import { createSql, defaultSql, dropSql, FIRST } from "./object-sql";

export interface PulledFile {
  /** Relative to the schema folder: `<ns>/<table>.js`. */
  readonly path: string;
  readonly ns: string;
  readonly name: string;
  readonly text: string;
}

export interface LeftOut {
  readonly table: string;
  readonly why: readonly string[];
}

/** An object the model has no place for, and what the baseline does with it. */
export interface PulledObject extends Unmanaged {
  /** True when the baseline runs its SQL; false when it is only named in a comment. */
  readonly carried: boolean;
}

export interface PullPlan {
  readonly files: readonly PulledFile[];
  /** The managed tables: what the snapshot holds and the schema files build. */
  readonly schema: Schema;
  readonly up: readonly Operation[];
  readonly down: readonly Operation[];
  /** Comment lines written before an `up` operation, by its index. */
  readonly comments: ReadonlyMap<number, readonly string[]>;
  /** Comment lines under the baseline's header: what it does not create. */
  readonly notes: readonly string[];
  readonly raw: readonly LeftOut[];
  readonly leftOut: readonly LeftOut[];
  readonly objects: readonly PulledObject[];
}

export interface PullInput {
  readonly catalog: Catalog;
  readonly live: LiveSchema;
  /** MySQL: the database name the server qualifies view definitions with. */
  readonly database?: string;
}

function describe(u: Unmanaged): string {
  return `${u.kind} ${u.table === undefined ? "" : `${u.table}.`}${u.name}: ${u.why}`;
}

/** Names alab's planner can write (it refuses anything else), and a reason when one is not. */
function unplannable(t: Table): string[] {
  const why: string[] = [];
  const bad = (what: string, name: string): void => {
    if (!isIdentifier(name) || name.length > 63) why.push(`${what} ${JSON.stringify(name)} is not a lower-case identifier of at most 63 characters`);
  };
  bad("table", t.sqlName);
  for (const c of t.columns) bad("column", c.name);
  for (const i of t.indexes) bad("index", i.name);
  for (const f of t.foreignKeys) bad("foreign key", f.name);
  for (const c of t.checks) bad("check", c.name);
  return why;
}

/** Tables the model cannot hold whole, and every table that references one of them. */
function leftOutTables(live: LiveSchema, dialect: Dialect): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (sql: string, why: string): void => {
    out.set(sql, [...(out.get(sql) ?? []), why]);
  };
  for (const u of live.unmanaged) {
    if (u.table === undefined) continue;
    if (u.kind === "column") add(u.table, `column ${u.name}: ${u.why}`);
    if (u.kind === "default" && (dialect !== "postgres" || u.definition === undefined)) add(u.table, `the default of ${u.name}: ${u.why}`);
  }
  for (const t of Object.values(live.schema.tables)) for (const why of unplannable(t)) add(t.sqlName, why);
  for (let changed = true; changed; ) {
    changed = false;
    for (const t of Object.values(live.schema.tables)) {
      if (out.has(t.sqlName)) continue;
      const fk = t.foreignKeys.find((k) => out.has(live.schema.tables[k.refTable]?.sqlName ?? k.refTable));
      if (fk !== undefined) {
        add(t.sqlName, `foreign key ${fk.name} references ${fk.refTable}, which is left out`);
        changed = true;
      }
    }
  }
  return out;
}

function subset(schema: Schema, keep: (t: Table) => boolean): Schema {
  return canonicalSchema({ tables: Object.fromEntries(Object.entries(schema.tables).filter(([, t]) => keep(t))) });
}

/** Which tables the schema DSL writes; a relation needs its target written too, so until stable. */
function managedTables(holdable: Schema, notes: ReadonlyMap<string, string[]>): { files: PulledFile[]; raw: LeftOut[] } {
  let managed = new Set(Object.keys(holdable.tables));
  const why = new Map<string, readonly string[]>();
  for (;;) {
    let changed = false;
    for (const ref of [...managed].sort()) {
      const t = holdable.tables[ref] as Table;
      const r = writeSchemaFile(t, holdable, managed, notes.get(t.sqlName) ?? []);
      if (r.kind === "unexpressible") {
        managed = new Set([...managed].filter((m) => m !== ref));
        why.set(ref, r.why);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const files: PulledFile[] = [];
  for (const ref of [...managed].sort()) {
    const t = holdable.tables[ref] as Table;
    const r = writeSchemaFile(t, holdable, managed, notes.get(t.sqlName) ?? []);
    if (r.kind === "file") files.push({ path: `${r.ns}/${r.name}.js`, ns: r.ns, name: r.name, text: r.text });
  }
  const raw = [...why.entries()].map(([ref, w]) => ({ table: holdable.tables[ref]?.sqlName ?? ref, why: w })).sort((a, b) => (a.table < b.table ? -1 : a.table > b.table ? 1 : 0));
  return { files, raw };
}

function tableOf(op: Operation): string | undefined {
  switch (op.op) {
    case "create_table":
      return op.table.ref;
    case "drop_table":
    case "create_index":
    case "add_foreign_key":
    case "drop_foreign_key":
    case "add_check":
    case "drop_check":
    case "add_column":
    case "drop_column":
    case "alter_column":
    case "rename_column":
    case "rename_index":
      return op.ref;
    case "drop_index":
      return op.ref;
    case "rename_table":
      return op.from;
    case "sql":
      return undefined;
  }
}

/** Operations on raw tables turned into the SQL the planner writes for them; the rest kept. */
function withRawAsSql(ops: readonly Operation[], start: Schema, raw: ReadonlySet<string>, dialect: Dialect, version: string): Operation[] {
  if (raw.size === 0) return [...ops];
  const caps = capabilitiesFor(dialect, version);
  const draft = new Draft(start);
  const out: Operation[] = [];
  for (const op of ops) {
    const ref = tableOf(op);
    if (ref === undefined || !raw.has(ref)) {
      // Only the schema moves on: the SQL of a managed table's operation is the runner's to plan.
      applyTo(draft, op);
      out.push(op);
      continue;
    }
    const p = planOn([op], draft, caps);
    for (const s of [...p.before, ...p.statements, ...p.after]) out.push({ op: "sql", sql: s.sql });
  }
  return out;
}

export function planPull(input: PullInput): PullPlan {
  const { catalog, live } = input;
  const dialect = catalog.dialect;
  const left = leftOutTables(live, dialect);
  const holdable = subset(live.schema, (t) => !left.has(t.sqlName));
  const leftOut: LeftOut[] = [...left.entries()].map(([table, why]) => ({ table, why })).sort((a, b) => (a.table < b.table ? -1 : 1));

  const objects: PulledObject[] = [];
  const before: Operation[] = [];
  const after: Operation[] = [];
  const downFirst: Operation[] = [];
  const downLast: Operation[] = [];
  const tableNotes = new Map<string, string[]>();
  const notes: string[] = [];
  for (const u of live.unmanaged) {
    if (u.kind === "column" || (u.kind === "default" && left.has(u.table ?? ""))) {
      objects.push({ ...u, carried: false });
      continue;
    }
    const onLeftOut = u.table !== undefined && left.has(u.table);
    // A view may read any table: with a table left out, it may not be creatable, so only a comment.
    const anyTable = u.table === undefined && !FIRST.has(u.kind);
    const sql = onLeftOut || (anyTable && left.size > 0) ? undefined : u.kind === "default" ? defaultSql(u, dialect) : createSql(u, input);
    const drop = sql === undefined ? undefined : u.kind === "default" ? undefined : dropSql(u, dialect);
    objects.push({ ...u, carried: sql !== undefined });
    if (u.table !== undefined) tableNotes.set(u.table, [...(tableNotes.get(u.table) ?? []), `Not in this file: ${describe(u)}${sql === undefined ? " (not pulled)" : " (created by the baseline migration as raw SQL)"}`]);
    if (sql === undefined) {
      notes.push(`Not created here: ${describe(u)}`);
      continue;
    }
    (FIRST.has(u.kind) ? before : after).push({ op: "sql", sql });
    if (drop !== undefined) (FIRST.has(u.kind) ? downLast : downFirst).push({ op: "sql", sql: drop });
  }
  for (const t of leftOut) notes.push(`Not created here: table ${t.table}: ${t.why.join("; ")}`);

  const { files, raw } = managedTables(holdable, tableNotes);
  const rawRefs = new Set(Object.values(holdable.tables).filter((t) => raw.some((r) => r.table === t.sqlName)).map((t) => t.ref));
  const schema = subset(holdable, (t) => !rawRefs.has(t.ref));
  const ops = operationsFor(emptySchema, diffSchemas(emptySchema, holdable, noRenames));
  const tableUp = withRawAsSql(ops.up, emptySchema, rawRefs, dialect, catalog.version);
  const tableDown = withRawAsSql(ops.down, holdable, rawRefs, dialect, catalog.version);
  const up = [...before, ...tableUp, ...after];
  const down = [...downFirst.reverse(), ...tableDown, ...downLast.reverse()];

  const comments = new Map<number, string[]>();
  if (before.length > 0) comments.set(0, ["What the tables need first, as the database printed it:"]);
  const rawStart = before.length + tableUp.findIndex((op) => op.op === "sql");
  if (rawRefs.size > 0 && rawStart >= before.length) comments.set(rawStart, [`Raw SQL: ${raw.map((r) => r.table).join(", ")} cannot be schema files yet (see \`alab pull\`'s output)`]);
  if (after.length > 0) comments.set(before.length + tableUp.length, ["Not managed by alab (views, triggers, indexes the DSL cannot express), as the database printed them:"]);
  return { files, schema, up, down, comments, notes, raw, leftOut, objects };
}
