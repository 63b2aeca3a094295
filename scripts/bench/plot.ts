/**
 * A hand-written SVG of median time against N: one panel per workload, one line per tool plus
 * the floor. No dependency; deterministic output for the same results.
 */
import { median } from "./measure";
import type { RowResult } from "./types";

const PANELS: Readonly<Record<string, string>> = {
  "migrate-pg-all": "migrate, N pending — PostgreSQL, --tx all",
  "migrate-pg-each": "migrate, N pending — PostgreSQL, --tx each",
  "migrate-sqlite-all": "migrate, N pending — SQLite, --tx all",
  "pending-none-pg": "migrate, nothing pending — PostgreSQL",
  "new-empty": "new, N-table schema, empty snapshot",
};
const COLORS = ["#111111", "#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"];
const W = 480;
const H = 270;
const PAD = { left: 56, right: 120, top: 40, bottom: 36 };

interface Series {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
}

function esc(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

function seriesFor(key: string, rows: readonly RowResult[]): Series[] {
  const mine = rows.filter((r) => r.key === key);
  const byTool = new Map<string, [number, number][]>();
  const floor = new Map<number, number>();
  for (const row of mine) {
    if (row.toolSamples.length > 0) {
      const list = byTool.get(row.tool) ?? [];
      list.push([row.n, median(row.toolSamples.map((s) => s.ms))]);
      byTool.set(row.tool, list);
    }
    // The floor of the alab row is the reference; peers' floors measure the same thing.
    if (row.floorSamples.length > 0 && (row.tool === "alab" || !floor.has(row.n))) {
      floor.set(row.n, median(row.floorSamples.map((s) => s.ms)));
    }
  }
  const floorTool = (mine[0]?.floorTitle ?? "floor").split(/[ ,]/)[0];
  const series: Series[] = [{ name: `floor (${floorTool})`, points: [...floor].sort((a, b) => a[0] - b[0]) }];
  for (const [tool, points] of [...byTool].sort((a, b) => (a[0] === "alab" ? -1 : b[0] === "alab" ? 1 : a[0] < b[0] ? -1 : 1))) {
    series.push({ name: tool, points: points.sort((a, b) => a[0] - b[0]) });
  }
  return series.filter((s) => s.points.length >= 2);
}

/** A round tick step (1, 2, 2.5 or 5 × 10^k) giving about four ticks up to `max`. */
function tickStep(max: number): number {
  const raw = max / 4 || 1;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / magnitude;
  return (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10) * magnitude;
}

function panel(title: string, series: readonly Series[], x0: number, y0: number): string {
  const all = series.flatMap((s) => s.points);
  const maxN = Math.max(...all.map((p) => p[0]));
  const step = tickStep(Math.max(...all.map((p) => p[1])));
  const ticks = Math.ceil(Math.max(...all.map((p) => p[1])) / step);
  const maxMs = step * ticks;
  const sx = (n: number): number => x0 + PAD.left + (n / maxN) * (W - PAD.left - PAD.right);
  const sy = (ms: number): number => y0 + H - PAD.bottom - (ms / maxMs) * (H - PAD.top - PAD.bottom);
  const unit = maxMs >= 2000 ? "s" : "ms";
  const fmt = (ms: number): string => String(unit === "s" ? Number((ms / 1000).toFixed(2)) : Number(ms.toFixed(1)));
  const out: string[] = [];
  out.push(`<text x="${x0 + PAD.left}" y="${y0 + 18}" font-size="13" font-weight="bold">${esc(title)}</text>`);
  out.push(`<line x1="${sx(0)}" y1="${sy(0)}" x2="${sx(maxN)}" y2="${sy(0)}" stroke="#888"/>`);
  out.push(`<line x1="${sx(0)}" y1="${sy(0)}" x2="${sx(0)}" y2="${sy(maxMs)}" stroke="#888"/>`);
  for (let i = 0; i <= ticks; i++) {
    const ms = step * i;
    out.push(`<text x="${sx(0) - 6}" y="${sy(ms) + 4}" font-size="10" text-anchor="end">${fmt(ms)}</text>`);
  }
  out.push(`<text x="${sx(0) - 6}" y="${sy(maxMs) - 8}" font-size="10" text-anchor="end">${unit}</text>`);
  for (const n of [...new Set(all.map((p) => p[0]))].sort((a, b) => a - b)) {
    out.push(`<text x="${sx(n)}" y="${sy(0) + 14}" font-size="10" text-anchor="middle">${n}</text>`);
  }
  out.push(`<text x="${sx(maxN / 2)}" y="${y0 + H - 6}" font-size="10" text-anchor="middle">N tables</text>`);
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length]!;
    const dash = i === 0 ? ` stroke-dasharray="4 3"` : "";
    const path = s.points.map((p, j) => `${j === 0 ? "M" : "L"}${sx(p[0]).toFixed(1)},${sy(p[1]).toFixed(1)}`).join(" ");
    out.push(`<path d="${path}" fill="none" stroke="${color}" stroke-width="2"${dash}/>`);
    for (const p of s.points) out.push(`<circle cx="${sx(p[0]).toFixed(1)}" cy="${sy(p[1]).toFixed(1)}" r="2.5" fill="${color}"/>`);
    const ly = y0 + PAD.top + 4 + i * 14;
    out.push(`<text x="${x0 + W - PAD.right + 8}" y="${ly}" font-size="10" fill="${color}">${esc(s.name)}</text>`);
  });
  return out.join("\n");
}

export function plotSvg(rows: readonly RowResult[], machine: string): string {
  const panels = Object.entries(PANELS)
    .map(([key, title]) => ({ key, title, series: seriesFor(key, rows) }))
    .filter((p) => p.series.length > 0);
  const cols = 2;
  const rowsCount = Math.max(1, Math.ceil(panels.length / cols));
  const width = W * cols;
  const height = H * rowsCount + 40;
  const body = panels.map((p, i) => panel(p.title, p.series, (i % cols) * W, 34 + Math.floor(i / cols) * H)).join("\n");
  const [first, ...rest] = machine.split("; ");
  const empty = panels.length === 0 ? `<text x="20" y="60" font-size="12">needs two or more N (--n 100,500)</text>` : "";
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">\n` +
    `<rect width="100%" height="100%" fill="white"/>\n` +
    `<text x="8" y="14" font-size="10" fill="#555">${esc(first ?? "")}</text>\n` +
    `<text x="8" y="28" font-size="10" fill="#555">${esc(rest.join("; "))}</text>\n${body}${empty}\n</svg>\n`
  );
}
