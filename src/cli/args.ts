/**
 * Global flags and argument validation. citty silently ignores unknown flags and extra arguments;
 * a migration tool that ignores `--dyr` would run for real, so every token is checked here before
 * a command runs.
 */
import type { ArgDef, ArgsDef } from "citty";
import { AlabError } from "../errors";

/** Merged into every command's args by the dispatcher; commands read them via loadContext. */
export const globalArgs = {
  config: { type: "string", alias: "c", valueHint: "file", description: "path to alab.yaml (default ./alab.yaml)" },
  url: { type: "string", alias: "d", valueHint: "url", description: "database URL; overrides DATABASE_URL and alab.yaml" },
  wait: { type: "string", valueHint: "seconds", description: "retry connecting to the database until it answers, up to this long (or ALAB_WAIT)" },
  color: { type: "boolean", default: true, description: "colour output on a terminal", negativeDescription: "never colour output" },
} as const satisfies ArgsDef;

/** Handled by the dispatcher itself, never passed to citty. */
export const HELP_FLAGS = ["-h", "--help"] as const;
export const VERSION_FLAGS = ["-v", "--version"] as const;

export function usageError(code: string, message: string, hint?: string): AlabError {
  return new AlabError({ code, message, ...(hint === undefined ? {} : { hint }) });
}

const kebab = (s: string): string => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function findFlag(defs: ArgsDef, token: string): [string, ArgDef] | undefined {
  for (const [key, def] of Object.entries(defs)) {
    if (def.type === "positional") continue;
    const aliases = "alias" in def && def.alias !== undefined ? [def.alias].flat() : [];
    const long = token.startsWith("--") ? token.slice(2) : undefined;
    const short = long === undefined ? token.slice(1) : undefined;
    if (long !== undefined && (long === key || long === kebab(key) || aliases.includes(long))) return [key, def];
    if (short !== undefined && short.length === 1 && aliases.includes(short)) return [key, def];
  }
  return undefined;
}

export interface Checked {
  /** Tokens that are not flags or flag values. */
  readonly positionals: readonly string[];
  readonly help: boolean;
  readonly version: boolean;
}

/**
 * Checks every token against `defs`: unknown flags, string flags without a value, and more
 * positional arguments than the command declares are usage errors (exit 2) — unless `variadic`
 * (the command's last positional takes any number, e.g. `alab lint [FILE…]`).
 */
export function checkArgs(rawArgs: readonly string[], defs: ArgsDef, command: string, variadic = false): Checked {
  const positionals: string[] = [];
  let help = false;
  let version = false;
  for (let i = 0; i < rawArgs.length; i++) {
    const token = rawArgs[i] ?? "";
    if (token === "--") {
      positionals.push(...rawArgs.slice(i + 1));
      break;
    }
    if (!token.startsWith("-") || token === "-") {
      positionals.push(token);
      continue;
    }
    if ((HELP_FLAGS as readonly string[]).includes(token)) {
      help = true;
      continue;
    }
    if ((VERSION_FLAGS as readonly string[]).includes(token)) {
      version = true;
      continue;
    }
    const eq = token.indexOf("=");
    const name = eq < 0 ? token : token.slice(0, eq);
    const negated = name.startsWith("--no-") ? findFlag(defs, `--${name.slice(5)}`) : undefined;
    if (negated !== undefined && negated[1].type === "boolean" && eq < 0) continue;
    const found = findFlag(defs, name);
    if (found === undefined) {
      throw usageError("E_USAGE_UNKNOWN_FLAG", `unknown flag \`${name}\` for \`${command}\``, `run \`${command} --help\` to see its flags`);
    }
    const [, def] = found;
    if (def.type === "boolean") {
      if (eq >= 0 && !["true", "false"].includes(token.slice(eq + 1))) {
        throw usageError("E_USAGE_BAD_VALUE", `flag \`${name}\` takes no value (got \`${token.slice(eq + 1)}\`)`);
      }
      continue;
    }
    if (eq < 0) {
      const next = rawArgs[i + 1];
      if (next === undefined || next === "--") {
        throw usageError("E_USAGE_MISSING_VALUE", `flag \`${name}\` needs a value`, `write \`${name} <${def.valueHint ?? "value"}>\``);
      }
      i++;
    }
  }
  const declared = Object.values(defs).filter((d) => d.type === "positional").length;
  if (positionals.length > declared && !(variadic && declared > 0)) {
    const extra = positionals[declared] ?? "";
    throw usageError(
      "E_USAGE_EXTRA_ARGUMENT",
      `unexpected argument \`${extra}\` for \`${command}\``,
      `run \`${command} --help\` to see what it takes`,
    );
  }
  return { positionals, help, version };
}

/**
 * Splits `alab [global flags] <command> [rest]`: the index of the command token, skipping the
 * values of global string flags (`-d postgres://…`). -1 when there is no command.
 */
export function commandIndex(rawArgs: readonly string[]): number {
  for (let i = 0; i < rawArgs.length; i++) {
    const token = rawArgs[i] ?? "";
    if (token === "--") return -1;
    if (!token.startsWith("-") || token === "-") return i;
    const found = token.includes("=") ? undefined : findFlag(globalArgs, token);
    if (found !== undefined && found[1].type === "string") i++;
  }
  return -1;
}
