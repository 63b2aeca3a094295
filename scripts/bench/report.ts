/**
 * The markdown table printed to stdout (and pasted into docs/benchmarks.md), plus the verdicts
 * against the targets. Targets are stated at N=500 and judged only there (or at any N for
 * rows whose cost does not depend on N).
 */
import { median } from "./measure";
import type { RowResult, Target } from "./types";

export const TARGET_N = 500;

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return "—";
  if (ms < 1000) return `${ms.toFixed(ms < 100 ? 1 : 0)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

function formatMiB(kib: number): string {
  return Number.isFinite(kib) ? `${(kib / 1024).toFixed(1)} MiB` : "—";
}

function targetText(target: Target): string {
  switch (target.kind) {
    case "ratio":
      return `≤ ${target.max.toFixed(2)}×`;
    case "seconds":
      return `≤ ${target.max} s`;
    case "cpu":
      return `CPU ≤ ${target.maxSeconds} s`;
    case "rss":
      return `RSS ≤ ${target.maxMiB} MiB`;
    case "reference":
      return target.text;
    default:
      return unreachableTarget(target);
  }
}

function unreachableTarget(target: never): never {
  throw new Error(`unknown target ${JSON.stringify(target)}`);
}

export interface Summary {
  readonly toolMs: number;
  readonly floorMs: number;
  readonly ratio: number;
  readonly ratioMin: number;
  readonly ratioMax: number;
  readonly cpuMs: number;
  readonly rssKiB: number;
}

export function summarize(row: RowResult): Summary {
  return {
    toolMs: median(row.toolSamples.map((s) => s.ms)),
    floorMs: median(row.floorSamples.map((s) => s.ms)),
    ratio: median(row.ratios),
    ratioMin: row.ratios.length ? Math.min(...row.ratios) : Number.NaN,
    ratioMax: row.ratios.length ? Math.max(...row.ratios) : Number.NaN,
    cpuMs: median(row.toolSamples.map((s) => s.cpuMs)),
    rssKiB: row.toolSamples.length ? Math.max(...row.toolSamples.map((s) => s.rssKiB)) : Number.NaN,
  };
}

/** ✓/✗ per target, or why it is not judged. */
export function verdict(row: RowResult, s: Summary): string {
  const judged = row.targets.filter((t): t is Exclude<Target, { kind: "reference" }> => t.kind !== "reference");
  if (judged.length === 0) return "—";
  if (!row.judgeAtAnyN && row.n !== TARGET_N) return `(judged at N=${TARGET_N})`;
  if (row.unavailable !== undefined || row.toolSamples.length === 0) return "not measurable yet";
  return judged
    .map((t) => {
      switch (t.kind) {
        case "ratio":
          return `${s.ratio <= t.max ? "✓" : "✗"} ratio`;
        case "seconds":
          return `${s.toolMs / 1000 <= t.max ? "✓" : "✗"} time`;
        case "cpu":
          return `${s.cpuMs / 1000 <= t.maxSeconds ? "✓" : "✗"} CPU`;
        case "rss":
          return `${s.rssKiB / 1024 <= t.maxMiB ? "✓" : "✗"} RSS`;
        default:
          return unreachableTarget(t);
      }
    })
    .join(", ");
}

const HEADER =
  "| workload | N | tool | tool median | floor | floor median | ratio median [min–max] | tool CPU | peak RSS | target (N=500) | met? |\n" +
  "|---|---:|---|---:|---|---:|---|---:|---:|---|---|\n";

function cell(text: string): string {
  return text.replaceAll("|", "\\|");
}

export function markdownTable(rows: readonly RowResult[]): string {
  const lines = rows.map((row) => {
    const s = summarize(row);
    const measured = row.unavailable === undefined && row.toolSamples.length > 0;
    const toolCell = measured ? formatMs(s.toolMs) : "not measurable yet¹";
    const ratioCell = measured
      ? `${s.ratio.toFixed(2)}× [${s.ratioMin.toFixed(2)}–${s.ratioMax.toFixed(2)}]`
      : "—";
    const floorCell = row.floorError !== undefined ? "floor failed¹" : formatMs(s.floorMs);
    return (
      `| ${cell(row.title)} | ${row.n} | ${row.tool} | ${toolCell} | ${cell(row.floorTitle)} | ${floorCell} | ` +
      `${ratioCell} | ${measured ? formatMs(s.cpuMs) : "—"} | ${measured ? formatMiB(s.rssKiB) : "—"} | ` +
      `${cell(row.targets.map(targetText).join(", ") || "—")} | ${verdict(row, s)} |`
    );
  });
  return HEADER + lines.join("\n") + "\n";
}

/** The order: migrate (PG, SQLite), nothing pending, new, status, start-up. */
const KEY_ORDER = [
  "migrate-pg-all",
  "migrate-pg-each",
  "migrate-sqlite-all",
  "migrate-sqlite-each",
  "pending-none-pg",
  "pending-none-sqlite",
  "new-empty",
  "new-one-column",
  "new-evaluated",
  "status-pg",
  "help",
];

/** Rows in the order, then by N, alab before its peers. */
export function sortRows(rows: readonly RowResult[]): RowResult[] {
  const rank = (key: string): number => (KEY_ORDER.includes(key) ? KEY_ORDER.indexOf(key) : KEY_ORDER.length);
  return [...rows].sort(
    (a, b) =>
      rank(a.key) - rank(b.key) ||
      a.key.localeCompare(b.key) ||
      a.n - b.n ||
      Number(a.tool !== "alab") - Number(b.tool !== "alab") ||
      a.tool.localeCompare(b.tool),
  );
}

/** The footnotes: why rows are not measurable (grouped by reason), where floor SQL came from. */
export function markdownNotes(rows: readonly RowResult[]): string {
  const lines: string[] = [];
  const byReason = new Map<string, string[]>();
  for (const row of rows) {
    const problems = [
      ...(row.unavailable !== undefined ? [`${row.tool}: not measurable yet: ${row.unavailable}`] : []),
      ...(row.floorError !== undefined ? [`floor failed: ${row.floorError}`] : []),
    ];
    for (const problem of problems) {
      const list = byReason.get(problem) ?? [];
      list.push(`${row.key} N=${row.n}`);
      byReason.set(problem, list);
    }
  }
  for (const [problem, where] of byReason) lines.push(`- ¹ ${where.join(", ")} — ${problem}`);
  const notes = new Set<string>();
  for (const row of rows) for (const note of row.notes) notes.add(note);
  for (const note of notes) lines.push(`- ${note}`);
  return lines.join("\n") + (lines.length ? "\n" : "");
}
