/**
 * Asking a person: a yes/no question on the terminal, only ever when stdin is one (never in a
 * pipeline: there a decision that needs a person is an error naming the flag to pass). Ctrl-C at
 * the question is the person saying no to everything: "aborted", exit 130.
 */
import { AlabError, EXIT } from "../errors";
import { escapeText } from "./escape";
import { printLines } from "./render";

/** Ctrl-C at a question (or during a run): nothing more is done. */
export function abortedError(what = "aborted"): AlabError {
  return new AlabError({ code: "E_ABORTED", message: what, exit: EXIT.interrupted });
}

export async function askOnTerminal(question: string): Promise<boolean> {
  const { createInterface } = await import("node:readline/promises");
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  // readline turns Ctrl-C into its own event while it reads; without a listener it only pauses
  // the input and the question never settles.
  const interrupted = new Promise<never>((_, reject) =>
    rl.once("SIGINT", () => {
      // The line the person was typing on ends here, so the error starts on its own line.
      printLines([""], "stderr");
      reject(abortedError());
    }),
  );
  try {
    for (;;) {
      const answer = (await Promise.race([rl.question(`${escapeText(question)} [y/n] `), interrupted])).trim().toLowerCase();
      if (answer === "y" || answer === "yes") return true;
      if (answer === "n" || answer === "no") return false;
    }
  } finally {
    rl.close();
  }
}
