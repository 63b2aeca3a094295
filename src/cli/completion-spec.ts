/**
 * What shell completion knows, read from the command definitions themselves: the registry's names,
 * aliases and descriptions, and each command's citty args (flags, positionals, and what their
 * values are). The bash, zsh and fish scripts are all rendered from this one spec, so a new flag
 * completes in every shell without touching the scripts.
 */
import type { ArgDef, ArgsDef, CommandDef } from "citty";
import { globalArgs } from "./args";
import type { CommandEntry } from "./commands";

/** What a flag's value or a positional argument completes to. */
export type ValueKind =
  | { readonly kind: "none" }
  | { readonly kind: "choices"; readonly choices: readonly string[] }
  | { readonly kind: "file" }
  /** A migration revision of this project (`alab completion --revisions` lists them). */
  | { readonly kind: "revision" }
  | { readonly kind: "gitref" };

export interface FlagSpec {
  /** Without dashes: `dry`, `lock-timeout`, `no-color`. */
  readonly long: string;
  readonly short?: string;
  readonly description: string;
  /** Whether the flag takes a value (`--to 3`), and what it completes to. */
  readonly takesValue: boolean;
  readonly value: ValueKind;
}

export interface PositionalSpec {
  readonly name: string;
  readonly value: ValueKind;
}

export interface CommandSpec {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly description: string;
  /** The command's own flags (the global ones are in CompletionSpec.global). */
  readonly flags: readonly FlagSpec[];
  readonly positionals: readonly PositionalSpec[];
}

export interface CompletionSpec {
  readonly global: readonly FlagSpec[];
  readonly commands: readonly CommandSpec[];
}

const kebab = (s: string): string => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** A value hint names what the value is: `a|b|c` lists choices; `file`, `rev`, `ref` are kinds. */
function valueOf(def: ArgDef): ValueKind {
  if (def.type === "enum" && def.options !== undefined) return { kind: "choices", choices: [...def.options] };
  const hint = "valueHint" in def ? def.valueHint : undefined;
  if (hint === undefined) return { kind: "none" };
  if (hint.includes("|")) return { kind: "choices", choices: hint.split("|") };
  if (hint === "file") return { kind: "file" };
  if (hint === "rev") return { kind: "revision" };
  if (hint === "ref") return { kind: "gitref" };
  return { kind: "none" };
}

function flagsOf(defs: ArgsDef): FlagSpec[] {
  const out: FlagSpec[] = [];
  for (const [key, def] of Object.entries(defs)) {
    if (def.type === "positional") continue;
    const aliases = "alias" in def && def.alias !== undefined ? [def.alias].flat() : [];
    const short = aliases.find((a) => a.length === 1);
    // A boolean that defaults to true is written as its negation (`--no-color`), as help shows it.
    const negated = def.type === "boolean" && def.default === true;
    const description = (negated && "negativeDescription" in def ? def.negativeDescription : def.description) ?? "";
    out.push({
      long: negated ? `no-${kebab(key)}` : kebab(key),
      ...(short === undefined || negated ? {} : { short }),
      description,
      takesValue: def.type === "string" || def.type === "enum",
      value: def.type === "boolean" ? { kind: "none" } : valueOf(def),
    });
  }
  return out;
}

function positionalsOf(defs: ArgsDef): PositionalSpec[] {
  return Object.entries(defs)
    .filter(([, d]) => d.type === "positional")
    .map(([name, d]) => ({ name, value: valueOf(d) }));
}

async function argsOf(cmd: CommandDef<ArgsDef>): Promise<ArgsDef> {
  const a = cmd.args;
  return (typeof a === "function" ? await a() : await a) ?? {};
}

/** The `-h/--help` and `-v/--version` flags the dispatcher handles itself. */
const BUILTIN: readonly FlagSpec[] = [
  { long: "help", short: "h", description: "show help", takesValue: false, value: { kind: "none" } },
  { long: "version", short: "v", description: "print the version", takesValue: false, value: { kind: "none" } },
];

/** Loads every built command's definition (completion is generated once, not at each run). */
export async function completionSpec(commands: readonly CommandEntry[]): Promise<CompletionSpec> {
  const specs: CommandSpec[] = [];
  for (const entry of commands) {
    if (!entry.built) continue;
    const args = await argsOf(await entry.load());
    specs.push({ name: entry.name, aliases: entry.aliases, description: entry.description, flags: flagsOf(args), positionals: positionalsOf(args) });
  }
  // `alab help <command>` is `alab <command> --help`.
  specs.push({ name: "help", aliases: [], description: "show help for a command", flags: [], positionals: [{ name: "command", value: { kind: "choices", choices: specs.map((c) => c.name) } }] });
  return { global: [...flagsOf(globalArgs), ...BUILTIN], commands: specs };
}
