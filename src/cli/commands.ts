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
  /** False for a command the design lists that this build does not have (it exits 2 saying so). */
  readonly built: boolean;
  /** Its last positional takes any number of values (`lint [FILE…]`). */
  readonly variadic?: boolean;
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
    built: true,
  },
  {
    name: "table",
    aliases: [],
    synopsis: "table <ns> <name>",
    description: "scaffold a schema file schemas/<ns>/<name>.js",
    load: () => import("./table").then((m) => m.default as CommandDef<ArgsDef>),
    built: true,
  },
  {
    name: "new",
    aliases: [],
    synopsis: "new <name> [options]",
    description: "generate the next migration from the schema diff (no database needed)",
    load: () => import("./new").then((m) => m.default as CommandDef<ArgsDef>),
    built: true,
  },
  {
    name: "make-migration",
    aliases: ["mm"],
    synopsis: "make-migration <name>",
    description: "write an empty hand-written (Azul-style) migration",
    load: () => import("./make-migration").then((m) => m.default as CommandDef<ArgsDef>),
    built: true,
  },
  {
    name: "migrate",
    aliases: [],
    synopsis: "migrate [options]",
    description: "apply pending migrations (--dry prints the SQL)",
    load: () => import("./migrate").then((m) => m.default as CommandDef<ArgsDef>),
    built: true,
  },
  {
    name: "rollback",
    aliases: [],
    synopsis: "rollback [N] [options]",
    description: "run `down` of the newest N migrations (default 1) or the last batch",
    load: () => import("./rollback").then((m) => m.default as CommandDef<ArgsDef>),
    built: true,
  },
  {
    name: "status",
    aliases: [],
    synopsis: "status [--json] [--no-drift]",
    description: "list applied, pending, modified, missing and renumbered migrations",
    load: () => import("./status").then((m) => m.default as CommandDef<ArgsDef>),
    built: true,
  },
  {
    name: "check",
    aliases: [],
    synopsis: "check",
    description: "CI gate: schemas valid, snapshot = replay of migrations, no ungenerated change",
    load: () => import("./check").then((m) => m.default as CommandDef<ArgsDef>),
    built: true,
  },
  {
    name: "lint",
    aliases: [],
    synopsis: "lint [FILE…] [--all] [--dialect D] [--json]",
    description: "findings for pending migrations: locks, table rewrites, data loss, breaking renames (exit 3 on errors)",
    load: () => import("./lint").then((m) => m.default as CommandDef<ArgsDef>),
    built: true,
    variadic: true,
  },
  {
    name: "drift",
    aliases: [],
    synopsis: "drift [--json] [--strict]",
    description: "compare the live database with the schema its applied migrations build (read-only)",
    load: () => import("./drift").then((m) => m.default as CommandDef<ArgsDef>),
    built: true,
  },
  {
    name: "verify",
    aliases: [],
    synopsis: "verify [--dev-url URL] [--json]",
    description: "apply every migration to a scratch database and compare it with the snapshot",
    load: () => import("./verify").then((m) => m.default as CommandDef<ArgsDef>),
    built: true,
  },
  {
    name: "snapshot",
    aliases: [],
    synopsis: "snapshot --rebuild",
    description: "rewrite migrations/alab.snapshot.json from a replay of the migrations",
    load: () => import("./snapshot").then((m) => m.default as CommandDef<ArgsDef>),
    built: true,
  },
  {
    name: "rebase",
    aliases: [],
    synopsis: "rebase [--onto REF] [--move FILE]… [--dry]",
    description: "after a merge, renumber this branch's migrations after REF's and rebuild the snapshot",
    load: () => import("./rebase").then((m) => m.default as CommandDef<ArgsDef>),
    built: true,
  },
  {
    name: "export",
    aliases: [],
    synopsis: "export <format> [--out FILE] [--dialect D]",
    description: "the schema as typescript, sql, json-schema, mermaid, dbml or svg (no database needed)",
    load: () => import("./export").then((m) => m.default as CommandDef<ArgsDef>),
    built: true,
  },
  {
    name: "erd",
    aliases: [],
    synopsis: "erd [FILE]",
    description: "draw the ER diagram as SVG into docs/erd.svg (or FILE)",
    load: () => import("./erd").then((m) => m.default as CommandDef<ArgsDef>),
    built: true,
  },
];

export function findCommand(name: string, commands: readonly CommandEntry[] = COMMANDS): CommandEntry | undefined {
  return commands.find((c) => c.name === name || c.aliases.includes(name));
}
