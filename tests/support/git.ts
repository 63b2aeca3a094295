/**
 * Real git repositories in temp folders, for the team workflows: a project with schema files,
 * branches that each generate a migration with the compiled binary, merges that conflict on the
 * snapshot as they do for users. git runs with a fixed identity and no user or system config.
 */
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { type RunResult, runAlab, tempDir } from "./binary";

const GIT_ENV = {
  GIT_AUTHOR_NAME: "alab test",
  GIT_AUTHOR_EMAIL: "test@alab.invalid",
  GIT_COMMITTER_NAME: "alab test",
  GIT_COMMITTER_EMAIL: "test@alab.invalid",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_TERMINAL_PROMPT: "0",
};

export interface GitRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function gitIn(dir: string, args: readonly string[], opts: { allowFail?: boolean } = {}): Promise<GitRun> {
  const proc = Bun.spawn(["git", ...args], { cwd: dir, env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir, ...GIT_ENV }, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  if (code !== 0 && opts.allowFail !== true) throw new Error(`git ${args.join(" ")} failed (${code}): ${stderr}${stdout}`);
  return { code, stdout, stderr };
}

export interface Repo {
  readonly dir: string;
  git(...args: string[]): Promise<GitRun>;
  /** git that may fail (a merge with conflicts). */
  tryGit(...args: string[]): Promise<GitRun>;
  alab(args: readonly string[], env?: Record<string, string>): Promise<RunResult>;
  write(path: string, text: string): Promise<void>;
  read(path: string): Promise<string>;
  remove(path: string): Promise<void>;
  /** The migrations folder's entries (dotfiles included), sorted. */
  migrations(): Promise<string[]>;
  /** Every file of the migrations folder with its text. */
  snapshotOfFolder(): Promise<Record<string, string>>;
  /** Commits everything with this message. */
  commit(message: string): Promise<void>;
  cleanup(): Promise<void>;
}

/** The base schema: one table; branches add a column to it or a table beside it. */
export const USER_TABLE = `export default table({
  id: col.id(),
  name: col.string(100),
});
`;

export function withColumn(column: string, type = "col.text().optional()"): string {
  return USER_TABLE.replace("  name: col.string(100),\n", `  name: col.string(100),\n  ${column}: ${type},\n`);
}

export function tableFile(extra = ""): string {
  return `export default table({\n  id: col.id(),\n  label: col.string(50),${extra}\n});\n`;
}

/**
 * A repository on `main` with alab.yaml (database from `url`, or the embedded default),
 * schemas/app/user.js and the first migration, committed.
 */
export async function makeRepo(opts: { url?: string; git?: boolean } = {}): Promise<Repo> {
  const { dir, cleanup } = await tempDir("alab-team-");
  const env: Record<string, string> = opts.url === undefined ? {} : { DATABASE_URL: opts.url };
  const repo: Repo = {
    dir,
    git: (...args) => gitIn(dir, args),
    tryGit: (...args) => gitIn(dir, args, { allowFail: true }),
    alab: (args, extra = {}) => runAlab(args, { cwd: dir, env: { NO_COLOR: "1", ...GIT_ENV, ...env, ...extra } }),
    write: async (path, text) => {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), text);
    },
    read: (path) => readFile(join(dir, path), "utf8"),
    remove: (path) => rm(join(dir, path), { force: true }),
    migrations: async () => (await readdir(join(dir, "migrations"))).sort(),
    snapshotOfFolder: async () => {
      const out: Record<string, string> = {};
      for (const f of (await readdir(join(dir, "migrations"))).sort()) out[f] = await readFile(join(dir, "migrations", f), "utf8");
      return out;
    },
    commit: async (message) => {
      await gitIn(dir, ["add", "-A"]);
      await gitIn(dir, ["commit", "-q", "-m", message]);
    },
    cleanup,
  };
  if (opts.git !== false) await repo.git("init", "-q", "-b", "main");
  await repo.write("alab.yaml", "schemas: ./schemas\nmigrations: ./migrations\n");
  await repo.write("schemas/app/user.js", USER_TABLE);
  await expectOk(repo.alab(["new", "init"]));
  if (opts.git !== false) await repo.commit("base");
  return repo;
}

/** Runs an alab command that must succeed, with its output in the error otherwise. */
export async function expectOk(p: Promise<RunResult>): Promise<RunResult> {
  const r = await p;
  if (r.code !== 0) throw new Error(`alab exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r;
}

/**
 * Two branches from the base: `main` adds table app.tag (migration add_tags), `feature` adds
 * column bio to app.user (migration add_bio); both are numbered 002. Leaves `feature` checked out,
 * not merged.
 */
export async function twoBranches(repo: Repo): Promise<void> {
  await repo.git("checkout", "-q", "-b", "feature");
  await repo.write("schemas/app/user.js", withColumn("bio"));
  await expectOk(repo.alab(["new", "add_bio"]));
  await repo.commit("add bio");
  await repo.git("checkout", "-q", "main");
  await repo.write("schemas/app/tag.js", tableFile());
  await expectOk(repo.alab(["new", "add_tags"]));
  await repo.commit("add tags");
  await repo.git("checkout", "-q", "feature");
}

/** `git merge main` on feature: the snapshot conflicts; resolve it as `side` says. */
export async function mergeMain(repo: Repo, side: "markers" | "ours" | "theirs", from = "main"): Promise<void> {
  const m = await repo.tryGit("merge", "--no-edit", from);
  if (m.code === 0) throw new Error("expected the merge to conflict on the snapshot");
  const unmerged = (await repo.git("diff", "--name-only", "--diff-filter=U")).stdout.trim().split("\n");
  if (unmerged.join(",") !== "migrations/alab.snapshot.json") throw new Error(`unexpected conflicts: ${unmerged.join(", ")}`);
  if (side !== "markers") await repo.git("checkout", `--${side}`, "--", "migrations/alab.snapshot.json");
}
