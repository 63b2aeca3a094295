/**
 * Putting the catalog rows together, without a server: what PostgreSQL 18 (not on this machine)
 * keeps for NOT NULL columns — a named constraint per column — is noted only when a person named
 * it or left it unvalidated.
 */
import { describe, expect, test } from "bun:test";
import { assembleCatalog } from "../../../src/db/postgres/catalog-assemble";
import type { CatalogRows, ConstraintRow, TableRow } from "../../../src/db/postgres/catalog-rows";

const LONG_TABLE = "a_table_name_long_enough_that_postgres_has_to_shorten_it_somewh";
const LONG_COLUMN = "and_a_column_name_that_is_long_as_well";

const table = (oid: number, name: string): TableRow => ({
  oid,
  name,
  kind: "r",
  partition: false,
  extension: false,
  persistence: "p",
  rls: false,
  force_rls: false,
  options: null,
  typed: false,
  comment: null,
  partkey: null,
  root: null,
  bound: null,
  inherits: null,
});

const notNull = (t: number, name: string, validated = true): ConstraintRow => ({
  t,
  name,
  type: "n",
  cols: "1",
  ref: 0,
  refcols: null,
  outside: null,
  del: " ",
  upd: " ",
  match: " ",
  delcols: false,
  deferrable: false,
  deferred: false,
  validated,
  noinherit: false,
  expr: null,
  def: "NOT NULL x",
  idx: 0,
  comment: null,
});

function rows(constraints: ConstraintRow[]): CatalogRows {
  const col = (t: number, name: string) => ({ t, num: 1, name, type: "integer", notnull: true, dflt: null, ident: "", gen: "", coll: null, comment: null });
  return {
    tables: [table(1, "item"), table(2, LONG_TABLE)],
    columns: [col(1, "qty"), col(2, LONG_COLUMN)],
    constraints,
    indexes: [],
    objects: [],
  };
}

describe("NOT NULL constraints (PostgreSQL 18)", () => {
  const notes = (constraints: ConstraintRow[]) => assembleCatalog(rows(constraints), "18.0").tables.flatMap((t) => (t.extras ?? []).map((e) => `${e.table}.${e.name}: ${e.note}`));
  test("the names PostgreSQL chooses are not noted, also shortened or numbered", () => {
    expect(
      notes([
        notNull(1, "item_qty_not_null"),
        // makeObjectName's shortening, checked against the index names PostgreSQL 15 chooses the same way.
        notNull(2, "a_table_name_long_enough_th_and_a_column_name_that_is__not_null"),
        notNull(2, "a_table_name_long_enough_t_and_a_column_name_that_is__not_null2"),
        notNull(1, "item_qty_not_null1"),
      ]),
    ).toEqual([]);
  });
  test("a name a person gave, and one not validated yet, are noted", () => {
    expect(notes([notNull(1, "qty_required"), notNull(1, "item_qty_not_null", false)])).toEqual([
      "item.item_qty_not_null: a NOT NULL constraint not validated yet (NOT VALID)",
      "item.qty_required: a NOT NULL constraint named qty_required",
    ]);
  });
});
