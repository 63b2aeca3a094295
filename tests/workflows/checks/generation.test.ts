import { afterEach, describe, expect, test } from "bun:test";
import { AlabError } from "../../../src/errors";
import { type CheckState, runChecks } from "../../../src/workflows/check";
import { schemaStep } from "../../../src/workflows/checks/schemas";
import { checkReplay, checkUngenerated, describeUngenerated, replayStep, ungeneratedStep } from "../../../src/workflows/checks/generation";
import { generate } from "../../../src/workflows/new";
import { idColumn } from "../../../src/dsl/migration/shorthand";
import { col, schema, seedSchema, table } from "../../diff/fixtures";
import { type Project, project } from "../project";

let p: Project | undefined;
afterEach(async () => {
  await p?.dispose();
  p = undefined;
});

const str = (n: number) => ({ kind: "string", length: n }) as const;

describe("pure comparisons", () => {
  test("checkUngenerated: changes from the snapshot to the schema files", () => {
    expect(checkUngenerated(seedSchema(), seedSchema())).toEqual([]);
    const files = schema(table("a.b", [idColumn(), col("x", str(5))]));
    const snap = schema(table("a.b", [idColumn()]));
    expect(checkUngenerated(files, snap).map((c) => c.kind)).toEqual(["addColumn"]);
    expect(describeUngenerated(files, snap)).toEqual(["add column a.b.x string(5)"]);
  });

  test("checkReplay names tables and columns", () => {
    const snap = schema(table("a.b", [idColumn(), col("x", str(5)), col("y", str(1))]), table("a.gone", [idColumn()]));
    const replayed = schema(table("a.b", [idColumn(), col("x", str(9)), col("z", str(1))]), table("a.new", [idColumn()]));
    expect(checkReplay(replayed, snap)).toEqual([
      "a.b.z: the migrations add this column, the snapshot does not have it",
      "a.b.y: the snapshot has this column, the migrations do not make it",
      "a.b.x: differs (type): snapshot -> migrations: type string(5) -> string(9)",
      "a.gone: the snapshot has this table, the migrations do not create it",
      "a.new: the migrations create this table, the snapshot does not have it",
    ]);
  });

  test("a primary key difference is named, not thrown", () => {
    const a = schema(table("a.b", [col("x", str(1)), col("y", str(1))], { primaryKey: ["x"] }));
    const b = schema(table("a.b", [col("x", str(1)), col("y", str(1))], { primaryKey: ["y"] }));
    expect(checkReplay(b, a)).toEqual(["a.b: the snapshot's primary key is (x), the migrations make (y)"]);
    expect(describeUngenerated(b, a)).toEqual(["change the primary key of a.b: (x) -> (y)"]);
  });
});

async function check(config: Project["config"]): Promise<string[] | AlabError> {
  const state: CheckState = { logs: [] };
  try {
    return (await runChecks(config, [schemaStep, replayStep, ungeneratedStep], state)).map((r) => `${r.step}: ${r.summary}`);
  } catch (e) {
    if (e instanceof AlabError) return e;
    throw e;
  }
}

describe("alab check steps", () => {
  test("exit 3 for an ungenerated change and for a hand edit; 0 when all agree", async () => {
    p = await project();
    const before = await check(p.config);
    expect(before).toBeInstanceOf(AlabError);
    expect((before as AlabError).code).toBe("E_CHECK_UNGENERATED");
    expect((before as AlabError).exit).toBe(3);
    expect((before as AlabError).details).toContain("add table blog.post");

    await generate(p.config, { name: "start" });
    expect(await check(p.config)).toEqual([
      "schemas: 4 tables OK (3 schema files)",
      "replay: the migrations build the snapshot (1 file)",
      "ungenerated: every schema change has a migration",
    ]);

    const text = await p.read("migrations/001_start.js");
    await p.write("migrations/001_start.js", text.replace('t.string("title", 200);', 't.string("title", 150);'));
    const drift = await check(p.config);
    expect((drift as AlabError).code).toBe("E_CHECK_REPLAY_DRIFT");
    expect((drift as AlabError).exit).toBe(3);
    expect((drift as AlabError).details).toEqual(["blog.post.title: differs (type): snapshot -> migrations: type string(200) -> string(150)"]);
  });
});
