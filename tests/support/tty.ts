/**
 * Running the binary on a pseudo-terminal (util-linux `script`), as a person at a terminal would:
 * stdin is a TTY, so alab may ask. `reply` is typed once the output shows `prompt`. Output is the
 * terminal's: stdout and stderr together, with readline's cursor movements.
 */
import { alabBinary } from "./binary";

const quote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;

export interface TtyResult {
  readonly code: number;
  readonly output: string;
}

/** Whether this machine can give a process a terminal (`script` from util-linux). */
export const canUseTty: boolean = Bun.which("script") !== null;

export async function runOnTerminal(args: readonly string[], opts: { cwd: string; env?: Record<string, string>; prompt: string; reply: string; timeoutMs?: number }): Promise<TtyResult> {
  const bin = await alabBinary();
  const command = [bin, ...args].map(quote).join(" ");
  const proc = Bun.spawn(["script", "-qec", command, "/dev/null"], {
    cwd: opts.cwd,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: opts.cwd, TERM: "dumb", ...opts.env },
    stdin: "pipe",
    stdout: "pipe",
    stderr: "pipe",
    timeout: opts.timeoutMs ?? 30_000,
    killSignal: "SIGKILL",
  });
  let output = "";
  let replied = false;
  const decoder = new TextDecoder();
  for await (const chunk of proc.stdout) {
    output += decoder.decode(chunk, { stream: true });
    if (!replied && output.includes(opts.prompt)) {
      replied = true;
      proc.stdin.write(opts.reply);
      await proc.stdin.flush();
    }
  }
  const code = await proc.exited;
  proc.stdin.end();
  return { code, output: output.replaceAll("\r\n", "\n") };
}
