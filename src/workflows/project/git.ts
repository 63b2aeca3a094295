/**
 * `alab migrate --commit`: a git commit of the migrations folder after a successful run. git runs
 * as a child process in the project folder; only the migrations folder is staged and committed,
 * so whatever else the user has staged stays as it was.
 */
import { AlabError, EXIT } from "../../errors";

export interface CommitResult {
  readonly committed: boolean;
  /** The new commit, abbreviated. */
  readonly sha?: string;
  readonly message: string;
}

interface GitRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function git(cwd: string, args: readonly string[]): Promise<GitRun> {
  let proc: ReturnType<typeof Bun.spawn>;
  try {
    proc = Bun.spawn(["git", ...args], { cwd, stdin: "ignore", stdout: "pipe", stderr: "pipe", env: { ...process.env, GIT_TERMINAL_PROMPT: "0" } });
  } catch (e) {
    throw new AlabError({
      code: "E_GIT_MISSING",
      message: "`git` could not be started (is it installed and on PATH?)",
      hint: "install git, or run without --commit",
      exit: EXIT.runtime,
      cause: e,
    });
  }
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout as ReadableStream).text(), new Response(proc.stderr as ReadableStream).text(), proc.exited]);
  return { code, stdout, stderr };
}

function firstLine(text: string): string {
  return text.trim().split("\n")[0]?.trim() ?? "";
}

/** Fails before anything runs when --commit cannot work: git missing or not a repository. */
export async function assertGitRepo(cwd: string): Promise<void> {
  const r = await git(cwd, ["rev-parse", "--is-inside-work-tree"]);
  if (r.code !== 0 || r.stdout.trim() !== "true") {
    throw new AlabError({
      code: "E_GIT_NOT_REPO",
      message: `--commit needs a git repository, and ${cwd} is not inside one`,
      hint: "run `git init` (or run alab inside your repository), or leave out --commit",
    });
  }
}

export async function commitMigrations(cwd: string, migrationsDir: string, message: string): Promise<CommitResult> {
  const add = await git(cwd, ["add", "--", migrationsDir]);
  if (add.code !== 0) throw gitFailed("git add", add);
  const staged = await git(cwd, ["diff", "--cached", "--quiet", "--", migrationsDir]);
  if (staged.code === 0) return { committed: false, message };
  const commit = await git(cwd, ["commit", "--quiet", "-m", message, "--", migrationsDir]);
  if (commit.code !== 0) throw gitFailed("git commit", commit);
  const head = await git(cwd, ["rev-parse", "--short", "HEAD"]);
  return { committed: true, sha: head.stdout.trim(), message };
}

function gitFailed(what: string, r: GitRun): AlabError {
  return new AlabError({
    code: "E_GIT_FAILED",
    message: `${what} failed after the migrations were applied: ${firstLine(r.stderr) || firstLine(r.stdout) || `exit ${r.code}`}`,
    hint: "the database is migrated; commit the migrations folder yourself (git add, git commit)",
    exit: EXIT.runtime,
  });
}
