import { defineCommand } from "citty";
import { displayPath } from "../config";
import { usageError } from "./args";
import { type Context, loadContext } from "./context";
import { askOnTerminal } from "./ask";
import { JSON_FORMAT } from "./json";
import { paint, printJson, printLines } from "./render";

/** Every `--rename` value, in order (citty keeps only one of a repeated string flag). */
export function renameFlags(rawArgs: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < rawArgs.length; i++) {
    const token = rawArgs[i] ?? "";
    if (token === "--") break;
    if (token === "--rename") {
      const value = rawArgs[i + 1];
      if (value !== undefined) out.push(value);
      i++;
    } else if (token.startsWith("--rename=")) out.push(token.slice("--rename=".length));
  }
  return out;
}

async function undo(ctx: Context): Promise<number> {
  const { undoNewest } = await import("../workflows/new-undo");
  const r = await undoNewest(ctx.config);
  const p = paint(ctx.color);
  const warnings = r.notReplayable.map((n) => `${p.yellow("warning")}: ${n.file}${n.line === undefined ? "" : `:${n.line}:${n.column}`}: ${n.what}`);
  if (warnings.length > 0) printLines([...warnings, "  the snapshot does not include what that SQL does"], "stderr");
  const snapshot = displayPath(ctx.cwd, r.snapshotPath);
  printLines([
    `${p.green("removed")} ${displayPath(ctx.cwd, r.removed)}`,
    r.head === undefined ? `unchanged ${snapshot} (it did not include that migration)` : r.head === null ? `${p.green("removed")} ${snapshot} (no migration left)` : `${p.green("restored")} ${snapshot} (head ${r.head})`,
  ]);
  return 0;
}

export default defineCommand({
  meta: { name: "new", description: "generate the next migration from the schema diff (no database needed)" },
  args: {
    name: { type: "positional", description: "what the migration does, e.g. add_user_auth (none with --undo)", required: false },
    empty: { type: "boolean", description: "write an empty migration to fill in by hand" },
    rename: { type: "string", valueHint: "a=b", description: "a rename, not a drop and add: ns.table.old=new (column) or ns.old=ns.new (table); repeatable" },
    yes: { type: "boolean", description: "treat possible renames as drop and add without asking" },
    online: { type: "boolean", description: "changes to existing tables in forms that keep them readable and writable (CREATE INDEX CONCURRENTLY, NOT VALID + VALIDATE); also generate.online in alab.yaml" },
    undo: { type: "boolean", description: "remove the newest migration (if not applied) and put the snapshot back as it was before it" },
    json: { type: "boolean", description: "print the result as a JSON document (shape in docs/cli.md); errors as JSON on stderr; never asks" },
  },
  async run({ args, rawArgs }) {
    if (args.undo === true) {
      const given = [typeof args.name === "string" ? "a name" : "", args.empty === true ? "--empty" : "", renameFlags(rawArgs).length > 0 ? "--rename" : "", args.yes === true ? "--yes" : "", args.online === true ? "--online" : ""].filter((g) => g !== "");
      if (given.length > 0) throw usageError("E_USAGE_CONFLICTING_FLAGS", `\`alab new --undo\` cannot be combined with ${given.join(", ")}`, "run `alab new --undo` alone: it removes the newest migration");
      return undo(await loadContext(args));
    }
    if (typeof args.name !== "string" || args.name === "") throw usageError("E_USAGE_BAD_ARGUMENTS", "`alab new` needs the migration's name", "e.g. `alab new add_user_auth` (or `alab new --undo` to take back the newest)");
    const ctx = await loadContext(args);
    const { generate } = await import("../workflows/new");
    const result = await generate(
      ctx.config,
      { name: args.name, empty: args.empty === true, renames: renameFlags(rawArgs), yes: args.yes === true, online: args.online === true || ctx.config.generateOnline },
      ctx.stdinIsTTY && args.json !== true ? askOnTerminal : undefined,
    );
    if (args.json === true) {
      const written = result.kind !== "noChanges";
      printJson({
        format: JSON_FORMAT,
        command: "new",
        written,
        file: written ? displayPath(ctx.cwd, result.path) : null,
        snapshot: written ? displayPath(ctx.cwd, result.snapshotPath) : null,
        changes: written ? [...result.changes] : [],
        destructive: written ? [...result.destructive] : [],
        not_replayable: result.notReplayable.map((n) => ({ file: n.file, line: n.line ?? null, column: n.column ?? null, what: n.what })),
      });
      return 0;
    }
    const p = paint(ctx.color);
    const warnings = result.notReplayable.map((n) => `${p.yellow("warning")}: ${n.file}${n.line === undefined ? "" : `:${n.line}:${n.column}`}: ${n.what}`);
    if (warnings.length > 0) printLines(warnings, "stderr");
    if (result.kind === "noChanges") {
      printLines(["no changes: the schema files match the migrations; nothing written"]);
      return 0;
    }
    printLines([
      `${p.green("created")} ${displayPath(ctx.cwd, result.path)}`,
      ...result.changes.map((c) => `  ${c}`),
      ...result.destructive.map((d) => `  ${p.yellow("destructive")}: ${d}`),
      `${p.green("updated")} ${displayPath(ctx.cwd, result.snapshotPath)}`,
    ]);
    return 0;
  },
});
