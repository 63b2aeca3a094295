/**
 * "Did you mean" suggestions: the known names closest to a mistyped one by edit distance.
 * Only names close enough to be a plausible typo are offered, so a wild guess stays silent.
 */

/** Levenshtein distance with adjacent transposition counted as one edit (Damerau, restricted). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number): number => d[i * cols + j] ?? 0;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, at(i - 2, j - 2) + 1);
      }
      d[i * cols + j] = best;
    }
  }
  return at(a.length, b.length);
}

/**
 * Up to `limit` candidates nearest to `name`, closest first, ties alphabetical. A candidate
 * qualifies when its distance is at most a third of the longer name (at least 1), or when one
 * name contains the other (`user` for `auth.users`).
 */
export function nearest(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const lower = name.toLowerCase();
  const scored: { candidate: string; distance: number }[] = [];
  for (const candidate of new Set(candidates)) {
    const other = candidate.toLowerCase();
    const distance = editDistance(lower, other);
    const allowed = Math.max(1, Math.floor(Math.max(lower.length, other.length) / 3));
    const contains = lower.length >= 3 && (other.includes(lower) || lower.includes(other)) && other.length >= 3;
    if (distance <= allowed || contains) scored.push({ candidate, distance });
  }
  scored.sort((x, y) => x.distance - y.distance || (x.candidate < y.candidate ? -1 : x.candidate > y.candidate ? 1 : 0));
  return scored.slice(0, limit).map((s) => s.candidate);
}

/** "did you mean `a` or `b`?" or undefined when nothing is close. */
export function didYouMean(name: string, candidates: Iterable<string>, format: (c: string) => string): string | undefined {
  const found = nearest(name, candidates);
  if (found.length === 0) return undefined;
  const quoted = found.map((c) => `\`${format(c)}\``);
  const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}`;
  return `did you mean ${list}?`;
}
