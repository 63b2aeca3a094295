/**
 * The checkpoint (src/workflows/database/checkpoint.ts): a run with history plans its pending
 * migrations from the stored state instead of evaluating every applied file, and what it plans is
 * exactly what a full replay plans — on every dialect, including SQLite table rebuilds, which copy
 * the whole table definition. A stale, foreign or damaged row only costs a replay.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Driver } from "../../../src/db/driver";
import { emptySchema } from "../../../src/model/types";
import type { Dialect } from "../../../src/sql/dialect";
import { migrate } from "../../../src/workflows/migrate";
import { loadMigrations } from "../../../src/workflows/project/load-migrations";
import { listMigrationFiles } from "../../../src/workflows/project/migration-files";
import { replayMigrations } from "../../../src/workflows/project/replay-migrations";
import { availableDialects } from "../../support/db";
import { expectNoDrift } from "../../support/drift";
import { MIGRATE_DEFAULTS, type Project, recorder, withProject } from "../../db/fixtures";

setDefaultTimeout(60_000);
const dialects = await availableDialects();

/** A history whose later steps depend on the whole table: alter, drop and rename columns, keys, checks. */
const HISTORY: Record<string, string> = {
  "001_shop.js": `export default migration({
  up(m) {
    m.create_table("shop.category", (t) => { t.id(); t.string("name", 50).unique(); });
    m.create_table("shop.product", (t) => { t.id(); t.string("name", 100); t.integer("price").default(0); t.text("notes").optional(); t.belongs_to("shop.category").optional(); t.timestamps(); });
    m.create_index("shop.product", ["name"]);
  },
  down(m) { m.drop_table("shop.product"); m.drop_table("shop.category"); },
});
`,
  "002_tweak.js": `export default migration({
  up(m) {
    m.alter_column("shop.product", "name", (t) => t.string("name", 200));
    m.drop_column("shop.product", "notes");
    m.add_check("shop.product", "chk_price", "price >= 0");
  },
  down(m) {
    m.drop_check("shop.product", "chk_price");
    m.add_column("shop.product", (t) => { t.text("notes").optional(); });
    m.alter_column("shop.product", "name", (t) => t.string("name", 100));
  },
});
`,
};

/** Pending on top of the history: every one of these plans from the full table definition on SQLite. */
const PENDING: Record<string, string> = {
  "003_more.js": `export default migration({
  up(m) {
    m.drop_check("shop.product", "chk_price");
    m.add_column("shop.product", (t) => { t.string("sku", 20).optional(); });
    m.rename_column("shop.product", "price", "price_cents");
    m.alter_column("shop.product", "sku", (t) => t.string("sku", 40).optional());
  },
  down(m) {
    m.alter_column("shop.product", "sku", (t) => t.string("sku", 20).optional());
    m.rename_column("shop.product", "price_cents", "price");
    m.drop_column("shop.product", "sku");
    m.add_check("shop.product", "chk_price", "price >= 0");
  },
});
`,
};

async function replayed(project: Project) {
  const { migrations } = await loadMigrations(project.config, await listMigrationFiles(project.config));
  return replayMigrations(emptySchema, migrations).schema;
}

async function stored(driver: Driver): Promise<string | undefined> {
  const rows = await driver.query<{ k: string }>({ sql: "select applied_key as k from alab_migrations_state" });
  return rows[0]?.k;
}

describe.each(dialects)("the checkpoint on %s", (dialect: Dialect) => {
  test("a run plans from it exactly what a full replay plans, evaluating only the pending files", () =>
    withProject(dialect, { ...HISTORY, "001_shop.js": `console.log("evaluated 001");\n${HISTORY["001_shop.js"]}` }, async (project, driver) => {
      await migrate(project.config, MIGRATE_DEFAULTS, () => undefined);
      const key = await stored(driver);
      expect(key).toMatch(/^[0-9a-f]{64}$/);
      for (const [f, text] of Object.entries(PENDING)) await project.write(f, text);

      const fromCheckpoint = recorder();
      const dryCheckpoint = await migrate(project.config, { ...MIGRATE_DEFAULTS, dry: true }, fromCheckpoint.on);
      // Only the pending file was evaluated: 001's console.log did not run.
      expect(fromCheckpoint.events.filter((e) => e.kind === "log")).toEqual([]);

      await driver.exec([{ sql: "delete from alab_migrations_state" }]);
      const fromReplay = recorder();
      const dryReplay = await migrate(project.config, { ...MIGRATE_DEFAULTS, dry: true }, fromReplay.on);
      expect(fromReplay.events.filter((e) => e.kind === "log").length).toBe(1);
      const now = (script: string | undefined) => (script ?? "").replace(/'\d{4}-\d{2}-\d{2}[T ][\d:.]+Z?'/g, "'<applied_at>'");
      expect(dryCheckpoint.script).toContain("003_more.js (up)");
      expect(now(dryCheckpoint.script)).toBe(now(dryReplay.script));
    }));

  test("applying from the checkpoint leaves the schema the files build, and stores the new state", () =>
    withProject(dialect, HISTORY, async (project, driver) => {
      await migrate(project.config, MIGRATE_DEFAULTS, () => undefined);
      const before = await stored(driver);
      for (const [f, text] of Object.entries(PENDING)) await project.write(f, text);
      const events = recorder();
      const r = await migrate(project.config, MIGRATE_DEFAULTS, events.on);
      expect(r.applied.map((a) => a.revision)).toEqual(["003"]);
      expect(events.events.filter((e) => e.kind === "warning" && e.message.includes("alab_migrations_state"))).toEqual([]);
      const after = await stored(driver);
      expect(after).not.toBe(before);
      await expectNoDrift(driver, await replayed(project));
      // The stored state is the replayed one.
      const [row] = await driver.query<{ s: string }>({ sql: "select state as s from alab_migrations_state" });
      const state = JSON.parse(new TextDecoder().decode(Bun.gunzipSync(Buffer.from(String(row!.s), "base64"))));
      expect(state).toEqual(JSON.parse(JSON.stringify(await replayed(project))));
    }));

  const gz = (text: string) => Buffer.from(Bun.gzipSync(Buffer.from(text))).toString("base64");
  test.each([
    ["a stale key", `update alab_migrations_state set applied_key = '${"0".repeat(64)}'`],
    ["text that is not gzip", "update alab_migrations_state set state = 'not a checkpoint'"],
    ["a state of the wrong shape", `update alab_migrations_state set state = '${gz('{"tables": 7}')}'`],
  ])("%s is ignored: the run replays and stores a good one", (_what, tamper) =>
    withProject(dialect, HISTORY, async (project, driver) => {
      await migrate(project.config, MIGRATE_DEFAULTS, () => undefined);
      await driver.exec([{ sql: tamper }]);
      for (const [f, text] of Object.entries(PENDING)) await project.write(f, text);
      const r = await migrate(project.config, MIGRATE_DEFAULTS, () => undefined);
      expect(r.applied.map((a) => a.revision)).toEqual(["003"]);
      const [row] = await driver.query<{ s: string }>({ sql: "select state as s from alab_migrations_state" });
      expect(JSON.parse(new TextDecoder().decode(Bun.gunzipSync(Buffer.from(String(row!.s), "base64"))))).toEqual(JSON.parse(JSON.stringify(await replayed(project))));
      await expectNoDrift(driver, await replayed(project));
    }));

  test("rollback stores the state of what stays applied: the next migrate plans from it", () =>
    withProject(dialect, { ...HISTORY, "001_shop.js": `console.log("evaluated 001");\n${HISTORY["001_shop.js"]}` }, async (project, driver) => {
      for (const [f, text] of Object.entries(PENDING)) await project.write(f, text);
      await migrate(project.config, MIGRATE_DEFAULTS, () => undefined);
      const { rollback } = await import("../../../src/workflows/rollback");
      await rollback(project.config, { target: { kind: "steps", n: 1 }, dry: false, tx: "all", lockTimeoutSeconds: 10 }, () => undefined);
      const again = recorder();
      const r = await migrate(project.config, MIGRATE_DEFAULTS, again.on);
      expect(r.applied.map((a) => a.revision)).toEqual(["003"]);
      expect(again.events.filter((e) => e.kind === "log")).toEqual([]);
      await expectNoDrift(driver, await replayed(project));
    }));
});
