import { describe, expect, test } from "bun:test";
import { type ArgsDef, type CommandDef, defineCommand } from "citty";
import { type CommandEntry, COMMANDS, placeholder } from "../../src/cli/commands";
import { isNotBuilt, notBuilt } from "../../src/cli/not-built";
import { runCli } from "../../src/cli/run";
import { AlabError } from "../../src/errors";

const ran: string[] = [];
const REGISTRY: CommandEntry[] = [
  { name: "future", aliases: ["fu"], synopsis: "future [options]", description: "not here yet", ...placeholder("future") },
  {
    name: "real",
    aliases: [],
    synopsis: "real",
    description: "runs",
    built: true,
    load: async () =>
      defineCommand({
        meta: { name: "real" },
        args: { fast: { type: "boolean" } },
        run: ({ args }) => {
          ran.push(`real fast=${args.fast === true}`);
          return 3;
        },
      }) as CommandDef<ArgsDef>,
  },
];

async function failure(argv: string[]): Promise<AlabError> {
  try {
    await runCli(argv, REGISTRY);
  } catch (e) {
    if (e instanceof AlabError) return e;
    throw e;
  }
  throw new Error("expected an AlabError");
}

describe("commands that are not built yet", () => {
  test("say so with exit 2, by name or alias, whatever flags or --help follow", async () => {
    for (const argv of [["future"], ["fu"], ["future", "--help"], ["future", "--anything", "x"], ["-d", "x", "future"]]) {
      const e = await failure(argv);
      expect(e.code).toBe("E_NOT_BUILT");
      expect(e.message).toBe("`alab future` is not built yet");
      expect(e.exit).toBe(2);
    }
  });

  test("notBuilt makes a recognisable command whose run throws E_NOT_BUILT", async () => {
    const cmd = notBuilt("x");
    expect(isNotBuilt(cmd)).toBe(true);
    expect(isNotBuilt(defineCommand({}))).toBe(false);
    expect(() => (cmd.run as () => unknown)()).toThrow("`alab x` is not built yet");
  });

  test("a built command runs with its flags and its return value is the exit code", async () => {
    expect(await runCli(["real", "--fast"], REGISTRY)).toBe(3);
    expect(ran).toEqual(["real fast=true"]);
  });

  test("every command of DESIGN §3 is in the registry", () => {
    const names = COMMANDS.map((c) => c.name);
    for (const n of ["init", "table", "new", "make-migration", "migrate", "rollback", "status", "check", "snapshot"]) expect(names).toContain(n);
    expect(COMMANDS.find((c) => c.name === "make-migration")?.aliases).toEqual(["mm"]);
  });
});
