/** The README's first command ends in `npm run demo`: it must pass on the example project as shipped. */
import { expect, test } from "bun:test";
import { join } from "node:path";
import { STEPS } from "../../scripts/demo";
import { alabBinary } from "../support/binary";

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
