/**
 * What every command needs before it starts: the resolved config, the working directory, and
 * whether output may be coloured or a person may be asked (never prompt when stdin is not a TTY).
 */
import { type Config, loadConfig } from "../config";
import { colorEnabled } from "./render";

export interface Context {
  readonly config: Config;
  readonly cwd: string;
  /** Colour allowed on stdout (a TTY, no NO_COLOR, no --no-color). Errors decide for stderr in main.ts. */
  readonly color: boolean;
  readonly stdoutIsTTY: boolean;
  readonly stdinIsTTY: boolean;
}

/** A command's parsed args; the global flags (`config`, `url`, `color`) are read, the rest ignored. */
export type ParsedArgValues = { readonly [key: string]: unknown };

export async function loadContext(args: ParsedArgValues): Promise<Context> {
  const cwd = process.cwd();
  const config = await loadConfig({
    cwd,
    env: process.env,
    flags: {
      ...(typeof args.config === "string" ? { config: args.config } : {}),
      ...(typeof args.url === "string" ? { url: args.url } : {}),
      ...(typeof args.wait === "string" ? { wait: args.wait } : {}),
    },
  });
  return {
    config,
    cwd,
    color: colorEnabled(args.color !== false, process.stdout.isTTY),
    stdoutIsTTY: process.stdout.isTTY === true,
    stdinIsTTY: process.stdin.isTTY === true,
  };
}
