import { defineCommand } from "citty";
import { EXIT, unreachable } from "../errors";
import type { MigrationState } from "../workflows/database/history";
import type { StatusJson, StatusJsonMigration } from "../workflows/status";
import { untrackedSummary } from "../workflows/database/untracked";
import { loadContext } from "./context";
import { type Paint, paint, printJson, printLines } from "./render";

function stateText(s: MigrationState, p: Paint, width: number): string {
  const text = s.padEnd(width);
  switch (s) {
    case "applied":
      return p.green(text);
    case "renumbered":
      return p.cyan(text);
    case "pending":
      return p.yellow(text);
    case "modified":
    case "missing":
      return p.red(text);
    default:
      return unreachable(s, "migration state");
  }
}

/** What a renumbered migration was applied as: another number or name, or the same with its references rewritten. */
function appliedAsText(m: StatusJsonMigration): string {
  if (m.applied_revision === m.revision && m.applied_name === m.name) return "applied with other up_revision/down_revision values";
  return `applied as ${m.applied_revision}_${m.applied_name}, now ${m.revision}_${m.name}`;
}

/** A description on one line, at most 100 characters. */
function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 100 ? `${flat.slice(0, 99)}…` : flat;
}

function driftText(d: NonNullable<StatusJson["drift"]>, p: Paint): string {
  if (d.drift === null) return `${p.dim("drift")}: not compared (${d.reason})`;
  const others = d.unmanaged === 0 ? "" : `; ${d.unmanaged} ${d.unmanaged === 1 ? "object" : "objects"} not managed by alab`;
  if (!d.drift) return `${p.green("no drift")}: the database matches what its applied migrations build${others}`;
  return `${p.red("drift")}: the database differs from what its applied migrations build (${d.differences} ${d.differences === 1 ? "difference" : "differences"}${others}): \`alab drift\` lists them`;
}

export function statusLines(json: StatusJson, database: string, p: Paint): string[] {
  const rows = json.migrations.map((m) => {
    const file = m.file ?? `${m.revision}_${m.name} (file missing)`;
    return { m, file };
  });
  const width = Math.max(0, ...rows.map((r) => r.file.length));
  const stateWidth = json.counts.renumbered > 0 ? "renumbered".length : "modified".length;
  const lines = [p.dim(database)];
  if (rows.length === 0) lines.push("no migrations yet: `alab new <name>` generates the first one");
  for (const { m, file } of rows) {
    const notes = [...(m.state === "renumbered" ? [appliedAsText(m)] : []), ...(m.clash ? [p.red(`clash: another file has the number ${m.revision}`)] : [])];
    const when = m.applied_at === null ? "" : `  batch ${m.batch}  ${m.applied_at}  ${m.duration_ms} ms`;
    lines.push(`  ${stateText(m.state, p, stateWidth)} ${file.padEnd(width)}${notes.map((n) => `  ${n}`).join("")}${p.dim(when)}`.trimEnd());
    // AstrolaDB's `description`, on a line of its own: it may be long, and it is the user's text.
    if (m.description !== null) lines.push(`  ${" ".repeat(stateWidth)} ${p.dim(oneLine(m.description))}`);
  }
  const c = json.counts;
  lines.push(`${c.applied} applied · ${c.pending} pending · ${c.modified} modified · ${c.missing} missing${c.renumbered > 0 ? ` · ${c.renumbered} renumbered` : ""}`);
  for (const clash of json.clashes) {
    const last = clash.files[clash.files.length - 1];
    lines.push(`${p.red("clash")}: ${clash.files.slice(0, -1).join(", ")} and ${last} have the number ${clash.revision}: after merging, \`alab rebase\` renumbers this branch's migrations after the merged ones (\`alab rebase --dry\` shows the plan; without git: \`alab rebase --move <file>\` with this branch's file)`);
  }
  for (const problem of json.revision_problems) {
    lines.push(`${p.red("order")}: ${problem}: after merging, \`alab rebase\` renumbers this branch's migrations and rewrites up_revision/down_revision`);
  }
  if (json.drift !== null) lines.push(driftText(json.drift, p));
  if (json.untracked_tables.length > 0) lines.push(`${p.yellow("untracked")}: ${untrackedSummary(json.untracked_tables)} — see \`alab pull\` / \`alab baseline\` (docs/adopting.md)`);
  if (c.renumbered > 0) lines.push(`${p.cyan("renumbered")}: the next \`alab migrate\` (or \`alab rollback\`) records the new ${c.renumbered === 1 ? "name" : "names"} in alab_migrations`);
  return lines;
}

/**
 * `--exit-code`'s question, "is the database up to date?": nothing pending, modified or missing.
 * A renumbered migration is applied (only its recorded name lags behind), so it is up to date.
 */
export function upToDate(json: StatusJson): boolean {
  return json.counts.pending === 0 && json.counts.modified === 0 && json.counts.missing === 0;
}

export default defineCommand({
  meta: { name: "status", description: "list applied, pending, modified, missing and renumbered migrations" },
  args: {
    json: { type: "boolean", description: "print a JSON document (shape in docs/running.md)" },
    drift: {
      type: "boolean",
      default: true,
      description: "say whether the database matches what its applied migrations build",
      negativeDescription: "leave out the drift line: no catalog read, status stays one query",
    },
    exitCode: { type: "boolean", description: "exit 3 when any migration is pending, modified or missing (0: up to date)" },
  },
  async run({ args }) {
    const ctx = await loadContext(args);
    const { status, statusJson } = await import("../workflows/status");
    const report = await status(ctx.config, { drift: args.drift !== false });
    const json = statusJson(report);
    if (args.json === true) printJson(json);
    else printLines(statusLines(json, report.database, paint(ctx.color)));
    return args.exitCode === true && !upToDate(json) ? EXIT.check : EXIT.ok;
  },
});
