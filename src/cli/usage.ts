/**
 * Help text. citty's own renderer colours unconditionally and resolves every lazy command to list
 * them, so alab renders usage itself: from the static registry for `alab --help`, and from the
 * loaded command's args for `alab <command> --help`.
 */
import type { ArgDef, ArgsDef } from "citty";
import { globalArgs } from "./args";
import type { CommandEntry } from "./commands";
import type { Paint } from "./render";

export const TAGLINE = "schema-as-code migrations for PostgreSQL, MySQL/MariaDB and SQLite";

const EXIT_LINES = [
  "Exit codes: 0 ok · 1 database or runtime failure · 2 bad usage, config, schema or migration file",
  "            3 check found something to act on · 4 lock not acquired",
];

function table(rows: readonly (readonly [string, string])[], p: Paint): string[] {
  const width = Math.max(0, ...rows.map(([a]) => a.length));
  return rows.map(([a, b]) => `  ${p.cyan(a.padEnd(width))}  ${b}`.trimEnd());
}

function flagLabel(key: string, def: ArgDef): string {
  const long = key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const aliases = "alias" in def && def.alias !== undefined ? [def.alias].flat() : [];
  const shorts = aliases.filter((a) => a.length === 1).map((a) => `-${a}, `);
  const value = def.type === "string" || def.type === "enum" ? ` <${def.valueHint ?? key}>` : "";
  const name = def.type === "boolean" && def.default === true ? `--no-${long}` : `--${long}`;
  return `${shorts.join("") || "    "}${name}${value}`;
}

function flagRows(defs: ArgsDef): [string, string][] {
  return Object.entries(defs)
    .filter(([, d]) => d.type !== "positional")
    .map(([key, d]) => {
      const negative = d.type === "boolean" && d.default === true && "negativeDescription" in d;
      const text = negative ? (d.negativeDescription ?? "") : (d.description ?? "");
      const options = d.type === "enum" && d.options ? ` (${d.options.join(" | ")})` : "";
      return [flagLabel(key, d), `${text}${options}`];
    });
}

const builtinRows: [string, string][] = [
  ["-v, --version", "print the version"],
  ["-h, --help", "show help (`alab <command> --help` for one command)"],
];

export function rootUsage(version: string, commands: readonly CommandEntry[], p: Paint): string[] {
  return [
    `${p.bold(`alab ${version}`)} — ${TAGLINE}`,
    "",
    `${p.bold("Usage:")} alab [options] <command> [arguments]`,
    "",
    p.bold("Commands:"),
    ...table(
      commands.map((c) => {
        const alias = c.aliases.length > 0 ? ` (alias: ${c.aliases.join(", ")})` : "";
        return [c.synopsis, c.built ? `${c.description}${alias}` : p.dim(`${c.description}${alias} — not built yet`)];
      }),
      p,
    ),
    "",
    p.bold("Options:"),
    ...table([...flagRows(globalArgs), ...builtinRows], p),
    "",
    ...EXIT_LINES,
    "Config:     flags > environment (DATABASE_URL, ALAB_SCHEMAS_DIR, ALAB_MIGRATIONS_DIR) > alab.yaml",
    "            > defaults (SQLite ./alab.db). See docs/cli.md and docs/config.md.",
  ];
}

export function commandUsage(entry: CommandEntry, args: ArgsDef, p: Paint): string[] {
  const positionals = Object.entries(args).filter(([, d]) => d.type === "positional");
  const own = Object.fromEntries(Object.entries(args).filter(([k, d]) => d.type !== "positional" && !(k in globalArgs)));
  const out = [`${p.bold(`alab ${entry.name}`)} — ${entry.description}`, "", `${p.bold("Usage:")} alab ${entry.synopsis}`];
  if (positionals.length > 0) {
    out.push("", p.bold("Arguments:"));
    out.push(...table(positionals.map(([k, d]) => [`<${k}>`, `${d.description ?? ""}${d.required === false ? " (optional)" : ""}`]), p));
  }
  const ownRows = flagRows(own);
  if (ownRows.length > 0) out.push("", p.bold("Options:"), ...table(ownRows, p));
  out.push("", p.bold("Global options:"), ...table([...flagRows(globalArgs), ...builtinRows], p));
  const examples = entry.examples ?? [];
  if (examples.length > 0) {
    out.push("", p.bold(examples.length === 1 ? "Example:" : "Examples:"));
    for (const [i, e] of examples.entries()) out.push(...(i > 0 ? [""] : []), `  ${p.dim(`# ${e.does}`)}`, `  ${p.cyan(e.run)}`);
  }
  return out;
}
