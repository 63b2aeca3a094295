/**
 * Deploy-day end-to-end tests (issue 13): a project folder with hand-written migrations, a fresh
 * database of one dialect, the compiled binary run against it as a deploy script would, and the
 * schema the files build, for `expectNoDrift` at the end.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { resolveConfig } from "../../src/config";
import type { Driver } from "../../src/db/driver";
import { openDriver } from "../../src/db/open";
import type { Schema } from "../../src/model/types";
import type { Dialect } from "../../src/sql/dialect";
import { currentState } from "../../src/workflows/project/current-state";
import { type RunResult, runAlab, tempDir } from "../support/binary";
import { createTestDatabase } from "../support/db";
import { expectNoDrift } from "../support/drift";

export interface DeployProject {
  readonly dir: string;
  readonly url: string;
  readonly dialect: Dialect;
  /** `alab <args> --url <db>` in the project, no colour, `env` added. */
  alab(args: readonly string[], env?: Record<string, string>): Promise<RunResult>;
  write(migration: string, text: string): Promise<void>;
  remove(migration: string): Promise<void>;
  /** A driver on the project's database (closed by `cleanup`). */
  driver(): Promise<Driver>;
  /** The schema the migration files build (a replay), for drift checks. */
  expected(): Promise<Schema>;
  /** The live database equals what the applied files build. */
  expectNoDrift(expected?: Schema): Promise<void>;
  cleanup(): Promise<void>;
}

export async function deployProject(dialect: Dialect, files: Record<string, string>): Promise<DeployProject> {
  const { dir, cleanup } = await tempDir("alab-deploy-");
  const db = await createTestDatabase(dialect);
  await mkdir(join(dir, "migrations"));
  const write = (f: string, text: string) => writeFile(join(dir, "migrations", f), text);
  for (const [f, text] of Object.entries(files)) await write(f, text);
  let open: Driver | undefined;
  const project: DeployProject = {
    dir,
    url: db.url,
    dialect,
    alab: (args, env = {}) => runAlab([...args, "--url", db.url], { cwd: dir, env: { NO_COLOR: "1", ...env } }),
    write,
    remove: (f) => rm(join(dir, "migrations", f), { force: true }),
    driver: async () => (open ??= await openDriver(db.url, dialect)),
    expected: async () => (await currentState(resolveConfig({ flags: { url: db.url }, env: {}, cwd: dir }))).schema,
    expectNoDrift: async (expected) => {
      await expectNoDrift(await project.driver(), expected ?? (await project.expected()));
    },
    cleanup: async () => {
      await open?.close();
      await db.drop();
      await cleanup();
    },
  };
  return project;
}

/** Runs `fn` on a fresh project and database, always cleaning up. */
export async function withDeployProject(dialect: Dialect, files: Record<string, string>, fn: (p: DeployProject) => Promise<void>): Promise<void> {
  const p = await deployProject(dialect, files);
  try {
    await fn(p);
  } finally {
    await p.cleanup();
  }
}
