/**
 * The dispatcher: `alab [global flags] <command> [arguments]`. It validates every token (citty
 * ignores unknown ones), prints help and usage errors itself (citty colours unconditionally), and
 * runs the chosen command with citty. Other errors propagate to main.ts, which renders them.
 */
import type { ArgsDef, CommandDef } from "citty";
import { AlabError, type ExitCode } from "../errors";
import { nearest } from "../model/suggest";
import { checkArgs, commandIndex, globalArgs } from "./args";
import { COMMANDS, type CommandEntry, findCommand } from "./commands";
import { isNotBuilt, notBuiltError } from "./not-built";
import { colorEnabled, jsonErrors, paint, printError, printLines, stripAnsi } from "./render";
import { commandUsage, rootUsage } from "./usage";
import { VERSION, versionLine } from "./version";

async function resolveArgs(cmd: CommandDef<ArgsDef>): Promise<ArgsDef> {
  const a = cmd.args;
  return (typeof a === "function" ? await a() : await a) ?? {};
}

function exitOf(result: unknown): ExitCode {
  return result === 0 || result === 1 || result === 2 || result === 3 || result === 4 || result === 130 || result === 143 ? result : 0;
}

/** `commands` is the registry (tests pass their own). */
export async function runCli(argv: readonly string[], commands: readonly CommandEntry[] = COMMANDS): Promise<ExitCode> {
  const end = argv.indexOf("--");
  const noColor = (end < 0 ? argv : argv.slice(0, end)).includes("--no-color");
  const errColor = colorEnabled(!noColor, process.stderr.isTTY);
  const out = paint(colorEnabled(!noColor, process.stdout.isTTY));
  const usageFailure = (e: unknown, usage: string[]): ExitCode => {
    printError(e, errColor);
    // With --json, stderr holds the error document alone.
    if (!jsonErrors()) printLines(["", ...usage.map(stripAnsi)], "stderr");
    return 2;
  };

  const idx = commandIndex(argv);
  const before = idx < 0 ? argv : argv.slice(0, idx);
  let globals: ReturnType<typeof checkArgs>;
  try {
    globals = checkArgs(before, globalArgs, "alab");
  } catch (e) {
    return usageFailure(e, rootUsage(VERSION, commands, paint(false)));
  }
  if (idx < 0) {
    if (globals.help) return printLines(rootUsage(VERSION, commands, out)), 0;
    if (globals.version) return printLines([versionLine()]), 0;
    const e = new AlabError({ code: "E_USAGE_NO_COMMAND", message: "no command given", hint: "run `alab --help` to see the commands" });
    return usageFailure(e, rootUsage(VERSION, commands, paint(false)));
  }

  const name = argv[idx] ?? "";
  // `alab help [command]` is `alab [command] --help`.
  if (name === "help") return runCli([...before, ...argv.slice(idx + 1), "--help"], commands);
  const entry = findCommand(name, commands);
  if (entry === undefined) {
    const near = nearest(name, commands.flatMap((c) => [c.name, ...c.aliases]), 1)[0];
    const e = new AlabError({
      code: "E_USAGE_UNKNOWN_COMMAND",
      message: `unknown command \`${name}\``,
      hint: near === undefined ? "run `alab --help` to see the commands" : `did you mean \`alab ${near}\`?`,
    });
    return usageFailure(e, rootUsage(VERSION, commands, paint(false)));
  }
  const cmd = await entry.load();
  if (isNotBuilt(cmd)) throw notBuiltError(entry.name);
  return runEntry(entry, cmd, [...before, ...argv.slice(idx + 1)], out, usageFailure);
}

async function runEntry(
  entry: CommandEntry,
  cmd: CommandDef<ArgsDef>,
  rawArgs: string[],
  out: ReturnType<typeof paint>,
  usageFailure: (e: unknown, usage: string[]) => ExitCode,
): Promise<ExitCode> {
  const args: ArgsDef = { ...globalArgs, ...(await resolveArgs(cmd)) };
  let checked: ReturnType<typeof checkArgs>;
  try {
    checked = checkArgs(rawArgs, args, `alab ${entry.name}`, entry.variadic === true);
  } catch (e) {
    return usageFailure(e, commandUsage(entry, args, paint(false)));
  }
  if (checked.help) return printLines(commandUsage(entry, args, out)), 0;
  if (checked.version) return printLines([versionLine()]), 0;
  // Loaded here: `--help` and usage errors never need citty's runner.
  const { runCommand } = await import("citty");
  try {
    const { result } = await runCommand({ ...cmd, args }, { rawArgs });
    return exitOf(result);
  } catch (e) {
    // citty's own argument errors (a missing positional, a bad enum value) are usage errors.
    if (e instanceof Error && e.name === "CLIError") {
      const usage = new AlabError({ code: "E_USAGE_BAD_ARGUMENTS", message: stripAnsi(e.message), hint: `run \`alab ${entry.name} --help\`` });
      return usageFailure(usage, commandUsage(entry, args, paint(false)));
    }
    throw e;
  }
}
