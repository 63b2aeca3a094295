/** up_revision / down_revision inside a migration file: read and rewritten in place, nothing else touched. */
import { describe, expect, test } from "bun:test";
import { hasRevisionRefs, readDescription, readRevisionRefs, revisionProblems, rewriteRevisionRefs } from "../../../src/workflows/project/revision-refs";

/** AstrolaDB's current generator, as it writes a file. */
const ASTROLA = `// Migration: add_bio
// Generated at: 2026-01-12T00:07:17Z

export default migration({
  description: "Describe what this migration does",
  up_revision: "005",
  down_revision: "004",

  up(m) {
    m.add_column("auth.user", (t) => t.text("bio").optional());
  },
  down(m) {
    m.drop_column("auth.user", "bio");
  },
});
`;

describe("revision references", () => {
  const cases: { name: string; text: string; refs: { up?: string | null; down?: string | null }; want: string }[] = [
    { name: "both rewritten, the rest byte for byte", text: ASTROLA, refs: { up: "006", down: "005" }, want: ASTROLA.replace('"005"', '"006"').replace('"004"', '"005"') },
    { name: "null becomes a double-quoted revision", text: 'migration({ up_revision: "001", down_revision: null, up(m) {} })', refs: { up: "002", down: "001" }, want: 'migration({ up_revision: "002", down_revision: "001", up(m) {} })' },
    { name: "a revision becomes null", text: 'migration({ up_revision: "002", down_revision: "001" })', refs: { down: null }, want: 'migration({ up_revision: "002", down_revision: null })' },
    { name: "single quotes stay single", text: "migration({\n  up_revision: '005',\n  down_revision: '004',\n})", refs: { up: "007", down: "006" }, want: "migration({\n  up_revision: '007',\n  down_revision: '006',\n})" },
    { name: "a bare number stays bare", text: "migration({ up_revision: 5, down_revision: 4 })", refs: { up: "7", down: "6" }, want: "migration({ up_revision: 7, down_revision: 6 })" },
    { name: "a key the file does not have is not added", text: 'migration({ up_revision: "005", up(m) {} })', refs: { up: "006", down: "005" }, want: 'migration({ up_revision: "006", up(m) {} })' },
    { name: "a file without references is unchanged", text: "export default migration({ up(m) {} });\n", refs: { up: "006", down: "005" }, want: "export default migration({ up(m) {} });\n" },
    {
      name: "the words in a comment or a string are not a property",
      text: '// set up_revision: "005" by hand\nmigration({ up_revision: "005", up(m) { m.sql("-- down_revision: \'004\'"); } })',
      refs: { up: "006", down: "005" },
      want: '// set up_revision: "005" by hand\nmigration({ up_revision: "006", up(m) { m.sql("-- down_revision: \'004\'"); } })',
    },
    { name: "CRLF files keep their line endings", text: ASTROLA.replace(/\n/g, "\r\n"), refs: { up: "006" }, want: ASTROLA.replace('"005"', '"006"').replace(/\n/g, "\r\n") },
  ];
  test.each(cases)("$name", ({ text, refs, want }) => expect(rewriteRevisionRefs(text, refs)).toBe(want));

  test("read: the values, or absent keys", () => {
    expect(readRevisionRefs(ASTROLA)).toEqual({ up: "005", down: "004" });
    expect(readRevisionRefs('migration({ up_revision: "001", down_revision: null })')).toEqual({ up: "001", down: null });
    expect(readRevisionRefs("migration({ up(m) {} })")).toEqual({});
    expect(hasRevisionRefs(ASTROLA)).toBe(true);
    expect(hasRevisionRefs("exports.change = function (schema) {};")).toBe(false);
  });

  test("rewriting back gives the original bytes (what matching relies on)", () => {
    const moved = rewriteRevisionRefs(ASTROLA, { up: "1000", down: null });
    expect(rewriteRevisionRefs(moved, { up: "005", down: "004" })).toBe(ASTROLA);
  });
});

describe("description", () => {
  test.each([
    ["a double-quoted string", ASTROLA, "Describe what this migration does"],
    ["single quotes and escapes", "migration({\n  description: 'it\\'s the \\u0041PI\\n',\n})", "it's the API\n"],
    ["null", "migration({ description: null, up(m) {} })", undefined],
    ["an empty string", 'migration({ description: "  ", up(m) {} })', undefined],
    ["none", "migration({ up(m) {} })", undefined],
    ["a template is not read", "migration({ description: `x`, up(m) {} })", undefined],
    ["inside a comment it is not a property", '// description: "no"\nmigration({ up(m) {} })', undefined],
  ])("%s", (_name, text, want) => {
    expect(readDescription(text)).toBe(want);
  });
});

describe("order the references say", () => {
  const file = (name: string, refs: string): { file: string; order: bigint; source: string } => ({
    file: name,
    order: BigInt(name.slice(0, name.indexOf("_"))),
    source: `export default migration({\n${refs}\n  up(m) {},\n});\n`,
  });
  test.each([
    ["a chain AstrolaDB wrote", [file("001_20260201_143022_init.js", '  up_revision: "001_20260201_143022",\n  down_revision: null,'), file("002_20260202_090000_bio.js", '  up_revision: "002_20260202_090000",\n  down_revision: "001_20260201_143022",')], []],
    ["files without references are not checked", [file("001_a.js", ""), file("002_b.js", ""), file("005_c.js", '  up_revision: "005",')], []],
    [
      "two branches generated after the same file",
      [file("001_a.js", '  up_revision: "001", down_revision: null,'), file("002_b.js", '  up_revision: "002", down_revision: "001",'), file("003_c.js", '  up_revision: "003", down_revision: "001",')],
      ['003_c.js says down_revision "001", but the migration before it is 002_b.js'],
    ],
    ["up_revision not the file's number", [file("004_a.js", '  up_revision: "003",')], ['004_a.js says up_revision "003", which is not its own number']],
    ["null after another file", [file("001_a.js", ""), file("002_b.js", "  down_revision: null,")], ["002_b.js says down_revision null (the first migration), but 001_a.js comes before it"]],
    ["a predecessor for the first file", [file("001_a.js", '  down_revision: "000",')], ['001_a.js says down_revision "000", but it is the first migration']],
  ])("%s", (_name, files, want) => {
    expect(revisionProblems(files).map((p) => p.message)).toEqual(want);
  });
});
