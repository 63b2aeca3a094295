import { defineCommand } from "citty";
import { EXIT } from "../errors";
import { plural } from "../workflows/words";
import { loadContext } from "./context";
import { differenceLines } from "./drift";
import { paint, printJson, printLines } from "./render";

export default defineCommand({
  meta: { name: "verify", description: "apply every migration to a scratch database and compare it with the snapshot" },
  args: {
    "dev-url": { type: "string", valueHint: "url", description: "a PostgreSQL or MySQL/MariaDB server URL whose user may create databases (default: a scratch SQLite)" },
    json: { type: "boolean", description: "print a JSON document (shape in docs/drift.md)" },
  },
  async run({ args }) {
    const ctx = await loadContext(args);
    const { verify, verifyJson } = await import("../workflows/verify");
    const devUrl = args["dev-url"];
    const report = await verify(ctx.config, typeof devUrl === "string" ? { devUrl } : {});
    if (args.json === true) {
      printJson(verifyJson(report));
    } else {
      const p = paint(ctx.color);
      const head = report.drift
        ? `${p.red("differs")}: the ${plural(report.files, "migration file")}, applied to ${report.scratch}, do not build the snapshot (${plural(report.differences.length, "difference")})`
        : `${p.green("ok")}: the ${plural(report.files, "migration file")}, applied to ${report.scratch}, build exactly the snapshot`;
      printLines([head, ...differenceLines(report.differences, report.unmanaged, report.notes, p)]);
    }
    return report.drift ? EXIT.check : EXIT.ok;
  },
});
