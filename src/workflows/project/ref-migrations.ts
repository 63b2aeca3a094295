/**
 * Another branch's migrations, as git holds them: which REF to compare with, the migration files
 * in its migrations folder, and what its history proves was shipped. Read by `alab rebase` (which
 * files of this branch go after REF's) and `alab check --base` (is this branch behind REF).
 *
 * "Shipped" is what REF's history can prove: a migration file that some commit in REF's history
 * added under that very name (it may since have been renamed or removed there, but a database
 * may hold it under that number), or one REF's folder holds under another number with the same
 * name and the same content (up to its revision references). Neither may be renumbered here.
 *
 * A local branch given as REF counts together with the remote branch it tracks (`main` with
 * `origin/main`): after `git merge origin/main` with a local `main` that was never pulled, the
 * merged migrations are in origin/main only, and must still stay where they are.
 */
import { realpathSync } from "node:fs";
import { relative, sep } from "node:path";
import { AlabError, EXIT } from "../../errors";
import { blobText, currentBranch, everAdded, filesAt, findRepo, isLocalBranch, type Repo, resolveCommit, upstreamOf } from "./git";
import { checksumOf, numberClashes } from "./migration-files";
import { type PlanFile, planFilesOf } from "./rebase-plan";
import { rewriteRevisionRefs } from "./revision-refs";

export interface RefMigrations {
  readonly repo: Repo;
  /** As given or chosen ("main", "origin/main"). */
  readonly ref: string;
  /** Why this REF, for the output ("--onto", "the upstream of feature"). */
  readonly why: string;
  /** REF's commit, and its upstream's when that is another commit. */
  readonly commits: readonly string[];
  /** The migrations folder relative to the repository's top, `/`-separated ("" for the top). */
  readonly dir: string;
  /** REF's migration files, in order, with their blobs. */
  readonly files: readonly (PlanFile & { readonly blob: string })[];
  readonly newest: bigint;
}

export async function openRepo(cwd: string, without: string, noRepo: () => AlabError): Promise<Repo> {
  const repo = await findRepo(cwd, without);
  if (repo === undefined) throw noRepo();
  return repo;
}

/**
 * With no --onto: the branch the current one tracks, unless that is only its own copy on a remote
 * (origin/feature for feature: it has none of the other branch's work); else `main`.
 */
export async function defaultRef(repo: Repo): Promise<{ ref: string; why: string }> {
  const [upstream, branch] = await Promise.all([upstreamOf(repo), currentBranch(repo)]);
  const ownCopy = upstream !== undefined && branch !== undefined && branch !== "main" && upstream.endsWith(`/${branch}`);
  if (upstream !== undefined && !ownCopy) return { ref: upstream, why: `the upstream of ${branch ?? "HEAD"}` };
  return { ref: "main", why: upstream === undefined ? `${branch ?? "HEAD"} has no upstream` : `${upstream} is ${branch}'s own remote copy` };
}

/** The migrations folder as git names it, relative to the top. */
function repoDir(repo: Repo, migrationsDir: string): string {
  let real = migrationsDir;
  try {
    real = realpathSync(migrationsDir);
  } catch {
    // Not there yet: its name is all there is to compare.
  }
  const rel = relative(repo.top, real);
  if (rel.startsWith("..")) {
    throw new AlabError({ code: "E_GIT_OUTSIDE_REPO", message: `the migrations folder is not inside the git repository at ${repo.top}`, hint: "run alab inside the repository that holds the migrations, or point `migrations:` at the folder inside it" });
  }
  return rel.split(sep).join("/");
}

/** `flag`: how the user names REF (`--onto`, `--base`), for the hints. */
export async function refMigrations(repo: Repo, migrationsDir: string, ref: string, why: string, flag = "--onto"): Promise<RefMigrations> {
  const commit = await resolveCommit(repo, ref);
  if (commit === undefined) {
    throw new AlabError({
      code: "E_GIT_UNKNOWN_REF",
      message: `\`${ref}\` (${why}) is not a branch, tag or commit in this repository`,
      hint: `name a branch that exists (\`${flag} origin/main\`, \`${flag} master\`); in a shallow clone (CI), fetch it first: \`git fetch origin ${ref.replace(/^origin\//, "")}\``,
    });
  }
  const dir = repoDir(repo, migrationsDir);
  const upstream = (await isLocalBranch(repo, ref)) ? await upstreamOf(repo, ref) : undefined;
  const upstreamCommit = upstream === undefined ? undefined : await resolveCommit(repo, upstream);
  const commits = upstreamCommit === undefined || upstreamCommit === commit ? [commit] : [commit, upstreamCommit];
  const blobs = new Map<string, string>();
  for (const c of commits) for (const t of await filesAt(repo, c, dir)) if (!blobs.has(t.name)) blobs.set(t.name, t.blob);
  const files = planFilesOf([...blobs.keys()]).map((f) => ({ ...f, blob: blobs.get(f.file) as string }));
  const clash = numberClashes(files)[0];
  if (clash !== undefined) {
    throw new AlabError({
      code: "E_GIT_REF_CLASH",
      message: `${commits.length > 1 ? `${ref} (with ${upstream})` : ref} itself has two migrations numbered ${clash.files[0]?.revision}: ${clash.files.map((f) => f.file).join(", ")}`,
      hint: `REF must be the branch you merged in, whose migrations stay as they are: name it with \`--onto <branch>\`. On the branch that received the merge, that is its state before it: \`--onto HEAD^1\` once the merge is committed`,
      exit: EXIT.usage,
    });
  }
  const shown = commits.length > 1 ? `${ref} (with ${upstream})` : ref;
  return { repo, ref: shown, why, commits, dir, files, newest: files[files.length - 1]?.order ?? 0n };
}

/** Two texts of one migration, equal once their revision references are set aside. */
function sameMigration(a: string, b: string): boolean {
  const plain = (t: string) => checksumOf(rewriteRevisionRefs(t.replace(/\r\n/g, "\n"), { up: "0", down: null }));
  return plain(a) === plain(b);
}

export interface Shipped {
  readonly file: string;
  /** Why it counts as shipped, in words. */
  readonly why: string;
  /** REF's name for it, when REF has it under another number. */
  readonly asRef?: string;
}

/** Which of `files` (this branch's, about to be renumbered) REF has already shipped. */
export async function shippedOn(ref: RefMigrations, files: readonly { readonly file: string; readonly name: string; readonly source: string }[]): Promise<Shipped[]> {
  const at = (file: string) => (ref.dir === "" ? file : `${ref.dir}/${file}`);
  const added = await everAdded(ref.repo, ref.commits, files.map((f) => at(f.file)));
  const out: Shipped[] = [];
  for (const f of files) {
    const sameName = ref.files.filter((r) => r.name === f.name && r.file !== f.file);
    let asRef: string | undefined;
    for (const r of sameName) if (sameMigration(await blobText(ref.repo, r.blob), f.source)) asRef = r.file;
    if (asRef !== undefined) out.push({ file: f.file, why: `${ref.ref} has it as ${asRef} (same name and content)`, asRef });
    else if (added.has(at(f.file))) out.push({ file: f.file, why: `a commit in ${ref.ref}'s history added ${at(f.file)}` });
  }
  return out;
}
