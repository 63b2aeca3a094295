/**
 * The layout's promises, on seeded random graphs of every size (cycles, self-references, several
 * keys between the same two tables, tables without relations): no two boxes overlap, every route
 * starts and ends at its boxes' sides at its ports, runs horizontally inside a column without
 * touching a box that is not one of its ends, and crosses the gaps between columns where no box is.
 */
import { describe, expect, test } from "bun:test";
import { layout, type LayoutEdge, type LayoutNode } from "../../src/export/layout";

function graph(n: number, seed: number): { nodes: LayoutNode[]; edges: LayoutEdge[] } {
  let s = seed;
  const rnd = (): number => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const nodes = Array.from({ length: n }, () => ({ width: 120 + Math.floor(rnd() * 120), height: 40 + Math.floor(rnd() * 200) }));
  const edges: LayoutEdge[] = [];
  for (let i = 0; i < n * 1.3; i++) {
    const from = Math.floor(rnd() * n);
    const r = rnd();
    // mostly to an earlier table, sometimes to a later one (cycles) or to itself
    const to = r < 0.1 ? from : r < 0.25 ? Math.floor(rnd() * n) : Math.floor(rnd() * (from + 1));
    if (rnd() < 0.2) continue; // leave some tables without relations
    edges.push({ from, to, fromPort: 10 + Math.floor(rnd() * (nodes[from]!.height - 20)), toPort: 10 + Math.floor(rnd() * (nodes[to]!.height - 20)) });
  }
  return { nodes, edges };
}

type Rect = { x: number; y: number; w: number; h: number };
const EPS = 0.01;

function check(nodes: LayoutNode[], edges: LayoutEdge[]): string[] {
  const out = layout(nodes, edges);
  const rects: Rect[] = nodes.map((nd, i) => ({ ...out.boxes[i]!, w: nd.width, h: nd.height }));
  const problems: string[] = [];
  for (let i = 0; i < rects.length; i++) {
    const a = rects[i]!;
    if (a.x < 0 || a.y < 0 || a.x + a.w > out.width || a.y + a.h > out.height) problems.push(`box ${i} outside the drawing`);
    for (let j = i + 1; j < rects.length; j++) {
      const b = rects[j]!;
      if (a.x < b.x + b.w - EPS && b.x < a.x + a.w - EPS && a.y < b.y + b.h - EPS && b.y < a.y + a.h - EPS) problems.push(`boxes ${i} and ${j} overlap`);
    }
  }
  edges.forEach((e, k) => {
    const r = out.edges[k]!;
    if (e.from === e.to) {
      if (!r.self) problems.push(`edge ${k}: a self-reference not drawn as one`);
      return;
    }
    const [left, right] = r.reversed ? [e.from, e.to] : [e.to, e.from];
    const [lPort, rPort] = r.reversed ? [e.fromPort, e.toPort] : [e.toPort, e.fromPort];
    const first = r.points[0]!;
    const last = r.points[r.points.length - 1]!;
    const L = rects[left]!;
    const R = rects[right]!;
    if (Math.abs(first.x - (L.x + L.w)) > EPS || Math.abs(first.y - (L.y + lPort)) > EPS) problems.push(`edge ${k} does not start at its port`);
    if (Math.abs(last.x - R.x) > EPS || Math.abs(last.y - (R.y + rPort)) > EPS) problems.push(`edge ${k} does not end at its port`);
    if (r.points.length % 2 !== 1) problems.push(`edge ${k}: not runs and gaps to its end`);
    for (let i = 0; i + 1 < r.points.length; i += 2) {
      const [p, q] = [r.points[i]!, r.points[i + 1]!];
      if (Math.abs(p.y - q.y) > EPS || q.x < p.x - EPS) problems.push(`edge ${k}: run ${i} is not horizontal left to right`);
      rects.forEach((b, bi) => {
        if (bi === left || bi === right) return;
        if (p.y > b.y - EPS && p.y < b.y + b.h + EPS && b.x < q.x - EPS && b.x + b.w > p.x + EPS) problems.push(`edge ${k} runs through box ${bi}`);
      });
      const next = r.points[i + 2];
      if (next !== undefined) {
        // The curve from q to next stays inside the rectangle they span: no box may reach into it.
        const [top, bottom] = [Math.min(q.y, next.y), Math.max(q.y, next.y)];
        rects.forEach((b, bi) => {
          if (b.x < next.x - EPS && b.x + b.w > q.x + EPS && b.y < bottom + EPS && b.y + b.h > top - EPS) problems.push(`edge ${k} crosses box ${bi} in a gap`);
        });
      }
    }
  });
  return problems;
}

describe("layout", () => {
  for (const n of [0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89]) {
    for (const seed of [1, 2, 3]) {
      test(`${n} tables, seed ${seed}`, () => {
        const { nodes, edges } = graph(n, seed);
        expect(check(nodes, edges)).toEqual([]);
      });
    }
  }

  test("a chain of 200 tables and a star around one table", () => {
    const nodes = Array.from({ length: 200 }, () => ({ width: 150, height: 80 }));
    const chain = nodes.slice(1).map((_, i) => ({ from: i + 1, to: i, fromPort: 30, toPort: 30 }));
    const star = nodes.slice(1).map((_, i) => ({ from: i + 1, to: 0, fromPort: 30, toPort: 30 }));
    expect(check(nodes, chain)).toEqual([]);
    expect(check(nodes, star)).toEqual([]);
  });

  test("the same graph lays out the same way", () => {
    const { nodes, edges } = graph(40, 9);
    expect(layout(nodes, edges)).toEqual(layout(nodes, edges));
  });

  test("a referenced table is left of the tables that reference it", () => {
    const nodes = [{ width: 100, height: 50 }, { width: 100, height: 50 }, { width: 100, height: 50 }];
    const out = layout(nodes, [{ from: 1, to: 0, fromPort: 10, toPort: 10 }, { from: 2, to: 1, fromPort: 10, toPort: 10 }]);
    expect(out.boxes[0]!.x).toBeLessThan(out.boxes[1]!.x);
    expect(out.boxes[1]!.x).toBeLessThan(out.boxes[2]!.x);
  });
});
