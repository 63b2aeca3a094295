/**
 * `npm test`: builds dist/alab (the end-to-end tests drive it), runs `bun test` over tests/ with
 * its normal output passed through, then reads the JUnit report and prints exactly one final line
 * `N passed, N failed` (`, N skipped` when some were). Fails when anything failed, when an error
 * happened outside a test (bun reports those only in its summary), or when no test ran.
 * Extra arguments are passed to `bun test` (e.g. a path filter).
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildBinary, DEFAULT_OUTFILE } from "./build";

const ROOT = join(import.meta.dir, "..");

export interface Counts {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

/** Counts <testcase> elements of a bun JUnit report by outcome. */
export function countJunit(xml: string): Counts {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const m of xml.matchAll(/<testcase\b[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const body = m[2] ?? "";
    if (/<(failure|error)\b/.test(body)) failed++;
    else if (/<skipped\b/.test(body)) skipped++;
    else passed++;
  }
  return { passed, failed, skipped };
}

/** Errors outside any test ("Unhandled error between tests", a file failing to load): ` N error(s)`. */
export function countOutsideErrors(output: string): number {
  const m = /^\s*(\d+) errors?\s*$/m.exec(output);
  return m === null ? 0 : Number(m[1]);
}

export function summaryLine(c: Counts): string {
  return `${c.passed} passed, ${c.failed} failed${c.skipped > 0 ? `, ${c.skipped} skipped` : ""}`;
}

async function pipeThrough(stream: ReadableStream<Uint8Array>, sink: NodeJS.WriteStream): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of stream) {
    sink.write(chunk);
    text += decoder.decode(chunk, { stream: true });
  }
  return text;
}

async function main(): Promise<number> {
  try {
    const built = await buildBinary(DEFAULT_OUTFILE);
    console.log(`built dist/alab (${(built.bytes / 1024 / 1024).toFixed(1)} MB) in ${built.ms} ms`);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    console.log(summaryLine({ passed: 0, failed: 1, skipped: 0 }));
    return 1;
  }
  const dir = await mkdtemp(join(tmpdir(), "alab-junit-"));
  const report = join(dir, "junit.xml");
  try {
    const filters = process.argv.slice(2);
    const proc = Bun.spawn([process.execPath, "test", "--reporter=junit", `--reporter-outfile=${report}`, ...(filters.length ? filters : ["./tests/"])], {
      cwd: ROOT,
      stdout: "pipe",
      stderr: "pipe",
      env: { ...process.env, ALAB_BIN: DEFAULT_OUTFILE },
    });
    const [out, err, code] = await Promise.all([pipeThrough(proc.stdout, process.stdout), pipeThrough(proc.stderr, process.stderr), proc.exited]);
    const xml = await readFile(report, "utf8").catch(() => "");
    const counts = countJunit(xml);
    const outside = countOutsideErrors(`${out}\n${err}`);
    let failed = counts.failed + outside;
    // bun failed but neither the report nor its summary says why: still a failure.
    if (code !== 0 && failed === 0) failed = 1;
    console.log(summaryLine({ ...counts, failed }));
    return failed > 0 || counts.passed === 0 ? 1 : 0;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) process.exit(await main());
