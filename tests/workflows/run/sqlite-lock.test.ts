/**
 * SQLite's run lock and lock timeout, as processes of the binary meet them: the lock covers the
 * whole run (also with `--tx each`), does not block readers, dies with its process, and every wait
 * for a lock on the database file is bounded by --lock-timeout.
 */
import { Database } from "bun:sqlite";
import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync } from "node:fs";
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { openDriver } from "../../../src/db/open";
import { createTable, historyOf, runAlabIn, spawnAlab, tablesOf, withProject } from "../../db/fixtures";

// Long enough for a 1 s lock timeout; far shorter than SQLite's 60 s default busy timeout, so a
// run that ignores --lock-timeout fails here by timing out.
setDefaultTimeout(30_000);

const SLOW = "with recursive c(x) as (select 1 union all select x + 1 from c where x < 100000000) select count(*) from c";

async function readUntil(stream: ReadableStream<Uint8Array>, needle: string): Promise<void> {
  const reader = stream.getReader();
  let text = "";
  while (!text.includes(needle)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`stream ended before ${JSON.stringify(needle)}; got ${JSON.stringify(text)}`);
    text += new TextDecoder().decode(value);
  }
  reader.releaseLock();
}

describe("SQLite: --lock-timeout bounds every wait for the database file", () => {
  const holders = [
    { name: "an EXCLUSIVE lock (no reads either)", begin: "BEGIN EXCLUSIVE" },
    { name: "a write transaction (BEGIN IMMEDIATE)", begin: "BEGIN IMMEDIATE" },
  ];
  const commands = [["migrate"], ["rollback"]];
  for (const h of holders) {
    test.each(commands)(`${h.name} in another process: \`alab %s --lock-timeout 1\` exits 4`, (command) =>
      withProject("sqlite", { "001_a.js": createTable("a"), "002_b.js": createTable("b") }, async (project, driver) => {
        if (command === "rollback") expect((await runAlabIn(project, ["migrate", "--to", "1"])).code).toBe(0);
        const file = project.url.slice("sqlite:".length);
        const other = new Database(file);
        try {
          other.run(h.begin);
          if (h.begin === "BEGIN IMMEDIATE") other.run("create table app_other (x integer)");
          const r = await runAlabIn(project, [command, "--lock-timeout", "1"]);
          expect(r.stderr).toContain("error[E_LOCK_TIMEOUT]");
          expect(r.stderr).toContain(file);
          expect(r.code).toBe(4);
        } finally {
          other.close();
        }
        expect(await tablesOf(driver)).toEqual(command === "rollback" ? ["app_a"] : []);
      }),
    );
  }
});

describe("SQLite: the run lock", () => {
  test("is held for the whole run: a second run waits, then exits 4; `status` reads meanwhile", () =>
    withProject("sqlite", { "001_a.js": createTable("a") }, async (project, driver) => {
      const holder = await openDriver(project.url, "sqlite");
      try {
        const release = await holder.lock("alab_migrations", 1);
        const blocked = await runAlabIn(project, ["migrate", "--tx", "each", "--lock-timeout", "1"]);
        expect(blocked.stderr).toMatch(/^error\[E_LOCK_TIMEOUT\]: could not take the migration lock \(lock file .*-alab-lock\) within 1 s: held by another alab process/);
        expect(blocked.code).toBe(4);
        const status = await runAlabIn(project, ["status"]);
        expect(status.code).toBe(0);
        expect(status.stdout).toContain("pending  001_a.js");
        await release();
        expect((await runAlabIn(project, ["migrate", "--lock-timeout", "1"])).code).toBe(0);
        expect(await historyOf(driver)).toEqual(["001:1"]);
      } finally {
        await holder.close();
      }
    }));

  // The database may be a project file: a pull request decides what lies beside it.
  const planted = [
    { name: "a symbolic link (to a file outside)", plant: (lock: string) => symlinkSync("/etc/hostname", lock), what: "a symbolic link" },
    { name: "a FIFO (which would block)", plant: (lock: string) => execFileSync("mkfifo", [lock]), what: "a FIFO or a socket" },
    { name: "a folder", plant: (lock: string) => mkdirSync(lock), what: "a folder" },
  ];
  test.each(planted)("a lock file that is $name is refused, and nothing is run", (c) =>
    withProject("sqlite", { "001_a.js": createTable("a") }, async (project, driver) => {
      const lock = `${project.url.slice("sqlite:".length)}-alab-lock`;
      c.plant(lock);
      const r = await runAlabIn(project, ["migrate", "--lock-timeout", "1"]);
      expect(r.stderr).toStartWith(`error[E_FILE_NOT_REGULAR]: ${lock}, alab's lock file, is ${c.what}, not a regular file`);
      expect(r.code).toBe(2);
      expect(await tablesOf(driver)).toEqual([]);
    }),
  );

  test("dies with its process: after kill -9 the next run gets it at once", () =>
    withProject(
      "sqlite",
      { "001_a.js": createTable("a"), "002_b.js": `export default migration({ up(m) { m.sql(${JSON.stringify(SLOW)}); }, down(m) {} });\n` },
      async (project, driver) => {
        const { proc } = spawnAlab(project, ["migrate", "--tx", "each"]);
        await readUntil(proc.stdout as ReadableStream<Uint8Array>, "applied  migrations/001_a.js");
        proc.kill("SIGKILL");
        await proc.exited;
        const r = await runAlabIn(project, ["rollback", "--lock-timeout", "1"]);
        expect(r.stderr).toBe("");
        expect(r.code).toBe(0);
        expect(await historyOf(driver)).toEqual([]);
      },
    ));
});
