import { describe, expect, test } from "bun:test";
import { AlabError } from "../../src/errors";
import { buildSchema } from "../../src/model/normalize";
import { formatPath, parseSchema } from "../../src/model/schema-valibot";
import { seedDefs } from "./seed";

const good = (): any => JSON.parse(JSON.stringify(buildSchema(seedDefs()))); // mutable copy to break on purpose

function problem(json: unknown): string {
  try {
    parseSchema(json, "migrations/alab.snapshot.json");
  } catch (e) {
    if (!(e instanceof AlabError)) throw e;
    expect(e.code).toBe("E_MODEL_INVALID");
    expect(e.at?.file).toBe("migrations/alab.snapshot.json");
    return e.message.replace("migrations/alab.snapshot.json is not a valid alab schema: ", "");
  }
  throw new Error("expected E_MODEL_INVALID");
}

describe("parseSchema", () => {
  test("accepts what buildSchema makes, and the empty schema", () => {
    expect(parseSchema(good(), "x")).toEqual(buildSchema(seedDefs()));
    expect(parseSchema({ tables: {} }, "x")).toEqual({ tables: {} });
  });

  test("accepts every column type and default kind", () => {
    const s = good();
    const base = s.tables["blog.post"].columns[1];
    const types = [{ kind: "bigint" }, { kind: "serial" }, { kind: "binary" }, { kind: "decimal" }, { kind: "float" }, { kind: "json" }, { kind: "date" }, { kind: "time" }, { kind: "base64" }];
    s.tables["blog.post"].columns.push(...types.map((type, i) => ({ ...base, name: `c${i}`, type, default: { kind: "literal", value: { a: [1, null, "x", true] } } })));
    expect(() => parseSchema(s, "x")).not.toThrow();
  });

  const cases: [string, (s: any) => void, string][] = [
    ["not an object", (s) => Object.assign(s, { tables: [] }), "`tables`: expected an object keyed by table ref"],
    ["unknown top-level key", (s) => { s.format = 1; }, "`format`: Invalid key: Expected never but received \"format\""],
    ["unknown column key", (s) => { s.tables["auth.user"].columns[1].size = 3; }, '`tables["auth.user"].columns[1].size`: Invalid key: Expected never but received "size"'],
    ["bad string length", (s) => { s.tables["auth.user"].columns[1].type.length = 0; }, '`tables["auth.user"].columns[1].type.length`: Invalid value: Expected >=1 but received 0'],
    ["unknown type kind", (s) => { s.tables["auth.user"].columns[2].type = { kind: "money" }; }, '`tables["auth.user"].columns[2].type.kind`'],
    ["bad column name", (s) => { s.tables["auth.role"].columns[0].name = "Id"; }, '`tables["auth.role"].columns[0].name`: expected an identifier'],
    ["bad action", (s) => { s.tables["blog.post"].foreignKeys[0].onDelete = "cascade"; }, '`tables["blog.post"].foreignKeys[0].onDelete`'],
    ["bad default expr", (s) => { s.tables["auth.role"].columns[0].default.expr = "random"; }, '`tables["auth.role"].columns[0].default.expr`'],
    ["enum without values", (s) => { s.tables["blog.post"].columns[5].type.values = []; }, '`tables["blog.post"].columns[5].type.values`: an enum needs at least one value'],
    ["non-finite min", (s) => { s.tables["auth.user"].columns[1].min = "1"; }, '`tables["auth.user"].columns[1].min`'],
    ["ref differs from key", (s) => { s.tables["auth.role"].ref = "auth.other"; s.tables["auth.role"].sqlName = "auth_other"; }, '`tables["auth.role"].ref`: the ref "auth.other" differs from its key'],
    ["wrong sqlName", (s) => { s.tables["auth.role"].sqlName = "role"; }, '`tables["auth.role"].sqlName`: expected "auth_role"'],
    ["duplicate column", (s) => { s.tables["auth.role"].columns[1].name = "id"; }, '`tables["auth.role"].columns[1].name`: column `id` appears twice'],
    ["index on a missing column", (s) => { s.tables["blog.post"].indexes[0].columns = ["nope"]; }, '`tables["blog.post"].indexes[0].columns[0]`: no column `nope` in the table'],
    ["primary key on a missing column", (s) => { s.tables["blog.post"].primaryKey = ["nope"]; }, '`tables["blog.post"].primaryKey[0]`: no column `nope` in the table'],
    ["foreign key column count", (s) => { s.tables["blog.post"].foreignKeys[0].refColumns = ["id", "x"]; }, '`tables["blog.post"].foreignKeys[0].refColumns`: expected as many columns as `columns`'],
  ];
  test.each(cases)("%s", (_what, breakIt, expected) => {
    const s = good();
    breakIt(s);
    expect(problem(s)).toStartWith(expected);
  });

  test("null and non-objects", () => {
    expect(problem(null)).toStartWith("`(root)`");
    expect(problem("schema")).toStartWith("`(root)`");
  });

  test("formatPath quotes keys that are not identifiers", () => {
    expect(formatPath([{ key: "tables" }, { key: "a.b" }, { key: "columns" }, { key: 3 }])).toBe('tables["a.b"].columns[3]');
    expect(formatPath(undefined)).toBe("(root)");
  });
});
