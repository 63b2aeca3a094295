/**
 * Every schema method either has a reverse (what `change` rolls back with) or is refused inside
 * `change` by name, at its location. The table below must list every method the interpreter
 * knows; a new method without a row here fails the coverage test.
 */
import { describe, expect, test } from "bun:test";
import { interpretAzul } from "../../../src/dsl/azul";
import { CREATE_TABLE_CHAIN } from "../../../src/dsl/azul/create-table";
import { TABLE_METHODS } from "../../../src/dsl/azul/alter-table";
import { COLUMN_ATTRIBUTES } from "../../../src/dsl/azul/columns";
import { SCHEMA_METHODS } from "../../../src/dsl/azul/statements";
import type { Operation } from "../../../src/dsl/operations";
import { errorOf, locOf, migrationFile, type R } from "./record";

type Row =
  | { readonly change: (schema: R, query: R) => void; readonly reverse: readonly string[] }
  | { readonly change: (schema: R, query: R) => void; readonly refused: string; readonly at: string };

/** A one-line summary of an operation, enough to tell reverses apart. */
function show(o: Operation): string {
  switch (o.op) {
    case "create_table":
      return `create_table ${o.table.ref}`;
    case "drop_table":
      return `drop_table ${o.ref}`;
    case "rename_table":
      return `rename_table ${o.from}->${o.to}`;
    case "add_column":
      return `add_column ${o.ref}.${o.column.name}`;
    case "drop_column":
      return `drop_column ${o.ref}.${o.column}`;
    case "rename_column":
      return `rename_column ${o.ref}.${o.from}->${o.to}`;
    case "create_index":
      return `create_index ${o.index.name}`;
    case "drop_index":
      return `drop_index ${o.name}`;
    case "rename_index":
      return `rename_index ${o.from}->${o.to}`;
    default:
      return o.op;
  }
}

const alter = (body: (t: R) => void) => (schema: R) => schema.alterTable("a", body);

const SCHEMA: Record<string, Row> = {
  createTable: { change: (s) => s.createTable("a", (t: R) => t.string("x")), reverse: ["drop_table a"] },
  alterTable: { change: alter((t) => t.string("x")), reverse: ["drop_column a.x"] },
  renameTable: { change: (s) => s.renameTable("a", "b"), reverse: ["rename_table b->a"] },
  dropTable: { change: (s) => s.dropTable("a"), refused: "`dropTable` is not reversible", at: "dropTable" },
};

const CHAIN: Record<string, Row> = {
  pk: { change: (s) => s.createTable("a", (t: R) => t.string("x")).pk("k"), reverse: ["drop_table a"] },
  primaryKey: { change: (s) => s.createTable("a", (t: R) => t.string("x")).primaryKey(null), reverse: ["drop_table a"] },
  unlessExists: { change: (s) => s.createTable("a", (t: R) => t.string("x")).unlessExists(), reverse: ["drop_table a"] },
  with: { change: (s) => s.createTable("a").with((t: R) => t.string("x")), reverse: ["drop_table a"] },
  ifExists: { change: (s) => s.dropTable("a").ifExists(), refused: "`dropTable` is not reversible", at: "dropTable" },
};

const TABLE: Record<string, Row> = {
  drop: { change: alter((t) => t.drop("x")), refused: "`table.drop` is not reversible", at: "drop" },
  rename: { change: alter((t) => t.rename("x", "y", "integer")), reverse: ["rename_column a.y->x"] },
  index: { change: alter((t) => t.index(["x", "y"])), reverse: ["drop_index a_x_y_idx"] },
  renameIndex: { change: alter((t) => t.renameIndex("i", "j")), reverse: ["rename_index j->i"] },
  dropIndex: { change: alter((t) => t.dropIndex("x")), refused: "`table.dropIndex` is not reversible", at: "dropIndex" },
};
for (const m of TABLE_METHODS.filter((x) => !(x in TABLE))) {
  TABLE[m] = { change: alter((t) => t[m]("x")), reverse: ["drop_column a.x"] };
}

const ATTRS: Record<string, Row> = Object.fromEntries(
  COLUMN_ATTRIBUTES.map((a): [string, Row] => {
    const arg = a === "default" ? 1 : a === "references" ? "b.id" : a === "onDelete" || a === "onUpdate" ? "cascade" : undefined;
    // alterTable cannot add a primary key (E_AZUL_UNSUPPORTED), so pk() is reversed with its table.
    if (a === "pk" || a === "primaryKey") return [a, { change: (s) => s.createTable("a", (t: R) => t.integer("x")[a]()), reverse: ["drop_table a"] }];
    const add = (t: R) => {
      const c = t.integer("x");
      if (a === "onDelete" || a === "onUpdate") c.references("b.id")[a](arg);
      else c[a](arg);
    };
    return [a, { change: alter(add), reverse: ["drop_column a.x"] }];
  }),
);

const QUERY: Record<string, Row> = {
  raw: { change: (_s, q) => q.raw("UPDATE a SET x = 1"), refused: "`query.raw` is not reversible", at: "raw" },
};

function check(row: Row): void {
  const ev = migrationFile({ change: row.change });
  if ("reverse" in row) {
    const def = interpretAzul(ev);
    expect(def.down?.map((o) => show(o.value))).toEqual([...row.reverse]);
  } else {
    const e = errorOf(() => interpretAzul(ev));
    expect(e.code).toBe("E_AZUL_IRREVERSIBLE");
    expect(e.message).toBe(row.refused);
    expect(e.at).toEqual(locOf(ev, row.at));
  }
}

describe("reverse of every method", () => {
  for (const [group, rows] of Object.entries({ schema: SCHEMA, "createTable/dropTable chain": CHAIN, table: TABLE, column: ATTRS, query: QUERY })) {
    for (const [name, row] of Object.entries(rows)) test(`${group}.${name}`, () => check(row));
  }

  test("the table covers every method the interpreter knows", () => {
    expect(Object.keys(SCHEMA).sort()).toEqual([...SCHEMA_METHODS].sort());
    expect(Object.keys(CHAIN).sort()).toEqual([...CREATE_TABLE_CHAIN, "ifExists"].sort());
    expect(Object.keys(TABLE).sort()).toEqual([...TABLE_METHODS].sort());
    expect(Object.keys(ATTRS).sort()).toEqual([...COLUMN_ATTRIBUTES].sort());
  });
});

describe("derived rollback", () => {
  test("steps are undone in reverse order, and within alterTable in reverse of Azul's order", () => {
    const def = interpretAzul(
      migrationFile({
        change(schema: R) {
          schema.createTable("a", (t: R) => t.string("x"));
          schema.alterTable("a", (t: R) => {
            t.index("y");
            t.renameIndex("i", "j");
            t.rename("x", "z", "string");
            t.integer("y");
          });
          schema.renameTable("a", "b");
        },
      }),
    );
    expect(def.up.map((o) => show(o.value))).toEqual(["create_table a", "add_column a.y", "rename_column a.x->z", "create_index a_y_idx", "rename_index i->j", "rename_table a->b"]);
    expect(def.down?.map((o) => show(o.value))).toEqual(["rename_table b->a", "rename_index j->i", "drop_index a_y_idx", "rename_column a.z->x", "drop_column a.y", "drop_table a"]);
    expect(def.renameTypes.down).toEqual([{ op: 3, kind: "string", azulType: "string" }]);
    expect(def.renameTypes.up).toEqual([{ op: 2, kind: "string", azulType: "string" }]);
  });

  test("reversed operations point at the call they undo", () => {
    const ev = migrationFile({ change: (s: R) => s.renameTable("a", "b") });
    const op = interpretAzul(ev).down?.[0];
    expect({ file: op?.file, line: op?.line, column: op?.column }).toEqual(locOf(ev, "renameTable"));
  });

  test("the first irreversible call in source order is the one named", () => {
    const ev = migrationFile({
      change(schema: R) {
        schema.createTable("a", (t: R) => t.string("x"));
        schema.alterTable("a", (t: R) => {
          t.string("y");
          t.dropIndex("x");
          t.drop("x");
        });
        schema.dropTable("c");
      },
    });
    const e = errorOf(() => interpretAzul(ev));
    expect(e.message).toBe("`table.dropIndex` is not reversible");
    expect(e.at).toEqual(locOf(ev, "dropIndex"));
  });
});
