/**
 * docs/errors.md is the reference for every error code: each code src/ can raise has a row there,
 * and each row names a code src/ still raises. The scanner is a function over text so the cases
 * below prove it finds what it must and flags codes built at runtime, which it cannot see.
 */
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { AZUL_CODES } from "../../src/dsl/azul/fail";
import { SANDBOX_CODES } from "../../src/sandbox/failures";

const ROOT = join(import.meta.dir, "..", "..");
const DOC = "docs/errors.md";

/**
 * Code tables, read at run time rather than from their text, so an entry counts however it is
 * written. A new `export const X_CODES` under src/ fails the test until it is listed here.
 */
const KNOWN_TABLES: Readonly<Record<string, readonly string[]>> = {
  SANDBOX_CODES: Object.keys(SANDBOX_CODES),
  AZUL_CODES: [...AZUL_CODES],
};

const CODE = "E_[A-Z0-9_]*[A-Z0-9]"; // a code never ends in `_`: "E_SQL_" is a prefix

/** Codes written as whole literals: "E_X", 'E_X', or a template `E_X` without interpolation. */
export function codeLiterals(text: string): string[] {
  const re = new RegExp(`"(${CODE})"|'(${CODE})'|\`(${CODE})\``, "g");
  return [...text.matchAll(re)].map((m) => (m[1] ?? m[2] ?? m[3]) as string);
}

/** Lines that build a code at run time (`E_${kind}`, "E_SQL_" + kind): the scan cannot know what they make. */
export function builtCodes(text: string): number[] {
  const re = /`E_[A-Z0-9_]*\$\{|(["'`])E_[A-Z0-9_]*_\1\s*\+/;
  return text.split("\n").flatMap((line, i) => (re.test(line) ? [i + 1] : []));
}

/** Names of exported code tables (`export const SANDBOX_CODES = ...`). */
export function codeTables(text: string): string[] {
  return [...text.matchAll(/export\s+const\s+([A-Z0-9_]+_CODES)\b/g)].map((m) => m[1] as string);
}

/** The codes of docs/errors.md's table rows (first cell), with their line numbers. */
export function documentedCodes(markdown: string): { code: string; line: number; cells: number }[] {
  const out: { code: string; line: number; cells: number }[] = [];
  markdown.split("\n").forEach((text, i) => {
    const m = new RegExp(`^\\|\\s*\`(${CODE})\``).exec(text);
    if (m === null) return;
    // `| a | b | c |` splits into 5 parts; a stray `|` (even inside backticks) breaks the row in GitHub's renderer.
    const cells = text.split(/(?<!\\)\|/).length - 2;
    out.push({ code: m[1] as string, line: i + 1, cells });
  });
  return out;
}

function sourceFiles(): { path: string; text: string }[] {
  const dir = join(ROOT, "src");
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"))
    .sort()
    .map((f) => ({ path: relative(ROOT, join(dir, f)).replaceAll("\\", "/"), text: readFileSync(join(dir, f), "utf8") }));
}

/** Every code src/ can raise, with the first file that names it. */
function sourceCodes(files: readonly { path: string; text: string }[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const { path, text } of files) for (const code of codeLiterals(text)) if (!out.has(code)) out.set(code, path);
  for (const [table, codes] of Object.entries(KNOWN_TABLES)) for (const code of codes) if (!out.has(code)) out.set(code, table);
  return out;
}

describe("the scanner", () => {
  const cases: { name: string; text: string; literals: string[]; built: number[]; tables: string[] }[] = [
    { name: "double-quoted code", text: 'throw new AlabError({ code: "E_FOO", message })', literals: ["E_FOO"], built: [], tables: [] },
    { name: "single-quoted code", text: "fail('E_BAR_2', m, h, at)", literals: ["E_BAR_2"], built: [], tables: [] },
    { name: "template without interpolation", text: "const c = `E_BAZ`;", literals: ["E_BAZ"], built: [], tables: [] },
    { name: "code named in a comment", text: "// raises E_NOT_A_LITERAL (exit 4)", literals: [], built: [], tables: [] },
    { name: "interpolated template", text: "ok\nconst c = `E_${kind}`;", literals: [], built: [2], tables: [] },
    { name: "interpolated suffix", text: "const c = `E_SQL_${kind}`;", literals: [], built: [1], tables: [] },
    { name: "prefix concatenation", text: 'code: "E_SQL_" + kind,', literals: [], built: [1], tables: [] },
    { name: "code table", text: 'export const FOO_CODES = ["E_ONE", "E_TWO"] as const;', literals: ["E_ONE", "E_TWO"], built: [], tables: ["FOO_CODES"] },
  ];
  for (const c of cases) {
    test(c.name, () => {
      expect(codeLiterals(c.text)).toEqual(c.literals);
      expect(builtCodes(c.text)).toEqual(c.built);
      expect(codeTables(c.text)).toEqual(c.tables);
    });
  }

  test("reads documented rows and counts their cells", () => {
    const md = ["| code | meaning | what to do |", "|---|---|---|", "| `E_A` (exit 1) | m | h |", "| `E_B` | a `x|y` b | h |", "text `E_C`"].join("\n");
    expect(documentedCodes(md)).toEqual([
      { code: "E_A", line: 3, cells: 3 },
      { code: "E_B", line: 4, cells: 4 },
    ]);
  });
});

describe("docs/errors.md", () => {
  const files = sourceFiles();
  const used = sourceCodes(files);
  const rows = documentedCodes(readFileSync(join(ROOT, DOC), "utf8"));
  const documented = new Set(rows.map((r) => r.code));

  test("src/ builds no code at run time, and every code table is known", () => {
    const problems: string[] = [];
    for (const { path, text } of files) {
      for (const line of builtCodes(text)) problems.push(`${path}:${line}: a code is built at run time; write each code as a whole literal ("E_...")`);
      for (const table of codeTables(text)) {
        if (KNOWN_TABLES[table] === undefined) problems.push(`${path}: code table ${table} is not in KNOWN_TABLES of tests/docs/errors-doc.test.ts`);
      }
    }
    expect(problems.join("\n")).toBe("");
  });

  test("the scan finds the codes (a broken scan would pass everything)", () => {
    expect(used.size).toBeGreaterThan(100);
    for (const code of ["E_INTERNAL", "E_LOCK_TIMEOUT", "E_SANDBOX_TIMEOUT", "E_AZUL_EXPORTS"]) expect(used.has(code)).toBe(true);
  });

  test("documents every code src/ uses", () => {
    const missing = [...used].filter(([code]) => !documented.has(code)).map(([code, where]) => `${code} (${where}) has no row in ${DOC}`);
    expect(missing.sort().join("\n")).toBe("");
  });

  test("documents no code src/ no longer uses", () => {
    const stale = rows.filter((r) => !used.has(r.code)).map((r) => `${DOC}:${r.line}: ${r.code} appears nowhere in src/`);
    expect(stale.join("\n")).toBe("");
  });

  test("has one well-formed row per code", () => {
    const seen = new Map<string, number>();
    const problems: string[] = [];
    for (const r of rows) {
      const first = seen.get(r.code);
      if (first !== undefined) problems.push(`${DOC}:${r.line}: ${r.code} is documented again (first on line ${first})`);
      else seen.set(r.code, r.line);
      if (r.cells !== 3) problems.push(`${DOC}:${r.line}: ${r.code} has ${r.cells} cells, not 3 (escape a \`|\` as \\|)`);
    }
    expect(problems.join("\n")).toBe("");
  });
});
