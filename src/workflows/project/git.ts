/**
 * Every use alab makes of git, and the only place it runs it: `alab migrate --commit` (a commit of
 * the migrations folder after a successful run), and what `alab rebase` and `alab check --base`
 * read of a branch (its migration files, their history, the merge in progress). git runs as a
 * child process with an argument list (never a shell string), in the project folder or the
 * repository's top, with no terminal prompt; git is optional, and each caller says what to do
 * without it.
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

/** `without`: what the command can do instead when git is not there (in the hint). */
async function git(cwd: string, args: readonly string[], without = "run without --commit"): Promise<GitRun> {
  let proc: ReturnType<typeof Bun.spawn>;
  try {
    // Settings a user's config could set that change what these commands print; paths are
    // paths, never pathspec magic (a folder named `:(glob)…`).
    const fixed = ["-c", "log.showSignature=false", "-c", "core.quotePath=false"];
    proc = Bun.spawn(["git", ...fixed, ...args], { cwd, stdin: "ignore", stdout: "pipe", stderr: "pipe", env: { ...process.env, GIT_TERMINAL_PROMPT: "0", GIT_OPTIONAL_LOCKS: "0", GIT_LITERAL_PATHSPECS: "1" } });
  } catch (e) {
    throw new AlabError({
      code: "E_GIT_MISSING",
      message: "`git` could not be started (is it installed and on PATH?)",
      hint: `install git, or ${without}`,
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

/** Reading the repository: the working folder, and what to do without git (for E_GIT_MISSING). */
export interface Repo {
  /** The repository's top folder, as git names it (links resolved). */
  readonly top: string;
  readonly without: string;
}

function readFailed(args: readonly string[], r: GitRun): AlabError {
  return new AlabError({
    code: "E_GIT_READ_FAILED",
    message: `\`git ${args[0]}\` failed: ${firstLine(r.stderr) || firstLine(r.stdout) || `exit ${r.code}`}`,
    hint: "run the command again; if git itself reports a problem with the repository, fix that first",
    exit: EXIT.runtime,
  });
}

async function read(repo: Repo, args: readonly string[]): Promise<string> {
  const r = await git(repo.top, args, repo.without);
  if (r.code !== 0) throw readFailed(args, r);
  return r.stdout;
}

/** The repository holding `cwd`, or undefined when there is none. */
export async function findRepo(cwd: string, without: string): Promise<Repo | undefined> {
  const r = await git(cwd, ["rev-parse", "--show-toplevel"], without);
  const top = r.stdout.trim();
  return r.code === 0 && top !== "" ? { top, without } : undefined;
}

/** The commit a branch, tag or commit name stands for, or undefined when it names none. */
export async function resolveCommit(repo: Repo, ref: string): Promise<string | undefined> {
  // A name starting with `-` would be read as an option.
  if (ref.startsWith("-") || ref.includes("\0")) return undefined;
  const r = await git(repo.top, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], repo.without);
  const sha = r.stdout.trim();
  return r.code === 0 && /^[0-9a-f]{40,64}$/.test(sha) ? sha : undefined;
}

/** The checked-out branch ("feature"), or undefined on a detached HEAD. */
export async function currentBranch(repo: Repo): Promise<string | undefined> {
  const r = await git(repo.top, ["symbolic-ref", "--quiet", "--short", "HEAD"], repo.without);
  return r.code === 0 && r.stdout.trim() !== "" ? r.stdout.trim() : undefined;
}

/** The branch a local branch tracks ("origin/main"; by default the current one's), or undefined. */
export async function upstreamOf(repo: Repo, branch = ""): Promise<string | undefined> {
  if (branch.startsWith("-")) return undefined;
  const r = await git(repo.top, ["rev-parse", "--abbrev-ref", "--symbolic-full-name", `${branch}@{upstream}`], repo.without);
  return r.code === 0 && r.stdout.trim() !== "" ? r.stdout.trim() : undefined;
}

/** True when `name` is a local branch (refs/heads/name). */
export async function isLocalBranch(repo: Repo, name: string): Promise<boolean> {
  if (name.startsWith("-")) return false;
  const r = await git(repo.top, ["show-ref", "--verify", "--quiet", `refs/heads/${name}`], repo.without);
  return r.code === 0;
}

export interface TreeFile {
  /** The file name inside the folder. */
  readonly name: string;
  /** Its blob, for reading its text. */
  readonly blob: string;
}

/** The files directly inside `dir` (relative to the top, `/`-separated) at `commit`; none when it has no such folder. */
export async function filesAt(repo: Repo, commit: string, dir: string): Promise<TreeFile[]> {
  const out = await read(repo, ["ls-tree", "-z", "--full-tree", commit, "--", dir === "" ? "." : `${dir}/`]);
  const files: TreeFile[] = [];
  for (const entry of out.split("\0")) {
    // "<mode> SP <type> SP <object> TAB <path>"
    const m = /^\d+ (\w+) ([0-9a-f]+)\t(.*)$/s.exec(entry);
    if (m === null || m[1] !== "blob") continue;
    const path = m[3] as string;
    files.push({ name: path.slice(path.lastIndexOf("/") + 1), blob: m[2] as string });
  }
  return files;
}

export async function blobText(repo: Repo, blob: string): Promise<string> {
  return read(repo, ["cat-file", "blob", blob]);
}

/** Which of `paths` (relative to the top) a commit in the history of any of `commits` ever added. */
export async function everAdded(repo: Repo, commits: readonly string[], paths: readonly string[]): Promise<Set<string>> {
  if (paths.length === 0 || commits.length === 0) return new Set();
  const out = await read(repo, ["log", "-z", "--format=", "--name-only", "--no-renames", "--diff-filter=A", ...commits, "--", ...paths]);
  const wanted = new Set(paths);
  return new Set(out.split(/[\0\n]/).filter((p) => wanted.has(p)));
}

/** Files under `dir` that git holds as unmerged (conflicted) in the index. */
export async function unmergedFiles(repo: Repo, dir: string): Promise<string[]> {
  const out = await read(repo, ["diff", "--name-only", "-z", "--diff-filter=U", "--", dir === "" ? "." : `${dir}/`]);
  return [...new Set(out.split("\0").filter((p) => p !== ""))];
}
