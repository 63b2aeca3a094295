import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveConfig } from "../../src/config";
import { AlabError } from "../../src/errors";
import { CHECK_STEPS, type CheckStep, runChecks } from "../../src/workflows/check";
import { schemaStep } from "../../src/workflows/checks/schemas";

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "alab-check-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));
const config = () => resolveConfig({ flags: {}, env: {}, cwd: dir });

describe("runChecks", () => {
  test("the schema step counts tables and files", async () => {
    await mkdir(join(dir, "schemas/auth"), { recursive: true });
    await writeFile(join(dir, "schemas/auth/user.js"), "export default table({ id: col.id() });\n");
    await writeFile(join(dir, "schemas/auth/role.js"), 'export default table({ id: col.id() }).many_to_many("auth.user");\n');
    const state = { logs: [] };
    const results = await runChecks(config(), [schemaStep], state);
    expect(results).toEqual([{ step: "schemas", summary: "3 tables OK (2 schema files)" }]);
  });

  test("the default steps: schemas, then replay, then ungenerated changes (exit 3, each named)", async () => {
    expect(CHECK_STEPS.map((s) => s.name)).toEqual(["schemas", "replay", "ungenerated", "database", "drift", "lint"]);
    await mkdir(join(dir, "schemas/auth"), { recursive: true });
    await mkdir(join(dir, "migrations"), { recursive: true });
    await writeFile(join(dir, "schemas/auth/user.js"), "export default table({ id: col.id() });\n");
    await expect(runChecks(config())).rejects.toMatchObject({ code: "E_CHECK_UNGENERATED", exit: 3, details: ["add table auth.user"] });
  });

  test("steps run in order, share state, and the first failure stops the rest", async () => {
    const ran: string[] = [];
    const step = (name: string, fail = false): CheckStep => ({
      name,
      async run(_config, state) {
        ran.push(name);
        state.logs.push({ file: name, line: "ran" });
        if (fail) throw new AlabError({ code: "E_TEST", message: `${name} found something`, exit: 3 });
        return `${name} fine`;
      },
    });
    const state = { logs: [] as { file: string; line: string }[] };
    await expect(runChecks(config(), [step("a"), step("b", true), step("c")], state)).rejects.toMatchObject({ code: "E_TEST", exit: 3 });
    expect(ran).toEqual(["a", "b"]);
    expect(state.logs.map((l) => l.file)).toEqual(["a", "b"]);
    expect(await runChecks(config(), [step("x")])).toEqual([{ step: "x", summary: "x fine" }]);
  });
});
