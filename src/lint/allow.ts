/**
 * `// alab:allow CODE[, CODE…] reason`: a person has read the finding and accepts it. The comment
 * sits on a line of its own directly above the operation (a run of comment lines may stack
 * several); lint then reports the finding as allowed, with the reason. A code that does not exist
 * is itself a finding, so a typo never silently allows nothing.
 */
import { type Draft, isLintCode, type LintCode } from "./finding";

export interface Allow {
  readonly codes: readonly LintCode[];
  readonly reason: string;
}

export interface AllowProblem {
  readonly line: number;
  readonly column: number;
  readonly draft: Draft;
}

export interface Allows {
  /** The codes allowed for an operation written on `line` (1-based), with their reasons. */
  readonly at: (line: number) => ReadonlyMap<LintCode, string>;
  readonly problems: readonly AllowProblem[];
}

const DIRECTIVE = /^(\s*)\/\/\s*alab:allow\b(.*)$/;
const CODE_TOKEN = /^L_[A-Z0-9_]+$/;

function parse(rest: string): { codes: string[]; reason: string } {
  const tokens = rest.trim().split(/\s+/).filter((t) => t !== "");
  const codes: string[] = [];
  let i = 0;
  for (; i < tokens.length; i++) {
    const parts = (tokens[i] as string).split(",").filter((p) => p !== "");
    // The first token is always a code (or a mistake); later ones only when they look like one.
    if (i > 0 && !parts.every((p) => CODE_TOKEN.test(p))) break;
    codes.push(...parts);
  }
  return { codes, reason: tokens.slice(i).join(" ") };
}

const NONE: Allows = { at: () => new Map(), problems: [] };

export function readAllows(source: string): Allows {
  // Most files have no comment to read: not splitting them keeps lint during `migrate` cheap.
  if (!source.includes("alab:allow")) return NONE;
  const lines = source.split(/\r?\n/);
  const byLine = new Map<number, Allow>();
  const problems: AllowProblem[] = [];
  lines.forEach((text, i) => {
    const m = DIRECTIVE.exec(text);
    if (m === null) return;
    const { codes, reason } = parse(m[2] ?? "");
    const known = codes.filter(isLintCode);
    const unknown = codes.filter((c) => !isLintCode(c));
    const column = (m[1] ?? "").length + 1;
    if (codes.length === 0 || unknown.length > 0) {
      problems.push({
        line: i + 1,
        column,
        draft: {
          code: "L_ALLOW_UNKNOWN",
          severity: "warning",
          message: codes.length === 0 ? "`alab:allow` names no code" : `\`alab:allow\` names no finding called ${unknown.map((c) => `\`${c}\``).join(", ")}`,
          server: "the comment allows nothing it does not name exactly",
          hint: "write `// alab:allow L_CODE reason` with a code from `alab lint` or docs/lint.md",
        },
      });
    }
    if (known.length > 0) byLine.set(i + 1, { codes: known, reason });
  });
  const at = (line: number): ReadonlyMap<LintCode, string> => {
    const out = new Map<LintCode, string>();
    // Walk up through the run of comment lines directly above the operation.
    for (let l = line - 1; l >= 1; l--) {
      const text = (lines[l - 1] ?? "").trim();
      if (!text.startsWith("//")) break;
      const allow = byLine.get(l);
      if (allow !== undefined) for (const c of allow.codes) if (!out.has(c)) out.set(c, allow.reason);
    }
    return out;
  };
  return { at, problems };
}
