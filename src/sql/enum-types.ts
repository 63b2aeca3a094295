/**
 * PostgreSQL's native enums are types of the database, not of a column: `CREATE TYPE` must run
 * before the first column that uses one, `DROP TYPE` after the last column using it is gone, and
 * new values are added with `ALTER TYPE … ADD VALUE`. The model keeps the type on each column
 * (`native_enum`), so what a step needs is read from the schema before and after it.
 */
import { AlabError } from "../errors";
import type { Operation } from "../dsl/operations";
import type { Schema, Table } from "../model/types";
import type { Statement } from "./dialect";
import { quoteIdent, quoteLiteral } from "./escape";

type Types = Map<string, { readonly values: readonly string[]; readonly where: string }>;

function isPrefix(short: readonly string[], long: readonly string[]): boolean {
  return short.length <= long.length && short.every((v, i) => long[i] === v);
}

/**
 * Every native enum the schema's columns use, by name, with the longest list of values among its
 * columns: the columns of a shared type change one operation at a time, each adding values at the
 * end. Lists that are not one another's prefix are refused.
 */
function typesOf(schema: Schema): Types {
  const out: Types = new Map();
  for (const t of Object.values(schema.tables)) {
    for (const c of t.columns) {
      if (c.type.kind !== "native_enum") continue;
      const where = `${t.ref}.${c.name}`;
      const known = out.get(c.type.name);
      if (known === undefined || isPrefix(known.values, c.type.values)) out.set(c.type.name, { values: c.type.values, where });
      else if (!isPrefix(c.type.values, known.values)) {
        throw new AlabError({
          code: "E_SQL_UNSUPPORTED_CHANGE",
          message: `native enum ${c.type.name} has different values on ${known.where} and ${where}`,
          hint: "one PostgreSQL type has one list of values: give every column that uses it the same values (or a type of its own)",
        });
      }
    }
  }
  return out;
}

function usesNativeEnum(t: Table | undefined): boolean {
  return t !== undefined && t.columns.some((c) => c.type.kind === "native_enum");
}

/** Whether the step may touch a native enum: only then is the whole schema read. */
function touches(op: Operation, before: Schema, after: Schema): boolean {
  const refs: string[] = [];
  if ("ref" in op && op.ref !== undefined) refs.push(op.ref);
  if (op.op === "create_table") refs.push(op.table.ref);
  if (op.op === "rename_table") refs.push(op.from, op.to);
  return refs.some((r) => usesNativeEnum(before.tables[r]) || usesNativeEnum(after.tables[r]));
}

/** Statements before the step (create types, add values) and after it (drop types no column uses). */
export function enumTypeStatements(op: Operation, before: Schema, after: Schema): { pre: Statement[]; post: Statement[] } {
  if (!touches(op, before, after)) return { pre: [], post: [] };
  const had = typesOf(before);
  const has = typesOf(after);
  const pre: Statement[] = [];
  const post: Statement[] = [];
  const d = "postgres";
  for (const [name, now] of has) {
    const then = had.get(name);
    const values = now.values.map((v) => quoteLiteral(v, d));
    if (then === undefined) {
      pre.push({ sql: `create type ${quoteIdent(name, d)} as enum (${values.join(", ")})` });
      continue;
    }
    const kept = then.values.every((v, i) => now.values[i] === v);
    if (!kept) {
      throw new AlabError({
        code: "E_SQL_UNSUPPORTED_CHANGE",
        message: `native enum ${name}: values can only be added at the end (${then.values.join(", ")} -> ${now.values.join(", ")})`,
        hint: "PostgreSQL cannot remove or reorder an enum's values: create a new type and convert the column with m.sql(...)",
      });
    }
    for (const v of now.values.slice(then.values.length)) pre.push({ sql: `alter type ${quoteIdent(name, d)} add value ${quoteLiteral(v, d)}` });
  }
  for (const name of had.keys()) if (!has.has(name)) post.push({ sql: `drop type ${quoteIdent(name, d)}` });
  return { pre, post };
}
