/** A throw-away project folder for workflow tests: the demo schemas, a migrations folder, a config. */
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Config, resolveConfig } from "../../src/config";

export interface Project {
  readonly dir: string;
  readonly config: Config;
  write(path: string, text: string): Promise<void>;
  read(path: string): Promise<string>;
  remove(path: string): Promise<void>;
  migrations(): Promise<string[]>;
  dispose(): Promise<void>;
}

const DEMO = join(import.meta.dir, "../../schemas");

export async function project(opts: { demo?: boolean } = {}): Promise<Project> {
  const dir = await mkdtemp(join(tmpdir(), "alab-gen-"));
  await mkdir(join(dir, "migrations"), { recursive: true });
  await mkdir(join(dir, "schemas"), { recursive: true });
  if (opts.demo !== false) await cp(DEMO, join(dir, "schemas"), { recursive: true });
  const config = resolveConfig({ flags: {}, env: {}, cwd: dir });
  return {
    dir,
    config,
    write: async (path, text) => {
      await mkdir(join(dir, path, ".."), { recursive: true });
      await writeFile(join(dir, path), text);
    },
    read: (path) => Bun.file(join(dir, path)).text(),
    remove: (path) => rm(join(dir, path), { force: true }),
    migrations: async () => (await readdir(join(dir, "migrations"))).sort(),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
