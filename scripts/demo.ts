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
  /** The exit code this step is meant to show (the check before `new` finds work to do: 3). */
  readonly exit?: number;
  /** An edit made to the project before the command, as a developer would. */
  readonly edit?: { readonly file: string; readonly from: string; readonly to: string; readonly what: string };
}

/** The tour, in order. A not-built step is reported, not skipped silently. */
export const STEPS: readonly Step[] = [
  { args: ["check", "--offline"], why: "the schemas are valid, but no migration makes them yet: exit 3", exit: 3 },
  { args: ["new", "init"], why: "generate migrations/001_init.js and the snapshot from the schemas" },
  { args: ["migrate"], why: "apply it to the embedded SQLite database ./alab.db" },
  { args: ["status"], why: "show what is applied" },
  { args: ["check"], why: "the CI gate: schemas, snapshot, replay, the applied files and the live schema all agree" },
  { args: ["drift"], why: "the database holds exactly what the applied migrations build (read-only)" },
  { args: ["verify"], why: "the migration files, applied to a scratch database, build exactly the snapshot" },
  {
    args: ["new", "add_post_excerpt"],
    why: "a schema change becomes the next migration",
    edit: { file: "schemas/blog/post.js", from: "  body: col.text(),\n", to: "  body: col.text(),\n  excerpt: col.string(300).default(\"\"),\n", what: "add `excerpt: col.string(300).default(\"\")` to blog.post" },
  },
  { args: ["migrate", "--dry"], why: "the exact SQL the next run sends, changing nothing" },
  { args: ["migrate"], why: "apply it" },
  { args: ["rollback"], why: "run its `down`" },
  { args: ["status"], why: "001 applied, 002 pending again" },
];

type Outcome = "ok" | "not built" | "failed";

async function applyEdit(cwd: string, edit: NonNullable<Step["edit"]>): Promise<void> {
  const path = join(cwd, edit.file);
  const text = await Bun.file(path).text();
  if (!text.includes(edit.from)) throw new Error(`demo: ${edit.file} no longer contains the line the demo edits`);
  await Bun.write(path, text.replace(edit.from, edit.to));
  console.log(`\n# edit ${edit.file}: ${edit.what}`);
}

async function run(bin: string, cwd: string, step: Step): Promise<Outcome> {
  if (step.edit !== undefined) await applyEdit(cwd, step.edit);
  console.log(`\n$ alab ${step.args.join(" ")}    # ${step.why}`);
  const proc = Bun.spawn([bin, ...step.args], { cwd, stdout: "inherit", stderr: "pipe", env: { ...process.env, DATABASE_URL: "", ALAB_SCHEMAS_DIR: "", ALAB_MIGRATIONS_DIR: "" } });
  const [err, code] = await Promise.all([new Response(proc.stderr).text(), proc.exited]);
  process.stderr.write(err);
  if (code === (step.exit ?? 0)) return "ok";
  if (code === 2 && err.includes("E_NOT_BUILT")) return "not built";
  console.log(`(exit ${code}, expected ${step.exit ?? 0})`);
  return "failed";
}

async function main(): Promise<number> {
  // `npm test` builds the binary once and passes it in ALAB_BIN; `npm run demo` builds it here.
  const given = process.env.ALAB_BIN;
  const built = given !== undefined && given !== "" ? { outfile: given } : await buildBinary(DEFAULT_OUTFILE);
  if ("bytes" in built) console.log(`built dist/alab (${(built.bytes / 1024 / 1024).toFixed(1)} MB) in ${built.ms} ms`);
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
