/**
 * Timing one process, and the A B A B loop of a row.
 *
 * Peak RSS comes from GNU time (`/usr/bin/time -f %M -o <file>`): Bun's own `resourceUsage().maxRSS`
 * reports ~24 MiB even for `/bin/true` (it counts the forked parent before exec), so it cannot
 * tell a 9 MiB psql from a 24 MiB one. GNU time forks a 1 MiB process, so its figure is the
 * program's own. CPU comes from Bun's `resourceUsage().cpuTime` of the time wrapper, which
 * includes the child it waited for, in microseconds (GNU time prints only 10 ms steps).
 * Both sides of a row run under the same wrapper, so its ~1 ms start cost cancels in the ratio
 * as far as it can; for the 10 ms rows (`--help`) it pulls the ratio slightly towards 1.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NotMeasurable, type RowResult, type Sample, type Workload } from "./types";

export const GNU_TIME = "/usr/bin/time";

export interface Spawned {
  readonly sample: Sample;
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface SpawnOptions {
  readonly cwd?: string;
  readonly env?: Record<string, string>;
  /** Send stdout to this file instead of a pipe (then `stdout` is read back from it). */
  readonly stdoutFile?: string;
}

let scratch: string | undefined;
let counter = 0;

/** Removes the folder GNU time writes its figures into. */
export function removeScratch(): void {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
}

/** Runs `cmd` under GNU time; never throws on a non-zero exit (callers decide what it means). */
export async function timed(cmd: readonly string[], options: SpawnOptions = {}): Promise<Spawned> {
  scratch ??= mkdtempSync(join(tmpdir(), "alab-bench-time-"));
  const rssFile = join(scratch, `rss-${counter++}`);
  const started = performance.now();
  const child = Bun.spawn([GNU_TIME, "-f", "%M", "-o", rssFile, ...cmd], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdin: "ignore",
    stdout: options.stdoutFile ? Bun.file(options.stdoutFile) : "pipe",
    stderr: "pipe",
  });
  const [piped, stderr, exitCode] = await Promise.all([
    child.stdout instanceof ReadableStream ? new Response(child.stdout).text() : Promise.resolve(""),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  const stdout = options.stdoutFile ? readFileSync(options.stdoutFile, "utf8") : piped;
  const ms = performance.now() - started;
  const usage = child.resourceUsage();
  const cpuMs = usage ? Number(usage.cpuTime.total) / 1000 : Number.NaN;
  const rssText = readFileSync(rssFile, "utf8");
  rmSync(rssFile, { force: true });
  // GNU time writes "Command exited with non-zero status N" before the format line.
  const lastLine = rssText.trim().split("\n").at(-1) ?? "";
  const rssKiB = Number.parseInt(lastLine, 10);
  return { sample: { ms, cpuMs, rssKiB }, exitCode, stdout, stderr };
}

/**
 * The first meaningful lines of a failed command's output, for "not measurable yet: …"; a line
 * ending in ":" announces the next one, so it is joined with it.
 */
export function firstLine(text: string, max = 1): string {
  const lines = text.split("\n").map((l) => l.trim()).filter((l) => l.length > 0 && !/^\d*\s*\|/.test(l) && l !== "^");
  const picked: string[] = [];
  for (const line of lines) {
    picked.push(line);
    if (picked.length >= max && !line.endsWith(":")) break;
  }
  const joined = picked.join(" ") || "(no output)";
  return joined.length > 200 ? `${joined.slice(0, 197)}...` : joined;
}

/** Runs `cmd` and fails with NotMeasurable (tool side) when it exits non-zero. */
export async function timedOk(what: string, cmd: readonly string[], options: SpawnOptions = {}): Promise<Spawned> {
  const result = await timed(cmd, options);
  if (result.exitCode !== 0) {
    throw new NotMeasurable(`\`${what}\` exited ${result.exitCode}: ${firstLine(result.stderr || result.stdout)}`);
  }
  return result;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface LoopOptions {
  readonly pairs: number;
  readonly warmup: number;
  readonly log: (line: string) => void;
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * prepare, warm-up, then `pairs` × (tool, floor). A tool side that cannot run is recorded as
 * unavailable and the floor is still measured `pairs` times, so the floor figures exist either way.
 */
export async function measure(workload: Workload, options: LoopOptions): Promise<RowResult> {
  const toolSamples: Sample[] = [];
  const floorSamples: Sample[] = [];
  const ratios: number[] = [];
  let unavailable: string | undefined;
  let floorError: string | undefined;
  const label = `${workload.tool} ${workload.key} N=${workload.n}`;
  try {
    try {
      await workload.prepare();
    } catch (error) {
      if (!(error instanceof NotMeasurable)) throw error;
      unavailable = error.message;
    }
    for (let i = 0; i < options.warmup; i++) {
      if (unavailable === undefined) {
        try {
          await workload.run();
        } catch (error) {
          if (!(error instanceof NotMeasurable)) throw error;
          unavailable = error.message;
        }
      }
      await workload.floor();
    }
    for (let i = 0; i < options.pairs; i++) {
      let tool: Sample | undefined;
      if (unavailable === undefined) {
        try {
          tool = await workload.run();
          toolSamples.push(tool);
        } catch (error) {
          if (!(error instanceof NotMeasurable)) throw error;
          unavailable = error.message;
        }
      }
      const floor = await workload.floor();
      floorSamples.push(floor);
      if (tool) ratios.push(tool.ms / floor.ms);
      options.log(
        `  ${label} pair ${i + 1}/${options.pairs}: ` +
          `${tool ? `${tool.ms.toFixed(1)} ms` : "-"} vs ${floor.ms.toFixed(1)} ms`,
      );
    }
  } catch (error) {
    floorError = reason(error);
    options.log(`  ${label}: ${floorError}`);
  } finally {
    await workload.dispose().catch((error: unknown) => options.log(`  ${label}: dispose failed: ${reason(error)}`));
  }
  if (unavailable !== undefined) options.log(`  ${label}: not measurable yet: ${unavailable}`);
  return {
    key: workload.key,
    title: workload.title,
    tool: workload.tool,
    floorTitle: workload.floorTitle,
    n: workload.n,
    targets: workload.targets,
    judgeAtAnyN: workload.judgeAtAnyN ?? false,
    notes: workload.notes,
    toolSamples: unavailable === undefined ? toolSamples : [],
    floorSamples: floorSamples,
    ratios: unavailable === undefined ? ratios : [],
    ...(unavailable !== undefined ? { unavailable } : {}),
    ...(floorError !== undefined ? { floorError } : {}),
  };
}
