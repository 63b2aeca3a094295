/**
 * A migration too large for one file under the sandbox's limits is refused before it is written:
 * `migrate` would read it under the same limits and fail. The error says so and how to proceed,
 * rather than calling it a bug in alab.
 */
import { afterEach, expect, test } from "bun:test";
import { generate } from "../../src/workflows/new";
import { failure } from "../support/failure";
import { type Project, project } from "./project";

let open: Project | undefined;
afterEach(async () => {
  await open?.dispose();
  open = undefined;
});

const table = (i: number) => `export default table({
  id: col.id(),
  name: col.string(100),
  note: col.text().optional(),
  price: col.integer().default(0),
});
// ${i}
`;

test("a first migration past the sandbox limits is E_GENERATE_TOO_LARGE, and nothing is written", async () => {
  const p = await project({ demo: false });
  open = p;
  for (let i = 0; i < 300; i++) await p.write(`schemas/shop/t${String(i).padStart(3, "0")}.js`, table(i));
  // 2 MiB: a recording of about 2 000 nodes, less than 300 tables of four columns need.
  const small = { ...p.config, sandbox: { ...p.config.sandbox, memoryBytes: 2 * 1024 * 1024, timeoutMs: 1500 } };
  const e = await failure(generate(small, { name: "init" }));
  expect(e.code).toBe("E_GENERATE_TOO_LARGE");
  expect(e.exit).toBe(2);
  expect(e.message).toContain("migrations/001_init.js would hold");
  expect(e.message).toContain("nothing was written");
  expect(e.hint).toContain("ALAB_SANDBOX_MEMORY_MB");
  expect(await p.migrations()).toEqual([]);
  // Under the default limits the same schema is one ordinary migration.
  expect((await generate(p.config, { name: "init" })).kind).toBe("written");
});
