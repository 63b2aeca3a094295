/** `alab status` in words: AstrolaDB's description under its file, and order problems named with the fix. */
import { expect, test } from "bun:test";
import { statusLines } from "../../src/cli/status";
import { paint } from "../../src/cli/render";
import type { StatusJson, StatusJsonMigration } from "../../src/workflows/status";

const row = (revision: string, name: string, description: string | null): StatusJsonMigration => ({
  revision, name, file: `${revision}_${name}.js`, state: "pending", batch: null, applied_at: null, duration_ms: null,
  checksum: "c", applied_checksum: null, applied_revision: null, applied_name: null, clash: false, description,
});

test("descriptions on their own line, one line long; revision problems after the counts", () => {
  const json: StatusJson = {
    format: 5,
    dialect: "sqlite",
    migrations: [row("001", "init", "auth users\nand  roles"), row("002", "bio", null), row("003", "long", "x".repeat(120))],
    counts: { applied: 0, pending: 3, modified: 0, missing: 0, renumbered: 0 },
    clashes: [],
    revision_problems: ['003_long.js says down_revision "001", but the migration before it is 002_bio.js'],
    drift: null,
    untracked_tables: [],
  };
  expect(statusLines(json, "SQLite at app.db", paint(false))).toEqual([
    "SQLite at app.db",
    "  pending  001_init.js",
    "           auth users and roles",
    "  pending  002_bio.js",
    "  pending  003_long.js",
    `           ${"x".repeat(99)}…`,
    "0 applied · 3 pending · 0 modified · 0 missing",
    "order: 003_long.js says down_revision \"001\", but the migration before it is 002_bio.js: after merging, `alab rebase` renumbers this branch's migrations and rewrites up_revision/down_revision",
  ]);
});

test("the drift line: matches, differs (with the unmanaged count), or not compared and why", () => {
  const base: StatusJson = { format: 5, dialect: "postgres", migrations: [], counts: { applied: 0, pending: 0, modified: 0, missing: 0, renumbered: 0 }, clashes: [], revision_problems: [], drift: null, untracked_tables: [] };
  const last = (drift: StatusJson["drift"]) => statusLines({ ...base, drift }, "db", paint(false)).at(-1);
  expect(last(null)).toBe("0 applied · 0 pending · 0 modified · 0 missing");
  expect(last({ drift: false, differences: 0, unmanaged: 0, reason: null })).toBe("no drift: the database matches what its applied migrations build");
  expect(last({ drift: false, differences: 0, unmanaged: 2, reason: null })).toBe("no drift: the database matches what its applied migrations build; 2 objects not managed by alab");
  expect(last({ drift: true, differences: 1, unmanaged: 0, reason: null })).toBe("drift: the database differs from what its applied migrations build (1 difference): `alab drift` lists them");
  expect(last({ drift: null, differences: 0, unmanaged: 0, reason: "E_INSPECT_PRIVILEGE: no" })).toBe("drift: not compared (E_INSPECT_PRIVILEGE: no)");
});

test("the untracked line: a database with tables and no tracking table", () => {
  const json: StatusJson = { format: 5, dialect: "postgres", migrations: [], counts: { applied: 0, pending: 0, modified: 0, missing: 0, renumbered: 0 }, clashes: [], revision_problems: [], drift: null, untracked_tables: ["orders", "users"] };
  expect(statusLines(json, "db", paint(false)).at(-1)).toBe("untracked: 2 unmanaged tables, no tracking table (alab_migrations) — see `alab pull` / `alab baseline` (docs/adopting.md)");
});
