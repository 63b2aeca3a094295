/**
 * `alab init [--demo]`: a config file, the two folders, and editor typings so `table(` and `col.`
 * autocomplete. Nothing is overwritten: when any file it would write exists, it writes none. The
 * one file it may change is `.gitignore`, which gets the embedded database's lines if it lacks them.
 */
import { appendFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { AlabError } from "../errors";
import { demoSchemaFiles } from "./project/init-demo.macro" with { type: "macro" };
import typings from "./project/init-typings.d.ts.txt" with { type: "text" };

export const CONFIG_TEMPLATE = `# alab configuration (docs/config.md). Every key is optional.
# Precedence: command-line flags > environment variables > this file > defaults.

database:
  # postgres | mysql | sqlite; inferred from the URL when absent.
  # dialect: postgres
  # The DATABASE_URL environment variable, when set, overrides this value.
  # The whole URL may come from a variable, e.g. url: \${APP_DATABASE_URL} (nothing else expands).
  url: sqlite:./alab.db
  # url: postgres://postgres@127.0.0.1:5432/app
  # url: mysql://root@127.0.0.1:3306/app

schemas: ./schemas # schemas/<ns>/<table>.js, one table per file
migrations: ./migrations # NNN_<name>.js and alab.snapshot.json

# Limits for each schema or migration file evaluated in the sandbox.
# sandbox:
#   timeout_ms: 5000
#   memory_mb: 64

# Seconds \`alab migrate\` waits for the migration lock.
# lock_timeout: 60

# PostgreSQL, MySQL: seconds one DDL statement may wait for a table lock (readers queue
# behind it meanwhile), and how many more tries after such a timeout.
# ddl_lock_timeout: 5
# ddl_retries: 5
`;

export const JSCONFIG = `${JSON.stringify(
  {
    compilerOptions: { target: "ES2022", module: "ESNext", moduleResolution: "bundler", allowJs: true, checkJs: true, noEmit: true, types: [] },
    include: ["alab.d.ts", "schemas/**/*", "migrations/**/*"],
  },
  null,
  2,
)}\n`;

const DEMO_FILES: Record<string, string> = demoSchemaFiles();

export interface InitResult {
  /** Paths written, relative to the project directory, in order. */
  readonly created: readonly string[];
  /** Existing files alab added lines to (`.gitignore`). */
  readonly updated: readonly string[];
}

/**
 * What `.gitignore` needs for the embedded default database: `alab.db`, and beside it SQLite's
 * journal files (`-journal`, `-wal`, `-shm`) and alab's run lock (`alab.db-alab-lock`, plus its own
 * journal). Anchored at the project root, where alab.yaml's `sqlite:./alab.db` puts them.
 */
export const GITIGNORE_LINES = ["/alab.db", "/alab.db-*"] as const;
const GITIGNORE_HEADER = "# alab's embedded SQLite database (sqlite:./alab.db), its journal and lock files";

/** The text to append to `.gitignore` as it is (`null`: absent), or "" when nothing is missing. */
export function gitignoreAddition(existing: string | null): string {
  const have = new Set((existing ?? "").split(/\r?\n/).map((l) => l.trim()));
  const missing = GITIGNORE_LINES.filter((l) => !have.has(l));
  if (missing.length === 0) return "";
  const sep = existing === null || existing === "" ? "" : existing.endsWith("\n") ? "\n" : "\n\n";
  return `${sep}${GITIGNORE_HEADER}\n${missing.join("\n")}\n`;
}

export function initFiles(demo: boolean): Record<string, string> {
  return {
    "alab.yaml": CONFIG_TEMPLATE,
    "alab.d.ts": typings,
    "jsconfig.json": JSCONFIG,
    ...(demo ? DEMO_FILES : {}),
  };
}

export async function initProject(dir: string, opts: { demo: boolean }): Promise<InitResult> {
  if (opts.demo && Object.keys(DEMO_FILES).length === 0) {
    throw new AlabError({
      code: "E_INTERNAL",
      message: "this build of alab has no demo schema files",
      hint: "alab was built from a checkout whose schemas/ folder was empty; rebuild it from a complete checkout",
      exit: 1,
    });
  }
  const files = initFiles(opts.demo);
  const conflicts: string[] = [];
  for (const path of Object.keys(files)) if (await Bun.file(join(dir, path)).exists()) conflicts.push(path);
  if (conflicts.length > 0) {
    throw new AlabError({
      code: "E_INIT_CONFLICT",
      message: `alab init would overwrite ${conflicts.length === 1 ? "an existing file" : `${conflicts.length} existing files`}; nothing was written`,
      details: conflicts.map((c) => `exists: ${c}`),
      hint: "move or delete these files and run `alab init` again, or run it in an empty directory",
    });
  }
  const created: string[] = [];
  for (const d of ["schemas", "migrations"]) {
    await mkdir(join(dir, d), { recursive: true });
    created.push(`${d}/`);
  }
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text, { flag: "wx" });
    created.push(path);
  }
  const updated: string[] = [];
  const ignore = join(dir, ".gitignore");
  const existing = await readFile(ignore, "utf8").catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT") return null;
    throw e;
  });
  const addition = gitignoreAddition(existing);
  if (addition !== "") {
    await appendFile(ignore, addition);
    (existing === null ? created : updated).push(".gitignore");
  }
  return { created, updated };
}
