/**
 * docs/lint.md documents every finding code, and every code it documents exists; each analyzer's
 * codes are in the list, and every code is reported by an analyzer or by lint.ts/allow.ts.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { LINT_RULES } from "../../src/lint/finding";
import { ANALYZERS } from "../../src/lint/lint";

const DOC = readFileSync(join(import.meta.dir, "../../docs/lint.md"), "utf8");
/** Raised outside the per-operation analyzers: per migration (lint.ts) and per comment (allow.ts). */
const OUTSIDE_ANALYZERS = ["L_MYSQL_NO_ROLLBACK", "L_ALLOW_UNKNOWN"];

describe("docs/lint.md", () => {
  test("has a section for every code, and none for a code that does not exist", () => {
    const documented = [...DOC.matchAll(/^#### (L_[A-Z0-9_]+)$/gm)].map((m) => m[1]);
    expect(documented).toEqual([...LINT_RULES]);
  });

  test("every analyzer's codes are known, and every code has a source", () => {
    const fromAnalyzers = ANALYZERS.flatMap((a) => a.codes);
    for (const c of fromAnalyzers) expect(LINT_RULES).toContain(c);
    expect(new Set([...fromAnalyzers, ...OUTSIDE_ANALYZERS])).toEqual(new Set(LINT_RULES));
    const names = ANALYZERS.map((a) => a.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
