/**
 * assembleCatalog without a database: rows as the pragmas give them, for what real SQLite files
 * rarely show — a CREATE text the reader cannot follow (reported, never guessed at), a foreign key
 * to a parent named in another case, and shadow tables left to their virtual table.
 */
import { describe, expect, test } from "bun:test";
import { assembleCatalog } from "../../../src/db/sqlite/catalog-assemble";
import type { CatalogRows, ColumnRow } from "../../../src/db/sqlite/catalog-sql";

const column = (tbl: string, cid: number, name: string, type: string, pk = 0): ColumnRow => ({ tbl, cid, name, type, not_null: pk > 0 ? 1 : 0, dflt: null, pk, hidden: 0 });

const rows = (over: Partial<CatalogRows>): CatalogRows => ({ master: [], columns: [], indexes: [], indexParts: [], foreignKeys: [], shadow: new Set(), ...over });

describe("sqlite catalog assembly", () => {
  test("a CREATE text the reader cannot follow: the pragmas' table, and the text reported with why", () => {
    const sql = "CREATE TABLE odd (id integer primary key, note text weird (";
    const c = assembleCatalog(
      rows({
        master: [{ type: "table", name: "odd", tbl: "odd", sql }],
        columns: [column("odd", 0, "id", "INTEGER", 1), column("odd", 1, "note", "text")],
        indexes: [{ tbl: "odd", name: "sqlite_autoindex_odd_1", uniq: 1, origin: "u", partial: 0 }],
        indexParts: [{ idx: "sqlite_autoindex_odd_1", seqno: 0, cid: 1, name: "note", descending: 0, coll: "BINARY" }],
      }),
      "3.54.0",
    );
    expect(c.tables).toEqual([
      {
        name: "odd",
        columns: [
          { name: "id", type: "integer", nullable: false, identity: "rowid" },
          { name: "note", type: "text", nullable: true },
        ],
        primaryKey: ["id"],
        indexes: [{ name: "uq_odd_note", unique: true, parts: [{ column: "note", descending: false }], backs: "unique" }],
        foreignKeys: [],
        checks: [],
        extras: [{ kind: "other", name: "create table", table: "odd", note: "a CREATE TABLE text alab cannot read (no column list): its checks and constraint names are not compared", definition: sql }],
      },
    ]);
  });

  test("a key naming no parent columns takes the parent's primary key, whatever case the parent is named in", () => {
    const c = assembleCatalog(
      rows({
        master: [
          { type: "table", name: "Parent", tbl: "Parent", sql: "CREATE TABLE Parent (a text, b text, primary key (a, b))" },
          { type: "table", name: "kid", tbl: "kid", sql: "CREATE TABLE kid (a text, b text, foreign key (a, b) references PARENT)" },
        ],
        columns: [column("Parent", 0, "a", "text", 1), column("Parent", 1, "b", "text", 2), column("kid", 0, "a", "text"), column("kid", 1, "b", "text")],
        foreignKeys: [
          { tbl: "kid", id: 0, seq: 0, ref: "PARENT", col: "a", ref_col: null, on_update: "NO ACTION", on_delete: "CASCADE" },
          { tbl: "kid", id: 0, seq: 1, ref: "PARENT", col: "b", ref_col: null, on_update: "NO ACTION", on_delete: "CASCADE" },
        ],
      }),
      "3.54.0",
    );
    expect(c.tables.find((t) => t.name === "kid")!.foreignKeys).toEqual([
      { name: "fk_kid_a_b", columns: ["a", "b"], refTable: "PARENT", refColumns: ["a", "b"], onDelete: "CASCADE", onUpdate: "NO ACTION" },
    ]);
  });

  test("shadow tables belong to their virtual table, which is listed as an object", () => {
    const c = assembleCatalog(
      rows({
        master: [
          { type: "table", name: "docs", tbl: "docs", sql: "CREATE VIRTUAL TABLE docs USING fts5(body)" },
          { type: "table", name: "docs_data", tbl: "docs_data", sql: "CREATE TABLE 'docs_data'(id INTEGER PRIMARY KEY, block BLOB)" },
        ],
        columns: [column("docs_data", 0, "id", "INTEGER", 1), column("docs_data", 1, "block", "BLOB")],
        shadow: new Set(["docs_data"]),
      }),
      "3.54.0",
    );
    expect(c.tables).toEqual([]);
    expect(c.objects).toEqual([{ kind: "other", name: "docs", note: "a virtual table (using fts5)", definition: "CREATE VIRTUAL TABLE docs USING fts5(body)" }]);
  });
});
