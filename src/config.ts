/**
 * Configuration: flags > environment > alab.yaml > defaults (DESIGN §2.1). `resolveConfig` is pure
 * (text in, Config out) so every precedence rule is testable without a file system; `loadConfig`
 * is the thin IO wrapper that finds and reads the file.
 */
import { dirname, resolve } from "node:path";
import * as v from "valibot";
import { AlabError, AlabErrors, type SourceLocation } from "./errors";
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
  /** The URL as configured, after `${VAR}` expansion. May hold a password: print it with `redactUrl`. */
  readonly url: string;
  /** Where the URL came from, for messages: `--url`, `DATABASE_URL`, `alab.yaml (database.url)`, `default`. */
  readonly urlSource: string;
  /** SQLite only: an absolute file path, or ":memory:". */
  readonly sqliteFile?: string;
  readonly schemasDir: string; // absolute
  readonly migrationsDir: string; // absolute
  /** Absolute path of the alab.yaml that was read, if any. */
  readonly configFile?: string;
  readonly sandbox: SandboxLimits;
  readonly lockTimeoutSeconds: number;
}

export interface ConfigFlags {
  readonly config?: string;
  readonly url?: string;
}

export type Env = Readonly<Record<string, string | undefined>>;

export interface ResolveInput {
  readonly flags: ConfigFlags;
  readonly env: Env;
  readonly cwd: string;
  readonly fileText?: string;
  /** Absolute (or cwd-relative) path of the file `fileText` was read from. */
  readonly filePath?: string;
}

const positiveInt = v.pipe(v.number(), v.integer(), v.minValue(1));
const FileSchema = v.strictObject({
  database: v.optional(
    v.strictObject({
      dialect: v.optional(v.picklist(["postgres", "mysql", "sqlite"])),
      url: v.optional(v.string()),
    }),
  ),
  schemas: v.optional(v.string()),
  migrations: v.optional(v.string()),
  sandbox: v.optional(v.strictObject({ timeout_ms: v.optional(positiveInt), memory_mb: v.optional(positiveInt) })),
  lock_timeout: v.optional(v.pipe(v.number(), v.minValue(0))),
});
type FileConfig = v.InferOutput<typeof FileSchema>;

export const DEFAULTS = {
  schemas: "./schemas",
  migrations: "./migrations",
  timeoutMs: 5000,
  memoryMb: 64,
  lockTimeoutSeconds: 60,
} as const;

export function resolveConfig(input: ResolveInput): Config {
  const cwd = input.cwd;
  const configFile = input.filePath === undefined ? undefined : resolve(cwd, input.filePath);
  const shown = configFile === undefined ? CONFIG_FILE : displayPath(cwd, configFile);
  const file = input.fileText === undefined ? {} : parseFile(input.fileText, shown, input.env);
  const fileDir = configFile === undefined ? cwd : dirname(configFile);

  const url = pickUrl(input, file, shown);
  const parsed = parseDatabaseUrl(url.value);
  if (parsed === null) {
    throw new AlabError({
      code: "E_CONFIG_BAD_URL",
      message: `${url.source} is not a database URL alab understands: \`${redactUrl(url.value)}\``,
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
    ...(sqliteFile === undefined ? {} : { sqliteFile }),
    schemasDir: dir("ALAB_SCHEMAS_DIR", "schemas", DEFAULTS.schemas),
    migrationsDir: dir("ALAB_MIGRATIONS_DIR", "migrations", DEFAULTS.migrations),
    ...(configFile === undefined || input.fileText === undefined ? {} : { configFile }),
    sandbox: {
      timeoutMs: file.sandbox?.timeout_ms ?? DEFAULTS.timeoutMs,
      memoryBytes: (file.sandbox?.memory_mb ?? DEFAULTS.memoryMb) * MIB,
    },
    lockTimeoutSeconds: file.lock_timeout ?? DEFAULTS.lockTimeoutSeconds,
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
  /** Which directory a relative SQLite path is relative to. */
  readonly baseDir: "cwd" | "file";
  readonly at?: SourceLocation;
}

function pickUrl(input: ResolveInput, file: FileConfig, shown: string): PickedUrl {
  if (input.flags.url !== undefined) return { value: input.flags.url, source: "--url", baseDir: "cwd" };
  const env = nonEmpty(input.env.DATABASE_URL);
  if (env !== undefined) return { value: env, source: "DATABASE_URL", baseDir: "cwd" };
  const fromFile = file.database?.url;
  if (fromFile !== undefined) {
    const at = locate(input.fileText, shown, ["database", "url"]);
    return { value: fromFile, source: `${shown} (database.url)`, baseDir: "file", ...(at ? { at } : {}) };
  }
  if (file.database?.dialect !== undefined && file.database.dialect !== "sqlite") {
    throw new AlabError({
      code: "E_CONFIG_MISSING_URL",
      message: `${shown} sets database.dialect to ${file.database.dialect} but no database URL is configured`,
      hint: "set database.url in alab.yaml, the DATABASE_URL environment variable, or pass -d/--url",
      at: locate(input.fileText, shown, ["database", "dialect"]),
    });
  }
  return { value: `sqlite:${DEFAULT_SQLITE_FILE}`, source: "default", baseDir: "file" };
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

/** `postgres://u:secret@h/db` -> `postgres://u:***@h/db`. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@/]*@/i, "$1***@");
}

function parseFile(text: string, shown: string, env: Env): FileConfig {
  let raw: unknown;
  try {
    raw = Bun.YAML.parse(text);
  } catch (e) {
    throw new AlabError({
      code: "E_CONFIG_YAML",
      message: `${shown} is not valid YAML: ${e instanceof Error ? e.message.replace(/^YAML Parse error: /, "") : String(e)}`,
      hint: "fix the YAML syntax (indent with spaces; quote values containing `: ` or `#`)",
      at: { file: shown },
    });
  }
  if (raw === null || raw === undefined) return {};
  if (typeof raw !== "object" || Array.isArray(raw)) {
    throw new AlabError({
      code: "E_CONFIG_INVALID",
      message: `${shown} must be a mapping of keys (database, schemas, migrations, sandbox, lock_timeout)`,
      hint: "see docs/config.md for the keys alab.yaml accepts",
      at: { file: shown },
    });
  }
  const expanded = expandTree(raw, [], env, text, shown);
  const result = v.safeParse(FileSchema, expanded);
  if (result.success) return result.output;
  const errors = result.issues.map((issue) => issueError(issue, text, shown));
  if (errors.length === 1 && errors[0] !== undefined) throw errors[0];
  throw new AlabErrors(errors);
}

function issueError(issue: v.BaseIssue<unknown>, text: string, shown: string): AlabError {
  const path = (issue.path ?? []).map((p) => String(p.key));
  const key = path.join(".");
  const at = locate(text, shown, path);
  if (issue.type === "strict_object") {
    return new AlabError({
      code: "E_CONFIG_UNKNOWN_KEY",
      message: `unknown key \`${key}\` in ${shown}`,
      hint: "alab.yaml accepts database.{dialect,url}, schemas, migrations, sandbox.{timeout_ms,memory_mb}, lock_timeout (docs/config.md)",
      at,
    });
  }
  const expected = issue.expected === null ? issue.message.replace(/^Invalid \w+: /, "") : `expected ${issue.expected}`;
  return new AlabError({
    code: "E_CONFIG_TYPE",
    message: `\`${key}\` in ${shown} has a wrong value: ${expected}, got ${issue.received}`,
    hint: "see docs/config.md for the type of each key",
    at,
  });
}

/** Expands `${VAR}` (and `${VAR:-default}`) in every string of the parsed file; `$${` is a literal `${`. */
function expandTree(node: unknown, path: readonly string[], env: Env, text: string, shown: string): unknown {
  if (typeof node === "string") return expandString(node, path, env, text, shown);
  if (Array.isArray(node)) return node.map((x, i) => expandTree(x, [...path, String(i)], env, text, shown));
  if (node !== null && typeof node === "object") {
    return Object.fromEntries(Object.entries(node).map(([k, x]) => [k, expandTree(x, [...path, k], env, text, shown)]));
  }
  return node;
}

function expandString(s: string, path: readonly string[], env: Env, text: string, shown: string): string {
  function fail(message: string, hint: string): never {
    throw new AlabError({ code: "E_CONFIG_ENV_VAR", message, hint, at: locate(text, shown, path) });
  }
  let out = "";
  let i = 0;
  while (i < s.length) {
    if (s.startsWith("$${", i)) {
      out += "${";
      i += 3;
    } else if (s.startsWith("${", i)) {
      const end = s.indexOf("}", i);
      if (end < 0) fail(`unclosed \`\${\` in \`${path.join(".")}\` in ${shown}`, "write ${NAME}, or $${ for a literal ${");
      const body = s.slice(i + 2, end);
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?$/s.exec(body);
      if (m === null) fail(`\`\${${body}}\` in \`${path.join(".")}\` in ${shown} is not a variable reference`, "write ${NAME} or ${NAME:-default}");
      const [, name = "", fallback] = m;
      const value = env[name] ?? fallback;
      if (value === undefined) {
        fail(
          `environment variable ${name} is not set (used by \`${path.join(".")}\` in ${shown})`,
          `set ${name}, or give a default with \${${name}:-value}`,
        );
      }
      out += value;
      i = end + 1;
    } else {
      out += s[i];
      i++;
    }
  }
  return out;
}

/** Line and column of a block-style key path in YAML text, for the code frame; file only if not found. */
function locate(text: string | undefined, file: string, path: readonly string[]): SourceLocation {
  if (text === undefined || path.length === 0) return { file };
  const lines = text.split("\n");
  let from = 0;
  let parentIndent = -1;
  let found: SourceLocation = { file };
  for (const key of path) {
    let childIndent: number | undefined;
    let hit = false;
    for (let n = from; n < lines.length && !hit; n++) {
      const m = /^( *)([^\s#:][^:#]*?)\s*:(\s|$)/.exec(lines[n] ?? "");
      if (m === null) continue;
      const indent = (m[1] ?? "").length;
      if (indent <= parentIndent) break;
      childIndent ??= indent;
      const name = (m[2] ?? "").replace(/^(["'])(.*)\1$/, "$2");
      if (indent !== childIndent || name !== key) continue;
      found = { file, line: n + 1, column: indent + 1, length: (m[2] ?? "").length };
      from = n + 1;
      parentIndent = indent;
      hit = true;
    }
    if (!hit) break;
  }
  return found;
}

function nonEmpty(s: string | undefined): string | undefined {
  return s === undefined || s === "" ? undefined : s;
}

