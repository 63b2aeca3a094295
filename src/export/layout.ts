/**
 * A layered (Sugiyama-style) layout for ER diagrams, left to right: referenced tables in columns
 * to the left of the tables that reference them. Written for this one shape of graph because the
 * libraries measured (dagre, elkjs, d3-dag; docs/export.md) took 1.3–8 s at 500 tables against a
 * budget of 0.5 s. Every step is linear or n·log n per sweep:
 *
 *   1. cycles broken by a depth-first search (the back edges are laid out reversed);
 *   2. layers by longest path, sources moved right next to their nearest child;
 *   3. a dummy node per layer an edge passes, so no edge crosses a box;
 *   4. order within layers by barycenter sweeps, keeping the order with the fewest crossings
 *      (counted exactly, Barth–Jünger–Mutzel accumulation);
 *   5. vertical positions by least squares towards the neighbours' ports under the no-overlap
 *      constraint (pool-adjacent-violators per layer, a few sweeps each way);
 *   6. tables without any relation in a grid beneath.
 *
 * Boxes of one layer never overlap (step 5's constraint), and edges run horizontally through a
 * layer only at their own dummy's slot, so they cross no box.
 */

import { type Item, order } from "./layout-order";

export interface LayoutNode {
  readonly width: number;
  readonly height: number;
}

export interface LayoutEdge {
  /** Indexes into the nodes. */
  readonly from: number;
  readonly to: number;
  /** Where the edge meets each end, from the top of its box. */
  readonly fromPort: number;
  readonly toPort: number;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface EdgeRoute {
  /**
   * From the left end (the right side of the left box) to the right end (the left side of the
   * right box), an odd number of points: points 0–1, 2–3, … are horizontal runs through one column
   * (from the box, or across a dummy's slot); 1–2, 3–4, … cross the gap to the next column (drawn
   * as a curve); the last point is the end.
   */
  readonly points: Point[];
  /** True when the route runs from `to` to `from` (the referenced table is to the right, or a self-reference). */
  readonly reversed: boolean;
  readonly self: boolean;
}

export interface Layout {
  readonly boxes: Point[];
  readonly edges: EdgeRoute[];
  readonly width: number;
  readonly height: number;
}

export const SPACING = { node: 28, layer: 96, dummy: 10, margin: 24, grid: 40 } as const;

/** Depth-first search from every node in index order; an edge to a node on the stack is a back edge. */
function backEdges(n: number, edges: readonly LayoutEdge[]): boolean[] {
  const out = edges.map(() => false);
  const adj: number[][] = Array.from({ length: n }, () => []);
  edges.forEach((e, i) => e.from !== e.to && adj[e.from]!.push(i));
  const state = new Uint8Array(n); // 0 new, 1 on stack, 2 done
  for (let s = 0; s < n; s++) {
    if (state[s] !== 0) continue;
    const stack: [number, number][] = [[s, 0]];
    state[s] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const [v, k] = top;
      const list = adj[v]!;
      if (k === list.length) {
        state[v] = 2;
        stack.pop();
        continue;
      }
      top[1] = k + 1;
      const ei = list[k]!;
      const w = edges[ei]!.to;
      if (state[w] === 1) out[ei] = true;
      else if (state[w] === 0) {
        state[w] = 1;
        stack.push([w, 0]);
      }
    }
  }
  return out;
}

/** Layers: a referenced table left of every table that references it. */
function layersOf(n: number, pairs: readonly [number, number][]): number[] {
  // pairs are [left, right] after reversal: the referenced (left) node first.
  const children: number[][] = Array.from({ length: n }, () => []);
  const indegree = new Int32Array(n);
  for (const [l, r] of pairs) {
    children[l]!.push(r);
    indegree[r]!++;
  }
  const layer = new Int32Array(n);
  const queue: number[] = [];
  for (let v = 0; v < n; v++) if (indegree[v] === 0) queue.push(v);
  const order: number[] = [];
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i]!;
    order.push(v);
    for (const c of children[v]!) {
      layer[c] = Math.max(layer[c]!, layer[v]! + 1);
      if (--indegree[c]! === 0) queue.push(c);
    }
  }
  // A table referenced by others but referencing none sits just left of its nearest child.
  const hasParent = new Uint8Array(n);
  for (const [, r] of pairs) hasParent[r] = 1;
  for (let i = order.length - 1; i >= 0; i--) {
    const v = order[i]!;
    if (hasParent[v] === 1 || children[v]!.length === 0) continue;
    layer[v] = Math.min(...children[v]!.map((c) => layer[c]!)) - 1;
  }
  return [...layer];
}

/**
 * Tops as close as possible (least squares) to `want`, in order, each at least its predecessor's
 * height plus `gap` below it: isotonic regression by pool-adjacent-violators on top − offset.
 */
function placeLayer(layer: Item[], want: number[], gap: number): void {
  const offset: number[] = [];
  let acc = 0;
  for (const it of layer) {
    offset.push(acc);
    acc += it.height + gap;
  }
  const blocks: { sum: number; count: number; start: number }[] = [];
  layer.forEach((_, i) => {
    blocks.push({ sum: want[i]! - offset[i]!, count: 1, start: i });
    while (blocks.length > 1) {
      const b = blocks[blocks.length - 1]!;
      const a = blocks[blocks.length - 2]!;
      if (a.sum / a.count <= b.sum / b.count) break;
      blocks.pop();
      a.sum += b.sum;
      a.count += b.count;
    }
  });
  blocks.forEach((b, k) => {
    const end = k + 1 < blocks.length ? blocks[k + 1]!.start : layer.length;
    for (let i = b.start; i < end; i++) layer[i]!.top = b.sum / b.count + offset[i]!;
  });
}

function position(layers: Item[][]): void {
  for (const layer of layers) {
    let y = 0;
    for (const it of layer) {
      it.top = y;
      y += it.height + SPACING.node;
    }
  }
  const sweep = (l: number, side: "left" | "right"): void => {
    const layer = layers[l]!;
    const want = layer.map((it) => {
      const links = it[side].length > 0 ? it[side] : side === "left" ? it.right : it.left;
      if (links.length === 0) return it.top;
      return links.reduce((s, k) => s + k.other.top + k.otherPort - k.ownPort, 0) / links.length;
    });
    placeLayer(layer, want, SPACING.node);
  };
  for (let round = 0; round < 3; round++) {
    for (let l = 1; l < layers.length; l++) sweep(l, "left");
    for (let l = layers.length - 2; l >= 0; l--) sweep(l, "right");
  }
}

export function layout(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[]): Layout {
  const n = nodes.length;
  const back = backEdges(n, edges);
  // Oriented [left, right]: an edge points from the referencing table to the referenced one, so
  // the referenced (`to`) is left unless the edge closes a cycle.
  const oriented = edges.map((e, i) => (back[i] ? { l: e.from, r: e.to, lPort: e.fromPort, rPort: e.toPort } : { l: e.to, r: e.from, lPort: e.toPort, rPort: e.fromPort }));
  const linked = new Uint8Array(n);
  const real = oriented.filter((o) => o.l !== o.r);
  for (const o of real) linked[o.l] = linked[o.r] = 1;
  const layerOf = layersOf(n, real.map((o) => [o.l, o.r]));
  const layerCount = real.length === 0 ? 0 : Math.max(...real.map((o) => layerOf[o.r]!)) + 1;
  const layers: Item[][] = Array.from({ length: layerCount }, () => []);
  const items: (Item | undefined)[] = nodes.map((node, v) => {
    if (linked[v] === 0) return undefined;
    const it: Item = { node: v, height: node.height, top: 0, left: [], right: [] };
    layers[layerOf[v]!]!.push(it);
    return it;
  });
  const chains: Item[][] = oriented.map((o) => {
    if (o.l === o.r) return [];
    const chain: Item[] = [items[o.l]!];
    for (let l = layerOf[o.l]! + 1; l < layerOf[o.r]!; l++) {
      const d: Item = { node: -1, height: SPACING.dummy, top: 0, left: [], right: [] };
      layers[l]!.push(d);
      chain.push(d);
    }
    chain.push(items[o.r]!);
    for (let i = 0; i + 1 < chain.length; i++) {
      const [a, b] = [chain[i]!, chain[i + 1]!];
      const aPort = i === 0 ? o.lPort : SPACING.dummy / 2;
      const bPort = i + 2 === chain.length ? o.rPort : SPACING.dummy / 2;
      a.right.push({ other: b, ownPort: aPort, otherPort: bPort });
      b.left.push({ other: a, ownPort: bPort, otherPort: aPort });
    }
    return chain;
  });
  const ordered = order(layers);
  position(ordered);

  // Columns: each as wide as its widest box; everything shifted so the top is at the margin.
  const widths = ordered.map((l) => Math.max(0, ...l.map((it) => (it.node < 0 ? 0 : nodes[it.node]!.width))));
  const xs: number[] = [];
  let x: number = SPACING.margin;
  for (const w of widths) {
    xs.push(x);
    x += w + SPACING.layer;
  }
  const minTop = Math.min(0, ...ordered.flatMap((l) => l.map((it) => it.top)));
  const shift = SPACING.margin - minTop;
  const boxes: Point[] = nodes.map(() => ({ x: 0, y: 0 }));
  let bottom: number = SPACING.margin;
  ordered.forEach((layer, l) => {
    for (const it of layer) {
      it.top += shift;
      bottom = Math.max(bottom, it.top + it.height);
      if (it.node >= 0) boxes[it.node] = { x: xs[l]!, y: it.top };
    }
  });
  let width = layerCount === 0 ? SPACING.margin : x - SPACING.layer;

  // Tables with no relation: rows beneath, as wide as the diagram (or about square when alone).
  const loose = nodes.map((_, v) => v).filter((v) => linked[v] === 0);
  const rowWidth = Math.max(width - SPACING.margin, Math.sqrt(loose.reduce((s, v) => s + (nodes[v]!.width + SPACING.grid) * (nodes[v]!.height + SPACING.grid), 0)) * 1.6);
  let cx: number = SPACING.margin;
  let cy: number = layerCount === 0 ? SPACING.margin : bottom + SPACING.layer;
  let rowHeight = 0;
  for (const v of loose) {
    const node = nodes[v]!;
    if (cx > SPACING.margin && cx + node.width > SPACING.margin + rowWidth) {
      cx = SPACING.margin;
      cy += rowHeight + SPACING.grid;
      rowHeight = 0;
    }
    boxes[v] = { x: cx, y: cy };
    cx += node.width + SPACING.grid;
    rowHeight = Math.max(rowHeight, node.height);
    width = Math.max(width, cx - SPACING.grid);
    bottom = Math.max(bottom, cy + node.height);
  }

  const routes: EdgeRoute[] = oriented.map((o, i) => {
    const chain = chains[i]!;
    if (o.l === o.r) {
      const b = boxes[o.l]!;
      const right = b.x + nodes[o.l]!.width;
      return { points: [{ x: right, y: b.y + o.lPort }, { x: right, y: b.y + o.rPort }], reversed: false, self: true };
    }
    // Within a column the route is horizontal (from the box, or across its dummy's slot); from
    // one column's right edge to the next one's left edge it crosses the gap (drawn as a curve).
    const points: Point[] = [];
    chain.forEach((it, k) => {
      const l = layerOf[o.l]! + k;
      const y = it.top + (k === 0 ? o.lPort : k === chain.length - 1 ? o.rPort : SPACING.dummy / 2);
      if (k === 0) points.push({ x: boxes[o.l]!.x + nodes[o.l]!.width, y });
      else points.push({ x: xs[l]!, y });
      if (k < chain.length - 1) points.push({ x: xs[l]! + widths[l]!, y });
    });
    return { points, reversed: back[i]!, self: false };
  });
  return { boxes, edges: routes, width: width + SPACING.margin, height: bottom + SPACING.margin };
}
