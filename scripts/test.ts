/**
 * `npm test`: builds dist/alab (the end-to-end tests drive it), runs `bun test` over tests/ with
 * its normal output passed through, then reads the JUnit report and prints exactly one final line
 * `N passed, N failed` (`, N skipped` when some were). Fails when anything failed, when an error
 * happened outside a test (bun reports those only in its summary), or when no test ran.
 * Extra arguments are passed to `bun test` (e.g. a path filter).
 */
import { chmod, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { plural } from "../src/workflows/words";
import { buildBinary, DEFAULT_OUTFILE } from "./build";

const ROOT = join(import.meta.dir, "..");

export interface Counts {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

export interface JunitResult extends Counts {
  /** "describe > test" of every failed test, in report order. */
  readonly failedNames: readonly string[];
}

function unescapeXml(s: string): string {
  return s.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" })[e] ?? e);
}

/** Counts <testcase> elements of a bun JUnit report by outcome, and names the failed ones. */
export function countJunit(xml: string): JunitResult {
  let passed = 0;
  let skipped = 0;
  const failedNames: string[] = [];
  for (const m of xml.matchAll(/<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const body = m[3] ?? "";
    if (/<(failure|error)\b/.test(body)) {
      const attr = (name: string) => unescapeXml(new RegExp(`\\b${name}="([^"]*)"`).exec(m[1] ?? "")?.[1] ?? "");
      failedNames.push([attr("classname"), attr("name")].filter((x) => x !== "").join(" > "));
    } else if (/<skipped\b/.test(body)) skipped++;
    else passed++;
  }
  return { passed, failed: failedNames.length, skipped, failedNames };
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

/** The test files to run: every `.test.ts` under tests/, in a stable order, or those matching the arguments. */
function testFiles(filters: readonly string[]): string[] {
  const all = [...new Bun.Glob("tests/**/*.test.ts").scanSync({ cwd: ROOT })].map((f) => f.replaceAll("\\", "/")).sort();
  return filters.length === 0 ? all : all.filter((f) => filters.some((x) => f.includes(x.replace(/^\.\//, ""))));
}

/**
 * One `bun test` process per file, under coreutils `timeout` (which kills the file's whole process
 * group): a file that hangs — synchronous code that never yields is beyond bun's own per-test
 * timeout — is reported as a failure by name and the rest of the suite still runs.
 */
async function runFile(file: string, report: string, limitSeconds: number, scratch: string): Promise<{ out: string; code: number }> {
  const cmd = ["timeout", "--kill-after=10", String(limitSeconds), process.execPath, "test", "--reporter=junit", `--reporter-outfile=${report}`, `./${file}`];
  // Each file's temporary folders (projects, databases, a copy of the binary) go in a folder of its
  // own, removed when the file is done: left behind, a few hundred runs filled the disk.
  // Traversable by other users, as /tmp is: the TLS test runs a server as the postgres user in it.
  await mkdir(scratch, { recursive: true, mode: 0o755 });
  await chmod(dirname(scratch), 0o755);
  try {
    const proc = Bun.spawn(cmd, { cwd: ROOT, stdout: "pipe", stderr: "pipe", env: { ...process.env, ALAB_BIN: DEFAULT_OUTFILE, TMPDIR: scratch } });
    const [out, err, code] = await Promise.all([pipeThrough(proc.stdout, process.stdout), pipeThrough(proc.stderr, process.stderr), proc.exited]);
    return { out: `${out}\n${err}`, code };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
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
  const limitSeconds = Number(process.env.ALAB_TEST_FILE_TIMEOUT ?? 600);
  const files = testFiles(process.argv.slice(2));
  const dir = await mkdtemp(join(tmpdir(), "alab-junit-"));
  const total = { passed: 0, failed: 0, skipped: 0 };
  const troubled: string[] = [];
  try {
    for (const [i, file] of files.entries()) {
      const report = join(dir, `${i}.xml`);
      const { out, code } = await runFile(file, report, limitSeconds, join(dir, `tmp-${i}`));
      const counts = countJunit(await readFile(report, "utf8").catch(() => ""));
      for (const name of counts.failedNames) troubled.push(`${file}: failed: ${name}`);
      const outside = countOutsideErrors(out);
      if (outside > 0) troubled.push(`${file}: ${plural(outside, "error")} outside any test`);
      let failed = counts.failed + outside;
      if (code === 124 || code === 137) {
        troubled.push(`${file}: did not finish within ${limitSeconds} s and was stopped`);
        failed++;
      } else if (code !== 0 && failed === 0) {
        // bun failed but neither the report nor its summary says why: still a failure.
        troubled.push(`${file}: bun test exited ${code}`);
        failed = 1;
      }
      total.passed += counts.passed;
      total.skipped += counts.skipped;
      total.failed += failed;
    }
    for (const t of troubled) console.log(`error: ${t}`);
    console.log(summaryLine(total));
    return total.failed > 0 || total.passed === 0 ? 1 : 0;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) process.exit(await main());
