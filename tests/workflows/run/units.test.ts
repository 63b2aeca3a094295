/** The runner's pure parts: matching files to rows, grouping into transactions, script text. */
import { describe, expect, test } from "bun:test";
import type { MigrationDef } from "../../../src/dsl/migration/index";
import { AlabError } from "../../../src/errors";
import { type Capabilities, capabilitiesFor } from "../../../src/sql/plan";
import type { HistoryRow } from "../../../src/sql/history";
import { StatementError } from "../../../src/db/failures";
import { lostFault } from "../../../src/db/faults";
import { describeTarget } from "../../../src/db/target";
import { migrationFailure } from "../../../src/workflows/run/failure";
import { type Ending, type Outcome, outcomeOf } from "../../../src/workflows/run/failure-state";
import type { Phase } from "../../../src/workflows/run/events";
import { reconcile } from "../../../src/workflows/database/history";
import type { LoadedMigration } from "../../../src/workflows/project/load-migrations";
import { checksumOf, type MigrationFile } from "../../../src/workflows/project/migration-files";
import { parseRevision } from "../../../src/workflows/database/revision";
import { selectRollback } from "../../../src/workflows/rollback";
import { terminated } from "../../../src/workflows/run/script";
import { groupUnits, type PlannedMigration } from "../../../src/workflows/run/units";

function file(revision: string, name: string, text = `// ${name}`): MigrationFile {
  return { revision, order: BigInt(revision), name, file: `${revision}_${name}.js`, path: `/p/migrations/${revision}_${name}.js`, source: text, checksum: checksumOf(text) };
}

function row(revision: string, name: string, batch: number, text = `// ${name}`): HistoryRow {
  return { revision, name, checksum: checksumOf(text), batch, appliedAt: "2025-01-01T00:00:00.000Z", durationMs: 1 };
}

function planned(revision: string, opts: { transaction?: boolean; before?: boolean; sql?: string[] } = {}): PlannedMigration {
  const def: MigrationDef = { up: [], down: [], transaction: opts.transaction ?? true, style: "generated" };
  const migration: LoadedMigration = { file: file(revision, `m${revision}`), shown: `migrations/${revision}.js`, def };
  return {
    migration,
    direction: "up",
    before: opts.before ? [{ sql: "pragma foreign_keys = off" }] : [],
    statements: (opts.sql ?? ["create table x (a int)"]).map((sql) => ({ statement: { sql } })),
    after: [],
    notes: [],
  };
}

describe("reconcile", () => {
  test("matches files and rows by number and names every state", () => {
    const files = [file("001", "a"), file("2", "b"), file("003", "c", "// edited"), file("005", "e")];
    const rows = [row("001", "a", 1), row("002", "b", 1), row("003", "c", 2), row("004", "d", 2)];
    expect(reconcile(files, rows).map((e) => `${e.revision}:${e.state}`)).toEqual(["001:applied", "2:applied", "003:modified", "004:missing", "005:pending"]);
  });
});

describe("selectRollback", () => {
  const files = [file("001", "a"), file("002", "b"), file("003", "c"), file("004", "d")];
  // 003 was applied out of order, after 004: it is reverted first.
  const rows = [row("001", "a", 1), row("002", "b", 1), row("004", "d", 2), row("003", "c", 3)];
  const entries = reconcile(files, rows);
  const cases = [
    { target: { kind: "steps", n: 1 } as const, want: ["003"] },
    { target: { kind: "steps", n: 2 } as const, want: ["003", "004"] },
    { target: { kind: "steps", n: 9 } as const, want: ["003", "004", "002", "001"] },
    { target: { kind: "batch" } as const, want: ["003"] },
    { target: { kind: "to", revision: "002" } as const, want: ["003", "004"] },
    { target: { kind: "to", revision: "0" } as const, want: ["003", "004", "002", "001"] },
    { target: { kind: "all" } as const, want: ["003", "004", "002", "001"] },
  ];
  test.each(cases.map((c) => ({ ...c, name: JSON.stringify(c.target) })))("$name", ({ target, want }) => {
    expect(selectRollback(entries, target).map((e) => e.revision)).toEqual(want);
  });
});

describe("parseRevision", () => {
  const entries = reconcile([file("001", "a"), file("20240101120000", "b")], []);
  test.each([
    ["1", 1n],
    ["001", 1n],
    ["001_a.js", 1n],
    ["20240101120000_b", 20240101120000n],
    ["0", 0n],
  ])("%s", (text, want) => expect(parseRevision(text, entries, "--to")).toBe(want));
  test.each([["abc", "E_USAGE_BAD_REVISION"], ["7", "E_USAGE_UNKNOWN_REVISION"]])("%s is refused", (text, code) => {
    expect(() => parseRevision(text, entries, "--to")).toThrow(AlabError);
    try {
      parseRevision(text, entries, "--to");
    } catch (e) {
      expect((e as AlabError).code).toBe(code);
    }
  });
});

describe("groupUnits", () => {
  const pg = capabilitiesFor("postgres", "15.4");
  const my = capabilitiesFor("mysql", "10.11.19-MariaDB");
  const lite = capabilitiesFor("sqlite", "3.54.0");
  const shape = (units: ReturnType<typeof groupUnits>) => units.map((u) => `${u.transactional ? "tx" : "no-tx"}[${u.migrations.map((m) => m.migration.file.revision).join(",")}]${u.closing.length > 0 ? "+check" : ""}`);
  const ms = [planned("001"), planned("002"), planned("003", { transaction: false }), planned("004"), planned("005")];
  test("--tx all: one transaction per stretch of transactional migrations", () => {
    expect(shape(groupUnits(ms, "all", pg))).toEqual(["tx[001,002]", "no-tx[003]", "tx[004,005]"]);
  });
  test("--tx each: one per migration", () => {
    expect(shape(groupUnits(ms, "each", pg))).toEqual(["tx[001]", "tx[002]", "no-tx[003]", "tx[004]", "tx[005]"]);
  });
  test("MySQL: one per migration whatever the mode", () => {
    expect(shape(groupUnits(ms, "all", my))).toEqual(["tx[001]", "tx[002]", "no-tx[003]", "tx[004]", "tx[005]"]);
  });
  test("SQLite: a unit with foreign keys off ends with the foreign-key check", () => {
    expect(shape(groupUnits([planned("001"), planned("002", { before: true }), planned("003")], "all", lite))).toEqual(["tx[001,002,003]+check"]);
  });
});

describe("what stays applied after a failure", () => {
  const my = capabilitiesFor("mysql", "10.11.19-MariaDB");
  const pg = capabilitiesFor("postgres", "15.4");
  const m = planned("001", { sql: ["create table a (x int)", "insert into a values (1)", "alter table a add y int", "update a set y = 1", "insert into nope values (1)"] });
  const dml = planned("002", { sql: ["insert into a values (1)", "update a set x = 2", "alter table a add z int", "insert into nope values (1)"] });
  const cases: { name: string; p: PlannedMigration; caps: Capabilities; tx: boolean; phase: Phase; at: number; ending: Ending; want: Partial<Outcome> }[] = [
    { name: "MySQL keeps every statement that ran once DDL ended the transaction (later ones autocommit)", p: m, caps: my, tx: true, phase: "statements", at: 4, ending: "refused", want: { kept: [0, 1, 2, 3], uncertain: [], notApplied: [4], unit: "partial" } },
    { name: "MySQL: the DDL first, the failure right after it", p: m, caps: my, tx: true, phase: "statements", at: 2, ending: "refused", want: { kept: [0, 1], uncertain: [], notApplied: [2, 3, 4], unit: "partial" } },
    { name: "MySQL: data statements before any DDL roll back", p: dml, caps: my, tx: true, phase: "statements", at: 1, ending: "refused", want: { kept: [], unit: "rolled-back" } },
    { name: "MySQL: cut off in a statement after DDL: it is uncertain, the ones before stay", p: m, caps: my, tx: true, phase: "statements", at: 3, ending: "cut-off", want: { kept: [0, 1, 2], uncertain: [3], ddlDecides: false, notApplied: [4], unit: "partial" } },
    { name: "MySQL: cut off in the first DDL: it decides for the data statements before it", p: dml, caps: my, tx: true, phase: "statements", at: 2, ending: "cut-off", want: { kept: [], uncertain: [0, 1, 2], ddlDecides: true, notApplied: [3], unit: "partial" } },
    { name: "MySQL: cut off in a data statement before any DDL: rolled back", p: dml, caps: my, tx: true, phase: "statements", at: 1, ending: "cut-off", want: { kept: [], uncertain: [], unit: "rolled-back" } },
    { name: "MySQL: cut off while recording: the statements stay, the row is unknown", p: m, caps: my, tx: true, phase: "recording", at: 5, ending: "cut-off", want: { kept: [0, 1, 2, 3, 4], row: "unknown", unit: "partial" } },
    { name: "PostgreSQL keeps nothing of a transactional unit", p: m, caps: pg, tx: true, phase: "statements", at: 4, ending: "refused", want: { kept: [], unit: "rolled-back" } },
    { name: "PostgreSQL: cut off in a statement: rolled back all the same", p: m, caps: pg, tx: true, phase: "statements", at: 2, ending: "cut-off", want: { kept: [], uncertain: [], unit: "rolled-back" } },
    { name: "PostgreSQL: COMMIT cut off: nobody can tell", p: m, caps: pg, tx: true, phase: "commit", at: 5, ending: "cut-off", want: { kept: [], row: "unknown", unit: "unknown" } },
    { name: "PostgreSQL: COMMIT refused: rolled back", p: m, caps: pg, tx: true, phase: "commit", at: 5, ending: "refused", want: { unit: "rolled-back" } },
    { name: "outside a transaction every statement that ran stays", p: m, caps: pg, tx: false, phase: "statements", at: 3, ending: "refused", want: { kept: [0, 1, 2], notApplied: [3, 4], unit: "partial" } },
    { name: "outside a transaction, cut off: the ones before stay, that one is uncertain", p: m, caps: pg, tx: false, phase: "statements", at: 3, ending: "cut-off", want: { kept: [0, 1, 2], uncertain: [3], notApplied: [4], unit: "partial" } },
    { name: "outside a transaction, the first statement refused: nothing to say", p: m, caps: pg, tx: false, phase: "statements", at: 0, ending: "refused", want: { kept: [], uncertain: [], notApplied: [] } },
  ];
  test.each(cases)("$name", (c) => {
    const got = outcomeOf({ failing: c.p, unit: { transactional: c.tx, migrations: [c.p], closing: [] }, caps: c.caps, phase: c.phase }, c.at, c.ending);
    expect(got).toMatchObject(c.want);
  });
});

describe("what a failure says", () => {
  const my = capabilitiesFor("mysql", "10.11.19-MariaDB");
  const pg = capabilitiesFor("postgres", "15.4");
  const target = describeTarget("mysql://root@db:3306/app", "mysql");
  const pgTarget = describeTarget("postgres://u@db:5432/app", "postgres");
  const m = planned("002", { sql: ["create table b (x int)", "insert into b values (1)", "create index i on b (x)"] });
  const earlier = [{ revision: "001", name: "m001", file: "migrations/001.js", ms: 1 }];
  const ctx = (caps: Capabilities, phase: Phase, direction: "up" | "down" = "up") => ({
    failing: m,
    phase,
    unit: { transactional: true, migrations: [m], closing: [] },
    caps,
    committedEarlier: earlier,
    inUnit: phase === "commit" ? [{ revision: "002", name: "m002", file: "migrations/002.js", ms: 1 }] : [],
    direction,
  });
  const lost = (i: number, on = target) => new StatementError(i, m.statements[i]!.statement, "connection closed", undefined, lostFault(on, true));
  const cases = [
    {
      name: "MySQL, cut off after DDL",
      e: lost(1),
      ctx: ctx(my, "statements"),
      message: "migrations/002.js: statement 2 of 3 was cut off: the connection to MySQL/MariaDB at db:3306 (database app) was lost",
      details: [
        "statement: insert into b values (1)",
        "MySQL/MariaDB commits DDL implicitly, so these statements of migrations/002.js stay applied:",
        "  1. create table b (x int)",
        "cut off while it ran, so it may or may not have taken effect:",
        "  2. insert into b values (1)",
        "not applied:",
        "  3. create index i on b (x)",
        "migrations/002.js is NOT recorded as applied in alab_migrations",
        "applied and recorded before the failure: migrations/001.js",
      ],
      hint: "find out why the connection dropped (server restart, a KILL, the network); check whether the statement listed as cut off took effect; undo by hand the statements listed as staying applied (and that one, if it did), then run again (it runs from its first statement)",
    },
    {
      name: "MySQL, cut off while recording: maybe it finished",
      e: lost(0),
      ctx: ctx(my, "recording"),
      message: "migrations/002.js: recording it in alab_migrations was cut off: the connection to MySQL/MariaDB at db:3306 (database app) was lost",
      hint: "find out why the connection dropped (server restart, a KILL, the network); run `alab status`: if migrations/002.js shows as applied, it finished and there is nothing to do; if not, undo by hand the statements listed as staying applied, then run again (it runs from its first statement)",
    },
    {
      name: "PostgreSQL, COMMIT cut off: nobody can tell",
      e: lost(0, pgTarget),
      ctx: ctx(pg, "commit"),
      message: "migrations/002.js: COMMIT was cut off: the connection to PostgreSQL at db:5432 (database app) was lost",
      details: [
        "statement: create table b (x int)",
        "COMMIT was cut off: whether migrations/002.js is applied and recorded is unknown (`alab status` shows it)",
        "applied and recorded before the failure: migrations/001.js",
      ],
      hint: "run `alab status` to see whether the run's last transaction committed, then run `alab migrate` again if it did not",
    },
    {
      name: "rollback on MySQL, down refused after DDL: finish by hand or redo",
      e: new StatementError(1, { sql: "insert into b values (1)" }, "no", undefined),
      ctx: ctx(my, "statements", "down"),
      message: "migrations/002.js: statement 2 of 3 failed: no",
      hint: "either finish the rollback by hand (run the statements listed as not applied, then delete revision 002 from alab_migrations), or redo by hand what the statements of `down` that took effect undid and run `alab rollback` again (`down` runs from its first statement)",
    },
    {
      name: "rollback on PostgreSQL, down refused: the file is applied, do not edit it",
      e: new StatementError(1, { sql: "insert into b values (1)" }, "no", undefined),
      ctx: ctx(pg, "statements", "down"),
      message: "migrations/002.js: statement 2 of 3 failed: no",
      hint: "migrations/002.js is still applied and the database is as it was: if the database does not fit what its `down` expects (see the statement above), fix that and run `alab rollback` again; if `down` itself is wrong, do not edit the file (it is applied, and alab refuses to run an edited applied file): undo what migrations/002.js did by hand, then delete revision 002 from alab_migrations",
    },
  ];
  test.each(cases)("$name", (c) => {
    const e = migrationFailure(c.e, c.ctx);
    expect(e.message).toBe(c.message);
    if (c.details !== undefined) expect(e.details).toEqual(c.details);
    expect(e.hint).toBe(c.hint);
  });
});

describe("script text", () => {
  test.each([
    ["create table a (x int)", "create table a (x int);"],
    ["update a set x = 1;  \n", "update a set x = 1;"],
    ["select 1 -- trailing comment", "select 1 -- trailing comment\n;"],
    ["select ';'", "select ';';"],
  ])("%p", (sql, want) => expect(terminated(sql)).toBe(want));
});
