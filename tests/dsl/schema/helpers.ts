/** Shorthands over record.ts for interpreting one recorded table. */
import { expect } from "bun:test";
import { interpretSchemaFile, type TableDef } from "../../../src/dsl/schema";
import { AlabError, AlabErrors } from "../../../src/errors";
import type { Column } from "../../../src/model/types";
import { type Rec, schemaFile } from "./record";

export const FILE = "schemas/test/thing.js";

export function interpret(value: unknown, ns = "test", name = "thing", file = FILE): TableDef {
  return interpretSchemaFile(schemaFile(value, file), ns, name);
}

/** The column named `name` of the interpreted table. */
export function columnOf(value: Rec, name: string): Column {
  const found = interpret(value).columns.find((c) => c.column.name === name);
  if (found === undefined) throw new Error(`no column ${name}`);
  return found.column;
}

/** The AlabError thrown by `fn` (fails the test when none is). */
export function errorOf(fn: () => unknown): AlabError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AlabError) return e;
    if (e instanceof AlabErrors && e.errors[0] !== undefined) return e.errors[0];
    throw e;
  }
  throw new Error("expected an AlabError, nothing was thrown");
}

/** Every AlabError thrown by `fn` as `code@line:column`. */
export function errorsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    const list = e instanceof AlabErrors ? e.errors : e instanceof AlabError ? [e] : undefined;
    if (list === undefined) throw e;
    return list.map((x) => `${x.code}@${x.at?.line ?? "-"}:${x.at?.column ?? "-"}`);
  }
  throw new Error("expected AlabErrors, nothing was thrown");
}

export function expectError(fn: () => unknown, code: string, line?: number, column?: number): AlabError {
  const e = errorOf(fn);
  expect({ code: e.code, line: e.at?.line, column: e.at?.column }).toEqual({ code, line, column });
  expect(e.hint ?? "").not.toBe("");
  return e;
}
