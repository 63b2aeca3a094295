/** createTable: every column type and option, primary-key rules, indexes and foreign keys. */
import { describe, expect, test } from "bun:test";
import { interpretAzul } from "../../../src/dsl/azul";
import type { Operation } from "../../../src/dsl/operations";
import type { Column, ColumnType, Table } from "../../../src/model/types";
import { errorOf, locOf, migrationFile, type R } from "./record";

function createdTable(body: (t: R) => void, chain: (q: R) => unknown = (q) => q): Table {
  const def = interpretAzul(migrationFile({ up: (schema: R) => void chain(schema.createTable("things", body)) }));
  const op = def.up[0]?.value as Extract<Operation, { op: "create_table" }>;
  expect(op.op).toBe("create_table");
  return op.table;
}

function columnOf(body: (t: R) => void): Column {
  const t = createdTable(body);
  const c = t.columns.find((x) => x.name === "c");
  if (c === undefined) throw new Error("no column c");
  return c;
}

describe("column types", () => {
  const cases: [string, (t: R) => unknown, ColumnType][] = [
    ["serial", (t) => t.serial("c"), { kind: "serial" }],
    ["auto (alias of serial)", (t) => t.auto("c"), { kind: "serial" }],
    ["increments (alias of serial)", (t) => t.increments("c"), { kind: "serial" }],
    ["integer", (t) => t.integer("c"), { kind: "integer" }],
    ["integer64", (t) => t.integer64("c"), { kind: "bigint" }],
    ["string (default length 255)", (t) => t.string("c"), { kind: "string", length: 255 }],
    ["string {length: 80}", (t) => t.string("c", { length: 80 }), { kind: "string", length: 80 }],
    ["text", (t) => t.text("c"), { kind: "text" }],
    ["binary", (t) => t.binary("c"), { kind: "binary" }],
    ["bool", (t) => t.bool("c"), { kind: "boolean" }],
    ["date", (t) => t.date("c"), { kind: "date" }],
    ["time", (t) => t.time("c"), { kind: "time" }],
    ["dateTime", (t) => t.dateTime("c"), { kind: "datetime" }],
    ["float", (t) => t.float("c"), { kind: "float" }],
    ["decimal", (t) => t.decimal("c"), { kind: "decimal" }],
    ["decimal {precision}", (t) => t.decimal("c", { precision: 10 }), { kind: "decimal", precision: 10 }],
    ["decimal {precision, scale}", (t) => t.decimal("c", { precision: 20, scale: 10 }), { kind: "decimal", precision: 20, scale: 10 }],
    ["decimal {precision, scale: 0}", (t) => t.decimal("c", { precision: 5, scale: 0 }), { kind: "decimal", precision: 5, scale: 0 }],
  ];
  for (const [name, def, type] of cases) {
    test(name, () => {
      expect(columnOf((t) => void def(t))).toEqual({ name: "c", type, nullable: true, unique: false });
    });
  }
});

describe("column options", () => {
  const cases: [string, (t: R) => unknown, Partial<Column>][] = [
    ["nullable by default (Azul)", (t) => t.integer("c"), { nullable: true }],
    ["notNull()", (t) => t.integer("c").notNull(), { nullable: false }],
    ["unique()", (t) => t.integer("c").unique(), { unique: true }],
    ["default(number)", (t) => t.integer("c").default(7), { default: { kind: "literal", value: 7 } }],
    ["default(string) on a string", (t) => t.string("c").default("x"), { default: { kind: "literal", value: "x" } }],
    ["default('5') on an integer reads the number", (t) => t.integer("c").default("5"), { default: { kind: "literal", value: 5 } }],
    ["default(1) on a bool is true", (t) => t.bool("c").default(1), { default: { kind: "literal", value: true } }],
    ["default('false') on a bool is false", (t) => t.bool("c").default("false"), { default: { kind: "literal", value: false } }],
    ["default on a decimal keeps exact text", (t) => t.decimal("c", { precision: 5, scale: 2 }).default("1.50"), { default: { kind: "literal", value: "1.50" } }],
    ["default on a dateTime", (t) => t.dateTime("c").default("2015-01-01 00:00:00"), { default: { kind: "literal", value: "2015-01-01 00:00:00" } }],
    ["last default wins", (t) => t.integer("c").default(1).default(2), { default: { kind: "literal", value: 2 } }],
    ["attributes as options (maguey)", (t) => t.string("c", { length: 20, notNull: true, unique: true, default: "x" }), { type: { kind: "string", length: 20 }, nullable: false, unique: true, default: { kind: "literal", value: "x" } }],
    ["a chained attribute after the options wins", (t) => t.integer("c", { default: 1 }).default(2), { default: { kind: "literal", value: 2 } }],
  ];
  for (const [name, def, expected] of cases) {
    test(name, () => {
      expect(columnOf((t) => void def(t))).toMatchObject(expected);
    });
  }
});

describe("foreign keys", () => {
  const fkOf = (def: (t: R) => unknown) => createdTable((t) => void def(t)).foreignKeys;
  const cases: [string, (t: R) => unknown, object][] = [
    ["references('table.col')", (t) => t.integer("c").references("users.id"), { refTable: "users", refColumns: ["id"], onDelete: "NO ACTION", onUpdate: "NO ACTION" }],
    ["a bare 'col' is a column of the same table", (t) => t.integer("c").references("id"), { refTable: "things", refColumns: ["id"] }],
    ["onDelete cascade", (t) => t.integer("c").references("users.id").onDelete("cascade"), { onDelete: "CASCADE" }],
    ["onDelete restrict", (t) => t.integer("c").references("users.id").onDelete("restrict"), { onDelete: "RESTRICT" }],
    ["onDelete nullify is SET NULL", (t) => t.integer("c").references("users.id").onDelete("nullify"), { onDelete: "SET NULL" }],
    ["onUpdate cascade", (t) => t.integer("c").references("users.id").onUpdate("cascade"), { onUpdate: "CASCADE" }],
    ["actions are case-insensitive, as in Azul", (t) => t.integer("c").references("users.id").onUpdate("NULLIFY"), { onUpdate: "SET NULL" }],
    ["action before references", (t) => t.integer("c").onDelete("cascade").references("users.id"), { onDelete: "CASCADE" }],
  ];
  for (const [name, def, expected] of cases) {
    test(name, () => {
      expect(fkOf(def)).toEqual([{ name: "fk_things_c", columns: ["c"], refTable: "users", refColumns: ["id"], onDelete: "NO ACTION", onUpdate: "NO ACTION", ...expected }]);
    });
  }
});

describe("primary key", () => {
  const pkOf = (body: (t: R) => void, chain?: (q: R) => unknown) => {
    const t = createdTable(body, chain);
    return { pk: t.primaryKey, columns: t.columns.map((c) => `${c.name}:${c.type.kind}${c.nullable ? "" : "!"}`) };
  };
  const cases: [string, (t: R) => void, ((q: R) => unknown) | undefined, { pk: string[]; columns: string[] }][] = [
    ["implicit serial id, first", (t) => t.string("title"), undefined, { pk: ["id"], columns: ["id:serial!", "title:string"] }],
    ["a column named id becomes the key", (t) => { t.string("title"); t.integer("id"); }, undefined, { pk: ["id"], columns: ["title:string", "id:integer!"] }],
    ["a column marked pk() replaces the implicit id", (t) => t.string("code").pk(), undefined, { pk: ["code"], columns: ["code:string!"] }],
    ["primaryKey() is pk()", (t) => t.string("code").primaryKey(), undefined, { pk: ["code"], columns: ["code:string!"] }],
    [".pk('identifier') creates a serial column when none is defined", (t) => t.string("title"), (q) => q.pk("identifier"), { pk: ["identifier"], columns: ["identifier:serial!", "title:string"] }],
    [".primaryKey('code') marks the defined column", (t) => { t.string("title"); t.string("code"); }, (q) => q.primaryKey("code"), { pk: ["code"], columns: ["title:string", "code:string!"] }],
    [".pk(null): no key", (t) => t.string("title"), (q) => q.pk(null), { pk: [], columns: ["title:string"] }],
    [".pk(null) keeps a column marked pk()", (t) => t.string("code").pk(), (q) => q.pk(null), { pk: ["code"], columns: ["code:string!"] }],
    // maguey's own type tests: `table.serial('column', { primaryKey: true })` in a `.pk(null)` table.
    ["serial with { primaryKey: true } (maguey)", (t) => t.serial("column", { primaryKey: true }), (q) => q.pk(null), { pk: ["column"], columns: ["column:serial!"] }],
    ["auto with { pk: true }", (t) => t.auto("n", { pk: true }), undefined, { pk: ["n"], columns: ["n:serial!"] }],
    ["increments with { primaryKey: true }", (t) => t.increments("n", { primaryKey: true }), undefined, { pk: ["n"], columns: ["n:serial!"] }],
    ["{ primaryKey: false } marks nothing", (t) => t.integer("n", { primaryKey: false }), undefined, { pk: ["id"], columns: ["id:serial!", "n:integer"] }],
  ];
  for (const [name, body, chain, expected] of cases) test(name, () => expect(pkOf(body, chain)).toEqual(expected));
});

describe("createTable chain and indexes", () => {
  test("unique index option, several indexes in order, after create_table", () => {
    const def = interpretAzul(
      migrationFile({
        up: (schema: R) =>
          schema.createTable("people", (t: R) => {
            t.string("email");
            t.string("first");
            t.index("email", { unique: true });
            t.index(["first", "email"]);
          }),
      }),
    );
    expect(def.up.map((o) => o.value.op)).toEqual(["create_table", "create_index", "create_index"]);
    expect(def.up.slice(1).map((o) => o.value)).toEqual([
      { op: "create_index", ref: "people", index: { name: "people_email_idx", columns: ["email"], unique: true } },
      { op: "create_index", ref: "people", index: { name: "people_first_email_idx", columns: ["first", "email"], unique: false } },
    ]);
  });

  test("every operation points at the call that made it", () => {
    const ev = migrationFile({ up: (schema: R) => schema.createTable("people", (t: R) => { t.string("email"); t.index("email"); }) });
    const def = interpretAzul(ev);
    const where = (i: number) => ({ file: def.up[i]?.file, line: def.up[i]?.line, column: def.up[i]?.column });
    expect(where(0)).toEqual(locOf(ev, "createTable"));
    expect(where(1)).toEqual(locOf(ev, "index"));
  });

  test("the table ref and SQL name are the bare Azul name", () => {
    const t = createdTable((x) => x.string("a"));
    expect([t.ref, t.sqlName, t.indexes, t.checks]).toEqual(["things", "things", [], []]);
  });

  test("a callback with a second parameter in use is refused", () => {
    const e = errorOf(() => interpretAzul(migrationFile({ up: (schema: R) => schema.createTable("a", (_t: R, x: R) => x.string("b")) })));
    expect(e.code).toBe("E_AZUL_BAD_ARGUMENT");
  });
});
