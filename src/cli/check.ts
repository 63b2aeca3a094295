import { defineCommand } from "citty";
import type { CheckState } from "../workflows/check";
import { loadContext } from "./context";
import { paint, printLines, printLogs } from "./render";

export default defineCommand({
  meta: { name: "check", description: "CI gate: schema files evaluate and validate" },
  args: {},
  async run({ args }) {
    const ctx = await loadContext(args);
    const { runChecks } = await import("../workflows/check");
    const state: CheckState = { logs: [] };
    try {
      const results = await runChecks(ctx.config, undefined, state);
      const p = paint(ctx.color);
      printLines(results.map((r) => `${p.green("ok")} ${r.step}: ${r.summary}`));
    } finally {
      printLogs(state.logs);
    }
  },
});
