/**
 * The tracking table: its DDL per dialect, and insert / select / delete executed on the real
 * servers, with applied_at read back as the same ISO-8601 UTC text everywhere.
 */
import { describe, expect, test } from "bun:test";
import { createHistoryTable, deleteHistory, insertHistory, selectHistory, selectRecorded } from "../../src/sql/history";
import { DIALECTS } from "./support/cases";
import { withDatabase } from "./support/exec";
import { requireService } from "../support/services";

const DDL = {
  postgres: `create table if not exists "alab_migrations" ("revision" varchar(255) not null primary key, "name" varchar(255) not null, "checksum" char(64) not null, "batch" integer not null, "applied_at" timestamptz not null, "duration_ms" integer not null)`,
  mysql: "create table if not exists `alab_migrations` (`revision` varchar(255) not null primary key, `name` varchar(255) not null, `checksum` char(64) not null, `batch` integer not null, `applied_at` datetime(6) not null, `duration_ms` integer not null)",
  sqlite: `create table if not exists "alab_migrations" ("revision" varchar(255) not null primary key, "name" varchar(255) not null, "checksum" char(64) not null, "batch" integer not null, "applied_at" text not null, "duration_ms" integer not null)`,
};

const row = { revision: "001", name: "001_it's.js", checksum: "ab".repeat(32), batch: 1, appliedAt: "2024-05-01T12:00:00.123Z", durationMs: 12.6 };

describe("history statements", async () => {
  test("DDL and DML text", () => {
    for (const d of DIALECTS) expect(createHistoryTable(d).sql).toBe(DDL[d]);
    expect(insertHistory("mysql", row).sql).toBe(
      "insert into `alab_migrations` (`revision`, `name`, `checksum`, `batch`, `applied_at`, `duration_ms`) values ('001', '001_it''s.js', '" + row.checksum + "', 1, '2024-05-01 12:00:00.123', 13)",
    );
    expect(deleteHistory("postgres", "001").sql).toBe(`delete from "alab_migrations" where "revision" = '001'`);
    // Values are put into a statement compiled once: `$&` and marker-like text stay as written.
    expect(insertHistory("sqlite", { ...row, name: "a$&b/*alab:revision*/" }).sql).toBe(
      `insert into "alab_migrations" ("revision", "name", "checksum", "batch", "applied_at", "duration_ms") values ('001', 'a$&b/*alab:revision*/', '${row.checksum}', 1, '2024-05-01T12:00:00.123Z', 13)`,
    );
    expect(DIALECTS.map((d) => selectRecorded(d).sql)).toEqual([
      'select "revision", "batch" from "alab_migrations"',
      "select `revision`, `batch` from `alab_migrations`",
      'select "revision", "batch" from "alab_migrations"',
    ]);
    expect(() => insertHistory("sqlite", { ...row, appliedAt: "2024-05-01 12:00" })).toThrow(/ISO-8601/);
  });

  const servers = { postgres: await requireService("postgres"), mysql: await requireService("mysql"), sqlite: {} };
  for (const d of DIALECTS) {
    test.skipIf(servers[d] === null)(`create, insert, select, delete on ${d}`, async () => {
      await withDatabase(d, async (x) => {
        await x.run([createHistoryTable(d), createHistoryTable(d)]);
        await x.run([insertHistory(d, row), insertHistory(d, { ...row, revision: "002", name: "002_b.js", batch: 2, appliedAt: "2024-05-02T00:00:00.000Z", durationMs: 0 })]);
        const rows = await x.query(selectHistory(d).sql);
        expect(rows.map((r): Record<string, unknown> => ({ ...r, batch: Number(r.batch), duration_ms: Number(r.duration_ms) }))).toEqual([
          { revision: "001", name: "001_it's.js", checksum: row.checksum, batch: 1, applied_at: "2024-05-01T12:00:00.123Z", duration_ms: 13 },
          { revision: "002", name: "002_b.js", checksum: row.checksum, batch: 2, applied_at: "2024-05-02T00:00:00.000Z", duration_ms: 0 },
        ]);
        const recorded = (await x.query(selectRecorded(d).sql)).map((r) => `${r.revision}:${Number(r.batch)}`).sort();
        expect(recorded).toEqual(["001:1", "002:2"]);
        await x.run([deleteHistory(d, "001")]);
        expect((await x.query(selectHistory(d).sql)).map((r) => r.revision)).toEqual(["002"]);
      });
    });
  }
});
