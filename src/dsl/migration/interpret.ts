/**
 * The generated migration form, `export default migration({ up(m) {...}, down(m) {...} })`, read
 * from its recording into operations located at the `m.*` call that made each one.
 */
import type { Call, Chain, Fn, Value } from "../../sandbox/protocol";
import { isTagged } from "../../sandbox/protocol";
import { foreignKeyName, indexName, sqlNameOf } from "../../model/names";
import type { Check, Column, ForeignKey, Table, TableApi } from "../../model/types";
import type { Located, Operation } from "../operations";
import {
  actionArg, argsOf, at, booleanArg, columnListArg, indexColumnsArg, expressionArg, fail, fnArg, identifierArg, MIGRATION_DOCS, optionsArg, paramChains, refArg,
  type Site, stringArg, unknownMethod,
} from "./args";
import { CHANGE_METHODS, readColumnChanges, readTChain, type TItem } from "./columns";
import { junctionOps } from "./junction";
import { DEFAULT_ACTION } from "./shorthand";

export const M_METHODS: readonly string[] = [
  "add_check", "add_column", "add_foreign_key", "alter_column", "create_index", "create_table", "drop_check", "drop_column",
  "drop_foreign_key", "drop_index", "drop_table", "rename_column", "rename_index", "rename_table", "sql",
];

type Emit = (op: Operation, call: Call) => void;

function tItems(file: string, fn: Fn, site: Site, ref: string): TItem[] {
  return paramChains(site, fn).flatMap((chain) => readTChain(file, chain, ref));
}

function onlyColumns(file: string, items: TItem[], what: string): Extract<TItem, { kind: "column" }>[] {
  return items.map((item) => {
    if (item.kind !== "column") {
      fail("E_MIGRATION_BAD_ARGUMENT", `\`t.${item.call.name}()\` cannot be used in ${what}`, `use it inside \`m.create_table\`; ${MIGRATION_DOCS}`, at(file, item.call));
    }
    return item;
  });
}

function createTable(file: string, call: Call, emit: Emit): void {
  const site = { file, call, usage: 'm.create_table("ns.table", (t) => { ... })' };
  const args = argsOf(site, 2, 3);
  const ref = refArg(site, args[0]);
  const items = tItems(file, fnArg(site, args[1]), site, ref);
  const ifNotExists = args[2] === undefined ? false : booleanArg(site, optionsArg(site, args[2], ["if_not_exists"]).if_not_exists);
  const columns: Column[] = [];
  const foreignKeys: ForeignKey[] = [];
  const checks: Check[] = [];
  const junctions: { target: string; call: Call }[] = [];
  let primaryKey: string[] | undefined;
  let docs: string | undefined;
  let deprecated: string | undefined;
  const api: Record<string, unknown> = {};
  const twice = (item: TItem, what: string): never =>
    fail("E_MIGRATION_DUPLICATE", `${what} in \`m.create_table("${ref}")\``, "declare it once", at(file, item.call));
  for (const item of items) {
    switch (item.kind) {
      case "column":
        if (columns.some((c) => c.name === item.column.name)) twice(item, `column \`${item.column.name}\` is declared twice`);
        columns.push(item.column);
        if (item.foreignKey !== undefined) foreignKeys.push(item.foreignKey);
        if (item.primaryKey) {
          if (primaryKey !== undefined) twice(item, "the primary key is declared twice");
          primaryKey = [item.column.name];
        }
        break;
      case "primaryKey":
        if (primaryKey !== undefined) twice(item, "the primary key is declared twice");
        primaryKey = item.columns;
        break;
      case "check":
        if (checks.some((c) => c.name === item.check.name)) twice(item, `check \`${item.check.name}\` is declared twice`);
        checks.push(item.check);
        break;
      case "foreignKey":
        foreignKeys.push(item.foreignKey);
        break;
      case "docs":
        if (docs !== undefined) twice(item, "the table docs are declared twice");
        docs = item.text;
        break;
      case "manyToMany":
        junctions.push({ target: item.target, call: item.call });
        break;
      case "tableMeta":
        if (item.deprecated !== undefined) {
          if (deprecated !== undefined) twice(item, "the table's deprecation is declared twice");
          deprecated = item.deprecated;
        }
        for (const [key, value] of Object.entries(item.api ?? {})) {
          if (Object.hasOwn(api, key)) twice(item, `\`t.${item.call.name}()\` is declared twice`);
          api[key] = value;
        }
        break;
    }
  }
  for (const [key, value] of Object.entries(api)) {
    if (key === "junction") continue;
    for (const written of value as string[]) {
      const name = written.startsWith("-") ? written.slice(1) : written;
      if (!columns.some((c) => c.name === name)) fail("E_MIGRATION_BAD_ARGUMENT", `\`${key}\` names \`${name}\`, which is not a column of ${ref}`, "name columns the table defines", at(file, call));
    }
  }
  for (const name of primaryKey ?? []) {
    if (!columns.some((c) => c.name === name)) {
      fail("E_MIGRATION_BAD_ARGUMENT", `primary key column \`${name}\` is not a column of ${ref}`, "declare the column in the same create_table", at(file, call));
    }
  }
  const table: Table = {
    ref, sqlName: sqlNameOf(ref), columns, primaryKey: primaryKey ?? [], indexes: [], foreignKeys, checks,
    ...(docs === undefined ? {} : { docs }),
    ...(deprecated === undefined ? {} : { deprecated }),
    ...(Object.keys(api).length === 0 ? {} : { api: api as TableApi }),
  };
  emit(ifNotExists ? { op: "create_table", table, ifNotExists } : { op: "create_table", table }, call);
  for (const j of junctions) {
    if (j.target === ref) fail("E_MIGRATION_JUNCTION", `${ref} cannot be many-to-many with itself`, "create the junction table with m.create_table and two t.belongs_to", at(file, j.call));
    for (const op of junctionOps(file, ref, j.target)) emit(op, j.call);
  }
}

/**
 * The new ref of `m.rename_table(old, name)`. As in AstrolaDB, a bare name stays in the old
 * table's namespace (`"blog.tag"` -> `"label"` is `blog.label`), and so does `".label"`; a full
 * ref moves the table; `{ root: true }` makes the bare name a table outside any namespace.
 */
export function renamedRef(oldRef: string, name: string, root: boolean): string {
  const dot = oldRef.indexOf(".");
  if (root || dot < 0 || (name.includes(".") && !name.startsWith("."))) return name;
  return `${oldRef.slice(0, dot)}.${name.startsWith(".") ? name.slice(1) : name}`;
}

function readCall(file: string, call: Call, emit: Emit): void {
  const site = (usage: string): Site => ({ file, call, usage });
  switch (call.name) {
    case "create_table":
      return createTable(file, call, emit);
    case "drop_table": {
      const s = site('m.drop_table("ns.table")');
      const args = argsOf(s, 1, 2);
      const ref = refArg(s, args[0]);
      const ifExists = args[1] === undefined ? false : booleanArg(s, optionsArg(s, args[1], ["if_exists"]).if_exists);
      return emit(ifExists ? { op: "drop_table", ref, ifExists } : { op: "drop_table", ref }, call);
    }
    case "rename_table": {
      const s = site('m.rename_table("ns.old", "new")');
      const [from, to, options] = argsOf(s, 2, 3);
      const oldRef = refArg(s, from);
      const root = options === undefined ? false : booleanArg(s, optionsArg(s, options, ["root"]).root);
      return emit({ op: "rename_table", from: oldRef, to: refArg(s, renamedRef(oldRef, stringArg(s, to), root)) }, call);
    }
    case "add_column": {
      const s = site('m.add_column("ns.table", (t) => { t.string("name", 100); })');
      const [r, f] = argsOf(s, 2, 2);
      const ref = refArg(s, r);
      for (const item of onlyColumns(file, tItems(file, fnArg(s, f), s, ref), "`m.add_column`")) {
        const op: Operation = item.foreignKey === undefined
          ? { op: "add_column", ref, column: item.column }
          : { op: "add_column", ref, column: item.column, foreignKey: item.foreignKey };
        emit(op, call);
      }
      return;
    }
    case "drop_column":
    case "drop_foreign_key":
    case "drop_check": {
      const what = call.name === "drop_column" ? "column" : call.name === "drop_check" ? "check" : "foreign_key";
      const s = site(`m.${call.name}("ns.table", "name")`);
      const [r, n] = argsOf(s, 2, 2);
      const ref = refArg(s, r);
      const name = identifierArg(s, n, `${what} name`);
      if (call.name === "drop_column") return emit({ op: "drop_column", ref, column: name }, call);
      return emit(call.name === "drop_check" ? { op: "drop_check", ref, name } : { op: "drop_foreign_key", ref, name }, call);
    }
    case "rename_column":
    case "rename_index": {
      const s = site(`m.${call.name}("ns.table", "old", "new")`);
      const [r, a, b] = argsOf(s, 3, 3);
      const ref = refArg(s, r);
      const from = identifierArg(s, a, "old name");
      const to = identifierArg(s, b, "new name");
      return emit(call.name === "rename_column" ? { op: "rename_column", ref, from, to } : { op: "rename_index", ref, from, to }, call);
    }
    case "alter_column": {
      const s = site('m.alter_column("ns.table", "name", (t) => { t.string("name", 200); })');
      const [r, n, f] = argsOf(s, 3, 3);
      const ref = refArg(s, r);
      const name = identifierArg(s, n, "column name");
      const fn = fnArg(s, f);
      // AstrolaDB's partial form: (c) => c.set_type("string", 30).set_nullable().
      const chains = paramChains(s, fn);
      if (chains.some((c) => CHANGE_METHODS.includes(c.calls[0]?.name ?? ""))) {
        const changes = readColumnChanges(file, chains, name, call);
        return emit({ op: "change_column", ref, column: name, changes }, call);
      }
      const items = onlyColumns(file, tItems(file, fn, s, ref), "`m.alter_column`");
      const item = items[0];
      if (items.length !== 1 || item === undefined || item.column.name !== name || item.foreignKey !== undefined || item.primaryKey) {
        fail("E_MIGRATION_BAD_ARGUMENT", `\`m.alter_column("${ref}", "${name}", ...)\` must define exactly the column \`${name}\`, with a plain type`, `write \`${s.usage}\``, at(file, call));
      }
      return emit({ op: "alter_column", ref, column: item.column }, call);
    }
    case "create_index": {
      const s = site('m.create_index("ns.table", ["col", "other desc"], { name: "idx_...", unique: true, where: "deleted_at is null", concurrently: true })');
      const args = argsOf(s, 2, 3);
      const ref = refArg(s, args[0]);
      const keyed = indexColumnsArg(s, args[1]);
      const columns = keyed.map((k) => k.column);
      const descending = keyed.filter((k) => k.descending).map((k) => k.column);
      const opts = args[2] === undefined ? {} : optionsArg(s, args[2], ["name", "unique", "where", "concurrently"]);
      const name = opts.name === undefined ? indexName(sqlNameOf(ref), columns) : identifierArg(s, opts.name, "index name");
      const unique = opts.unique === undefined ? false : booleanArg(s, opts.unique);
      const where = opts.where === undefined ? undefined : expressionArg(s, opts.where, `the condition of index \`${name}\` on ${ref}`);
      const concurrently = opts.concurrently !== undefined && booleanArg(s, opts.concurrently);
      const index = { name, columns, unique, ...(descending.length > 0 ? { descending } : {}), ...(where === undefined ? {} : { where }) };
      return emit({ op: "create_index", ref, index, ...(concurrently ? { concurrently } : {}) }, call);
    }
    case "drop_index": {
      const s = site('m.drop_index("idx_name", { concurrently: true })');
      const args = argsOf(s, 1, 2);
      const name = identifierArg(s, args[0], "index name");
      const opts = args[1] === undefined ? {} : optionsArg(s, args[1], ["concurrently"]);
      const concurrently = opts.concurrently !== undefined && booleanArg(s, opts.concurrently);
      return emit({ op: "drop_index", name, ...(concurrently ? { concurrently } : {}) }, call);
    }
    case "add_foreign_key": {
      const s = site('m.add_foreign_key("ns.table", ["col"], "ns.other", ["id"], { name, on_delete, on_update, online })');
      const args = argsOf(s, 4, 5);
      const ref = refArg(s, args[0]);
      const columns = columnListArg(s, args[1], "an array of column names");
      const refTable = refArg(s, args[2]);
      const refColumns = columnListArg(s, args[3], "an array of referenced column names");
      const opts = args[4] === undefined ? {} : optionsArg(s, args[4], ["name", "on_delete", "on_update", "online"]);
      const foreignKey: ForeignKey = {
        name: opts.name === undefined ? foreignKeyName(sqlNameOf(ref), columns) : identifierArg(s, opts.name, "foreign key name"),
        columns, refTable, refColumns,
        onDelete: opts.on_delete === undefined ? DEFAULT_ACTION : actionArg(s, opts.on_delete),
        onUpdate: opts.on_update === undefined ? DEFAULT_ACTION : actionArg(s, opts.on_update),
      };
      const online = opts.online !== undefined && booleanArg(s, opts.online);
      return emit({ op: "add_foreign_key", ref, foreignKey, ...(online ? { online } : {}) }, call);
    }
    case "add_check": {
      const s = site('m.add_check("ns.table", "chk_name", "expression", { online: true })');
      const [r, n, e, o] = argsOf(s, 3, 4);
      const ref = refArg(s, r);
      const name = identifierArg(s, n, "check name");
      const opts = o === undefined ? {} : optionsArg(s, o, ["online"]);
      const online = opts.online !== undefined && booleanArg(s, opts.online);
      return emit({ op: "add_check", ref, check: { name, expr: expressionArg(s, e, `check \`${name}\` on ${ref}`) }, ...(online ? { online } : {}) }, call);
    }
    case "sql": {
      const s = site('m.sql("statement")');
      const args = argsOf(s, 1, 2);
      const sql = stringArg(s, args[0], "an SQL statement");
      if (args[1] === undefined) return emit({ op: "sql", sql }, call);
      if (!Array.isArray(args[1])) return void stringArg(s, args[1], "an array of parameters");
      const params = (args[1] as readonly Value[]).map((v) => {
        if (v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
        return stringArg(s, v, "parameters that are strings, numbers, booleans or null");
      });
      return emit({ op: "sql", sql, args: params }, call);
    }
    default:
      return unknownMethod(file, call, "m.", M_METHODS, "migration method");
  }
}

/** The operations of one direction (`up` or `down`), in the order written. */
export function readDirection(file: string, fn: Fn, usage: string): Located<Operation>[] {
  const out: Located<Operation>[] = [];
  const emit: Emit = (value, call) => out.push({ value, file, line: call.loc.line, column: call.loc.column });
  const site: Site = { file, call: { name: usage, args: [], loc: fn.loc }, usage };
  if (fn.returned === "promise") {
    fail("E_MIGRATION_ASYNC", `\`${usage}\` returns a promise`, "generated migrations run their `m.*` calls in order; use the Azul form (exports.up) for manual mode", { file, line: fn.loc.line, column: fn.loc.column });
  }
  for (const chain of paramChains(site, fn)) {
    const [first, extra] = chain.calls;
    if (first === undefined) continue;
    if (extra !== undefined) {
      fail("E_MIGRATION_UNKNOWN_METHOD", `\`m.${first.name}(...)\` returns nothing to call \`.${extra.name}()\` on`, MIGRATION_DOCS, at(file, extra));
    }
    readCall(file, first, emit);
  }
  return out;
}

export function isMigrationChain(v: Value | undefined): v is { $alab: "chain"; chain: Chain } {
  return v !== undefined && v !== null && isTagged(v) && v.$alab === "chain" && v.chain.calls[0]?.name === "migration";
}
