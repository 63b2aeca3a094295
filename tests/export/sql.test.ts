/**
 * `alab export sql` builds exactly the tables `alab migrate` builds: on each dialect, one empty
 * database is migrated by alab and another gets the exported script through the dialect's own
 * client (psql, mariadb/mysql, sqlite3); the two are then compared by the server's own account of
 * them (pg_dump -s, SHOW CREATE TABLE, sqlite_master) and both against the snapshot with the
 * drift oracle.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { readdirSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Driver } from "../../src/db/driver";
import { openDriver } from "../../src/db/open";
import { createStatements } from "../../src/export/sql";
import { capabilitiesFor } from "../../src/sql/capabilities";
import type { Dialect } from "../../src/sql/dialect";
import { EXPORT_SERVER_VERSION } from "../../src/workflows/export";
import { parseSnapshot } from "../../src/workflows/project/snapshot-file";
import { runAlab, tempDir } from "../support/binary";
import { availableDialects, createTestDatabase } from "../support/db";
import { driftOf } from "../support/drift";
import { richSchema } from "./fixtures";

setDefaultTimeout(120_000);
const dialects = await availableDialects();
const DEMO = join(import.meta.dir, "../../schemas");

/** Schema files beside the demo: every type, a nullable one_to_one, a check, a composite unique, a cycle. */
const EXTRA: Record<string, string> = {
  "shop/item.js": `import { table, col } from "alab";
export default table({
  id: col.id(),
  owner: col.belongs_to("auth.user").optional().on_delete("SET NULL"),
  twin: col.one_to_one(".item").optional(),
  code: col.string(12).min(2).pattern("^[A-Z]+$"),
  day: col.date().optional(),
  starts: col.time().optional(),
  price: col.decimal(10, 2).min(0),
  ratio: col.float().optional(),
  qty: col.integer().min(0).max(1000).default(1),
  meta: col.json().optional(),
  blob: col.base64().optional(),
  summary: col.text().optional(),
  kind: col.enum(["a", "b c", "it's"]).default("a"),
  flag: col.flag(false),
}).timestamps().unique("code", "day").index("price").check("chk_item_price_cents", "price * 100 = floor(price * 100)");
`,
  "loop/a.js": `import { table, col } from "alab";\nexport default table({ id: col.id(), b: col.belongs_to(".b").optional() });\n`,
  "loop/b.js": `import { table, col } from "alab";\nexport default table({ id: col.id(), a: col.belongs_to(".a") });\n`,
};

function pgBinary(name: string): string {
  const root = "/usr/lib/postgresql";
  const version = readdirSync(root).sort((a, b) => Number(b) - Number(a))[0];
  return join(root, version ?? "", "bin", name);
}

function run(cmd: string[], opts: { stdin?: Blob } = {}): string {
  const r = Bun.spawnSync(cmd, { stdin: opts.stdin ?? "ignore", env: { ...process.env, PGOPTIONS: "" } });
  if (r.exitCode !== 0) throw new Error(`${cmd[0]} exited ${r.exitCode}: ${r.stderr.toString()}`);
  return r.stdout.toString();
}

/** Runs a script with the dialect's own command-line client. */
function applyWithClient(dialect: Dialect, url: string, file: string, script: string): void {
  if (dialect === "postgres") run([pgBinary("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-f", file]);
  else if (dialect === "mysql") {
    const u = new URL(url);
    const client = Bun.which("mariadb") ?? Bun.which("mysql") ?? "mysql";
    run([client, "-h", u.hostname, "-P", u.port || "3306", "-u", decodeURIComponent(u.username), u.pathname.slice(1)], { stdin: new Blob([script]) });
  } else run(["sqlite3", "-bail", url.replace(/^sqlite:/, ""), `.read ${file}`]);
}

/** The server's own description of every table but alab's own (tracking and checkpoint). */
async function described(dialect: Dialect, url: string, driver: Driver): Promise<string> {
  if (dialect === "postgres") {
    const dump = run([pgBinary("pg_dump"), "-s", "--no-owner", "--no-privileges", "-T", "alab_migrations", "-T", "alab_migrations_state", "-d", url]);
    return dump.split("\n").filter((l) => !/^(--|\\(un)?restrict|SET |SELECT pg_catalog)/.test(l) && l.trim() !== "").join("\n");
  }
  if (dialect === "mysql") {
    const tables = (await driver.query({ sql: "select table_name as t from information_schema.tables where table_schema = database() and table_name not in ('alab_migrations', 'alab_migrations_state') order by table_name" })).map((r) => String(r.t ?? r.TABLE_NAME));
    const out: string[] = [];
    for (const t of tables) out.push(String(Object.values((await driver.query({ sql: `show create table \`${t}\`` }))[0] ?? {})[1]));
    return out.join("\n");
  }
  const rows = await driver.query({ sql: "select type, name, tbl_name, sql from sqlite_master where name not like 'alab_migrations%' and name not like 'sqlite_%' order by type, name" });
  return rows.map((r) => `${r.type} ${r.name} ${r.tbl_name}: ${r.sql}`).join("\n");
}

test("the statements are the same for the oldest supported server and the newest", () => {
  const newest: Record<Dialect, string[]> = { postgres: ["18.1"], mysql: ["9.4.0", "11.8.2-MariaDB", "10.3.0-MariaDB"], sqlite: ["3.54.0"] };
  for (const d of ["postgres", "mysql", "sqlite"] as const) {
    const oldest = createStatements(richSchema(), capabilitiesFor(d, EXPORT_SERVER_VERSION[d]));
    expect(oldest.statements.length).toBeGreaterThan(5);
    for (const v of newest[d]) expect(createStatements(richSchema(), capabilitiesFor(d, v))).toEqual(oldest);
  }
});

describe.each(dialects)("export sql on %s", (dialect: Dialect) => {
  test("builds the same tables as alab migrate, through the dialect's own client", async () => {
    const { dir, cleanup } = await tempDir("alab-export-sql-");
    const migrated = await createTestDatabase(dialect);
    const exported = await createTestDatabase(dialect);
    try {
      await Bun.$`cp -r ${DEMO} ${join(dir, "schemas")}`.quiet();
      for (const [path, text] of Object.entries(EXTRA)) await Bun.write(join(dir, "schemas", path), text);
      const gen = await runAlab(["new", "init"], { cwd: dir });
      expect(gen.stderr).toBe("");
      expect(gen.code).toBe(0);
      const mig = await runAlab(["migrate", "-d", migrated.url], { cwd: dir });
      expect(mig.code).toBe(0);
      const out = await runAlab(["export", "sql", "--dialect", dialect, "--out", "schema.sql"], { cwd: dir });
      expect(out.code).toBe(0);
      const script = await Bun.file(join(dir, "schema.sql")).text();
      expect(script).not.toContain("alab_migrations");
      await writeFile(join(dir, "schema.sql"), script);
      applyWithClient(dialect, exported.url, join(dir, "schema.sql"), script);

      const snapshot = parseSnapshot(await Bun.file(join(dir, "migrations/alab.snapshot.json")).text(), "snapshot");
      const [a, b] = [await openDriver(migrated.url, dialect), await openDriver(exported.url, dialect)];
      try {
        const [left, right] = [await described(dialect, migrated.url, a), await described(dialect, exported.url, b)];
        expect(right).toContain("shop_item");
        expect(right).toContain("loop_a");
        expect(right).toBe(left);
        for (const driver of [a, b]) expect(await driftOf(driver, snapshot.schema)).toEqual([]);
      } finally {
        await a.close();
        await b.close();
      }
    } finally {
      await migrated.drop();
      await exported.drop();
      await cleanup();
    }
  });
});
