import { defineCommand } from "citty";
import { displayPath } from "../config";
import { EXIT } from "../errors";
import { exportFlags } from "./export";
import { loadContext } from "./context";
import { paint, printLines } from "./render";

/** `alab erd [FILE]`: `alab export svg --out docs/erd.svg`, in short. */
export const DEFAULT_ERD = "docs/erd.svg";

export default defineCommand({
  meta: { name: "erd", description: `draw the ER diagram as SVG into ${DEFAULT_ERD} (or FILE)` },
  args: {
    file: { type: "positional", valueHint: "file", description: `where to write the SVG (default ${DEFAULT_ERD})`, required: false },
    ...exportFlags,
  },
  async run({ args }) {
    const { runExport } = await import("../workflows/export");
    const ctx = await loadContext(args);
    const r = await runExport(ctx.config, {
      format: "svg",
      out: args.file ?? DEFAULT_ERD,
      ...(args.dialect === undefined ? {} : { dialect: args.dialect }),
      schemas: args.schemas === true,
    });
    printLines([`${paint(ctx.color).green("wrote")} ${displayPath(ctx.cwd, r.path ?? "")} (${r.tables} ${r.tables === 1 ? "table" : "tables"})`]);
    return EXIT.ok;
  },
});
