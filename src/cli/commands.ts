/**
 * The command registry: static metadata for `alab --help` plus a lazy loader per command, so
 * start-up parses only the command that runs (drivers and the sandbox load inside handlers).
 */
import type { ArgsDef, CommandDef } from "citty";
import { notBuilt } from "./not-built";

export interface CommandEntry {
  readonly name: string;
  readonly aliases: readonly string[];
  /** Shown after `alab ` in help, e.g. "table <ns> <name>". */
  readonly synopsis: string;
  readonly description: string;
  readonly load: () => Promise<CommandDef<ArgsDef>>;
  /**
   * One or two examples for `alab <command> --help`: a command line and what it does. Each line's
   * `alab <command> …` part is checked against the command's flags (tests/cli/examples.test.ts).
   */
  readonly examples?: readonly Example[];
  /** False for a command the design lists that this build does not have (it exits 2 saying so). */
  readonly built: boolean;
  /** Its last positional takes any number of values (`lint [FILE…]`). */
  readonly variadic?: boolean;
}

export interface Example {
  readonly run: string;
  readonly does: string;
}

/** For an entry the design lists before its command exists: `{ name, …, ...placeholder(name) }`. */
export const placeholder = (name: string) => ({ load: () => Promise.resolve(notBuilt(name)), built: false });

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: "init",
    aliases: [],
    synopsis: "init [--demo]",
    description: "create alab.yaml, schemas/, migrations/ and editor typings",
    load: () => import("./init").then((m) => m.default as CommandDef<ArgsDef>),
    examples: [
      { run: "alab init", does: "create alab.yaml, schemas/, migrations/ and the editor typings here" },
      { run: "alab init --demo && alab new init", does: "start from the example auth/blog schema and generate its first migration" },
    ],
    built: true,
  },
  {
    name: "table",
    aliases: [],
    synopsis: "table <ns> <name>",
    description: "scaffold a schema file schemas/<ns>/<name>.js",
    load: () => import("./table").then((m) => m.default as CommandDef<ArgsDef>),
    examples: [
      { run: "alab table blog post", does: "write schemas/blog/post.js with an id and timestamps, to fill in" },
    ],
    built: true,
  },
  {
    name: "new",
    aliases: [],
    synopsis: "new <name> [options]",
    description: "generate the next migration from the schema diff (no database needed)",
    load: () => import("./new").then((m) => m.default as CommandDef<ArgsDef>),
    examples: [
      { run: "alab new add_posts", does: "write the next migration from what changed in schemas/" },
      { run: "alab new rename_title --rename blog.post.title=headline", does: "say that a column was renamed, not dropped and added" },
    ],
    built: true,
  },
  {
    name: "make-migration",
    aliases: ["mm"],
    synopsis: "make-migration <name>",
    description: "write an empty hand-written (Azul-style) migration",
    load: () => import("./make-migration").then((m) => m.default as CommandDef<ArgsDef>),
    examples: [
      { run: "alab make-migration backfill_slugs", does: "an empty Azul-style migration to write by hand" },
    ],
    built: true,
  },
  {
    name: "migrate",
    aliases: [],
    synopsis: "migrate [options]",
    description: "apply pending migrations (--dry prints the SQL)",
    load: () => import("./migrate").then((m) => m.default as CommandDef<ArgsDef>),
    examples: [
      { run: "alab migrate --dry", does: "print the SQL the run would send, changing nothing" },
      { run: "DATABASE_URL=postgres://app@db:5432/app alab migrate", does: "apply every pending migration to that database, under its lock" },
    ],
    built: true,
  },
  {
    name: "rollback",
    aliases: [],
    synopsis: "rollback [N] [options]",
    description: "run `down` of the newest N migrations (default 1) or the last batch",
    load: () => import("./rollback").then((m) => m.default as CommandDef<ArgsDef>),
    examples: [
      { run: "alab rollback", does: "run `down` of the newest applied migration" },
      { run: "alab rollback --to 3 --dry", does: "print the SQL that would take the database back to revision 003" },
    ],
    built: true,
  },
  {
    name: "status",
    aliases: [],
    synopsis: "status [--json] [--no-drift] [--exit-code]",
    description: "list applied, pending, modified, missing and renumbered migrations",
    load: () => import("./status").then((m) => m.default as CommandDef<ArgsDef>),
    examples: [
      { run: "alab status", does: "what is applied, pending, modified or missing" },
      { run: "alab status --json | jq .counts", does: "the same as data, for scripts" },
    ],
    built: true,
  },
  {
    name: "check",
    aliases: [],
    synopsis: "check",
    description: "CI gate: schemas valid, snapshot = replay of migrations, no ungenerated change",
    load: () => import("./check").then((m) => m.default as CommandDef<ArgsDef>),
    examples: [
      { run: "alab check --offline", does: "on a pull request: schemas valid, snapshot = replay, nothing ungenerated; no database" },
      { run: "alab check --base origin/main", does: "also fail when this branch's migrations are numbered before main's newest" },
    ],
    built: true,
  },
  {
    name: "lint",
    aliases: [],
    synopsis: "lint [FILE…] [--all] [--dialect D] [--json]",
    description: "findings for pending migrations: locks, table rewrites, data loss, breaking renames (exit 3 on errors)",
    load: () => import("./lint").then((m) => m.default as CommandDef<ArgsDef>),
    examples: [
      { run: "alab lint", does: "findings for the pending migrations against the configured database" },
      { run: "alab lint --all --dialect postgres --server-version 16.2", does: "lint every file for PostgreSQL 16.2, without a database" },
    ],
    built: true,
    variadic: true,
  },
  {
    name: "drift",
    aliases: [],
    synopsis: "drift [--json] [--strict]",
    description: "compare the live database with the schema its applied migrations build (read-only)",
    load: () => import("./drift").then((m) => m.default as CommandDef<ArgsDef>),
    examples: [
      { run: "alab drift", does: "does the live database still match what its applied migrations built? exit 3 if not" },
      { run: "alab drift --json --strict", does: "the differences as data, counting tables alab does not manage" },
    ],
    built: true,
  },
  {
    name: "verify",
    aliases: [],
    synopsis: "verify [--dev-url URL] [--json]",
    description: "apply every migration to a scratch database and compare it with the snapshot",
    load: () => import("./verify").then((m) => m.default as CommandDef<ArgsDef>),
    examples: [
      { run: "alab verify", does: "apply every migration to a scratch SQLite database and compare it with the snapshot" },
      { run: "alab verify --dev-url postgres://postgres@127.0.0.1:5432/postgres", does: "the same on a throwaway PostgreSQL database" },
    ],
    built: true,
  },
  {
    name: "snapshot",
    aliases: [],
    synopsis: "snapshot --rebuild",
    description: "rewrite migrations/alab.snapshot.json from a replay of the migrations",
    load: () => import("./snapshot").then((m) => m.default as CommandDef<ArgsDef>),
    examples: [
      { run: "alab snapshot --rebuild", does: "rewrite migrations/alab.snapshot.json after a bad merge or a hand edit" },
    ],
    built: true,
  },
  {
    name: "rebase",
    aliases: [],
    synopsis: "rebase [--onto REF] [--move FILE]… [--dry]",
    description: "after a merge, renumber this branch's migrations after REF's and rebuild the snapshot",
    load: () => import("./rebase").then((m) => m.default as CommandDef<ArgsDef>),
    examples: [
      { run: "git merge main && alab rebase", does: "after merging main, renumber this branch's migrations after main's" },
      { run: "alab rebase --onto origin/main --dry", does: "show the renumbering without changing a file" },
    ],
    built: true,
  },
  {
    name: "pull",
    aliases: [],
    synopsis: "pull [--force]",
    description: "write schema files, a baseline migration and the snapshot from an existing database",
    load: () => import("./pull").then((m) => m.default as CommandDef<ArgsDef>),
    examples: [
      { run: "alab pull -d postgres://app@db/prod", does: "schema files, migrations/001_baseline.js and the snapshot from that database (files only)" },
      { run: "alab pull --force", does: "the same over schema files that are already there" },
    ],
    built: true,
  },
  {
    name: "baseline",
    aliases: [],
    synopsis: "baseline [REV] [--force]",
    description: "record migrations up to REV as applied without running them, after proving the database matches",
    load: () => import("./baseline").then((m) => m.default as CommandDef<ArgsDef>),
    examples: [
      { run: "alab baseline", does: "record every migration as applied, once the database is proved to match them" },
      { run: "alab baseline 003 --force", does: "record up to 003 even where the database differs (the differences are printed)" },
    ],
    built: true,
  },
  {
    name: "export",
    aliases: [],
    synopsis: "export <format> [--out FILE] [--dialect D]",
    description: "the schema as typescript, sql, json-schema, mermaid, dbml or svg (no database needed)",
    load: () => import("./export").then((m) => m.default as CommandDef<ArgsDef>),
    examples: [
      { run: "alab export typescript --out src/db/types.ts", does: "Kysely's Database type for the schema the migrations build" },
      { run: "alab export sql --dialect postgres > schema.sql", does: "the DDL that builds the schema from nothing" },
    ],
    built: true,
  },
  {
    name: "erd",
    aliases: [],
    synopsis: "erd [FILE]",
    description: "draw the ER diagram as SVG into docs/erd.svg (or FILE)",
    load: () => import("./erd").then((m) => m.default as CommandDef<ArgsDef>),
    examples: [
      { run: "alab erd", does: "draw docs/erd.svg" },
      { run: "alab erd schema.svg", does: "draw it into schema.svg" },
    ],
    built: true,
  },
  {
    name: "completion",
    aliases: [],
    synopsis: "completion <bash|zsh|fish>",
    description: "print the shell completion script for bash, zsh or fish",
    load: () => import("./completion").then((m) => m.default as CommandDef<ArgsDef>),
    examples: [
      { run: "source <(alab completion bash)", does: "complete alab's commands, flags and revisions in this bash session (add the line to ~/.bashrc)" },
      { run: "alab completion fish > ~/.config/fish/completions/alab.fish", does: "install it for fish" },
    ],
    built: true,
  },
];

export function findCommand(name: string, commands: readonly CommandEntry[] = COMMANDS): CommandEntry | undefined {
  return commands.find((c) => c.name === name || c.aliases.includes(name));
}
