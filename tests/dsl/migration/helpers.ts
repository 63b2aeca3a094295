/** Evaluates migration source in the real sandbox and interprets it. */
import { afterAll, beforeAll } from "bun:test";
import { AlabError } from "../../../src/errors";
import { createSandbox, type Sandbox } from "../../../src/sandbox/index";
import { interpretMigration, type MigrationDef } from "../../../src/dsl/migration/index";
import type { Operation } from "../../../src/dsl/operations";

let sandbox: Sandbox | undefined;

export function useSandbox(): void {
  beforeAll(async () => {
    sandbox = await createSandbox();
  });
  afterAll(() => sandbox?.dispose());
}

export function readMigration(source: string, path = "migrations/001_x.js"): MigrationDef {
  if (sandbox === undefined) throw new Error("call useSandbox() in the test file");
  return interpretMigration(sandbox.evaluate({ path, source }, "migration"));
}

/** `up(m) { <body> }` -> its operations. */
export function upOps(body: string): Operation[] {
  return readMigration(`export default migration({\n  up(m) {\n${body}\n  },\n});\n`).up.map((o) => o.value);
}

/** The AlabError thrown for `up(m) { <body> }`. */
export function upError(body: string): AlabError {
  try {
    upOps(body);
  } catch (e) {
    if (e instanceof AlabError) return e;
    throw e;
  }
  throw new Error("expected an AlabError");
}
