/**
 * Issue 13, item 6: SIGINT/SIGTERM during `migrate` and `rollback`. The compiled binary runs a
 * migration with a slow statement; once the database is running it, the test sends the signal and
 * checks that the statement stopped on the server, the run rolled back, the lock is free, the
 * error says what was kept, and the exit code is 130 / 143. SQLite runs statements inside alab's
 * process: there the signal ends the process at once and SQLite rolls back at the next open.
 */
import { beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Dialect } from "../../src/sql/dialect";
import { HISTORY_TABLE } from "../../src/sql/history";
import { createTable } from "../db/fixtures";
import { alabBinary } from "../support/binary";
import { availableDialects } from "../support/db";
import { type DeployProject, withDeployProject } from "./deploy-support";

setDefaultTimeout(90_000);
const dialects = await availableDialects();
beforeAll(() => alabBinary(), 120_000);

/** A statement that takes a minute on each dialect. */
const SLOW: Record<Dialect, string> = {
  postgres: "select pg_sleep(60)",
  mysql: "select sleep(60)",
  sqlite: "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000000) SELECT count(*) FROM c",
};

const slowMigration = (dialect: Dialect) => `export default migration({
  up(m) {
    m.create_table("app.slow", (t) => { t.id(); });
    m.sql(${JSON.stringify(SLOW[dialect])});
    m.create_table("app.after", (t) => { t.id(); });
  },
  down(m) {
    m.drop_table("app.after");
    m.drop_table("app.slow");
  },
});
`;

/** A fast `up`, and a `down` whose first statement is slow. */
const slowDown = (dialect: Dialect) => `export default migration({
  up(m) {
    m.create_table("app.slow", (t) => { t.id(); });
    m.create_table("app.after", (t) => { t.id(); });
  },
  down(m) {
    m.sql(${JSON.stringify(SLOW[dialect])});
    m.drop_table("app.after");
    m.drop_table("app.slow");
  },
});
`;

/** Starts `alab <args>` in the project without waiting for it. */
async function start(p: DeployProject, args: readonly string[]) {
  const proc = Bun.spawn([await alabBinary(), ...args, "--url", p.url], {
    cwd: p.dir,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: p.dir, NO_COLOR: "1" },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
    timeout: 80_000,
    killSignal: "SIGKILL",
  });
  const done = (async () => {
    const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
    return { code, stdout, stderr };
  })();
  return { proc, done };
}

/** Sessions of this database running the slow statement (none on SQLite: it runs in alab). */
async function slowRunning(p: DeployProject): Promise<number> {
  const d = await p.driver();
  if (p.dialect === "postgres") {
    const [r] = await d.query<{ n: string }>({ sql: "select count(*) as n from pg_stat_activity where datname = current_database() and query like '%pg_sleep(60)%' and pid <> pg_backend_pid()" });
    return Number(r?.n);
  }
  if (p.dialect === "mysql") {
    const [r] = await d.query<{ n: number }>({ sql: "select count(*) as n from information_schema.processlist where db = database() and info like '%sleep(60)%' and id <> connection_id()" });
    return Number(r?.n);
  }
  return 0;
}

/** Waits until the slow statement runs (on the server, or for SQLite: the run's transaction is open). */
async function untilSlow(p: DeployProject): Promise<void> {
  // SQLite runs the statement in alab's process: nothing outside shows it. It takes a minute, so
  // after a moment alab is inside it.
  if (p.dialect === "sqlite") return void (await Bun.sleep(1500));
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if ((await slowRunning(p)) > 0) return;
    await Bun.sleep(50);
  }
  throw new Error("the slow statement never started");
}

/** Whether another connection could take the migration lock now. */
async function lockFree(p: DeployProject): Promise<boolean> {
  const d = await p.driver();
  try {
    const release = await d.lock(HISTORY_TABLE, 0);
    await release();
    return true;
  } catch {
    return false;
  }
}

async function states(p: DeployProject): Promise<string[]> {
  const r = await p.alab(["status", "--json"]);
  return JSON.parse(r.stdout).migrations.map((m: { file: string; state: string }) => `${m.file} ${m.state}`);
}

const SENT = [
  { signal: "SIGTERM", code: 143 },
  { signal: "SIGINT", code: 130 },
] as const;

describe.each(dialects)("a signal during migrate on %s", (dialect: Dialect) => {
  test.each(SENT)("$signal: the statement stops on the server, the run rolls back, the lock is free, exit $code", ({ signal, code }) =>
    withDeployProject(dialect, { "001_a.js": createTable("a") }, async (p) => {
      expect((await p.alab(["migrate"])).code).toBe(0);
      await p.write("002_slow.js", slowMigration(dialect));
      const run = await start(p, ["migrate"]);
      await untilSlow(p);
      run.proc.kill(signal);
      const r = await run.done;
      expect(r.code).toBe(code);
      expect(await slowRunning(p)).toBe(0);
      expect(await lockFree(p)).toBe(true);
      expect(await states(p)).toEqual(["001_a.js applied", "002_slow.js pending"]);
      if (dialect === "sqlite") {
        // Ended by the signal inside the statement: no message, SQLite's journal undoes the transaction.
        expect(r.stderr).toBe("");
      } else {
        expect(r.stderr).toContain(`${signal} received: cancelling the running statement and rolling back`);
        expect(r.stderr).toContain(`error[E_INTERRUPTED]: migrations/002_slow.js: statement 2 of 3 could not run: interrupted by ${signal}: alab cancelled it on`);
        expect(r.stderr).toContain("migration lock is released");
        expect(r.stderr).not.toContain("E_INTERNAL");
        if (dialect === "postgres") expect(r.stderr).toContain("rolled back: migrations/002_slow.js (none of it is applied)");
        else {
          // MySQL committed the first DDL statement: the report names it.
          expect(r.stderr).toContain("stay applied:\n    1. create table `app_slow`");
          expect(r.stderr).toContain("migrations/002_slow.js is NOT recorded as applied");
          await (await p.driver()).exec([{ sql: "drop table app_slow" }]);
        }
      }
      // The next deploy runs: the lock is free and nothing half-done is recorded.
      await p.write("002_slow.js", createTable("slow"));
      const again = await p.alab(["migrate"]);
      expect(again.stderr.replace(/^warning: MySQL.*\n/m, "")).toBe("");
      expect(again.code).toBe(0);
      await p.expectNoDrift();
    }));

  test("SIGTERM during rollback: the `down` is cancelled and rolled back, the migration stays applied", () =>
    withDeployProject(dialect, {}, async (p) => {
      await p.write("001_slow.js", slowDown(dialect));
      expect((await p.alab(["migrate"])).code).toBe(0);
      const expected = await p.expected();
      const run = await start(p, ["rollback"]);
      await untilSlow(p);
      run.proc.kill("SIGTERM");
      const r = await run.done;
      expect(r.code).toBe(143);
      expect(await slowRunning(p)).toBe(0);
      expect(await lockFree(p)).toBe(true);
      expect(await states(p)).toEqual(["001_slow.js applied"]);
      if (dialect !== "sqlite") expect(r.stderr).toContain("error[E_INTERRUPTED]: migrations/001_slow.js: statement 1 of 3 could not run: interrupted by SIGTERM");
      await p.expectNoDrift(expected);
    }));
});

describe.each(dialects.filter((d) => d !== "sqlite"))("more signals on %s", (dialect: Dialect) => {
  test("a second signal exits at once; the first one's cancel already stopped the statement", () =>
    withDeployProject(dialect, {}, async (p) => {
      await p.write("001_slow.js", slowMigration(dialect));
      const run = await start(p, ["migrate"]);
      await untilSlow(p);
      run.proc.kill("SIGINT");
      await Bun.sleep(20);
      run.proc.kill("SIGINT");
      const r = await run.done;
      expect(r.code).toBe(130);
      expect(r.stderr).toContain("SIGINT received");
      // Either the second signal cut the clean-up short, or the clean-up was already done.
      expect(r.stderr.includes("SIGINT again: exiting now") || r.stderr.includes("error[E_INTERRUPTED]")).toBe(true);
      const deadline = Date.now() + 10_000;
      while ((await slowRunning(p)) > 0 && Date.now() < deadline) await Bun.sleep(100);
      expect(await slowRunning(p)).toBe(0);
      while (!(await lockFree(p)) && Date.now() < deadline) await Bun.sleep(100);
      expect(await lockFree(p)).toBe(true);
      expect(await states(p)).toEqual(["001_slow.js pending"]);
    }));

  test("a signal while waiting for another run's lock stops the wait (exit 143), taking nothing", () =>
    withDeployProject(dialect, { "001_a.js": createTable("a") }, async (p) => {
      const holder = await p.driver();
      const release = await holder.lock(HISTORY_TABLE, 5);
      try {
        const run = await start(p, ["migrate", "--lock-timeout", "60"]);
        await Bun.sleep(1500);
        run.proc.kill("SIGTERM");
        const r = await run.done;
        expect(r.code).toBe(143);
        expect(r.stderr).toContain("interrupted by SIGTERM");
        expect(r.stderr).not.toContain("E_LOCK_TIMEOUT");
      } finally {
        await release();
      }
      expect(await states(p)).toEqual(["001_a.js pending"]);
    }));
});

test("a signal before any database work ends alab at once, even inside a file's evaluation (exit 143)", async () => {
  await withDeployProject("sqlite", {}, async (p) => {
    // The only migration spins in the sandbox until its time limit (5 s).
    await p.write("001_spin.js", "for (;;) {}\nexport default migration({ up(m) {}, down(m) {} });\n");
    const run = await start(p, ["migrate"]);
    await Bun.sleep(1000);
    run.proc.kill("SIGTERM");
    const r = await run.done;
    expect(r.code).toBe(143);
    // Not after the sandbox's time limit: no error about the file was printed.
    expect(r.stderr).not.toContain("E_SANDBOX");
  });
});
