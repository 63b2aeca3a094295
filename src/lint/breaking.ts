/**
 * Renames that break the release still running: during a deploy the old code keeps querying the
 * old name until every instance is replaced, and every such query fails. Any dialect.
 */
import type { Draft } from "./finding";
import { safeFormHint } from "./safe-forms";
import { type Analyzer, existing, type LintStep } from "./step";

function analyze(step: LintStep): Draft[] {
  const { op } = step;
  if (op.op === "rename_table") {
    const t = existing(step, op.from);
    if (t === undefined) return [];
    return [
      {
        code: "L_RENAME_TABLE",
        severity: "error",
        table: op.from,
        message: `renames table ${op.from} to ${op.to}`,
        server: `from the commit on, every query of the running release that names ${t.sqlName} fails`,
        hint: `${safeFormHint("expand_contract", { table: op.from })}; or rename it and create a view with the old name (a simple view is updatable) until no release uses it`,
        safeForm: "expand_contract",
      },
    ];
  }
  if (op.op === "rename_column") {
    const t = existing(step, op.ref);
    if (t === undefined) return [];
    return [
      {
        code: "L_RENAME_COLUMN",
        severity: "error",
        table: op.ref,
        message: `renames column ${op.ref}.${op.from} to ${op.to}`,
        server: `from the commit on, every query of the running release that names ${op.from} fails (ORMs that select every column fail on any query of ${t.sqlName})`,
        hint: safeFormHint("expand_contract", { table: op.ref }),
        safeForm: "expand_contract",
      },
    ];
  }
  return [];
}

export const breaking: Analyzer = { name: "breaking", codes: ["L_RENAME_TABLE", "L_RENAME_COLUMN"], analyze };
