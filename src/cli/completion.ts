import { defineCommand } from "citty";
import { AlabError } from "../errors";
import { bashScript } from "./completion-bash";
import { fishScript } from "./completion-fish";
import { completionSpec } from "./completion-spec";
import { zshScript } from "./completion-zsh";
import { COMMANDS } from "./commands";
import { loadContext } from "./context";
import { printScript } from "./render";
import { VERSION } from "./version";

const SHELLS = { bash: bashScript, zsh: zshScript, fish: fishScript } as const;

export default defineCommand({
  meta: { name: "completion", description: "print the shell completion script for bash, zsh or fish" },
  args: {
    shell: { type: "positional", valueHint: "bash|zsh|fish", description: "bash, zsh or fish (none with --revisions)", required: false },
    revisions: { type: "boolean", description: "print this project's migration revisions, `<revision>\\t<file>` a line (what the scripts complete `--to` with)" },
  },
  async run({ args }) {
    const shell = typeof args.shell === "string" ? args.shell : undefined;
    if (args.revisions === true) {
      if (shell !== undefined) {
        throw new AlabError({ code: "E_USAGE_CONFLICTING_FLAGS", message: "`alab completion --revisions` takes no shell", hint: "run `alab completion --revisions` alone" });
      }
      const ctx = await loadContext(args);
      const { revisionChoices } = await import("../workflows/completion");
      printScript((await revisionChoices(ctx.config)).map((r) => `${r.revision}\t${r.file}\n`).join(""));
      return 0;
    }
    if (shell === undefined || !Object.hasOwn(SHELLS, shell)) {
      throw new AlabError({
        code: "E_USAGE_BAD_ARGUMENTS",
        message: shell === undefined ? "`alab completion` needs a shell" : "`alab completion` knows bash, zsh and fish",
        hint: "run `alab completion bash`, `alab completion zsh` or `alab completion fish`",
      });
    }
    const spec = await completionSpec(COMMANDS);
    printScript(SHELLS[shell as keyof typeof SHELLS](spec, VERSION));
    return 0;
  },
});
