import { defineCommand } from "citty";
import { plural } from "../workflows/words";
import { loadContext } from "./context";
import { lockTimeoutArg } from "./migrate";
import { paint, printLines } from "./render";

export default defineCommand({
  meta: { name: "baseline", description: "record migrations up to REV as applied without running them, after proving the database matches" },
  args: {
    rev: { type: "positional", description: "the newest migration to record (number or file name); default: all", required: false },
    force: { type: "boolean", description: "record even when the database differs (the differences are printed)" },
    lockTimeout: { type: "string", valueHint: "seconds", description: "how long to wait for another run's lock (default 60)" },
  },
  async run({ args }) {
    const ctx = await loadContext(args);
    const { baseline } = await import("../workflows/baseline");
    const r = await baseline(ctx.config, {
      ...(typeof args.rev === "string" ? { rev: args.rev } : {}),
      force: args.force === true,
      lockTimeoutSeconds: lockTimeoutArg(args.lockTimeout, ctx.config.lockTimeoutSeconds),
    });
    const p = paint(ctx.color);
    const lines: string[] = [];
    for (const n of r.notReplayable) lines.push(`${p.yellow("not checked")}: ${n.file}${n.line === undefined ? "" : `:${n.line}:${n.column}`}: ${n.what}`);
    if (r.overridden.length > 0) lines.push(`${p.red("forced")}: recorded despite ${plural(r.overridden.length, "difference")}:`, ...r.overridden.map((d) => `  ${d}`));
    for (const u of r.unmanaged) lines.push(`${p.dim("trusted")}: ${u}`);
    if (r.otherTables.length > 0) lines.push(`${p.dim("not made by these migrations")}: ${r.otherTables.join(", ")}`);
    if (r.recorded.length === 0) lines.push(`nothing to record: ${plural(r.alreadyApplied, "migration")} already recorded as applied`);
    else lines.push(`${p.green("recorded")} ${r.recorded.join(", ")} as applied (batch ${r.batch}, not run)${r.overridden.length === 0 ? ": the database matches what they build" : ""}`);
    printLines(lines);
    return 0;
  },
});
