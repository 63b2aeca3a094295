/**
 * Configuration: flags > environment > alab.yaml > defaults (DESIGN §2.1). `resolveConfig` is pure
 * (text in, Config out) so every precedence rule is testable without a file system; `loadConfig`
 * is the thin IO wrapper that finds and reads the file.
 */
import { dirname, resolve } from "node:path";
import { type FileConfig, locate, locateUrl, parseFile } from "./config-file";
import { type Env, expandUrl, redactUrl } from "./config-vars";
import { AlabError, type SourceLocation } from "./errors";
import type { Dialect } from "./sql/dialect";
import { displayPath, isWithin } from "./workflows/project/paths";
import { readProjectFile } from "./workflows/project/read-file";

export { displayPath };

export const CONFIG_FILE = "alab.yaml";
export const DEFAULT_SQLITE_FILE = "./alab.db";
const MIB = 1024 * 1024;

export interface SandboxLimits {
  readonly timeoutMs: number;
  readonly memoryBytes: number;
}

export interface Config {
  readonly cwd: string;
  /**
   * The folder of alab.yaml (or of `-c FILE`), else the working directory. Everything in it may
   * come from a pull request: files are read inside it only (workflows/project/read-file.ts).
   */
  readonly projectRoot: string;
  readonly dialect: Dialect;
  /** The URL to connect with, after `${VAR}` expansion. Never print it: print `urlShown`. */
  readonly url: string;
  /** Where the URL came from, for messages: `--url`, `DATABASE_URL`, `alab.yaml (database.url)`, `default`. */
  readonly urlSource: string;
  /**
   * The URL for messages: `${NAME}` as written when it is a variable's value (see `urlHidden`),
   * otherwise the URL with its password replaced by `***`.
   */
  readonly urlShown: string;
  /** True when the URL is the value of a variable named in alab.yaml: nothing read out of it (host, database, user, file) is printed. */
  readonly urlHidden: boolean;
  /**
   * Who chose where the URL points: the operator (`--url`, DATABASE_URL, or a variable named in
   * alab.yaml), or the project's files (a URL written in alab.yaml, a `${NAME:-fallback}`'s
   * fallback, the default). A database the project chose gets no password from the environment
   * (PGPASSWORD, MYSQL_PASSWORD): only the one written in its URL.
   */
  readonly urlChosenBy: "operator" | "project";
  /** SQLite only: an absolute file path, or ":memory:". */
  readonly sqliteFile?: string;
  readonly schemasDir: string; // absolute
  readonly migrationsDir: string; // absolute
  /** Who named `migrationsDir`, for messages: `ALAB_MIGRATIONS_DIR`, `alab.yaml (migrations)`, `default`. */
  readonly migrationsDirSource: string;
  /** Absolute path of the alab.yaml that was read, if any. */
  readonly configFile?: string;
  readonly sandbox: SandboxLimits;
  readonly lockTimeoutSeconds: number;
  /** Seconds one DDL statement may wait in the lock queue before the run tries again (0: no limit). */
  readonly ddlLockTimeoutSeconds: number;
  /** How many more tries after a DDL lock wait timed out. */
  readonly ddlRetries: number;
  /** `generate.online`: `alab new` writes online forms for changes to existing tables. */
  readonly generateOnline: boolean;
  /** `--wait` / ALAB_WAIT: how long to retry connecting while the server is not up yet (0: once). */
  readonly waitSeconds: number;
}

export interface ConfigFlags {
  readonly config?: string;
  readonly url?: string;
  /** `--wait SECONDS`. */
  readonly wait?: string;
}

export type { Env };
export { redactUrl };

export interface ResolveInput {
  readonly flags: ConfigFlags;
  readonly env: Env;
  readonly cwd: string;
  readonly fileText?: string;
  /** Absolute (or cwd-relative) path of the file `fileText` was read from. */
  readonly filePath?: string;
}

export const DEFAULTS = {
  schemas: "./schemas",
  migrations: "./migrations",
  timeoutMs: 5000,
  memoryMb: 64,
  lockTimeoutSeconds: 60,
  ddlLockTimeoutSeconds: 5,
  ddlRetries: 5,
} as const;

export function resolveConfig(input: ResolveInput): Config {
  const cwd = input.cwd;
  const configFile = input.filePath === undefined ? undefined : resolve(cwd, input.filePath);
  const shown = configFile === undefined ? CONFIG_FILE : displayPath(cwd, configFile);
  const file = input.fileText === undefined ? {} : parseFile(input.fileText, shown);
  const fileDir = configFile === undefined ? cwd : dirname(configFile);

  const url = pickUrl(input, file, shown);
  const parsed = parseDatabaseUrl(url.value);
  if (parsed === null) {
    throw new AlabError({
      code: "E_CONFIG_BAD_URL",
      message: `${url.source} is not a database URL alab understands: \`${url.shown}\`${url.hidden ? " (the variable's value is not shown)" : ""}`,
      hint: "use postgres://…, postgresql://…, mysql://…, mariadb://…, sqlite:path, sqlite::memory:, file:path, or a path ending in .db/.sqlite/.sqlite3",
      at: url.at,
    });
  }
  const declared = file.database?.dialect;
  if (declared !== undefined && declared !== parsed.dialect) {
    throw new AlabError({
      code: "E_CONFIG_DIALECT_MISMATCH",
      message: `${shown} says database.dialect is ${declared}, but the URL from ${url.source} is a ${parsed.dialect} URL`,
      hint: `make database.dialect match the URL, or remove it (the dialect is inferred from the URL)`,
      at: locate(input.fileText, shown, ["database", "dialect"]),
    });
  }
  const sqliteFile =
    parsed.sqliteFile === undefined || parsed.sqliteFile === ":memory:"
      ? parsed.sqliteFile
      : resolve(url.baseDir === "file" ? fileDir : cwd, parsed.sqliteFile);
  // What alab.yaml names is written by whoever wrote the file, possibly a pull request: it stays
  // in the project. Flags and the environment are the operator's and may point anywhere.
  const inside = (path: string, key: readonly string[]): string => {
    if (isWithin(fileDir, path)) return path;
    throw new AlabError({
      code: "E_CONFIG_PATH_OUTSIDE_PROJECT",
      message: `\`${key.join(".")}\` in ${shown} names a path outside the project (the folder of ${shown})`,
      hint: `alab.yaml names only paths inside the folder that holds it; to use a folder or database elsewhere, set it from outside the project: ${key[0] === "database" ? "DATABASE_URL or --url" : `ALAB_${key[0]?.toUpperCase()}_DIR`}`,
      at: locate(input.fileText, shown, key),
    });
  };
  if (url.baseDir === "file" && url.source !== "default" && sqliteFile !== undefined && sqliteFile !== ":memory:") inside(sqliteFile, ["database", "url"]);

  const dir = (envName: string, key: "schemas" | "migrations", fallback: string): string => {
    const fromEnv = nonEmpty(input.env[envName]);
    if (fromEnv !== undefined) return resolve(cwd, fromEnv);
    const fromFile = file[key];
    return fromFile === undefined ? resolve(fileDir, fallback) : inside(resolve(fileDir, fromFile), [key]);
  };

  return {
    cwd,
    projectRoot: fileDir,
    dialect: parsed.dialect,
    url: url.value,
    urlSource: url.source,
    urlShown: url.shown,
    urlHidden: url.hidden,
    urlChosenBy: url.chosenBy,
    ...(sqliteFile === undefined ? {} : { sqliteFile }),
    schemasDir: dir("ALAB_SCHEMAS_DIR", "schemas", DEFAULTS.schemas),
    migrationsDir: dir("ALAB_MIGRATIONS_DIR", "migrations", DEFAULTS.migrations),
    migrationsDirSource: dirSource(input.env, "ALAB_MIGRATIONS_DIR", file.migrations !== undefined, shown, "migrations"),
    ...(configFile === undefined || input.fileText === undefined ? {} : { configFile }),
    sandbox: {
      timeoutMs: envLimit(input.env, "ALAB_SANDBOX_TIMEOUT_MS", OPERATOR_CEILING.timeoutMs) ?? file.sandbox?.timeout_ms ?? DEFAULTS.timeoutMs,
      memoryBytes: (envLimit(input.env, "ALAB_SANDBOX_MEMORY_MB", OPERATOR_CEILING.memoryMb) ?? file.sandbox?.memory_mb ?? DEFAULTS.memoryMb) * MIB,
    },
    lockTimeoutSeconds: file.lock_timeout ?? DEFAULTS.lockTimeoutSeconds,
    ddlLockTimeoutSeconds: file.ddl_lock_timeout ?? DEFAULTS.ddlLockTimeoutSeconds,
    ddlRetries: file.ddl_retries ?? DEFAULTS.ddlRetries,
    generateOnline: file.generate?.online ?? false,
    waitSeconds: waitOf(input.flags.wait, "--wait") ?? waitOf(nonEmpty(input.env.ALAB_WAIT), "ALAB_WAIT") ?? 0,
  };
}

/**
 * Reads `--config` (which must exist) or `./alab.yaml` (optional) and resolves. Either is read as a
 * project file of its own folder: `./alab.yaml` may come from a pull request, and so may the file
 * an operator names with `-c` (its location is trusted, not what lies there).
 */
export async function loadConfig(input: Omit<ResolveInput, "fileText" | "filePath">): Promise<Config> {
  const explicit = input.flags.config;
  const path = resolve(input.cwd, explicit ?? CONFIG_FILE);
  const text = readProjectFile(path, { root: dirname(path), cwd: input.cwd }, { optional: true });
  if (text === undefined) {
    if (explicit === undefined) return resolveConfig(input);
    throw new AlabError({
      code: "E_CONFIG_NOT_FOUND",
      message: `config file \`${explicit}\` does not exist`,
      hint: "check the path given to -c/--config, or run `alab init` to create alab.yaml",
    });
  }
  return resolveConfig({ ...input, fileText: text, filePath: path });
}

interface PickedUrl {
  readonly value: string;
  readonly source: string;
  readonly shown: string;
  readonly hidden: boolean;
  readonly chosenBy: "operator" | "project";
  /** Which directory a relative SQLite path is relative to. */
  readonly baseDir: "cwd" | "file";
  readonly at?: SourceLocation;
}

/** The operator's URL (flag or DATABASE_URL) wins; then alab.yaml's, whose variable is read only now, when it is the one used. */
function pickUrl(input: ResolveInput, file: FileConfig, shown: string): PickedUrl {
  const operator = (value: string, source: string): PickedUrl => ({ value, source, shown: redactUrl(value), hidden: false, chosenBy: "operator", baseDir: "cwd" });
  if (input.flags.url !== undefined) return operator(input.flags.url, "--url");
  const env = nonEmpty(input.env.DATABASE_URL);
  if (env !== undefined) return operator(env, "DATABASE_URL");
  const fromFile = file.database?.url;
  if (fromFile !== undefined) {
    const at = locateUrl(input.fileText, shown);
    const { value, fromVariable } = expandUrl(fromFile, input.env, { key: "database.url", file: shown, at });
    return {
      value,
      source: `${shown} (database.url)`,
      shown: fromVariable && fromFile.kind === "variable" ? fromFile.written : redactUrl(value),
      hidden: fromVariable,
      chosenBy: fromVariable ? "operator" : "project",
      baseDir: "file",
      at,
    };
  }
  if (file.database?.dialect !== undefined && file.database.dialect !== "sqlite") {
    throw new AlabError({
      code: "E_CONFIG_MISSING_URL",
      message: `${shown} sets database.dialect to ${file.database.dialect} but no database URL is configured`,
      hint: "set database.url in alab.yaml, the DATABASE_URL environment variable, or pass -d/--url",
      at: locate(input.fileText, shown, ["database", "dialect"]),
    });
  }
  const value = `sqlite:${DEFAULT_SQLITE_FILE}`;
  return { value, source: "default", shown: value, hidden: false, chosenBy: "project", baseDir: "file" };
}

/** The dialect a URL names, and for SQLite the (unresolved) file; null when the form is unknown. */
export function parseDatabaseUrl(url: string): { dialect: Dialect; sqliteFile?: string } | null {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === "postgres" || scheme === "postgresql" || scheme === "mysql" || scheme === "mariadb") {
    if (!url.slice(scheme.length + 1).startsWith("//") || !URL.canParse(url)) return null;
    return { dialect: scheme.startsWith("postgres") ? "postgres" : "mysql" };
  }
  if (scheme === "sqlite" || scheme === "file") {
    let rest = url.slice(scheme.length + 1);
    if (rest === ":memory:") return { dialect: "sqlite", sqliteFile: ":memory:" };
    // sqlite:///abs/x.db and file:///abs/x.db are the URL spellings of /abs/x.db.
    if (rest.startsWith("//")) rest = rest.slice(2);
    rest = rest.split("?")[0] ?? "";
    return rest === "" ? null : { dialect: "sqlite", sqliteFile: rest };
  }
  if (scheme === undefined && /\.(db|sqlite|sqlite3)$/i.test(url)) {
    return { dialect: "sqlite", sqliteFile: url };
  }
  return null;
}

/** What the operator may give a file: QuickJS's memory is 32-bit WebAssembly (4 GiB at most). */
const OPERATOR_CEILING = { timeoutMs: 3_600_000, memoryMb: 3072 } as const;

/** A sandbox limit from the environment (the operator's: no project ceiling), or undefined when unset. */
function envLimit(env: Env, name: string, max: number): number | undefined {
  const text = nonEmpty(env[name]);
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^[0-9]+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < 1 || n > max) {
    throw new AlabError({
      code: "E_CONFIG_TYPE",
      message: `${name} must be a whole number from 1 to ${max}`,
      hint: "see docs/config.md (the sandbox's limits)",
    });
  }
  return n;
}

/** Seconds to keep retrying a connection: a number ≥ 0 (fractions allowed), at most a day. */
function waitOf(text: string | undefined, source: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\s*\d+(\.\d+)?\s*$/.test(text) || !Number.isFinite(n) || n > 86_400) {
    throw new AlabError({
      code: source === "--wait" ? "E_USAGE_BAD_VALUE" : "E_CONFIG_TYPE",
      message: `${source} takes a number of seconds from 0 to 86400 (got \`${text.length > 20 ? `${text.slice(0, 19)}…` : text}\`)`,
      hint: "e.g. --wait 60 (or ALAB_WAIT=60): retry connecting for up to a minute while the database starts",
    });
  }
  return n;
}

function dirSource(env: Env, envName: string, inFile: boolean, shown: string, key: string): string {
  if (nonEmpty(env[envName]) !== undefined) return envName;
  return inFile ? `${shown} (${key})` : "default";
}

function nonEmpty(s: string | undefined): string | undefined {
  return s === undefined || s === "" ? undefined : s;
}

