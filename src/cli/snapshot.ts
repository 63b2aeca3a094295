import { defineCommand } from "citty";
import { displayPath } from "../config";
import { AlabError } from "../errors";
import { loadContext } from "./context";
import { JSON_FORMAT } from "./json";
import { paint, printJson, printLines } from "./render";

export default defineCommand({
  meta: { name: "snapshot", description: "rewrite migrations/alab.snapshot.json from a replay of the migrations" },
  args: {
    rebuild: { type: "boolean", description: "replay every migration file and write the snapshot" },
    json: { type: "boolean", description: "print the result as a JSON document (shape in docs/cli.md); errors as JSON on stderr" },
  },
  async run({ args }) {
    if (args.rebuild !== true) {
      throw new AlabError({ code: "E_USAGE_MISSING_FLAG", message: "`alab snapshot` needs `--rebuild`", hint: "run `alab snapshot --rebuild` to rewrite the snapshot from the migration files" });
    }
    const ctx = await loadContext(args);
    const { rebuildSnapshot } = await import("../workflows/snapshot");
    const result = await rebuildSnapshot(ctx.config);
    const shown = displayPath(ctx.cwd, result.path);
    if (args.json === true) {
      printJson({
        format: JSON_FORMAT,
        command: "snapshot",
        file: shown,
        written: result.snapshot !== undefined && result.changed,
        head: result.snapshot?.head ?? null,
        tables: result.snapshot === undefined ? 0 : Object.keys(result.snapshot.schema.tables).length,
        not_replayable: result.notReplayable.map((n) => ({ file: n.file, line: n.line ?? null, column: n.column ?? null, what: n.what })),
      });
      return 0;
    }
    const p = paint(ctx.color);
    const warnings = result.notReplayable.map((n) => `${p.yellow("warning")}: ${n.file}${n.line === undefined ? "" : `:${n.line}:${n.column}`}: ${n.what}`);
    if (warnings.length > 0) printLines([...warnings, "  the snapshot does not include what that SQL does"], "stderr");
    if (result.snapshot === undefined) printLines(["no migration files: nothing to snapshot"]);
    else printLines([`${result.changed ? p.green("wrote") : "unchanged"} ${shown} (head ${result.snapshot.head}, ${Object.keys(result.snapshot.schema.tables).length} tables)`]);
    return 0;
  },
});
