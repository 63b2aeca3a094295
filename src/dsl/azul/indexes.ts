/**
 * Azul indexes: `table.index(columns, {name, unique})`, `table.dropIndex(columns | {name})`.
 * Without a name, an index is called `<table>_<col1>_<col2>_idx` (Azul's default), so a later
 * `dropIndex(columns)` finds the index an earlier `index(columns)` made.
 */
import type { Index } from "../../model/types";
import { type Call, isTagged, type Value } from "../../sandbox/protocol";
import { checkName, readArgs, readBoolean, readColumns, readName, readOptions, type Site } from "./args";

export function defaultIndexName(table: string, columns: readonly string[]): string {
  return `${table}_${columns.join("_")}_idx`;
}

function indexNameFor(site: Site, table: string, columns: readonly string[], name: Value | undefined): string {
  if (name !== undefined) return readName(site, name, "index name");
  const generated = defaultIndexName(table, columns);
  checkName(site.file, site.call, generated, "index name");
  return generated;
}

export function readIndex(file: string, table: string, call: Call): Index {
  const site: Site = { file, call, usage: "table.index(columns, { name, unique })" };
  const [columnsArg, optionsArg] = readArgs(site, 2);
  const columns = readColumns(site, columnsArg, "the columns");
  const o = readOptions(site, optionsArg, ["name", "unique"]);
  const unique = o.unique === undefined ? false : readBoolean(site, o.unique, "`unique`");
  return { name: indexNameFor(site, table, columns, o.name), columns, unique };
}

function isOptionsObject(v: Value | undefined): boolean {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !isTagged(v);
}

/** The name of the index `table.dropIndex(columns | { name }, [options])` drops. */
export function readDropIndex(file: string, table: string, call: Call): string {
  const site: Site = { file, call, usage: "table.dropIndex(columns) or table.dropIndex({ name })" };
  const [first, second] = readArgs(site, 2);
  if (isOptionsObject(first) && second === undefined) {
    const o = readOptions(site, first, ["name"]);
    if (o.name === undefined) return readName(site, undefined, "the index name");
    return readName(site, o.name, "index name");
  }
  const columns = readColumns(site, first, "the columns");
  const o = readOptions(site, second, ["name"]);
  return indexNameFor(site, table, columns, o.name);
}

export function readRenameIndex(file: string, call: Call): { from: string; to: string } {
  const site: Site = { file, call, usage: "table.renameIndex(from, to)" };
  const [from, to] = readArgs(site, 2);
  return { from: readName(site, from, "the old index name"), to: readName(site, to, "the new index name") };
}
