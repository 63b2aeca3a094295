/**
 * Step 4 of ./layout.ts: the order of the boxes (and edge dummies) within each layer. Barycenter
 * sweeps down and up, keeping the order with the fewest crossings, counted exactly between each
 * pair of adjacent layers by accumulation in a binary tree (Barth, Jünger, Mutzel 2004).
 */

export interface Item {
  readonly node: number; // -1 for a dummy
  readonly height: number;
  top: number;
  /** Links to items in the layer on the left / right, with the port on each end. */
  readonly left: Link[];
  readonly right: Link[];
}

export interface Link {
  readonly other: Item;
  readonly ownPort: number;
  readonly otherPort: number;
}

/** Crossings between two adjacent layers (edges as [left position, right position]). */
function crossingsBetween(links: [number, number][], rightSize: number): number {
  links.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let size = 1;
  while (size < rightSize) size *= 2;
  const tree = new Int32Array(2 * size);
  let count = 0;
  for (const [, r] of links) {
    let i = r + size;
    tree[i]!++;
    while (i > 1) {
      if (i % 2 === 0) count += tree[i + 1]!;
      i = Math.floor(i / 2);
      tree[i]!++;
    }
  }
  return count;
}

function totalCrossings(layers: Item[][]): number {
  let sum = 0;
  for (let l = 0; l + 1 < layers.length; l++) {
    const pos = new Map<Item, number>();
    layers[l + 1]!.forEach((it, i) => pos.set(it, i));
    const links: [number, number][] = [];
    layers[l]!.forEach((it, i) => {
      for (const k of it.right) links.push([i, pos.get(k.other)!]);
    });
    sum += crossingsBetween(links, layers[l + 1]!.length);
  }
  return sum;
}

function sortByBarycenter(layer: Item[], side: "left" | "right", pos: Map<Item, number>): void {
  const key = new Map<Item, number>();
  layer.forEach((it, i) => {
    const links = it[side];
    key.set(it, links.length === 0 ? pos.get(it)! : links.reduce((s, k) => s + pos.get(k.other)!, 0) / links.length);
    pos.set(it, i);
  });
  layer.sort((a, b) => key.get(a)! - key.get(b)! || pos.get(a)! - pos.get(b)!);
}

export function order(layers: Item[][]): Item[][] {
  let best = layers.map((l) => [...l]);
  let bestCount = totalCrossings(best);
  const pos = new Map<Item, number>();
  const index = () => layers.forEach((l) => l.forEach((it, i) => pos.set(it, i)));
  for (let round = 0; round < 8 && bestCount > 0; round++) {
    index();
    for (let l = 1; l < layers.length; l++) {
      sortByBarycenter(layers[l]!, "left", pos);
      layers[l]!.forEach((it, i) => pos.set(it, i));
    }
    for (let l = layers.length - 2; l >= 0; l--) {
      sortByBarycenter(layers[l]!, "right", pos);
      layers[l]!.forEach((it, i) => pos.set(it, i));
    }
    const count = totalCrossings(layers);
    if (count < bestCount) {
      bestCount = count;
      best = layers.map((l) => [...l]);
    }
  }
  return best;
}
