/**
 * `alab migrate --tx each` and `alab rollback 2` racing, as several processes of the compiled
 * binary on one database, round after round. Whatever order they run in, the applied set must
 * stay a prefix (001..k) and the schema must be the one those k migrations build: no migration
 * may run on a schema its predecessors are missing from, and none may be reverted out of order.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Dialect } from "../../../src/sql/dialect";
import { availableDialects, createTestDatabase } from "../../support/db";
import type { Driver } from "../../../src/db/driver";
import { openDriver } from "../../../src/db/open";
import { describeSchema, historyOf, makeProject, type Project, withProject } from "../../db/fixtures";
import { alabBinary } from "../../support/binary";

setDefaultTimeout(240_000);
const dialects = await availableDialects();

const COUNT = 6;
const ROUNDS = 4;

/** Something that keeps the database busy for a moment, so the processes overlap. */
function pause(dialect: Dialect): string {
  switch (dialect) {
    case "postgres":
      return "select pg_sleep(0.05)";
    case "mysql":
      return "select sleep(0.05)";
    case "sqlite":
      return "with recursive c(x) as (select 1 union all select x + 1 from c where x < 200000) select count(*) from c";
  }
}

/** 001 creates app.t; each later one adds a column to it (and its `down` drops it). */
function files(dialect: Dialect): Record<string, string> {
  const out: Record<string, string> = {
    "001_t.js": `export default migration({
  up(m) { m.create_table("app.t", (t) => { t.id(); }); m.sql(${JSON.stringify(pause(dialect))}); },
  down(m) { m.drop_table("app.t"); },
});
`,
  };
  for (let i = 2; i <= COUNT; i++) {
    out[`00${i}_c${i}.js`] = `export default migration({
  up(m) { m.sql(${JSON.stringify(pause(dialect))}); m.add_column("app.t", (t) => { t.string("c${i}", 20).optional(); }); },
  down(m) { m.sql(${JSON.stringify(pause(dialect))}); m.drop_column("app.t", "c${i}"); },
});
`;
  }
  return out;
}

async function run(project: Project, args: readonly string[]): Promise<{ code: number; stderr: string }> {
  const proc = Bun.spawn([await alabBinary(), ...args, "--url", project.url, "--lock-timeout", "60"], {
    cwd: project.dir,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: project.dir, NO_COLOR: "1" },
    stdin: "ignore",
    stdout: "ignore",
    stderr: "pipe",
  });
  const [stderr, code] = await Promise.all([new Response(proc.stderr).text(), proc.exited]);
  return { code, stderr };
}

/** The schema without the tracking table (which exists once anything ran). */
async function schemaOf(driver: Driver): Promise<string[]> {
  return (await describeSchema(driver)).filter((l) => !l.includes("alab_migrations"));
}

/** The schema after 0..COUNT migrations, on a database of its own. */
async function schemasByPrefix(dialect: Dialect): Promise<string[][]> {
  const db = await createTestDatabase(dialect);
  try {
    const project = await makeProject(dialect, db.url, files(dialect));
    const driver = await openDriver(db.url, dialect);
    try {
      const out = [await schemaOf(driver)];
      for (let k = 1; k <= COUNT; k++) {
        const r = await run(project, ["migrate", "--to", String(k)]);
        if (r.code !== 0) throw new Error(r.stderr);
        out.push(await schemaOf(driver));
      }
      return out;
    } finally {
      await driver.close();
      await project.cleanup();
    }
  } finally {
    await db.drop();
  }
}

describe.each(dialects)("migrate --tx each racing rollback 2 on %s", (dialect) => {
  test("the applied set stays a prefix, and the schema is the one it builds", async () => {
    const expected = await schemasByPrefix(dialect);
    await withProject(dialect, files(dialect), async (project, driver) => {
      for (let round = 0; round < ROUNDS; round++) {
        const commands = [["migrate", "--tx", "each"], ["rollback", "2"], ["migrate", "--tx", "each"], ["rollback", "2"], ["rollback", "2"], ["migrate", "--tx", "each"]];
        const results = await Promise.all(commands.map((c) => run(project, c)));
        const history = (await historyOf(driver)).map((h) => h.split(":")[0]);
        const k = history.length;
        expect({ round, history }).toEqual({ round, history: Array.from({ length: k }, (_, i) => `00${i + 1}`) });
        expect({ round, schema: await schemaOf(driver) }).toEqual({ round, schema: expected[k] as string[] });
        for (const r of results) expect({ round, code: r.code, stderr: r.stderr.replace(/^warning: MySQL.*\n/gm, "") }).toEqual({ round, code: 0, stderr: "" });
      }
    });
  });
});
