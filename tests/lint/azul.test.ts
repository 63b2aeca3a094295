/** Hand-written Azul migrations are linted like generated ones, at the line of each `table.*` call. */
import { describe, expect, test } from "bun:test";
import { lintMigrations } from "../../src/lint/lint";
import { emptySchema } from "../../src/model/types";
import { capabilitiesFor } from "../../src/sql/capabilities";
import { readMigration, useSandbox } from "../dsl/migration/helpers";

useSandbox();

const CREATE = `exports.change = function (schema) {
  schema.createTable("articles", (table) => {
    table.string("title");
    table.text("body");
  });
};
`;

function lint(source: string) {
  const caps = capabilitiesFor("postgres", "16.2");
  const files = [
    { file: "migrations/001_create.js", source: CREATE, lint: false },
    { file: "migrations/002_change.js", source },
  ];
  const r = lintMigrations(emptySchema, files.map((f) => ({ ...f, def: readMigration(f.source, f.file) })), caps);
  return (r[0]?.findings ?? []).map((f) => [f.line, f.column, f.code, f.allowed?.reason ?? null]);
}

describe("Azul migrations", () => {
  test("alterTable's drop and rename are found at their own lines; an allow comment above one acknowledges it", () => {
    const source = `exports.up = function (schema) {
  schema.alterTable("articles", (table) => {
    // alab:allow L_DROP_COLUMN body moved to article_bodies in v12
    table.drop("body");
    table.rename("title", "headline", "string");
    table.index("headline");
  });
};
exports.down = function (schema) {};
`;
    expect(lint(source)).toEqual([
      [4, 11, "L_DROP_COLUMN", "body moved to article_bodies in v12"],
      [5, 11, "L_RENAME_COLUMN", null],
      [6, 11, "L_INDEX_LOCK", null],
    ]);
  });

  test("manual mode (up returns a promise): a note that its queries are not analysed", () => {
    const source = `exports.up = async function (schema, query) {
  await query.raw("DELETE FROM articles").execute();
};
exports.down = function (schema) {};
`;
    expect(lint(source)).toEqual([[1, 1, "L_RAW_SQL", null]]);
  });
});
