/**
 * Junction tables of `.many_to_many()`: one per pair of tables, however many sides declare it,
 * named and shaped as the seed shows (`auth_role_auth_user`: role_id, user_id, an index per
 * foreign key and a unique pair index), rows deleted with either side.
 */
import type { SourceLocation } from "../errors";
import { foreignKeyName, indexName, junctionName, junctionUniqueName, sqlNameOf } from "./names";
import { compareNames } from "./order";
import type { Column, ForeignKey, Index, Table } from "./types";

/** One side of a junction: the table ref and its primary-key column. */
export interface JunctionSide {
  readonly ref: string;
  readonly primaryKey: string;
}

export interface JunctionRequest {
  readonly a: JunctionSide;
  readonly b: JunctionSide;
  readonly at: SourceLocation;
}

function tableOf(ref: string): string {
  const dot = ref.indexOf(".");
  return dot < 0 ? ref : ref.slice(dot + 1);
}

/** Pair key independent of which side declared it. */
export function junctionKey(aRef: string, bRef: string): string {
  return junctionName(sqlNameOf(aRef), sqlNameOf(bRef));
}

export function buildJunction(request: JunctionRequest): Table {
  const { a, b } = request;
  const [first, second] = compareNames(sqlNameOf(a.ref), sqlNameOf(b.ref)) <= 0 ? [a, b] : [b, a];
  const name = junctionName(sqlNameOf(first.ref), sqlNameOf(second.ref));
  // `auth.user` with `blog.user` would give user_id twice: fall back to the full SQL names.
  const sameTable = tableOf(first.ref) === tableOf(second.ref);
  const columnFor = (side: JunctionSide): string => `${sameTable ? sqlNameOf(side.ref) : tableOf(side.ref)}_id`;
  const [colA, colB] = [columnFor(first), columnFor(second)];
  const column = (n: string): Column => ({ name: n, type: { kind: "uuid" }, nullable: false, unique: false });
  const foreignKey = (col: string, side: JunctionSide): ForeignKey => ({
    name: foreignKeyName(name, [col]),
    columns: [col],
    refTable: side.ref,
    refColumns: [side.primaryKey],
    onDelete: "CASCADE",
    onUpdate: "NO ACTION",
  });
  const indexes: Index[] = [
    { name: indexName(name, [colA]), columns: [colA], unique: false },
    { name: indexName(name, [colB]), columns: [colB], unique: false },
    { name: junctionUniqueName(name), columns: [colA, colB], unique: true },
  ];
  return {
    ref: name,
    sqlName: name,
    columns: [column(colA), column(colB)].sort((x, y) => compareNames(x.name, y.name)),
    primaryKey: [],
    indexes: indexes.sort((x, y) => compareNames(x.name, y.name)),
    foreignKeys: [foreignKey(colA, first), foreignKey(colB, second)].sort((x, y) => compareNames(x.name, y.name)),
    checks: [],
  };
}
