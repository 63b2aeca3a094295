/**
 * Every command's `--help` ends with one or two examples, and every example is a command line
 * alab accepts: its `alab <command> …` part passes the same argument check a real run does (no
 * unknown flag, no missing value, no extra argument), so examples cannot rot as flags change.
 */
import { describe, expect, test } from "bun:test";
import type { ArgsDef, CommandDef } from "citty";
import { checkArgs, globalArgs } from "../../src/cli/args";
import { COMMANDS, type CommandEntry, findCommand } from "../../src/cli/commands";
import { paint, stripAnsi } from "../../src/cli/render";
import { commandUsage } from "../../src/cli/usage";

async function argsOf(entry: CommandEntry): Promise<ArgsDef> {
  const cmd: CommandDef<ArgsDef> = await entry.load();
  const a = cmd.args;
  return { ...globalArgs, ...((typeof a === "function" ? await a() : await a) ?? {}) };
}

/** The `alab …` invocations in a shell line: split at |, >, &&, ;, <( and ), leading VAR=value dropped. */
function invocations(line: string): string[][] {
  return line
    .split(/\s*(?:&&|\|\||<\(|[|;>)])\s*/)
    .map((part) => part.trim().split(/\s+/).filter((w) => w !== ""))
    .map((words) => words.slice(words.findIndex((w) => !/^[A-Z_]+=/.test(w))))
    .filter((words) => words[0] === "alab");
}

const built = COMMANDS.filter((c) => c.built);

describe("per-command help examples", () => {
  test.each(built.map((c) => [c.name, c] as const))("%s has one or two examples, shown by --help", async (_name, entry) => {
    const examples = entry.examples ?? [];
    expect(examples.length).toBeGreaterThanOrEqual(1);
    expect(examples.length).toBeLessThanOrEqual(2);
    const help = commandUsage(entry, await argsOf(entry), paint(false)).map(stripAnsi);
    for (const e of examples) {
      expect(help).toContain(`  ${e.run}`);
      expect(help).toContain(`  # ${e.does}`);
    }
  });

  test.each(built.flatMap((c) => (c.examples ?? []).map((e) => [c.name, e.run, c] as const)))("%s: `%s` passes alab's argument check", async (_name, run, entry) => {
    const calls = invocations(run);
    const own = calls.filter((words) => findCommand(words[1] ?? "") === entry);
    expect(own.length).toBeGreaterThanOrEqual(1);
    for (const words of calls) {
      const target = findCommand(words[1] ?? "");
      expect(target).toBeDefined();
      const args = await argsOf(target as CommandEntry);
      expect(() => checkArgs(words.slice(2), args, `alab ${words[1]}`)).not.toThrow();
    }
  });

  test("the shell line is split into its alab invocations", () => {
    expect(invocations("git merge main && alab rebase --dry | cat")).toEqual([["alab", "rebase", "--dry"]]);
    expect(invocations("DATABASE_URL=x alab migrate > out.sql")).toEqual([["alab", "migrate"]]);
    expect(invocations("alab init --demo && alab new init")).toEqual([["alab", "init", "--demo"], ["alab", "new", "init"]]);
    expect(invocations("source <(alab completion bash)")).toEqual([["alab", "completion", "bash"]]);
  });
});
