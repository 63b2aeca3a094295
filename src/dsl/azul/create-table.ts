/**
 * `schema.createTable(name, cb)` with `.pk(column | null)`, `.unlessExists()`, `.with(cb)`.
 * Primary key, as Azul decides it: the column named by `.pk()` (default `id`) becomes the key,
 * created as a serial column first in the table when the callback did not define it; without
 * `.pk()`, a table whose callback marks a column `pk()` gets no implicit `id`; `.pk(null)` asks
 * for no implicit key at all.
 */
import type { Index, Table } from "../../model/types";
import type { Call, Chain, Fn, Loc } from "../../sandbox/protocol";
import { readArgs, readFn, readName, requireCalled, type Site, unknownMethod } from "./args";
import { type ColumnSpec, COLUMN_METHODS, isColumnMethod, readColumnChain, toColumn, toForeignKey } from "./columns";
import { callbackChains, emit } from "./emit";
import { AZUL_DOCS, fail } from "./fail";
import { readIndex } from "./indexes";
import type { Emitted, Step } from "./types";

export const CREATE_TABLE_CHAIN = ["pk", "primaryKey", "unlessExists", "with"];
const ALTER_ONLY = ["drop", "rename", "renameIndex", "dropIndex"];

interface Body {
  readonly columns: ColumnSpec[];
  readonly indexes: { readonly index: Index; readonly loc: Loc }[];
}

function readBody(file: string, table: string, fn: Fn): Body {
  const body: Body = { columns: [], indexes: [] };
  for (const chain of callbackChains(file, fn, "the createTable callback")) {
    const head = chain.calls[0] as Call;
    requireCalled(file, head, "table");
    if (isColumnMethod(head.name)) {
      const spec = readColumnChain(file, table, chain);
      if (body.columns.some((c) => c.name === spec.name)) {
        fail("E_AZUL_DUPLICATE", `column \`${spec.name}\` is defined twice in \`${table}\``, "give each column one definition", file, head.loc);
      }
      body.columns.push(spec);
    } else if (head.name === "index") {
      const extra = chain.calls[1];
      if (extra !== undefined) unknownMethod(file, extra, "table.index(...)", []);
      body.indexes.push({ index: readIndex(file, table, head), loc: head.loc });
    } else if (ALTER_ONLY.includes(head.name)) {
      unknownMethod(file, head, "table", [...COLUMN_METHODS, "index"], " in createTable (it belongs to alterTable)");
    } else {
      unknownMethod(file, head, "table", [...COLUMN_METHODS, "index"]);
    }
  }
  return body;
}

/** Marks (or adds) the primary key column the way Azul does; returns its name or null. */
function settlePrimaryKey(file: string, head: Call, pk: { explicit: boolean; name: string | null }, columns: ColumnSpec[]): string | null {
  const marked = columns.filter((c) => c.primaryKey).length;
  const required = pk.explicit ? pk.name !== null : marked === 0;
  const index = pk.name === null ? -1 : columns.findIndex((c) => c.name === pk.name);
  if (index >= 0) {
    columns[index] = { ...(columns[index] as ColumnSpec), primaryKey: true };
  } else if (required && pk.name !== null) {
    columns.unshift({ name: pk.name, type: { kind: "serial" }, azulType: "serial", primaryKey: true, notNull: false, unique: false, onDelete: "NO ACTION", onUpdate: "NO ACTION", loc: head.loc });
  }
  const keys = columns.filter((c) => c.primaryKey);
  if (keys.length > 1) {
    const last = keys[keys.length - 1] as ColumnSpec;
    fail("E_AZUL_MULTIPLE_PK", "Table may only have one primary key column.", `keep \`pk()\` on one column (\`${keys.map((k) => k.name).join("`, `")}\` are all keys; the table's key defaults to \`id\`, change it with \`.pk('column')\` or \`.pk(null)\`)`, file, last.loc);
  }
  return keys[0]?.name ?? null;
}

export function createTableStep(file: string, chain: Chain): Step {
  const head = chain.calls[0] as Call;
  const site: Site = { file, call: head, usage: "schema.createTable(name, function (table) { ... })" };
  const [nameArg, cbArg] = readArgs(site, 2);
  const name = readName(site, nameArg, "table name");
  let cb = cbArg === undefined ? undefined : readFn(site, cbArg, "the callback");
  let ifNotExists = false;
  const pk: { explicit: boolean; name: string | null } = { explicit: false, name: "id" };
  for (const call of chain.calls.slice(1)) {
    requireCalled(file, call, "createTable(...)");
    const s: Site = { file, call, usage: `.${call.name}(${call.name === "with" ? "function (table) { ... }" : call.name === "unlessExists" ? "" : "column | null"})` };
    if (call.name === "pk" || call.name === "primaryKey") {
      const [v] = readArgs(s, 1);
      pk.explicit = true;
      pk.name = v === null ? null : readName(s, v, "the primary key column");
    } else if (call.name === "unlessExists") {
      readArgs(s, 0);
      ifNotExists = true;
    } else if (call.name === "with") {
      const [v] = readArgs(s, 1);
      cb = readFn(s, v, "the callback");
    } else {
      unknownMethod(file, call, "createTable(...)", CREATE_TABLE_CHAIN);
    }
  }
  if (cb === undefined) {
    fail("E_AZUL_MISSING_CALLBACK", "Missing callback to create columns.", `pass one: \`schema.createTable('${name}', function (table) { table.string('title'); })\` or \`.with(function (table) { ... })\``, file, head.loc);
  }
  const body = readBody(file, name, cb);
  const primary = settlePrimaryKey(file, head, pk, body.columns);
  const known = new Set(body.columns.map((c) => c.name));
  for (const c of body.columns) {
    if (c.references?.table === name && !known.has(c.references.column)) {
      fail("E_AZUL_UNKNOWN_COLUMN", `\`${c.name}\` references \`${name}.${c.references.column}\`, which \`${name}\` does not define`, `name an existing column (a bare 'column' means a column of this table); ${AZUL_DOCS}`, file, c.loc);
    }
  }
  const names = new Set<string>();
  for (const { index, loc } of body.indexes) {
    const missing = index.columns.find((c) => !known.has(c));
    if (missing !== undefined) fail("E_AZUL_UNKNOWN_COLUMN", `index \`${index.name}\` names \`${missing}\`, which \`${name}\` does not define`, "index columns of this table only", file, loc);
    if (names.has(index.name)) fail("E_AZUL_DUPLICATE", `index \`${index.name}\` is defined twice`, "give the second index another `{ name }`", file, loc);
    names.add(index.name);
  }
  const table: Table = {
    ref: name,
    sqlName: name,
    columns: body.columns.map((c) => toColumn(c, c.name === primary)),
    primaryKey: primary === null ? [] : [primary],
    indexes: [],
    foreignKeys: body.columns.flatMap((c) => toForeignKey(c, name) ?? []),
    checks: [],
  };
  const ops: Emitted[] = [emit(file, head.loc, ifNotExists ? { op: "create_table", table, ifNotExists } : { op: "create_table", table })];
  for (const { index, loc } of body.indexes) ops.push(emit(file, loc, { op: "create_index", ref: name, index }));
  return { ops, reverse: [emit(file, head.loc, { op: "drop_table", ref: name })] };
}
