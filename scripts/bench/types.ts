/**
 * The shapes the benchmark harness passes around. A workload row is a pair of sides measured in
 * the same process run, alternating A B A B: the tool under test (alab or a peer) and its floor.
 */

/** One timed process run. */
export interface Sample {
  /** Wall clock from spawn to exit, as seen by the harness. */
  readonly ms: number;
  /** User + system CPU of the process and the children it waited for. */
  readonly cpuMs: number;
  /** Peak resident set size (GNU time's %M), KiB. */
  readonly rssKiB: number;
}

/** One side of a row: everything untimed (fresh database, files) happens inside `run`. */
export type Side = () => Promise<Sample>;

/** What "met" means for a row; only rows at `atN` are judged (the issue states targets at N=500). */
export type Target =
  | { readonly kind: "ratio"; readonly max: number }
  | { readonly kind: "seconds"; readonly max: number }
  | { readonly kind: "cpu"; readonly maxSeconds: number }
  | { readonly kind: "rss"; readonly maxMiB: number }
  /** A peer's figure from the issue, shown for comparison, never judged. */
  | { readonly kind: "reference"; readonly text: string };

export interface Workload {
  /** Stable key, used by `--rows` and the JSON output, e.g. "migrate-pg-all". */
  readonly key: string;
  /** Human name of what is measured, e.g. "migrate, N pending, PostgreSQL, --tx all". */
  readonly title: string;
  /** "alab", or the peer's name. */
  readonly tool: string;
  /** What the floor is, e.g. "psql -1 -q -f (same DDL)". */
  readonly floorTitle: string;
  readonly n: number;
  readonly targets: readonly Target[];
  /** Seconds per run (N pending migrations on a fresh database): fewer pairs and no warm-up by default. */
  readonly heavy?: boolean;
  /** Targets are stated at N=500; a row whose cost does not depend on N is judged at any N. */
  readonly judgeAtAnyN?: boolean;
  /** Where the floor's SQL came from, or other notes printed under the table. */
  readonly notes: string[];
  /**
   * One-time setup for this N (project folder, applied database, compiled binaries). Throws
   * NotMeasurable when the tool side cannot run yet; the floor is then measured alone.
   */
  prepare(): Promise<void>;
  /** The tool side; throws NotMeasurable when its result is wrong (never a faked time). */
  run: Side;
  floor: Side;
  dispose(): Promise<void>;
}

/** The tool side of a row cannot be measured (command missing, wrong result). Never faked. */
export class NotMeasurable extends Error {
  override readonly name = "NotMeasurable";
}

export interface RowResult {
  readonly key: string;
  readonly title: string;
  readonly tool: string;
  readonly floorTitle: string;
  readonly n: number;
  readonly targets: readonly Target[];
  readonly judgeAtAnyN: boolean;
  readonly notes: readonly string[];
  readonly toolSamples: readonly Sample[];
  readonly floorSamples: readonly Sample[];
  /** Pair-by-pair tool/floor wall-clock ratios. */
  readonly ratios: readonly number[];
  /** Set when the tool side was not measurable; the floor figures are still real. */
  readonly unavailable?: string;
  /** Set when the floor itself failed (a harness or machine problem). */
  readonly floorError?: string;
}
