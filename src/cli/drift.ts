import { defineCommand } from "citty";
import { EXIT } from "../errors";
import type { DriftDifference } from "../inspect/differences";
import type { Unmanaged } from "../inspect/live";
import { plural } from "../workflows/words";
import { loadContext } from "./context";
import { type Paint, paint, printJson, printLines } from "./render";

/** What a comparison found, as `alab drift` and `alab verify` print it (after their header line). */
export function differenceLines(differences: readonly DriftDifference[], unmanaged: readonly Unmanaged[], notes: readonly string[], p: Paint): string[] {
  const lines: string[] = [];
  for (const n of notes) lines.push(p.dim(`note: ${n}`));
  for (const d of differences) lines.push(`  ${p.red(d.kind.padEnd(19))} ${d.message}`);
  if (unmanaged.length > 0) {
    lines.push(`not managed by alab (${plural(unmanaged.length, "object")}):`);
    for (const u of unmanaged) lines.push(`  ${p.dim(u.kind.padEnd(19))} ${u.table === undefined ? "" : `${u.table}.`}${u.name}: ${u.why}`);
  }
  return lines;
}

export default defineCommand({
  meta: { name: "drift", description: "compare the live database with the schema its applied migrations build (read-only)" },
  args: {
    json: { type: "boolean", description: "print a JSON document (shape in docs/drift.md)" },
    strict: { type: "boolean", description: "tables and objects alab does not manage count as drift too" },
  },
  async run({ args }) {
    const ctx = await loadContext(args);
    const { drift, driftJson } = await import("../workflows/drift");
    const report = await drift(ctx.config, { strict: args.strict === true });
    if (args.json === true) {
      printJson(driftJson(report));
    } else {
      const p = paint(ctx.color);
      const against = `${plural(report.applied, "applied migration")}${report.pending > 0 ? ` (${report.pending} pending, not expected)` : ""}`;
      const head = report.drift
        ? `${p.red("drift")}: ${report.database} differs from what its ${against} build (${plural(report.differences.length, "difference")})`
        : `${p.green("no drift")}: ${report.database} matches what its ${against} build`;
      printLines([head, ...differenceLines(report.differences, report.unmanaged, report.notes, p)]);
    }
    return report.drift ? EXIT.check : EXIT.ok;
  },
});
