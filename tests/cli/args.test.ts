import { describe, expect, test } from "bun:test";
import type { ArgsDef } from "citty";
import { checkArgs, commandIndex, globalArgs } from "../../src/cli/args";
import { AlabError } from "../../src/errors";

const MIGRATE: ArgsDef = {
  ...globalArgs,
  dry: { type: "boolean" },
  to: { type: "string" },
  lockTimeout: { type: "string" },
  tx: { type: "enum", options: ["all", "each"] },
};
const TABLE: ArgsDef = { ...globalArgs, ns: { type: "positional" }, name: { type: "positional" } };

function code(fn: () => unknown): string {
  try {
    fn();
    return "ok";
  } catch (e) {
    return e instanceof AlabError ? e.code : String(e);
  }
}

describe("checkArgs", () => {
  const cases: [string, string[], ArgsDef, string][] = [
    ["known booleans and strings", ["--dry", "--to", "003", "--tx=each"], MIGRATE, "ok"],
    ["kebab-case spelling of a camelCase arg", ["--lock-timeout", "5"], MIGRATE, "ok"],
    ["global flags with aliases", ["-d", "sqlite::memory:", "-c", "x.yaml", "--no-color"], MIGRATE, "ok"],
    ["--flag=value for globals", ["--url=postgres://h/db"], MIGRATE, "ok"],
    ["unknown long flag", ["--dyr"], MIGRATE, "E_USAGE_UNKNOWN_FLAG"],
    ["unknown short flag", ["-x"], MIGRATE, "E_USAGE_UNKNOWN_FLAG"],
    ["grouped shorts are not guessed", ["-cd"], MIGRATE, "E_USAGE_UNKNOWN_FLAG"],
    ["--no- of a string flag", ["--no-to"], MIGRATE, "E_USAGE_UNKNOWN_FLAG"],
    ["string flag without a value", ["--to"], MIGRATE, "E_USAGE_MISSING_VALUE"],
    ["string flag followed by --", ["--url", "--"], MIGRATE, "E_USAGE_MISSING_VALUE"],
    ["boolean with a value", ["--dry=yes"], MIGRATE, "E_USAGE_BAD_VALUE"],
    ["positionals up to the declared count", ["auth", "user"], TABLE, "ok"],
    ["one positional too many", ["auth", "user", "extra"], TABLE, "E_USAGE_EXTRA_ARGUMENT"],
    ["positionals where none are declared", ["oops"], MIGRATE, "E_USAGE_EXTRA_ARGUMENT"],
    ["after -- everything is positional", ["--", "--dry"], TABLE, "ok"],
  ];
  for (const [name, argv, defs, want] of cases) {
    test(name, () => expect(code(() => checkArgs(argv, defs, "alab x"))).toBe(want));
  }

  test("help and version are recognised anywhere before --", () => {
    expect(checkArgs(["auth", "-h"], TABLE, "alab table")).toMatchObject({ help: true, version: false });
    expect(checkArgs(["--version"], TABLE, "alab table")).toMatchObject({ help: false, version: true });
    expect(checkArgs(["--", "-h"], TABLE, "alab table")).toMatchObject({ help: false, positionals: ["-h"] });
  });

  test("errors name the flag and the command, exit 2", () => {
    try {
      checkArgs(["--dyr"], MIGRATE, "alab migrate");
    } catch (e) {
      expect((e as AlabError).message).toBe("unknown flag `--dyr` for `alab migrate`");
      expect((e as AlabError).exit).toBe(2);
      return;
    }
    throw new Error("expected an error");
  });
});

describe("commandIndex", () => {
  const cases: [string[], number][] = [
    [["migrate"], 0],
    [["-d", "postgres://h/db", "migrate"], 2],
    [["--url", "x", "--no-color", "status"], 3],
    [["--url=x", "status"], 1],
    [["--no-color"], -1],
    [["--", "migrate"], -1],
    [[], -1],
  ];
  for (const [argv, want] of cases) {
    test(JSON.stringify(argv), () => expect(commandIndex(argv)).toBe(want));
  }
});
