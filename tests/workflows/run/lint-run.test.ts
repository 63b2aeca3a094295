/** What a run does with lint findings: one warning per error nobody allowed, `--dry` comments that stay comments. */
import { describe, expect, test } from "bun:test";
import type { Finding } from "../../../src/lint/finding";
import { dryFindings, findingComment, findingLine, lintHeader, RunLint, runWarnings } from "../../../src/workflows/run/lint-run";
import type { LoadedMigration } from "../../../src/workflows/project/load-migrations";
import { capabilitiesFor } from "../../../src/sql/capabilities";
import { comment } from "../../../src/sql/script-text";
import { unsafeInScript } from "../../../src/cli/escape";

const base: Finding = { code: "L_DROP_COLUMN", severity: "error", file: "migrations/002_x.js", line: 4, column: 7, message: "drops column a.b.c and its data", server: "gone", hint: "wait" };

describe("lint in a run", () => {
  test("a run warns about errors only, and not about allowed ones", () => {
    const findings = new Map<string, readonly Finding[]>([
      ["migrations/002_x.js", [base, { ...base, code: "L_INDEX_LOCK", line: 5 }, { ...base, severity: "warning", code: "L_UNIQUE_DATA" }, { ...base, line: 9, allowed: { reason: "ok" } }]],
    ]);
    expect(runWarnings(findings)).toEqual([findingLine(base), findingLine({ ...base, code: "L_INDEX_LOCK", line: 5 })]);
    expect(findingLine(base)).toBe("migrations/002_x.js:4:7: L_DROP_COLUMN: drops column a.b.c and its data (`alab lint` explains; `// alab:allow L_DROP_COLUMN <reason>` above it acknowledges it)");
    expect(lintHeader(findings)).toEqual(["lint: 2 errors, 1 warning, 1 allowed (as comments beside their statements; `alab lint` explains)"]);
    expect(lintHeader(new Map())).toEqual([]);
    const notes = new Map<string, readonly Finding[]>([["m.js", [{ ...base, severity: "note", code: "L_RAW_SQL" }, { ...base, severity: "note", code: "L_RAW_SQL", allowed: { reason: "r" } }]]]);
    expect(dryFindings(notes).get("m.js")?.map((f) => f.allowed?.reason ?? null)).toEqual(["r"]);
    expect(lintHeader(dryFindings(new Map([["m.js", [{ ...base, severity: "note" as const }]]])))).toEqual([]);
  });

  test("--dry comments: the finding, what happens, the help; an allowed one with its reason", () => {
    expect(findingComment(base)).toEqual(["lint error[L_DROP_COLUMN] migrations/002_x.js:4:7: drops column a.b.c and its data", "  gone", "  help: wait"]);
    expect(findingComment({ ...base, allowed: { reason: "" } })).toEqual(["lint allowed[L_DROP_COLUMN] migrations/002_x.js:4:7: drops column a.b.c and its data", "  allowed: (no reason given)"]);
  });

  test("a reason with control or bidi characters stays one printable comment line", () => {
    const lines = findingComment({ ...base, allowed: { reason: "x\u202ey\u001b[2Jz\u2028w" } }).map(comment);
    const script = `${lines.join("\n")}\n`;
    expect(unsafeInScript(script)).toBe(-1);
    expect(script.split("\n").every((l) => l === "" || l.startsWith("-- "))).toBe(true);
  });
});

describe("RunLint", () => {
  const caps = capabilitiesFor("postgres", "16.2");
  const loaded = (source: string): LoadedMigration => ({
    file: { revision: "002", order: 2n, name: "x", file: "002_x.js", path: "/p/migrations/002_x.js", source, checksum: "" },
    shown: "migrations/002_x.js",
    def: { up: [{ value: { op: "drop_table", ref: "a.b" }, file: "migrations/002_x.js", line: 3, column: 7 }], down: null, transaction: true, style: "generated" },
  });
  const table = { ref: "a.b", sqlName: "a_b", columns: [], primaryKey: [], indexes: [], foreignKeys: [], checks: [] };

  test("keeps each migration's findings as the planner feeds it operations", () => {
    const warnings: string[] = [];
    const lint = new RunLint(caps, (w) => warnings.push(w));
    const m = loaded("x");
    const out = lint.around(m, (observe) => {
      const op = m.def.up[0]!;
      observe?.(op)(op.value, { tables: { "a.b": table } }, { tables: {} }, { statements: [{ sql: "drop table a_b" }] });
      return "planned";
    });
    expect(out).toBe("planned");
    expect(warnings).toEqual([]);
    expect(lint.findings.get("migrations/002_x.js")?.map((f) => [f.code, f.line])).toEqual([["L_DROP_TABLE", 3]]);
  });

  test("a failure inside lint is one warning, and planning goes on", () => {
    const warnings: string[] = [];
    const lint = new RunLint(caps, (w) => warnings.push(w));
    const m = loaded("x");
    const broken = { tables: new Proxy({}, { get: () => { throw new Error("boom"); } }) };
    const out = lint.around(m, (observe) => {
      const op = m.def.up[0]!;
      observe?.(op)(op.value, broken, broken, { statements: [] });
      observe?.(op)(op.value, broken, broken, { statements: [] });
      return "planned";
    });
    expect(out).toBe("planned");
    expect(warnings).toEqual(["lint could not analyse the pending migrations (boom); run `alab lint`"]);
    expect(lint.findings.size).toBe(0);
  });
});
