/**
 * Token alignment (Myers' O(ND) shortest edit script) between a TypeScript file and its stripped
 * output. Stripping mostly deletes tokens (types) and occasionally inserts some (enums, added
 * semicolons), so the edit distance is small and the matched tokens carry positions back.
 */

/** For each index of `b`, the index of the matched element of `a`, or -1. Null past maxEdits. */
export function alignSequences(a: Int32Array, b: Int32Array, maxEdits: number): Int32Array | null {
  const n = a.length;
  const m = b.length;
  const match = new Int32Array(m).fill(-1);
  let lo = 0;
  while (lo < n && lo < m && a[lo] === b[lo]) {
    match[lo] = lo;
    lo++;
  }
  let hiA = n;
  let hiB = m;
  while (hiA > lo && hiB > lo && a[hiA - 1] === b[hiB - 1]) {
    hiA--;
    hiB--;
    match[hiB] = hiA;
  }
  const na = hiA - lo;
  const nb = hiB - lo;
  if (na === 0 || nb === 0) return match;

  // v[k + off] = furthest x on diagonal k; trace[d] = the window of v before step d.
  const off = maxEdits + 1;
  const v = new Int32Array(2 * off + 1);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= maxEdits && found < 0; d++) {
    trace.push(v.slice(off - d, off + d + 1));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && (v[off + k - 1] as number) < (v[off + k + 1] as number)) ? (v[off + k + 1] as number) : (v[off + k - 1] as number) + 1;
      let y = x - k;
      while (x < na && y < nb && a[lo + x] === b[lo + y]) {
        x++;
        y++;
      }
      v[off + k] = x;
      if (x >= na && y >= nb) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) return null;

  let x = na;
  let y = nb;
  for (let d = found; d > 0; d--) {
    const w = trace[d] as Int32Array; // window [-d, d] of v before step d, i.e. after step d-1
    const at = (k: number): number => w[k + d] as number;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      match[lo + y] = lo + x;
    }
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    x--;
    y--;
    match[lo + y] = lo + x;
  }
  return match;
}
