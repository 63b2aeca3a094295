import { defineCommand } from "citty";
import { EXIT, unreachable } from "../errors";
import type { MigrationState } from "../workflows/database/history";
import type { StatusJson } from "../workflows/status";
import { loadContext } from "./context";
import { type Paint, paint, printJson, printLines } from "./render";

function stateText(s: MigrationState, p: Paint): string {
  const text = s.padEnd(8);
  switch (s) {
    case "applied":
      return p.green(text);
    case "pending":
      return p.yellow(text);
    case "modified":
    case "missing":
      return p.red(text);
    default:
      return unreachable(s, "migration state");
  }
}

export function statusLines(json: StatusJson, database: string, p: Paint): string[] {
  const rows = json.migrations.map((m) => {
    const file = m.file ?? `${m.revision}_${m.name} (file missing)`;
    return { m, file };
  });
  const width = Math.max(0, ...rows.map((r) => r.file.length));
  const lines = [p.dim(database)];
  if (rows.length === 0) lines.push("no migrations yet: `alab new <name>` generates the first one");
  for (const { m, file } of rows) {
    const when = m.applied_at === null ? "" : `  batch ${m.batch}  ${m.applied_at}  ${m.duration_ms} ms`;
    lines.push(`  ${stateText(m.state, p)} ${file.padEnd(width)}${p.dim(when)}`.trimEnd());
  }
  const c = json.counts;
  lines.push(`${c.applied} applied · ${c.pending} pending · ${c.modified} modified · ${c.missing} missing`);
  return lines;
}

export default defineCommand({
  meta: { name: "status", description: "list applied, pending, modified and missing migrations" },
  args: {
    json: { type: "boolean", description: "print a JSON document (shape in docs/running.md)" },
  },
  async run({ args }) {
    const ctx = await loadContext(args);
    const { status, statusJson } = await import("../workflows/status");
    const report = await status(ctx.config);
    const json = statusJson(report);
    if (args.json === true) printJson(json);
    else printLines(statusLines(json, report.database, paint(ctx.color)));
    return EXIT.ok;
  },
});
