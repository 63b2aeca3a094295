import { defineCommand } from "citty";
import { displayPath } from "../config";
import { AlabError } from "../errors";
import { loadContext } from "./context";
import { paint, printLines } from "./render";

export default defineCommand({
  meta: { name: "snapshot", description: "rewrite migrations/alab.snapshot.json from a replay of the migrations" },
  args: {
    rebuild: { type: "boolean", description: "replay every migration file and write the snapshot" },
  },
  async run({ args }) {
    if (args.rebuild !== true) {
      throw new AlabError({ code: "E_USAGE_MISSING_FLAG", message: "`alab snapshot` needs `--rebuild`", hint: "run `alab snapshot --rebuild` to rewrite the snapshot from the migration files" });
    }
    const ctx = await loadContext(args);
    const { rebuildSnapshot } = await import("../workflows/snapshot");
    const result = await rebuildSnapshot(ctx.config);
    const p = paint(ctx.color);
    const warnings = result.notReplayable.map((n) => `${p.yellow("warning")}: ${n.file}${n.line === undefined ? "" : `:${n.line}:${n.column}`}: ${n.what}`);
    if (warnings.length > 0) printLines([...warnings, "  the snapshot does not include what that SQL does"], "stderr");
    const shown = displayPath(ctx.cwd, result.path);
    if (result.snapshot === undefined) printLines(["no migration files: nothing to snapshot"]);
    else printLines([`${result.changed ? p.green("wrote") : "unchanged"} ${shown} (head ${result.snapshot.head}, ${Object.keys(result.snapshot.schema.tables).length} tables)`]);
    return 0;
  },
});
