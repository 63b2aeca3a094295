/**
 * Entry point of the `alab` binary and the only place that calls process.exit. Everything that
 * fails is rendered here: AlabError(s) cargo-style, anything else as E_INTERNAL.
 */
import { runCli } from "./cli/run";
import { colorEnabled, flushOutput, printError } from "./cli/render";
import { AlabError, AlabErrors, EXIT, type ExitCode } from "./errors";

const argv = process.argv.slice(2);
let code: ExitCode;
try {
  code = await runCli(argv);
} catch (e) {
  const end = argv.indexOf("--");
  const noColor = (end < 0 ? argv : argv.slice(0, end)).includes("--no-color");
  printError(e, colorEnabled(!noColor, process.stderr.isTTY));
  code = e instanceof AlabError || e instanceof AlabErrors ? e.exit : EXIT.runtime;
}
// A pipe may still hold output (`alab migrate --dry | psql`); exiting now would cut it off.
await flushOutput();
process.exit(code);
