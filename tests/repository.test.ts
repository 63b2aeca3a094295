/**
 * The repository is its own example project: schemas/ holds the demo schemas and migrations/ the
 * migrations and snapshot generated from them, so `alab check --offline` at the root passes. This
 * runs in `npm test`, and so in CI (.ci/run): a schema edited without `alab new` fails here.
 */
import { expect, test } from "bun:test";
import { join } from "node:path";
import { runAlab } from "./support/binary";

const ROOT = join(import.meta.dir, "..");

test("`alab check --offline` passes at the repository root", async () => {
  const r = await runAlab(["check", "--offline"], { cwd: ROOT, env: { DATABASE_URL: "", ALAB_SCHEMAS_DIR: "", ALAB_MIGRATIONS_DIR: "" } });
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  expect(r.stdout).toContain("ok replay: the migrations build the snapshot");
  expect(r.stdout).toContain("ok ungenerated: every schema change has a migration");
}, 120_000);
