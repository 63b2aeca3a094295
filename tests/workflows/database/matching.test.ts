/** Which tracking row is which file: by number and name, or by content where one of them changed. */
import { describe, expect, test } from "bun:test";
import type { HistoryRow } from "../../../src/sql/history";
import { matchRows } from "../../../src/workflows/database/matching";
import { asRecorded, renumberedRows, renumberStatements } from "../../../src/workflows/database/renumbered";
import { checksumOf, type MigrationFile } from "../../../src/workflows/project/migration-files";

function file(revision: string, name: string, text = `// ${name}`): MigrationFile {
  return { revision, order: BigInt(revision), name, file: `${revision}_${name}.js`, path: `/p/migrations/${revision}_${name}.js`, source: text, checksum: checksumOf(text) };
}

function row(revision: string, name: string, text = `// ${name}`, batch = 1): HistoryRow {
  return { revision, name, checksum: checksumOf(text), batch, appliedAt: "2025-01-01T00:00:00.000Z", durationMs: 1 };
}

/** An AstrolaDB-style file that carries its own number and its predecessor's. */
const astrola = (up: string, down: string | null, body = "m.sql('select 1');") =>
  `export default migration({\n  description: "x",\n  up_revision: "${up}",\n  down_revision: ${down === null ? "null" : `"${down}"`},\n  up(m) { ${body} },\n});\n`;

const shape = (files: MigrationFile[], rows: HistoryRow[]) =>
  matchRows(files, rows).map((e) => `${e.file?.file ?? `(${e.revision}_${e.name})`}:${e.state}${e.row !== undefined && e.state === "renumbered" ? `<${e.row.revision}_${e.row.name}` : ""}`);

describe("matchRows", () => {
  const cases: { name: string; files: MigrationFile[]; rows: HistoryRow[]; want: string[] }[] = [
    {
      name: "number and name: applied, or modified when the content changed",
      files: [file("001", "a"), file("2", "b"), file("003", "c", "// edited")],
      rows: [row("001", "a"), row("002", "b"), row("003", "c")],
      want: ["001_a.js:applied", "2_b.js:applied", "003_c.js:modified"],
    },
    {
      name: "a database that applied the other branch's 005: missing and pending, never modified",
      files: [file("004", "d"), file("005", "add_bio")],
      rows: [row("004", "d"), row("005", "add_tags")],
      want: ["004_d.js:applied", "005_add_bio.js:pending", "(005_add_tags):missing"],
    },
    {
      name: "this branch's 005 renumbered after the merged one: renumbered, the merged one pending",
      files: [file("005", "add_tags"), file("006", "add_bio")],
      rows: [row("005", "add_bio")],
      want: ["005_add_tags.js:pending", "006_add_bio.js:renumbered<005_add_bio"],
    },
    {
      name: "renumbered and edited is not renumbered: the row is missing, the file pending",
      files: [file("006", "add_bio", "// add_bio, edited")],
      rows: [row("005", "add_bio")],
      want: ["(005_add_bio):missing", "006_add_bio.js:pending"],
    },
    {
      name: "renamed by hand (same number and content): renumbered",
      files: [file("003", "add_user_bio", "// add_bio")],
      rows: [row("003", "add_bio")],
      want: ["003_add_user_bio.js:renumbered<003_add_bio"],
    },
    {
      name: "two rows that traded numbers",
      files: [file("005", "b"), file("006", "a")],
      rows: [row("005", "a"), row("006", "b")],
      want: ["005_b.js:renumbered<006_b", "006_a.js:renumbered<005_a"],
    },
    {
      name: "two files with one name: each row takes the one with its content",
      files: [file("003", "add_index", "// first"), file("007", "add_index", "// second")],
      rows: [row("002", "add_index", "// first"), row("005", "add_index", "// second")],
      want: ["003_add_index.js:renumbered<002_add_index", "007_add_index.js:renumbered<005_add_index"],
    },
    {
      name: "clashing numbers: both files listed, each matched by name",
      files: [file("005", "add_bio"), file("005", "add_tags")],
      rows: [row("005", "add_tags")],
      want: ["005_add_bio.js:pending", "005_add_tags.js:applied"],
    },
    {
      name: "a renumbered file whose up_revision/down_revision were rewritten is still the applied one",
      files: [file("005", "add_tags", astrola("005", "004", "m.sql('tags');")), file("006", "add_bio", astrola("006", "005"))],
      rows: [row("004", "d"), row("005", "add_bio", astrola("005", "004"))],
      want: ["(004_d):missing", "005_add_tags.js:pending", "006_add_bio.js:renumbered<005_add_bio"],
    },
    {
      name: "only the references rewritten, same number: renumbered (its checksum must be recorded)",
      files: [file("005", "w"), file("006", "v"), file("007", "x", astrola("007", "006"))],
      rows: [row("005", "w"), row("007", "x", astrola("007", "005"))],
      want: ["005_w.js:applied", "006_v.js:pending", "007_x.js:renumbered<007_x"],
    },
    {
      name: "references back as they were but the body edited: modified",
      files: [file("007", "x", astrola("007", "006", "m.sql('edited');"))],
      rows: [row("007", "x", astrola("007", "005"))],
      want: ["007_x.js:modified"],
    },
  ];
  test.each(cases)("$name", ({ files, rows, want }) => expect(shape(files, rows)).toEqual(want));

  test("CRLF line endings do not stop a renumbered file from matching", () => {
    const text = astrola("006", "005").replace(/\n/g, "\r\n");
    expect(shape([file("004", "d"), file("006", "add_bio", text)], [row("004", "d"), row("005", "add_bio", astrola("005", "004"))])).toEqual(["004_d.js:applied", "006_add_bio.js:renumbered<005_add_bio"]);
  });
});

describe("recording renumbered rows", () => {
  const entries = matchRows([file("005", "b"), file("006", "a"), file("007", "c"), file("008", "d")], [row("005", "a"), row("006", "b"), row("007", "c"), row("004", "d")]);
  const moves = renumberedRows(entries, (e) => e.file?.file ?? "");

  test("each row is named by everything it held; rows that trade numbers go through temporary ones", () => {
    const sql = renumberStatements("postgres", moves).map((s) => s.sql);
    expect(sql).toEqual([
      `update "alab_migrations" set "revision" = '~006' where "revision" = '006' and "name" = 'b' and "checksum" = '${checksumOf("// b")}'`,
      `update "alab_migrations" set "revision" = '~005' where "revision" = '005' and "name" = 'a' and "checksum" = '${checksumOf("// a")}'`,
      `update "alab_migrations" set "revision" = '~004' where "revision" = '004' and "name" = 'd' and "checksum" = '${checksumOf("// d")}'`,
      `update "alab_migrations" set "revision" = '005', "name" = 'b', "checksum" = '${checksumOf("// b")}' where "revision" = '~006' and "name" = 'b' and "checksum" = '${checksumOf("// b")}'`,
      `update "alab_migrations" set "revision" = '006', "name" = 'a', "checksum" = '${checksumOf("// a")}' where "revision" = '~005' and "name" = 'a' and "checksum" = '${checksumOf("// a")}'`,
      `update "alab_migrations" set "revision" = '008', "name" = 'd', "checksum" = '${checksumOf("// d")}' where "revision" = '~004' and "name" = 'd' and "checksum" = '${checksumOf("// d")}'`,
    ]);
  });

  test("one move needs no temporary number", () => {
    const one = renumberedRows(matchRows([file("006", "x")], [row("005", "x")]), () => "");
    expect(renumberStatements("sqlite", one).map((s) => s.sql)).toEqual([`update "alab_migrations" set "revision" = '006', "name" = 'x', "checksum" = '${checksumOf("// x")}' where "revision" = '005' and "name" = 'x' and "checksum" = '${checksumOf("// x")}'`]);
  });

  test("asRecorded: the entries a run sees once the rows are moved", () => {
    expect(asRecorded(entries).map((e) => `${e.file?.file}:${e.state}:${e.row?.revision}_${e.row?.name}`)).toEqual(["005_b.js:applied:005_b", "006_a.js:applied:006_a", "007_c.js:applied:007_c", "008_d.js:applied:008_d"]);
  });
});
