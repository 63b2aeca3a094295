/**
 * The README's first command ends in `npm run demo`: it must pass on the example project as
 * shipped, and each step that changes the database leaves it holding exactly what it should.
 */
import { expect, test } from "bun:test";
import { cp, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { STEPS } from "../../scripts/demo";
import { resolveConfig } from "../../src/config";
import { openDriver } from "../../src/db/open";
import { alabBinary, runAlab } from "../support/binary";
import { expectNoDriftFromApplied } from "../support/drift";

test("the demo runs every step of the tour with the exit code it means to show", async () => {
  const bin = await alabBinary();
  const proc = Bun.spawn([process.execPath, join(import.meta.dir, "../../scripts/demo.ts")], {
    env: { ...process.env, ALAB_BIN: bin, NO_COLOR: "1" },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  expect(err).not.toContain("E_NOT_BUILT");
  expect(code).toBe(0);
  const summary = out.slice(out.indexOf("Demo summary:"));
  expect(summary.split("\n").filter((l) => /^\s+ok\s/.test(l))).toHaveLength(STEPS.length);
  expect(out).toContain("created migrations/002_add_post_excerpt.js");
}, 60_000);

test("after each step of the tour that changes the database, it holds exactly what the applied migrations build", async () => {
  const dir = await mkdtemp(join(tmpdir(), "alab-demo-drift-"));
  try {
    await cp(join(import.meta.dir, "../../schemas"), join(dir, "schemas"), { recursive: true });
    await mkdir(join(dir, "migrations"));
    const config = resolveConfig({ flags: {}, env: {}, cwd: dir });
    for (const step of STEPS) {
      if (step.edit !== undefined) {
        const path = join(dir, step.edit.file);
        await Bun.write(path, (await Bun.file(path).text()).replace(step.edit.from, step.edit.to));
      }
      const r = await runAlab(step.args, { cwd: dir });
      expect(`${step.args.join(" ")}: exit ${r.code}`).toBe(`${step.args.join(" ")}: exit ${step.exit ?? 0}`);
      if (step.args[0] !== "migrate" && step.args[0] !== "rollback") continue;
      const driver = await openDriver(`sqlite:${join(dir, "alab.db")}`, "sqlite");
      try {
        await expectNoDriftFromApplied(driver, config);
      } finally {
        await driver.close();
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 120_000);
