import { defineCommand } from "citty";
import { join } from "node:path";
import { displayPath } from "../config";
import { EXIT } from "../errors";
import type { RebaseResult } from "../workflows/rebase";
import { usageError } from "./args";
import { loadContext } from "./context";
import { type Paint, paint, printLines } from "./render";

/** Every value of a repeatable string flag, in order (citty keeps only one). */
export function repeatedFlag(rawArgs: readonly string[], flag: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < rawArgs.length; i++) {
    const token = rawArgs[i] ?? "";
    if (token === "--") break;
    if (token === flag) {
      const value = rawArgs[i + 1];
      if (value !== undefined) out.push(value);
      i++;
    } else if (token.startsWith(`${flag}=`)) out.push(token.slice(flag.length + 1));
  }
  return out;
}

export function rebaseLines(r: RebaseResult, migrationsDir: string, cwd: string, p: Paint): string[] {
  const shown = (file: string) => displayPath(cwd, join(migrationsDir, file));
  const would = r.dry ? "would " : "";
  const onto = r.onto.kind === "ref" ? `${r.onto.ref} (${r.onto.why})` : "the migrations not named by --move";
  const lines = [`${p.bold("onto")} ${onto}${r.after === undefined ? ", which has no migrations" : `, whose newest migration is ${r.after}`}`];
  for (const m of r.moves) lines.push(`${p.green(`${would}rename`)} ${shown(m.from)} -> ${shown(m.to)}`);
  for (const f of r.rewritten) lines.push(`${p.green(`${would}rewrite`)} up_revision/down_revision in ${shown(f)}`);
  if (r.head !== undefined) lines.push(r.snapshotChanged ? `${p.green(`${would}write`)} ${shown("alab.snapshot.json")} (head ${r.head}, rebuilt by replaying the migrations)` : `unchanged ${shown("alab.snapshot.json")} (head ${r.head})`);
  if (r.moves.length === 0 && r.rewritten.length === 0) lines.push("nothing to renumber: this branch's migrations already come after those");
  if (r.dry) lines.push(p.dim("--dry: nothing was changed"));
  else if (r.moves.length > 0 || r.rewritten.length > 0 || r.snapshotChanged) {
    lines.push(
      `next: stage the migrations folder (\`git add -A ${migrationsDir === cwd ? "." : displayPath(cwd, migrationsDir)}\`) and commit, which ends the merge`,
      ...(r.moves.length > 0 ? ["a database that applied a renamed migration keeps it applied: the next `alab migrate` records the new name (`alab status` shows it as renumbered until then)"] : []),
    );
  }
  return lines;
}

export default defineCommand({
  meta: { name: "rebase", description: "after a merge, renumber this branch's migrations after REF's and rebuild the snapshot" },
  args: {
    onto: { type: "string", valueHint: "ref", description: "the branch merged in (default: the upstream of this branch, else main)" },
    move: { type: "string", valueHint: "file", description: "without git: move this migration after the others (repeatable)" },
    dry: { type: "boolean", description: "show the plan; change nothing" },
  },
  async run({ args, rawArgs }) {
    const move = repeatedFlag(rawArgs, "--move");
    if (move.length > 0 && typeof args.onto === "string") {
      throw usageError("E_USAGE_CONFLICTING_FLAGS", "--onto and --move cannot be combined", "--onto compares with a branch in git; --move names the files to move itself");
    }
    const ctx = await loadContext(args);
    const { rebase } = await import("../workflows/rebase");
    const result = await rebase(ctx.config, { ...(typeof args.onto === "string" ? { onto: args.onto } : {}), ...(move.length > 0 ? { move } : {}), dry: args.dry === true });
    const p = paint(ctx.color);
    const warnings = result.notReplayable.map((n) => `${p.yellow("warning")}: ${n.file}${n.line === undefined ? "" : `:${n.line}:${n.column}`}: ${n.what}`);
    if (warnings.length > 0) printLines([...warnings, "  the snapshot does not include what that SQL does"], "stderr");
    printLines(rebaseLines(result, ctx.config.migrationsDir, ctx.cwd, p));
    return EXIT.ok;
  },
});
