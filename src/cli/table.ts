import { defineCommand } from "citty";
import { displayPath } from "../config";
import { loadContext } from "./context";
import { paint, printLines } from "./render";

export default defineCommand({
  meta: { name: "table", description: "scaffold a schema file schemas/<ns>/<name>.js" },
  args: {
    ns: { type: "positional", description: "namespace (the folder), e.g. auth", required: true },
    name: { type: "positional", description: "table name (the file), e.g. user", required: true },
  },
  async run({ args }) {
    const ctx = await loadContext(args);
    const { scaffoldTable } = await import("../workflows/table");
    const path = await scaffoldTable(ctx.config, args.ns, args.name);
    printLines([`${paint(ctx.color).green("created")} ${displayPath(ctx.cwd, path)}`]);
  },
});
