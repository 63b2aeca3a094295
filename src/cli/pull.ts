import { defineCommand } from "citty";
import type { LeftOut, PulledObject } from "../workflows/adopt/pull-plan";
import { plural } from "../workflows/words";
import { loadContext } from "./context";
import { type Paint, paint, printLines } from "./render";

function objectLine(o: PulledObject, p: Paint): string {
  const where = o.table === undefined ? "" : `${o.table}.`;
  return `  ${o.kind} ${where}${o.name}: ${o.why}${o.carried ? p.dim(" (in the baseline as raw SQL)") : p.yellow(" (not pulled)")}`;
}

function tableLines(title: string, tables: readonly LeftOut[]): string[] {
  if (tables.length === 0) return [];
  return [title, ...tables.flatMap((t) => [`  ${t.table}`, ...t.why.map((w) => `    ${w}`)])];
}

export default defineCommand({
  meta: { name: "pull", description: "write schema files, a baseline migration and the snapshot from an existing database (writes files only)" },
  args: {
    force: { type: "boolean", description: "replace schema files (and a snapshot) that are already there" },
  },
  async run({ args }) {
    const ctx = await loadContext(args);
    const { pull } = await import("../workflows/pull");
    const r = await pull(ctx.config, { force: args.force === true });
    const p = paint(ctx.color);
    const lines = [
      `${p.green("wrote")} ${plural(r.files.length, "schema file")}, ${r.baseline} and ${r.snapshot}`,
      ...tableLines(`${p.yellow("raw SQL")}: the baseline creates ${plural(r.raw.length, "table")} that cannot be schema files yet (alab does not manage them):`, r.raw),
      ...tableLines(`${p.yellow("left out")}: ${plural(r.leftOut.length, "table")} alab cannot create (not in the baseline):`, r.leftOut),
      ...(r.objects.length === 0 ? [] : [`${p.yellow("not managed")}: ${plural(r.objects.length, "object")} the schema files cannot hold:`, ...r.objects.map((o) => objectLine(o, p))]),
      ...(r.kept.length === 0 ? [] : [`${p.yellow("kept")}: ${plural(r.kept.length, "schema file")} with no table in the database: ${r.kept.join(", ")}`]),
      "next: review the files, then `alab baseline` records the baseline as applied on this database (after checking it matches)",
    ];
    printLines(lines);
    return 0;
  },
});
