/**
 * Entry point of the `alab` binary and the only place that calls process.exit. Everything that
 * fails is rendered here: AlabError(s) cargo-style, anything else as E_INTERNAL.
 */
import { runCli } from "./cli/run";
import { colorEnabled, flushOutput, printError, printErrorsAsJson } from "./cli/render";
import { wantsJson } from "./cli/json";
import { exitOfSignal, signals } from "./cli/signals";
import { AlabError, AlabErrors, EXIT, type ExitCode } from "./errors";

const argv = process.argv.slice(2);
const end = argv.indexOf("--");
const noColor = (end < 0 ? argv : argv.slice(0, end)).includes("--no-color");
if (wantsJson(argv)) printErrorsAsJson();

async function fail(e: unknown): Promise<never> {
  printError(e, colorEnabled(!noColor, process.stderr.isTTY));
  await flushOutput();
  process.exit(e instanceof AlabError || e instanceof AlabErrors ? e.exit : EXIT.runtime);
}

// Errors that escape every await (a driver's socket event, a stray rejection) are rendered too.
process.on("uncaughtException", (e) => void fail(e));
process.on("unhandledRejection", (e) => void fail(e));

// Ctrl-C and SIGTERM: at once when nothing runs on a database, else after cancelling and rolling back.
signals.install((c) => void flushOutput().then(() => process.exit(c)));

let code: ExitCode;
try {
  code = await runCli(argv);
} catch (e) {
  code = await fail(e);
}
// A signal that came after the run's work was done still ends the process as interrupted.
if (code === 0 && signals.received !== undefined) code = exitOfSignal(signals.received);
// A pipe may still hold output (`alab migrate --dry | psql`); exiting now would cut it off.
await flushOutput();
process.exit(code);
