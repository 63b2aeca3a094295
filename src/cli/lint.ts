import { defineCommand } from "citty";
import { EXIT } from "../errors";
import type { Finding } from "../lint/finding";
import { serverName } from "../lint/step";
import type { LintReport, LintScope, LintServer } from "../workflows/lint";
import { plural } from "../workflows/words";
import { usageError } from "./args";
import { loadContext } from "./context";
import { type Paint, paint, printJson, printLines } from "./render";

function findingLines(f: Finding, p: Paint): string[] {
  const where = `  ${p.blue("-->")} ${f.file}:${f.line}:${f.column}`;
  if (f.allowed !== undefined) {
    return [`${p.dim(`allowed[${f.code}]`)}: ${f.message}`, where, `   ${p.blue("=")} allowed: ${f.allowed.reason === "" ? "(no reason given)" : f.allowed.reason}`];
  }
  const head = f.severity === "error" ? p.red(`error[${f.code}]`) : f.severity === "warning" ? p.yellow(`warning[${f.code}]`) : p.cyan(`note[${f.code}]`);
  const lock = f.lock === undefined ? [] : [`   ${p.blue("=")} lock: ${f.lock}${f.algorithm === undefined ? "" : ` (ALGORITHM=${f.algorithm})`}`];
  return [`${p.bold(head)}: ${f.message}`, where, `   ${p.blue("=")} server: ${f.server}`, ...lock, `   ${p.blue("=")} help: ${f.hint}`];
}

export function lintLines(r: LintReport, p: Paint): string[] {
  const out: string[] = [];
  for (const m of r.migrations) for (const f of m.findings) out.push(...findingLines(f, p), "");
  const c = r.counts;
  const what = r.scope === "pending" ? plural(r.migrations.length, "pending migration") : plural(r.migrations.length, "migration");
  const parts = [plural(c.error, "error"), plural(c.warning, "warning"), plural(c.note, "note"), `${c.allowed} allowed`];
  const total = c.error + c.warning + c.note + c.allowed;
  const on = `${serverName(r.caps)}${r.server === "dialect" ? " (--dialect)" : ""}`;
  out.push(total === 0 ? `${p.green("ok")}: no findings in ${what} for ${on}` : `${c.error > 0 ? p.red("lint") : p.yellow("lint")}: ${parts.join(", ")} in ${what} for ${on}`);
  return out;
}

export default defineCommand({
  meta: { name: "lint", description: "findings for pending migrations: locks, table rewrites, data loss, breaking renames (exit 3 on errors)" },
  args: {
    files: { type: "positional", required: false, valueHint: "FILE…", description: "lint these migration files (default: the ones pending in the database)" },
    all: { type: "boolean", description: "lint every migration file" },
    dialect: { type: "string", valueHint: "postgres|mysql|mariadb|sqlite", description: "lint for this dialect without a database (the oldest supported version unless --server-version)" },
    serverVersion: { type: "string", valueHint: "version", description: "with --dialect: the server version the migrations will run on (e.g. 16.2, 8.0.36, 10.11)" },
    json: { type: "boolean", description: "print a JSON document (shape in docs/lint.md)" },
  },
  async run({ args }) {
    const ctx = await loadContext(args);
    const files = (args._ ?? []).map(String);
    if (args.all === true && files.length > 0) throw usageError("E_USAGE_CONFLICTING_FLAGS", "--all and FILE arguments cannot be combined", "--all lints every file; name files to lint only those");
    if (typeof args.url === "string" && typeof args.dialect === "string") throw usageError("E_USAGE_CONFLICTING_FLAGS", "-d/--url and --dialect cannot be combined", "-d lints for that database (its version, its pending migrations); --dialect lints without one");
    if (typeof args.serverVersion === "string" && typeof args.dialect !== "string") throw usageError("E_USAGE_CONFLICTING_FLAGS", "--server-version needs --dialect", "with a database, its own version is used");
    const scope: LintScope = files.length > 0 ? { kind: "files", files } : args.all === true ? { kind: "all" } : { kind: "pending" };
    const server: LintServer = typeof args.dialect === "string" ? { kind: "dialect", dialect: args.dialect, ...(typeof args.serverVersion === "string" ? { version: args.serverVersion } : {}) } : { kind: "database" };
    const { lint, lintJson } = await import("../workflows/lint");
    const report = await lint(ctx.config, scope, server);
    if (args.json === true) printJson(lintJson(report));
    else printLines(lintLines(report, paint(ctx.color)));
    return report.counts.error > 0 ? EXIT.check : EXIT.ok;
  },
});
