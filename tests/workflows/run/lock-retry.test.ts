/**
 * The lock queue, for real: a session holds a long transaction on a table, a migration alters the
 * table, and a third session reads the table the whole time. With the DDL lock timeout the ALTER
 * never sits in the queue for longer than the timeout, so the reads never wait much longer than
 * that; the run tries again and succeeds once the lock is free, or names who held it.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Driver } from "../../../src/db/driver";
import { openDriver } from "../../../src/db/open";
import { emptySchema } from "../../../src/model/types";
import type { Dialect } from "../../../src/sql/dialect";
import { migrate } from "../../../src/workflows/migrate";
import { loadMigrations } from "../../../src/workflows/project/load-migrations";
import { listMigrationFiles } from "../../../src/workflows/project/migration-files";
import { replayMigrations } from "../../../src/workflows/project/replay-migrations";
import { pauseMs, tablesOf as lockedTables } from "../../../src/workflows/run/lock-retry";
import { availableDialects } from "../../support/db";
import { expectNoDrift } from "../../support/drift";
import { failure } from "../../support/failure";
import { createTable, historyOf, MIGRATE_DEFAULTS, type Project, recorder, withProject } from "../../db/fixtures";

setDefaultTimeout(60_000);
const servers = (await availableDialects()).filter((d) => d !== "sqlite");

const ADD_COLUMN = `export default migration({
  up(m) { m.add_column("app.a", (t) => { t.string("extra", 20).optional(); }); },
  down(m) { m.drop_column("app.a", "extra"); },
});
`;

/** A session that read app_a inside a transaction it keeps open until `release()`. */
async function holdTable(url: string, dialect: Dialect): Promise<{ id: number; release: () => Promise<void> }> {
  const d = await openDriver(url, dialect);
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let id = 0;
  let started!: () => void;
  const inside = new Promise<void>((r) => (started = r));
  const tx = d.transaction(async () => {
    const [row] = await d.query<{ id: number }>({ sql: dialect === "postgres" ? "select pg_backend_pid() as id" : "select connection_id() as id" });
    id = Number(row?.id);
    await d.query({ sql: "select count(*) as n from app_a" });
    started();
    await released;
  });
  await inside;
  return {
    id,
    release: async () => {
      release();
      await tx;
      await d.close();
    },
  };
}

/** Reads app_a every 50 ms on its own connection; `stop()` gives the longest read in ms. */
async function readLoop(url: string, dialect: Dialect): Promise<{ stop: () => Promise<number> }> {
  const d = await openDriver(url, dialect);
  let running = true;
  let longest = 0;
  const loop = (async () => {
    while (running) {
      const t = performance.now();
      await d.query({ sql: "select count(*) as n from app_a" });
      longest = Math.max(longest, performance.now() - t);
      await Bun.sleep(50);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      await d.close();
      return longest;
    },
  };
}

async function expectedSchema(project: Project) {
  const files = await listMigrationFiles(project.config);
  const { migrations } = await loadMigrations(project.config, files);
  return replayMigrations(emptySchema, migrations).schema;
}

async function columnsOf(driver: Driver): Promise<string[]> {
  const rows = await driver.query<{ c: string }>({ sql: "select column_name as c from information_schema.columns where table_name = 'app_a' and table_schema = " + (driver.dialect === "postgres" ? "current_schema()" : "database()") + " order by column_name" });
  return rows.map((r) => r.c);
}

test("pauses double from one second up to thirty", () => {
  expect([0, 1, 2, 3, 4, 5, 6].map(pauseMs)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
});

test.each([
  [{ op: "add_column", ref: "shop.product", column: { name: "x" } }, ["shop_product"]],
  [{ op: "add_foreign_key", ref: "shop.line", foreignKey: { refTable: "shop.product" } }, ["shop_line", "shop_product"]],
  [{ op: "drop_index", name: "idx" }, []],
  [{ op: "sql", sql: "select 1" }, []],
] as const)("the tables an operation locks: %p", (op, tables) => {
  expect(lockedTables(op as never)).toEqual([...tables]);
});

describe.each(servers)("DDL lock timeout on %s", (dialect: Dialect) => {
  test("the ALTER waits at most the timeout, readers are not held up behind it, and a later try succeeds", () =>
    withProject(dialect, { "001_a.js": createTable("a") }, async (project, driver) => {
      await migrate(project.config, MIGRATE_DEFAULTS, () => undefined);
      await project.write("002_extra.js", ADD_COLUMN);
      const holder = await holdTable(project.url, dialect);
      const reader = await readLoop(project.url, dialect);
      const events = recorder();
      // Held for 3.5 s: without the timeout the ALTER would queue all that time, and the reads behind it.
      const freed = Bun.sleep(3500).then(holder.release);
      const r = await migrate(project.config, { ...MIGRATE_DEFAULTS, ddlLock: { timeoutSeconds: 1, retries: 10 } }, events.on);
      await freed;
      const longest = await reader.stop();
      expect(r.applied.map((d) => d.revision)).toEqual(["002"]);
      const warnings = events.events.filter((e) => e.kind === "warning").map((e) => (e.kind === "warning" ? e.message : ""));
      expect(warnings.filter((w) => w.includes("waited more than 1 s for a lock another session holds")).length).toBeGreaterThanOrEqual(1);
      expect(longest).toBeLessThan(2000);
      expect(await columnsOf(driver)).toContain("extra");
      await expectNoDrift(driver, await expectedSchema(project));
    }));

  test("after the last try the error names the session holding the lock, and nothing changed", () =>
    withProject(dialect, { "001_a.js": createTable("a") }, async (project, driver) => {
      await migrate(project.config, MIGRATE_DEFAULTS, () => undefined);
      await project.write("002_extra.js", ADD_COLUMN);
      const holder = await holdTable(project.url, dialect);
      try {
        const e = await failure(migrate(project.config, { ...MIGRATE_DEFAULTS, ddlLock: { timeoutSeconds: 0.5, retries: 1 } }, () => undefined));
        expect(e.code).toBe("E_LOCK_TIMEOUT");
        expect(e.exit).toBe(4);
        expect(e.message).toContain("waited longer than the DDL lock timeout (0.5 s, 2 tries) for a lock another session holds; held by");
        expect(e.message).toContain(dialect === "postgres" ? `pid ${holder.id}` : `connection ${holder.id}`);
        expect(e.hint).toContain("--ddl-lock-timeout");
      } finally {
        await holder.release();
      }
      expect(await columnsOf(driver)).not.toContain("extra");
      expect(await historyOf(driver)).toEqual(["001:1"]);
    }));
});
