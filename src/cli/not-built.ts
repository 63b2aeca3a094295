/**
 * Placeholder for a command the design lists but this build does not have yet: it says so and
 * exits 2, so no command ever pretends to work.
 */
import type { CommandDef } from "citty";
import { AlabError } from "../errors";

const placeholders = new WeakSet<CommandDef>();

export function notBuilt(name: string): CommandDef {
  // A plain definition (citty's defineCommand returns its argument): `--help` loads no citty.
  const cmd: CommandDef = {
    meta: { name, description: "not built yet" },
    run() {
      throw notBuiltError(name);
    },
  };
  placeholders.add(cmd);
  return cmd;
}

export function isNotBuilt(cmd: CommandDef): boolean {
  return placeholders.has(cmd);
}

export function notBuiltError(name: string): AlabError {
  return new AlabError({
    code: "E_NOT_BUILT",
    message: `\`alab ${name}\` is not built yet`,
    hint: "this build of alab does not have this command; `alab --help` lists what is built",
  });
}
