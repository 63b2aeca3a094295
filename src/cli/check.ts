import { defineCommand } from "citty";
import type { CheckState } from "../workflows/check";
import { loadContext } from "./context";
import { JSON_FORMAT } from "./json";
import { paint, printJson, printLines, printLogs } from "./render";

export default defineCommand({
  meta: { name: "check", description: "CI gate: schemas valid, no ungenerated change, snapshot = replay, no edited applied file, no drift, lint of new migrations" },
  args: {
    offline: { type: "boolean", description: "skip the database: do not compare applied migrations with their files, nor the live schema with them" },
    base: { type: "string", valueHint: "ref", description: "the branch a pull request goes into: fail when this branch's migrations are numbered before its newest" },
    json: { type: "boolean", description: "print the steps as a JSON document (shape in docs/cli.md); a failure as JSON on stderr" },
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
      if (args.json === true) {
        printJson({ format: JSON_FORMAT, command: "check", ok: true, offline: args.offline === true, steps: results.map((r) => ({ step: r.step, summary: r.summary })), logs: state.logs.map((l) => ({ file: l.file, line: l.line })) });
        return;
      }
      const p = paint(ctx.color);
      printLines(results.map((r) => `${p.green("ok")} ${r.step}: ${r.summary}`));
    } finally {
      // With --json, file output is in the document (or, on failure, not shown: stderr holds the error).
      if (args.json !== true) printLogs(state.logs);
    }
  },
});
