/** Shared by the adoption tests: the hand-made existing databases of tests/fixtures/adopt. */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { type Config, resolveConfig } from "../../src/config";
import type { Driver } from "../../src/db/driver";
import type { Dialect } from "../../src/sql/dialect";

const FIXTURES = join(import.meta.dir, "../fixtures/adopt");

/** Runs the dialect's fixture: a shop database as a team might have made it by hand, with rows. */
export async function loadFixture(driver: Driver, dialect: Dialect): Promise<void> {
  const text = await readFile(join(FIXTURES, `${dialect}.sql`), "utf8");
  if (dialect !== "mysql") {
    // One simple-protocol message (PostgreSQL), one exec of many statements (SQLite): function
    // and trigger bodies keep their semicolons.
    await driver.exec([{ sql: text }]);
    return;
  }
  const statements = text
    .split(/;\s*\n/)
    .map((s) => s.replace(/^\s*--.*$/gm, "").trim())
    .filter((s) => s !== "");
  await driver.exec(statements.map((sql) => ({ sql })));
}

export interface Folder {
  readonly dir: string;
  config(url: string): Config;
  /** Every file under the folder, relative path → text, sorted. */
  files(): Promise<Record<string, string>>;
  dispose(): Promise<void>;
}

export async function folder(): Promise<Folder> {
  const dir = await mkdtemp(join(tmpdir(), "alab-adopt-"));
  const walk = async (d: string, out: Record<string, string>): Promise<void> => {
    for (const e of (await readdir(d, { withFileTypes: true }).catch(() => [])).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p, out);
      else out[relative(dir, p)] = await readFile(p, "utf8");
    }
  };
  return {
    dir,
    config: (url) => resolveConfig({ flags: { url }, env: {}, cwd: dir }),
    files: async () => {
      const out: Record<string, string> = {};
      await walk(dir, out);
      return out;
    },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

