import { defineCommand } from "citty";
import { displayPath } from "../config";
import { loadContext } from "./context";
import { paint, printLines } from "./render";

export default defineCommand({
  meta: { name: "make-migration", description: "write an empty hand-written (Azul-style) migration" },
  args: {
    name: { type: "positional", description: "what the migration does, e.g. create-articles", required: true },
  },
  async run({ args }) {
    const ctx = await loadContext(args);
    const { makeMigration } = await import("../workflows/make-migration");
    const path = await makeMigration(ctx.config, args.name, new Date());
    printLines([`${paint(ctx.color).green("created")} ${displayPath(ctx.cwd, path)}`]);
    return 0;
  },
});
