/** up_revision / down_revision inside a migration file: read and rewritten in place, nothing else touched. */
import { describe, expect, test } from "bun:test";
import { hasRevisionRefs, readRevisionRefs, rewriteRevisionRefs } from "../../../src/workflows/project/revision-refs";

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
