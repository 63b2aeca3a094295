import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync } from "node:fs";
import type { Dialect } from "../../src/sql/dialect";
import { migrate } from "../../src/workflows/migrate";
import { status, statusJson } from "../../src/workflows/status";
import { availableDialects } from "../support/db";
import { createTable, makeProject, MIGRATE_DEFAULTS, withProject } from "../db/fixtures";

setDefaultTimeout(30_000);
const dialects = await availableDialects();

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const SHA = /^[0-9a-f]{64}$/;

describe.each(dialects)("status on %s", (dialect: Dialect) => {
  test("the --json shape: every migration with state, batch, applied_at, duration, checksums, and counts", () =>
    withProject(dialect, { "001_a.js": createTable("a"), "002_b.js": createTable("b"), "003_c.js": createTable("c") }, async (project) => {
      const before = statusJson(await status(project.config));
      expect(before.migrations.map((m) => m.state)).toEqual(["pending", "pending", "pending"]);
      await migrate(project.config, { ...MIGRATE_DEFAULTS, to: "2" }, () => undefined);
      await project.write("002_b.js", createTable("b", ' t.text("x");'));
      await project.remove("001_a.js");
      const s = statusJson(await status(project.config));
      expect(Object.keys(s)).toEqual(["format", "dialect", "migrations", "counts", "clashes", "revision_problems", "drift", "untracked_tables"]);
      expect(s.format).toBe(5);
      expect(s.drift).toBeNull();
      // With the drift line: 002_b.js as it is now adds a column x that the applied version did
      // not, and the table of the missing 001_a.js is no applied file's.
      const d = statusJson(await status(project.config, { drift: true })).drift;
      expect(d).toEqual({ drift: true, differences: 1, unmanaged: 1, reason: null });
      expect(s.dialect).toBe(dialect);
      expect(s.counts).toEqual({ applied: 0, pending: 1, modified: 1, missing: 1, renumbered: 0 });
      expect(s.clashes).toEqual([]);
      const [a, b, c] = s.migrations;
      expect(Object.keys(a ?? {})).toEqual(["revision", "name", "file", "state", "batch", "applied_at", "duration_ms", "checksum", "applied_checksum", "applied_revision", "applied_name", "clash", "description"]);
      expect(a).toMatchObject({ revision: "001", name: "a", file: null, state: "missing", batch: 1, checksum: null, applied_revision: "001", applied_name: "a", clash: false });
      expect(a?.applied_at).toMatch(ISO);
      expect(a?.applied_checksum).toMatch(SHA);
      expect(b).toMatchObject({ revision: "002", name: "b", file: "002_b.js", state: "modified", batch: 1 });
      expect(b?.checksum).not.toBe(b?.applied_checksum);
      expect(typeof b?.duration_ms).toBe("number");
      expect(c).toEqual({ revision: "003", name: "c", file: "003_c.js", state: "pending", batch: null, applied_at: null, duration_ms: null, checksum: expect.stringMatching(SHA), applied_checksum: null, applied_revision: null, applied_name: null, clash: false, description: null });
    }));
});

test("status on a SQLite file that does not exist yet lists everything pending and creates nothing", async () => {
  const project = await makeProject("sqlite", "sqlite:never-created.db", { "001_a.js": createTable("a") });
  try {
    const s = statusJson(await status(project.config));
    expect(s.migrations.map((m) => m.state)).toEqual(["pending"]);
    expect(existsSync(project.config.sqliteFile ?? "")).toBe(false);
  } finally {
    await project.cleanup();
  }
});
