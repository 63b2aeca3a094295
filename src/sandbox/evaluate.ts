/**
 * One file through the sandbox: strip TypeScript, refuse forbidden imports, run the prelude and
 * the module in a fresh context, collect the exports, serialize the recording, and turn every
 * failure into an AlabError at the user's file:line:column.
 */
import type { QuickJSHandle } from "quickjs-emscripten-core";
import { AlabError, EXIT } from "../errors";
import { type Budgets, budgetsFor } from "./budgets";
import { type Described, describedError, describeSafely, importError, limitError, locFromStack, sourceTooLarge } from "./failures";
import { forbiddenImports } from "./imports";
import { PRELUDE_FILE, type PreludeMethod, SAMPLES_SOURCE } from "./prelude";
import type { EvaluatedFile, FileKind, Loc } from "./protocol";
import { locationMap, readRecording, TextIndex } from "./recording";
import { tokenize } from "./tokens";
import { isTypeScript, stripTypes } from "./typescript";
import { type QuickJsHost, type Session, VmFailed } from "./vm";

export interface SourceFile {
  /** Relative to the project; used in messages. `.ts`/`.mts` files are stripped first. */
  readonly path: string;
  readonly source: string;
}

const MAX_LOG_LINES = 1000;
const MAX_LOG_CHARS = 1024 * 1024;

/** The `alab` module per file kind: the same recorders as the globals. */
const ALAB_MODULES: Record<FileKind, ReadonlyMap<string, string>> = {
  schema: new Map([["alab", "export const table = globalThis.table;\nexport const col = globalThis.col;\nexport const sql = globalThis.sql;\nexport const fn = globalThis.fn;\nexport default Object.freeze({ table, col, sql, fn });\n"]]),
  migration: new Map([["alab", "export const migration = globalThis.migration;\nexport const sql = globalThis.sql;\nexport const fn = globalThis.fn;\nexport default Object.freeze({ migration, sql, fn });\n"]]),
};

/** An exception the prelude described (thrown out of the session, handles already released). */
class DescribedFailure extends Error {
  constructor(readonly described: Described) {
    super(described.message);
  }
}

function appendLog(logs: string[], size: { chars: number }, line: string): void {
  if (logs.length > MAX_LOG_LINES || size.chars > MAX_LOG_CHARS) return;
  size.chars += line.length;
  logs.push(logs.length === MAX_LOG_LINES || size.chars > MAX_LOG_CHARS ? "... (further console output dropped)" : line);
}

function run(host: QuickJsHost, s: Session, kind: FileKind, path: string, code: string, logs: string[], locations: boolean, budgets: Budgets): string {
  const ctx = s.ctx;
  const size = { chars: 0 };
  const log = s.own(ctx.newFunction("log", (line) => void appendLog(logs, size, ctx.getString(line))));
  let api: QuickJSHandle;
  try {
    const samples = s.evalScript(SAMPLES_SOURCE, PRELUDE_FILE);
    const newFile = s.own(ctx.getProp(s.realm, "newFile"));
    const where = locations ? ctx.true : ctx.false;
    const [nodes, chars] = [s.own(ctx.newNumber(budgets.recordedNodes)), s.own(ctx.newNumber(budgets.recordedChars))];
    const [kindText, file, text] = [s.own(ctx.newString(kind)), s.own(ctx.newString(path)), s.own(ctx.newString(code))];
    s.check();
    api = s.call(newFile, s.realm, kindText, file, text, log, ctx.global, samples, where, nodes, chars);
  } catch (e) {
    if (!(e instanceof VmFailed && e.failure.kind === "exception")) throw e;
    throw new AlabError({
      code: "E_INTERNAL",
      message: `internal: the sandbox prelude failed: ${JSON.stringify(ctx.dump(e.failure.error))}`,
      hint: "this is a bug in alab; please report it",
      exit: EXIT.runtime,
    });
  }
  const method = (name: PreludeMethod, ...args: QuickJSHandle[]): QuickJSHandle => s.call(s.own(ctx.getProp(api, name)), api, ...args);
  try {
    const namespace = s.evalModule(code, path);
    s.drain();
    method("collect", namespace);
    s.drain();
    const json = s.text(method("serialize"));
    if (host.refusedImport !== null) throw new VmFailed({ kind: "import", specifier: host.refusedImport });
    return json;
  } catch (e) {
    if (!(e instanceof VmFailed && e.failure.kind === "exception")) throw e;
    const error = e.failure.error;
    throw new DescribedFailure(describeSafely(() => s.text(method("describe", error))));
  }
}

/**
 * `locations: false` records no location for DSL calls (`NO_LOC`), which saves about a third of
 * the time in QuickJS; for callers that evaluate again with locations when anything fails.
 */
export function evaluateFile(host: QuickJsHost, file: SourceFile, kind: FileKind, locations = true): EvaluatedFile {
  // First: everything below costs the host time and memory in proportion to the text.
  const budgets = budgetsFor(host.limits);
  if (file.source.length > budgets.sourceChars) throw sourceTooLarge(file.path, file.source.length, host.limits, budgets.sourceChars);
  const original = new TextIndex(file.source);
  const stripped = isTypeScript(file.path) ? stripTypes(file.path, file.source) : null;
  const code = stripped === null ? file.source : stripped.code;
  const evaluated = stripped === null ? original : new TextIndex(code);
  const map = locationMap(evaluated, original, stripped === null ? null : stripped.toOriginal);
  const mapped = (loc: Loc | null): Loc | null => (loc === null ? null : map.at(loc));

  const refused = forbiddenImports(tokenize(code))[0];
  if (refused !== undefined) throw importError(file.path, refused.specifier, map.at(evaluated.loc(refused.start)));

  const logs: string[] = [];
  let json: string;
  try {
    json = host.session(ALAB_MODULES[kind], (s) => run(host, s, kind, file.path, code, logs, locations, budgets));
  } catch (e) {
    if (e instanceof DescribedFailure) {
      const { loc, call } = e.described;
      throw describedError(file.path, e.described, loc === null ? null : typeof call === "string" ? map.call(loc, call) : map.at(loc));
    }
    if (e instanceof VmFailed) {
      const failure = e.failure;
      if (failure.kind === "exception") throw new Error("sandbox: undescribed exception");
      const stack = "stack" in failure && failure.stack !== undefined ? failure.stack : "";
      throw limitError(file.path, failure, host.limits, mapped(locFromStack(stack, file.path, code)));
    }
    throw e;
  }
  return { file: file.path, value: readRecording(json, map), logs, source: file.source };
}
