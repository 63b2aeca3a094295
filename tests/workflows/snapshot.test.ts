import { afterEach, describe, expect, test } from "bun:test";
import { AlabError } from "../../src/errors";
import { emptySchema } from "../../src/model/types";
import { generate } from "../../src/workflows/new";
import { parseSnapshot, readSnapshot, snapshotText } from "../../src/workflows/project/snapshot-file";
import { rebuildSnapshot } from "../../src/workflows/snapshot";
import { seedSchema } from "../diff/fixtures";
import { type Project, project } from "./project";

let p: Project | undefined;
afterEach(async () => {
  await p?.dispose();
  p = undefined;
});

describe("the snapshot file", () => {
  test("stable JSON: sorted keys, 2-space indent, trailing newline, same bytes for the same state", () => {
    const text = snapshotText({ format: 1, head: "001_start.js", schema: seedSchema() });
    expect(text.startsWith('{\n  "format": 1,\n  "head": "001_start.js",\n  "schema": {\n    "tables": {\n      "auth.role": {')).toBe(true);
    expect(text.endsWith("}\n")).toBe(true);
    const reordered = { tables: Object.fromEntries(Object.entries(seedSchema().tables).reverse()) };
    expect(snapshotText({ format: 1, head: "001_start.js", schema: reordered })).toBe(text);
    expect(parseSnapshot(text, "s.json").schema).toEqual(JSON.parse(text).schema);
  });

  const broken: [string, string, string][] = [
    ["not JSON (a merge conflict)", '<<<<<<< HEAD\n{"format": 1', "E_SNAPSHOT_CORRUPT"],
    ["another format", '{"format": 2, "head": "001_a.js", "schema": {"tables": {}}}', "E_SNAPSHOT_CORRUPT"],
    ["no head", '{"format": 1, "schema": {"tables": {}}}', "E_SNAPSHOT_CORRUPT"],
    ["an unknown key", '{"format": 1, "head": "001_a.js", "schema": {"tables": {}}, "x": 1}', "E_SNAPSHOT_CORRUPT"],
    ["a hand-broken schema", '{"format": 1, "head": "001_a.js", "schema": {"tables": {"a.b": {"ref": "a.b"}}}}', "E_MODEL_INVALID"],
  ];
  for (const [name, text, code] of broken) {
    test(`${name}: an error that says how to rebuild`, () => {
      try {
        parseSnapshot(text, "migrations/alab.snapshot.json");
        throw new Error("expected an error");
      } catch (e) {
        expect(e).toBeInstanceOf(AlabError);
        expect((e as AlabError).code).toBe(code);
        expect((e as AlabError).hint).toContain("alab snapshot --rebuild");
        expect((e as AlabError).at?.file).toBe("migrations/alab.snapshot.json");
      }
    });
  }
});

describe("alab snapshot --rebuild", () => {
  test("replays every migration file into the same bytes `alab new` wrote", async () => {
    p = await project();
    await generate(p.config, { name: "start" });
    const written = await p.read("migrations/alab.snapshot.json");
    const same = await rebuildSnapshot(p.config);
    expect(same.changed).toBe(false);
    await p.remove("migrations/alab.snapshot.json");
    const rebuilt = await rebuildSnapshot(p.config);
    expect(rebuilt.changed).toBe(true);
    expect(await p.read("migrations/alab.snapshot.json")).toBe(written);
  });

  test("raw SQL is reported as not replayable; hand-written migrations are included", async () => {
    p = await project({ demo: false });
    await p.write("migrations/001_raw.js", 'export default migration({\n  up(m) {\n    m.sql("CREATE EXTENSION pgcrypto");\n  },\n});\n');
    await p.write("migrations/20240101000000_articles.js", "exports.change = function (schema) {\n  schema.createTable('articles', function (table) { table.string('title'); });\n};\n");
    const result = await rebuildSnapshot(p.config);
    expect(result.notReplayable).toEqual([{ file: "migrations/001_raw.js", line: 3, column: expect.any(Number), what: "raw SQL is not replayed: CREATE EXTENSION pgcrypto" }]);
    expect(result.snapshot?.head).toBe("20240101000000_articles.js");
    expect(Object.keys((await readSnapshot(p.config))?.schema.tables ?? {})).toEqual(["articles"]);
  });

  test("a migration that does not fit points at its line", async () => {
    p = await project({ demo: false });
    await p.write("migrations/001_bad.js", 'export default migration({\n  up(m) {\n    m.drop_table("a.nope");\n  },\n});\n');
    try {
      await rebuildSnapshot(p.config);
      throw new Error("expected an error");
    } catch (e) {
      expect((e as AlabError).code).toBe("E_REPLAY_UNKNOWN_TABLE");
      expect((e as AlabError).at).toMatchObject({ file: "migrations/001_bad.js", line: 3 });
    }
  });

  test("no migration files: nothing to write", async () => {
    p = await project({ demo: false });
    const result = await rebuildSnapshot(p.config);
    expect(result.snapshot).toBeUndefined();
    expect(await p.migrations()).toEqual([]);
    expect(emptySchema.tables).toEqual({});
  });
});
