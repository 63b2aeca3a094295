/**
 * No export prints a control or bidi character raw: each format writes it in its own escape, which
 * keeps the value where the format has one (TypeScript and JSON strings, SVG character references),
 * and SQL, which has none that every dialect reads alike, refuses.
 */
import { describe, expect, test } from "bun:test";
import type { AlabError } from "../../src/errors";
import { exportSchema, FORMATS, type Format, UNSAFE } from "../../src/export/index";
import type { Schema } from "../../src/model/types";
import { capabilitiesFor } from "../../src/sql/capabilities";
import { col, schema, table } from "../diff/fixtures";

const HOSTILE = "x\u001b[2Jy\u202ez\u0085w";
const hostile: Schema = schema(
  table("app.t", [col("id", { kind: "uuid" }), col("e", { kind: "enum", values: ["ok", HOSTILE] }, { docs: `docs ${HOSTILE}`, deprecated: HOSTILE })], { primaryKey: ["id"], docs: HOSTILE }),
);

const run = (format: Format, s: Schema): string =>
  exportSchema(format, s, { dialect: "postgres", dialectGiven: false, plain: false, caps: capabilitiesFor("postgres", "13.0"), session: [] });

describe("control and bidi characters", () => {
  for (const format of FORMATS.filter((f) => f !== "sql")) {
    test(`${format}: never raw`, () => {
      const text = run(format, hostile);
      expect(text.match(UNSAFE)).toBeNull();
    });
  }

  test("typescript: the enum keeps its value (\\u escapes in a string literal)", () => {
    const text = run("typescript", hostile);
    expect(text).toContain('"x\\u001b[2Jy\\u202ez\\u0085w"');
  });

  test("json-schema: the value reads back the same", () => {
    const doc = JSON.parse(run("json-schema", hostile)) as { $defs: { app_t: { properties: { e: { enum: string[]; description: string } } } } };
    expect(doc.$defs.app_t.properties.e.enum).toEqual(["ok", HOSTILE]);
    expect(doc.$defs.app_t.properties.e.description).toBe(`docs ${HOSTILE}`);
  });

  test("sql: refused, saying where", () => {
    let error: AlabError | undefined;
    try {
      run("sql", hostile);
    } catch (e) {
      error = e as AlabError;
    }
    expect(error?.code).toBe("E_EXPORT_CONTROL_CHARACTER");
    expect(error?.message).toContain("U+001B");
  });

  test("an ordinary schema passes every format unchanged", () => {
    const plain = schema(table("app.t", [col("id", { kind: "uuid" }), col("e", { kind: "enum", values: ["tab\there", "new\nline"] })], { primaryKey: ["id"] }));
    for (const f of FORMATS) expect(() => run(f, plain)).not.toThrow();
  });
});
