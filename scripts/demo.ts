/**
 * `npm run demo`: builds dist/alab and runs it, as a user would, on a temp copy of the example
 * project in schemas/ with the embedded SQLite default. Each step is a real command; a step the
 * binary reports as not built yet (E_NOT_BUILT) is shown as such, never faked. The demo fails on
 * any other non-zero exit.
 */
import { cp, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildBinary, DEFAULT_OUTFILE } from "./build";

const ROOT = join(import.meta.dir, "..");

interface Step {
  readonly args: readonly string[];
  readonly why: string;
}

/** The tour, in order. Extend it as commands land; a not-built step is reported, not skipped silently. */
export const STEPS: readonly Step[] = [
  { args: ["check"], why: "every schema file evaluates in the sandbox and validates" },
  { args: ["new", "init"], why: "generate migrations/001_init.js and the snapshot from the schemas" },
  { args: ["migrate"], why: "apply it to the embedded SQLite database ./alab.db" },
  { args: ["status"], why: "show what is applied" },
  { args: ["check"], why: "the CI gate, now with a migration and a snapshot" },
];

type Outcome = "ok" | "not built" | "failed";

async function run(bin: string, cwd: string, step: Step): Promise<Outcome> {
  console.log(`\n$ alab ${step.args.join(" ")}    # ${step.why}`);
  const proc = Bun.spawn([bin, ...step.args], { cwd, stdout: "inherit", stderr: "pipe", env: { ...process.env, DATABASE_URL: "", ALAB_SCHEMAS_DIR: "", ALAB_MIGRATIONS_DIR: "" } });
  const [err, code] = await Promise.all([new Response(proc.stderr).text(), proc.exited]);
  process.stderr.write(err);
  if (code === 0) return "ok";
  if (code === 2 && err.includes("E_NOT_BUILT")) return "not built";
  console.log(`(exit ${code})`);
  return "failed";
}

async function main(): Promise<number> {
  const built = await buildBinary(DEFAULT_OUTFILE);
  console.log(`built dist/alab (${(built.bytes / 1024 / 1024).toFixed(1)} MB) in ${built.ms} ms`);
  const dir = await mkdtemp(join(tmpdir(), "alab-demo-"));
  try {
    await cp(join(ROOT, "schemas"), join(dir, "schemas"), { recursive: true });
    await mkdir(join(dir, "migrations"));
    console.log(`demo project: ${dir} (schemas/ copied, empty migrations/, no alab.yaml: the database is ./alab.db)`);
    const outcomes: { step: Step; outcome: Outcome }[] = [];
    for (const step of STEPS) {
      const outcome = await run(built.outfile, dir, step);
      outcomes.push({ step, outcome });
      if (outcome === "failed") break;
    }
    console.log("\nDemo summary:");
    for (const { step, outcome } of outcomes) console.log(`  ${outcome.padEnd(9)}  alab ${step.args.join(" ")}`);
    const notBuilt = outcomes.filter((o) => o.outcome === "not built").length;
    if (notBuilt > 0) console.log(`  ${notBuilt} step(s) need commands this build does not have yet.`);
    return outcomes.some((o) => o.outcome === "failed") ? 1 : 0;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) process.exit(await main());
