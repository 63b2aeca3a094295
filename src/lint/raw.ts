/** `m.sql(...)` / Azul `query.raw(...)`: opaque to alab, so a note says nobody checked it. */
import type { Draft } from "./finding";
import type { Analyzer, LintStep } from "./step";

function analyze(step: LintStep): Draft[] {
  if (step.op.op !== "sql") return [];
  return [
    {
      code: "L_RAW_SQL",
      severity: "note",
      message: "raw SQL is not analysed",
      server: "alab runs it as written; its locks, rewrites and data loss are not checked",
      hint: "review it by hand for the findings docs/lint.md describes (e.g. CREATE INDEX without CONCURRENTLY, constraints without NOT VALID)",
    },
  ];
}

export const raw: Analyzer = { name: "raw-sql", codes: ["L_RAW_SQL"], analyze };
