/**
 * Reading alab.yaml: YAML, then `${…}` placement (config-vars.ts), then the keys and their types
 * (valibot), each problem located at its line. Nothing is expanded here, so every message about
 * a value shows it as written.
 */
import * as v from "valibot";
import { type FileUrl, fileUrl, hidePasswords, literalValue, type VarSite } from "./config-vars";
import { AlabError, AlabErrors, type SourceLocation } from "./errors";
import type { Dialect } from "./sql/dialect";

const positiveInt = v.pipe(v.number(), v.integer(), v.minValue(1));

/**
 * The most a project may give its own files: alab.yaml comes with the pull request, so without a
 * ceiling a stranger could hand each file minutes of CPU and gigabytes of memory. The operator
 * raises them beyond this with ALAB_SANDBOX_TIMEOUT_MS / ALAB_SANDBOX_MEMORY_MB (config.ts).
 */
export const PROJECT_SANDBOX_CEILING = { timeoutMs: 60_000, memoryMb: 512 } as const;
const atMost = (max: number, env: string) =>
  v.maxValue<number, number, string>(max, `at most ${max} in alab.yaml (a project cannot give its files more; the operator can, with ${env})`);
const FileSchema = v.strictObject({
  database: v.optional(
    v.strictObject({
      dialect: v.optional(v.picklist(["postgres", "mysql", "sqlite"])),
      url: v.optional(v.string()),
    }),
  ),
  schemas: v.optional(v.string()),
  migrations: v.optional(v.string()),
  sandbox: v.optional(
    v.strictObject({
      timeout_ms: v.optional(v.pipe(positiveInt, atMost(PROJECT_SANDBOX_CEILING.timeoutMs, "ALAB_SANDBOX_TIMEOUT_MS"))),
      memory_mb: v.optional(v.pipe(positiveInt, atMost(PROJECT_SANDBOX_CEILING.memoryMb, "ALAB_SANDBOX_MEMORY_MB"))),
    }),
  ),
  lock_timeout: v.optional(v.pipe(v.number(), v.finite(), v.minValue(0))),
  generate: v.optional(v.strictObject({ online: v.optional(v.boolean()) })),
  ddl_lock_timeout: v.optional(v.pipe(v.number(), v.finite(), v.minValue(0))),
  ddl_retries: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100))),
});
export type FileConfig = Omit<v.InferOutput<typeof FileSchema>, "database"> & {
  readonly database?: { readonly dialect?: Dialect; readonly url?: FileUrl };
};

/** Where database.url is written; the code frame shows its line with any password hidden. */
export function locateUrl(text: string | undefined, file: string): SourceLocation {
  const at = locate(text, file, ["database", "url"]);
  const line = at.line === undefined ? undefined : text?.split(/\r?\n/)[at.line - 1];
  if (line === undefined) return at;
  const shownLine = hidePasswords(line);
  return shownLine === line ? at : { ...at, shownLine };
}

export function parseFile(text: string, shown: string): FileConfig {
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
      message: `${shown} must be a mapping of keys (database, schemas, migrations, sandbox, generate, lock_timeout, ddl_lock_timeout, ddl_retries)`,
      hint: "see docs/config.md for the keys alab.yaml accepts",
      at: { file: shown },
    });
  }
  const checked = checkVariables(raw, [], text, shown);
  const result = v.safeParse(FileSchema, checked);
  if (result.success) {
    const { database, ...rest } = result.output;
    if (database === undefined) return rest;
    const { url, ...db } = database;
    if (url === undefined) return { ...rest, database: db };
    return { ...rest, database: { ...db, url: fileUrl(url, { key: "database.url", file: shown, at: locateUrl(text, shown) }) } };
  }
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
      hint: "alab.yaml accepts database.{dialect,url}, schemas, migrations, sandbox.{timeout_ms,memory_mb}, generate.online, lock_timeout, ddl_lock_timeout, ddl_retries (docs/config.md)",
      at,
    });
  }
  if (issue.type === "max_value") {
    return new AlabError({ code: "E_CONFIG_TYPE", message: `\`${key}\` in ${shown} is ${issue.received}: ${issue.message}`, hint: "see docs/config.md (the sandbox's limits)", at });
  }
  const expected = issue.expected === null ? issue.message.replace(/^Invalid \w+: /, "") : `expected ${issue.expected}`;
  return new AlabError({
    code: "E_CONFIG_TYPE",
    message: `\`${key}\` in ${shown} has a wrong value: ${expected}, got ${issue.received}`,
    hint: "see docs/config.md for the type of each key",
    at,
  });
}

/**
 * Every string of the parsed file, before its types are checked: `${…}` only as the whole of
 * database.url (config-vars.ts), `$${` unescaped elsewhere. Nothing is expanded yet, so every
 * message about a value shows it as written.
 */
function checkVariables(node: unknown, path: readonly string[], text: string, shown: string): unknown {
  if (typeof node === "string") {
    const site: VarSite = { key: path.join("."), file: shown, at: locate(text, shown, path) };
    if (path.length === 2 && path[0] === "database" && path[1] === "url") {
      fileUrl(node, { ...site, at: locateUrl(text, shown) });
      return node;
    }
    return literalValue(node, site);
  }
  if (Array.isArray(node)) return node.map((x, i) => checkVariables(x, [...path, String(i)], text, shown));
  if (node !== null && typeof node === "object") {
    return Object.fromEntries(Object.entries(node).map(([k, x]) => [k, checkVariables(x, [...path, k], text, shown)]));
  }
  return node;
}

/** Line and column of a block-style key path in YAML text, for the code frame; file only if not found. */
export function locate(text: string | undefined, file: string, path: readonly string[]): SourceLocation {
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
