/**
 * The migrations folder: which files are migrations, in which order, and what the next file is
 * called. Order is by the numeric prefix (so 1000 follows 999, and Azul's 14-digit timestamps fit
 * in). Two files with one number (two branches each added one) are listed by scanMigrationFiles,
 * for the commands that must look at them (status, rebase), and refused by listMigrationFiles,
 * with `alab rebase` as the fix, by every command that acts on the order.
 */
import { join } from "node:path";
import { type Config, displayPath } from "../../config";
import { AlabError } from "../../errors";
import { listProjectDir } from "./list-dir";
import { confinedTo, readProjectFile } from "./read-file";
import { type RevisionProblem, revisionProblems } from "./revision-refs";

export const SNAPSHOT_FILE = "alab.snapshot.json";

export interface MigrationFile {
  /** The numeric prefix as written ("001", "20240101120000"). */
  readonly revision: string;
  readonly order: bigint;
  /** The part after the prefix, without the extension ("add_user_auth"). */
  readonly name: string;
  /** The file name ("001_add_user_auth.js"): what the snapshot's `head` names. */
  readonly file: string;
  readonly path: string;
  readonly source: string;
  /** sha256 (hex) of the text with CRLF turned into LF, so a checkout on Windows is not a change. */
  readonly checksum: string;
}

/** Names from Azul projects may carry dashes or capitals (`20150101000000_create-articles.js`). */
const MIGRATION = /^(\d+)_([A-Za-z0-9_-]+)\.(js|ts)$/;
const IGNORED = /^\.|\.d\.ts$|\.md$/;

export function checksumOf(text: string): string {
  return new Bun.CryptoHasher("sha256").update(text.includes("\r") ? text.replace(/\r\n/g, "\n") : text).digest("hex");
}

/** Splits a file name, or undefined when it is not a migration name. */
export function parseMigrationName(file: string): { revision: string; order: bigint; name: string } | undefined {
  const m = MIGRATION.exec(file);
  if (m === null) return undefined;
  const revision = m[1] as string;
  return { revision, order: BigInt(revision), name: m[2] as string };
}

function compareOrder(a: { order: bigint; file: string }, b: { order: bigint; file: string }): number {
  return a.order < b.order ? -1 : a.order > b.order ? 1 : a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
}

/** Not migrations, never opened: the snapshot (read on its own), dotfiles, notes, typings, other files. */
const notMigration = (file: string): boolean => file === SNAPSHOT_FILE || IGNORED.test(file) || !/\.(js|ts)$/.test(file);

/** Two or more files with one number (two branches each added one): the files, in name order. */
export interface NumberClash {
  readonly order: bigint;
  readonly files: readonly MigrationFile[];
}

export interface MigrationScan {
  /** Every migration file, by number (then by file name where numbers clash). */
  readonly files: readonly MigrationFile[];
  readonly clashes: readonly NumberClash[];
}

type FolderConfig = Pick<Config, "migrationsDir" | "projectRoot" | "cwd"> & Partial<Pick<Config, "migrationsDirSource">>;

export interface ScanOptions {
  /**
   * The commands that touch a database (migrate, rollback, status): a missing folder is a wrong
   * working directory or a wrong setting, never "nothing to migrate" — a deploy that finds no
   * folder must fail, not succeed doing nothing. Commands that write files create the folder.
   */
  readonly required?: boolean;
}

/** The folder alab looked for does not exist (exit 2), naming it and who chose it. */
export function missingFolderError(config: FolderConfig): AlabError {
  const source = config.migrationsDirSource ?? "default";
  const why = source === "default" ? `the default, ./migrations in the working directory ${config.cwd}` : `set by ${source}`;
  return new AlabError({
    code: "E_MIGRATIONS_DIR_MISSING",
    message: `there is no migrations folder at ${config.migrationsDir} (${why})`,
    hint:
      source === "default"
        ? "run alab from the project's folder (the one holding alab.yaml and migrations/), pass its config with -c path/to/alab.yaml, or set ALAB_MIGRATIONS_DIR; `alab init` creates a new project"
        : `point ${source} at the folder that holds the migration files, or run alab from the project's folder`,
  });
}

/**
 * The migration files in order, clashing numbers included: what `alab status` and `alab rebase`
 * read, since they must work exactly when two branches' files share a number. Commands that act
 * on the order use listMigrationFiles. A missing folder is an empty list unless `required`.
 */
export async function scanMigrationFiles(config: FolderConfig, opts: ScanOptions = {}): Promise<MigrationScan> {
  const dir = config.migrationsDir;
  const within = confinedTo(config, dir);
  const entries = listProjectDir(dir, within, notMigration);
  if (entries === undefined && opts.required === true) throw missingFolderError(config);
  if (entries === undefined) return { files: [], clashes: [] };
  const found: { revision: string; order: bigint; name: string; file: string }[] = [];
  for (const { name: file, kind } of entries) {
    // A folder named like a migration is not one (as before: only files were listed).
    if (kind !== "file") continue;
    const parsed = parseMigrationName(file);
    if (parsed === undefined) {
      throw new AlabError({
        code: "E_MIGRATION_FILENAME",
        message: `${join(dir, file)} is not named like a migration`,
        hint: "migration files are named <number>_<snake_name>.js (e.g. 001_add_users.js, or 20240101120000_add_users.js from make-migration); rename or move it",
        at: { file: join(dir, file) },
      });
    }
    found.push({ ...parsed, file });
  }
  found.sort(compareOrder);
  // Read one after the other: for hundreds of small files that is faster than as many promises.
  const files = found.map((f): MigrationFile => {
    const path = join(dir, f.file);
    const source = readProjectFile(path, within);
    return { ...f, path, source, checksum: checksumOf(source) };
  });
  return { files, clashes: numberClashes(files) };
}

/** Runs of files that share a number, in file order. */
export function numberClashes<T extends { readonly order: bigint }>(files: readonly T[]): { order: bigint; files: T[] }[] {
  const out: { order: bigint; files: T[] }[] = [];
  for (let i = 1; i < files.length; i++) {
    const a = files[i - 1] as T;
    const b = files[i] as T;
    if (a.order !== b.order) continue;
    const last = out[out.length - 1];
    if (last !== undefined && last.order === a.order) last.files.push(b);
    else out.push({ order: a.order, files: [a, b] });
  }
  return out;
}

/** What every command that acts on the order says about a clash; the fix is `alab rebase`. */
export function clashError(clash: NumberClash, cwd: string): AlabError {
  const names = clash.files.map((f) => f.file);
  const last = names[names.length - 1] as string;
  const moves = names.map((n) => `\`alab rebase --move ${n}\``);
  return new AlabError({
    code: "E_MIGRATION_DUPLICATE_NUMBER",
    message: `${names.length} migrations have the number ${clash.files[0]?.revision}: ${names.slice(0, -1).join(", ")} and ${last}`,
    hint: `two branches each added a migration. After merging, run \`alab rebase\`: it renumbers this branch's migrations after the merged branch's and rebuilds the snapshot (\`alab rebase --dry\` shows the plan). Without git: ${moves.slice(0, -1).join(", ")} or ${moves[moves.length - 1]}, whichever is this branch's. \`alab status\` lists them`,
    details: clash.files.map((f) => displayPath(cwd, f.path)),
  });
}

/** What every command that acts on the order says when up_revision/down_revision do not fit it. */
export function revisionError(problems: readonly RevisionProblem[], files: readonly MigrationFile[], cwd: string): AlabError {
  const first = problems[0] as RevisionProblem;
  const path = files.find((f) => f.file === first.file)?.path;
  return new AlabError({
    code: "E_MIGRATION_REVISION",
    message: first.message,
    hint: "the files are not in the order their up_revision/down_revision say: usually two branches each generated a migration after the same one. After merging, run `alab rebase`: it renumbers this branch's migrations and rewrites these values (`alab rebase --dry` shows the plan). If only a value is wrong, correct it",
    ...(path === undefined ? {} : { at: { file: displayPath(cwd, path) } }),
    details: problems.slice(1).map((p) => p.message),
  });
}

/**
 * The migration files in order; two files with one number, or up_revision/down_revision values
 * that say another order, are an error naming the fix.
 */
export async function listMigrationFiles(config: FolderConfig, opts: ScanOptions = {}): Promise<MigrationFile[]> {
  const scan = await scanMigrationFiles(config, opts);
  const clash = scan.clashes[0];
  if (clash !== undefined) throw clashError(clash, config.cwd);
  const problems = revisionProblems(scan.files);
  if (problems.length > 0) throw revisionError(problems, scan.files, config.cwd);
  return [...scan.files];
}

/** The number after the highest, at least 3 digits (or as wide as `width`). */
export function nextNumber(orders: readonly bigint[], width = 3): string {
  const highest = orders.reduce((max, o) => (o > max ? o : max), 0n);
  return (highest + 1n).toString().padStart(Math.max(3, width), "0");
}

/**
 * A migration name in snake_case: "Add user auth", "add-user-auth" and "addUserAuth" all give
 * add_user_auth. Anything left that is not [a-z0-9_] is an error.
 */
export function snakeName(raw: string): string {
  const snake = raw
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[\s\-.]+/g, "_")
    .toLowerCase()
    .replace(/_+/g, "_")
    .replace(/^_|_$/g, "");
  if (snake === "" || !/^[a-z0-9_]+$/.test(snake)) {
    throw new AlabError({
      code: "E_MIGRATION_NAME",
      message: `\`${raw}\` cannot be a migration name`,
      hint: "use letters, digits, spaces, dashes or underscores, e.g. `alab new add_user_auth`",
    });
  }
  return snake;
}

/** `NNN_<name>.js` for `alab new`. */
export function nextMigrationFileName(existing: readonly MigrationFile[], name: string): string {
  return `${nextNumber(existing.map((f) => f.order))}_${snakeName(name)}.js`;
}

/**
 * `YYYYMMDDHHMMSS_<name>.js` for `alab make-migration`, in UTC. When the folder already holds a
 * number at least that high (a second run within the same second), the next number is used, so
 * the new file still sorts last.
 */
export function timestampFileName(existing: readonly MigrationFile[], name: string, now: Date): string {
  const pad = (n: number, w = 2): string => String(n).padStart(w, "0");
  const stamp = `${pad(now.getUTCFullYear(), 4)}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`;
  const highest = existing.reduce((max, f) => (f.order > max ? f.order : max), 0n);
  const number = BigInt(stamp) > highest ? stamp : nextNumber([highest], 14);
  return `${number}_${snakeName(name)}.js`;
}
