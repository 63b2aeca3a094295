/** `// alab:allow` comments: what they allow, where they must be, and what is a mistake. */
import { describe, expect, test } from "bun:test";
import { readAllows } from "../../src/lint/allow";
import { lintSource, migrationOf, SERVERS } from "./support";

const allowedAt = (source: string, line: number) => Object.fromEntries(readAllows(source).at(line));

describe("readAllows", () => {
  const cases: [string, string, number, Record<string, string>][] = [
    ["one code with a reason", "// alab:allow L_DROP_COLUMN gone since v41\nop", 2, { L_DROP_COLUMN: "gone since v41" }],
    ["no reason", "  // alab:allow L_DROP_COLUMN\nop", 2, { L_DROP_COLUMN: "" }],
    ["codes with commas", "// alab:allow L_TYPE_REWRITE, L_MYSQL_COPY small table\nop", 2, { L_TYPE_REWRITE: "small table", L_MYSQL_COPY: "small table" }],
    ["codes with spaces", "// alab:allow L_TYPE_REWRITE L_MYSQL_COPY small\nop", 2, { L_TYPE_REWRITE: "small", L_MYSQL_COPY: "small" }],
    ["stacked comment lines", "// alab:allow L_DROP_TABLE a\n// another comment\n// alab:allow L_RENAME_TABLE b\nop", 4, { L_DROP_TABLE: "a", L_RENAME_TABLE: "b" }],
    ["a blank line breaks the run", "// alab:allow L_DROP_TABLE a\n\nop", 3, {}],
    ["code after the operation does not count", "op\n// alab:allow L_DROP_TABLE a", 1, {}],
    ["a code on the same line does not count", "op // alab:allow L_DROP_TABLE a", 1, {}],
    ["lower-case code is not a code", "// alab:allow l_drop_table a\nop", 2, {}],
  ];
  for (const [name, source, line, want] of cases) test(name, () => expect(allowedAt(source, line)).toEqual(want));

  test("an unknown code, or none, is a warning at the comment", () => {
    const r = readAllows("x\n   // alab:allow L_DROP_COLUM typo\n// alab:allow\n// alab:allow because\n// alab:allow L_DROP_TABLE ok");
    expect(r.problems.map((p) => [p.line, p.column, p.draft.code, p.draft.message])).toEqual([
      [2, 4, "L_ALLOW_UNKNOWN", "`alab:allow` names no finding called `L_DROP_COLUM`"],
      [3, 1, "L_ALLOW_UNKNOWN", "`alab:allow` names no code"],
      [4, 1, "L_ALLOW_UNKNOWN", "`alab:allow` names no finding called `because`"],
    ]);
  });

  test("allowing one code leaves the others of the same operation counted", () => {
    const source = migrationOf('// alab:allow L_INDEX_LOCK small table\nm.create_index("shop.item", ["qty"], { name: "uq_item_qty", unique: true });');
    const found = lintSource(source, SERVERS.postgres).map((f) => [f.code, f.allowed?.reason ?? null]);
    expect(found).toEqual([
      ["L_INDEX_LOCK", "small table"],
      ["L_UNIQUE_DATA", null],
    ]);
  });

  test("an unknown code in a migration is reported with the findings", () => {
    const source = migrationOf('// alab:allow L_NOPE\nm.drop_table("shop.tag");');
    expect(lintSource(source, SERVERS.sqlite).map((f) => [f.line, f.code, f.allowed === undefined])).toEqual([
      [3, "L_ALLOW_UNKNOWN", true],
      [4, "L_DROP_TABLE", true],
    ]);
  });
});
