import { defineCommand } from "citty";
import { colorEnabled, paint, printLines } from "./render";

export default defineCommand({
  meta: { name: "init", description: "create alab.yaml, schemas/, migrations/ and editor typings" },
  args: {
    demo: { type: "boolean", description: "also write the example auth/blog schema files" },
  },
  async run({ args }) {
    const { initProject } = await import("../workflows/init");
    const cwd = process.cwd();
    const { created, updated } = await initProject(cwd, { demo: args.demo === true });
    const p = paint(colorEnabled(args.color !== false, process.stdout.isTTY));
    printLines([
      ...created.map((path) => `${p.green("created")} ${path}`),
      ...updated.map((path) => `${p.green("updated")} ${path}`),
      "",
      args.demo === true
        ? "Next: `alab check` validates the example; `alab new init` generates its first migration."
        : "Next: `alab table <ns> <name>` scaffolds a schema file; `alab new <name>` generates a migration.",
    ]);
  },
});
