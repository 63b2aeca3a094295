import { defineCommand } from "citty";
import type { CheckState } from "../workflows/check";
import { loadContext } from "./context";
import { paint, printLines, printLogs } from "./render";

export default defineCommand({
  meta: { name: "check", description: "CI gate: schemas valid, no ungenerated change, snapshot = replay, no edited applied file, no drift, lint of new migrations" },
  args: {
    offline: { type: "boolean", description: "skip the database: do not compare applied migrations with their files, nor the live schema with them" },
    base: { type: "string", valueHint: "ref", description: "the branch a pull request goes into: fail when this branch's migrations are numbered before its newest" },
  },
  async run({ args }) {
    const ctx = await loadContext(args);
    const { checkSteps, runChecks } = await import("../workflows/check");
    const state: CheckState = { logs: [] };
    const steps = checkSteps({ offline: args.offline === true, ...(typeof args.base === "string" ? { base: args.base } : {}) });
    // First: a branch that is behind explains every later failure (a clash, a replay that differs).
    const base = typeof args.base === "string" ? [(await import("../workflows/checks/behind")).behindStep(args.base)] : [];
    try {
      const results = await runChecks(ctx.config, [...base, ...steps], state);
      const p = paint(ctx.color);
      printLines(results.map((r) => `${p.green("ok")} ${r.step}: ${r.summary}`));
    } finally {
      printLogs(state.logs);
    }
  },
});
