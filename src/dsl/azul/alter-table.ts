/**
 * `schema.alterTable(name, cb)`. Azul sends one ALTER TABLE whose parts run in a fixed order —
 * dropped columns, added columns, renamed columns, dropped indexes, added indexes, renamed
 * indexes — whatever order the callback wrote them in; the operations keep that order so a file
 * that worked under Azul (an index on a column added below it) works here.
 */
import type { Call, Chain, Loc } from "../../sandbox/protocol";
import { readArgs, readFn, readName, readString, requireCalled, type Site, unknownMethod } from "./args";
import { COLUMN_METHODS, isColumnMethod, kindOfAzulType, readColumnChain, toColumn, toForeignKey } from "./columns";
import { callbackChains, emit } from "./emit";
import { AZUL_DOCS, fail } from "./fail";
import { readDropIndex, readIndex, readRenameIndex } from "./indexes";
import type { Emitted, Step } from "./types";

export const TABLE_METHODS = [...COLUMN_METHODS, "drop", "rename", "index", "renameIndex", "dropIndex"];

/** Azul's order of the parts of one ALTER TABLE. */
const Part = { DropColumn: 0, AddColumn: 1, RenameColumn: 2, DropIndex: 3, AddIndex: 4, RenameIndex: 5 } as const;
type Part = (typeof Part)[keyof typeof Part];

interface Entry {
  readonly part: Part;
  readonly op: Emitted;
  /** Undefined for drops, which have no inverse. */
  readonly inverse?: Emitted;
}

function readRename(file: string, table: string, call: Call): Entry {
  const site: Site = { file, call, usage: "table.rename(from, to, type)" };
  const [fromArg, toArg, typeArg] = readArgs(site, 3);
  const from = readName(site, fromArg, "the old column name");
  const to = readName(site, toArg, "the new column name");
  if (typeArg === undefined) {
    fail("E_AZUL_RENAME_TYPE", `\`table.rename('${from}', '${to}')\` is missing the column's type`, `Azul requires it as a third argument, matching the type the column was created with: \`table.rename('${from}', '${to}', 'string')\``, file, call.loc);
  }
  const azulType = readString(site, typeArg, "the type");
  const kind = kindOfAzulType(azulType);
  if (kind === undefined) {
    fail("E_AZUL_RENAME_TYPE", `\`${azulType}\` is not an Azul column type`, `the type is one of ${COLUMN_METHODS.map((m) => `\`${m}\``).join(", ")}; ${AZUL_DOCS}`, file, call.loc);
  }
  const renameType = { kind, azulType };
  return {
    part: Part.RenameColumn,
    op: { ...emit(file, call.loc, { op: "rename_column", ref: table, from, to }), renameType },
    inverse: { ...emit(file, call.loc, { op: "rename_column", ref: table, from: to, to: from }), renameType },
  };
}

function readEntry(file: string, table: string, chain: Chain, added: Set<string>): Entry {
  const head = chain.calls[0] as Call;
  requireCalled(file, head, "table");
  if (isColumnMethod(head.name)) {
    const spec = readColumnChain(file, table, chain);
    if (spec.primaryKey) {
      fail("E_AZUL_UNSUPPORTED", `\`${spec.name}\` is added as a primary key, which alterTable cannot do`, "define the primary key when the table is created (`createTable(...).pk('column')`)", file, spec.loc);
    }
    if (added.has(spec.name)) fail("E_AZUL_DUPLICATE", `column \`${spec.name}\` is added twice to \`${table}\``, "add each column once", file, head.loc);
    added.add(spec.name);
    const fk = toForeignKey(spec, table);
    const column = toColumn(spec, false);
    return {
      part: Part.AddColumn,
      op: emit(file, head.loc, fk === undefined ? { op: "add_column", ref: table, column } : { op: "add_column", ref: table, column, foreignKey: fk }),
      inverse: emit(file, head.loc, { op: "drop_column", ref: table, column: spec.name }),
    };
  }
  const extra = chain.calls[1];
  if (extra !== undefined && TABLE_METHODS.includes(head.name)) unknownMethod(file, extra, `table.${head.name}(...)`, []);
  switch (head.name) {
    case "drop": {
      const site: Site = { file, call: head, usage: "table.drop(column)" };
      const [col] = readArgs(site, 1);
      return { part: Part.DropColumn, op: emit(file, head.loc, { op: "drop_column", ref: table, column: readName(site, col, "the column") }) };
    }
    case "rename":
      return readRename(file, table, head);
    case "index": {
      const index = readIndex(file, table, head);
      return {
        part: Part.AddIndex,
        op: emit(file, head.loc, { op: "create_index", ref: table, index }),
        inverse: emit(file, head.loc, { op: "drop_index", name: index.name, ref: table }),
      };
    }
    case "renameIndex": {
      const { from, to } = readRenameIndex(file, head);
      return {
        part: Part.RenameIndex,
        op: emit(file, head.loc, { op: "rename_index", ref: table, from, to }),
        inverse: emit(file, head.loc, { op: "rename_index", ref: table, from: to, to: from }),
      };
    }
    case "dropIndex":
      return { part: Part.DropIndex, op: emit(file, head.loc, { op: "drop_index", name: readDropIndex(file, table, head), ref: table }) };
    default:
      return unknownMethod(file, head, "table", TABLE_METHODS);
  }
}

export function alterTableStep(file: string, chain: Chain): Step {
  const head = chain.calls[0] as Call;
  const site: Site = { file, call: head, usage: "schema.alterTable(name, function (table) { ... })" };
  const [nameArg, cbArg] = readArgs(site, 2);
  const name = readName(site, nameArg, "table name");
  const extra = chain.calls[1];
  if (extra !== undefined) {
    requireCalled(file, extra, "alterTable(...)");
    unknownMethod(file, extra, "alterTable(...)", []);
  }
  if (cbArg === undefined) {
    fail("E_AZUL_MISSING_CALLBACK", "Missing callback to create columns.", `pass one: \`schema.alterTable('${name}', function (table) { table.string('title'); })\``, file, head.loc);
  }
  const cb = readFn(site, cbArg, "the callback");
  const added = new Set<string>();
  const entries: Entry[] = [];
  let refusal: { irreversible: string; loc: Loc } | undefined;
  for (const c of callbackChains(file, cb, "the alterTable callback")) {
    const entry = readEntry(file, name, c, added);
    const call = c.calls[0] as Call;
    if (entry.inverse === undefined) refusal ??= { irreversible: `table.${call.name}`, loc: call.loc };
    entries.push(entry);
  }
  const ordered = entries.map((e, i) => ({ e, i })).sort((a, b) => a.e.part - b.e.part || a.i - b.i).map((x) => x.e);
  return {
    ops: ordered.map((e) => e.op),
    reverse: refusal ?? ordered.flatMap((e) => (e.inverse === undefined ? [] : [e.inverse])).reverse(),
  };
}
