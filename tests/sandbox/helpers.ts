/** Shared helpers for the sandbox tests. */
import { expect } from "bun:test";
import { AlabError } from "../../src/errors";
import { createSandbox, type Limits, type Sandbox } from "../../src/sandbox/index";
import type { Chain, EvaluatedFile, FileKind, Fn, Loc, Value } from "../../src/sandbox/protocol";

export async function sandbox(limits?: Partial<Limits>): Promise<Sandbox> {
  return createSandbox(limits);
}

export function run(sb: Sandbox, source: string, kind: FileKind = "schema", path = kind === "schema" ? "schemas/blog/post.js" : "migrations/001_init.js"): EvaluatedFile {
  return sb.evaluate({ path, source }, kind);
}

/** The AlabError evaluating `source` throws (fails the test when it does not throw one). */
export function failure(sb: Sandbox, source: string, kind: FileKind = "schema", path?: string): AlabError {
  try {
    run(sb, source, kind, path);
  } catch (e) {
    if (e instanceof AlabError) return e;
    throw e;
  }
  throw new Error(`expected an AlabError for: ${source}`);
}

export function chain(v: Value | undefined): Chain {
  if (typeof v === "object" && v !== null && !Array.isArray(v) && "$alab" in v && v.$alab === "chain") return v.chain as Chain;
  throw new Error(`not a chain: ${JSON.stringify(v)}`);
}

export function fn(v: Value | undefined): Fn {
  if (typeof v === "object" && v !== null && !Array.isArray(v) && "$alab" in v && v.$alab === "fn") return v.fn as Fn;
  throw new Error(`not a function: ${JSON.stringify(v)}`);
}

export function field(v: Value | undefined, key: string): Value | undefined {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new Error(`not an object: ${JSON.stringify(v)}`);
  return (v as { [k: string]: Value })[key];
}

/** The text at a 1-based location, `length` UTF-16 units long. */
export function textAt(source: string, loc: Loc | { line?: number; column?: number } | undefined, length: number): string {
  if (loc?.line === undefined || loc.column === undefined) return "";
  const line = source.split("\n")[loc.line - 1] ?? "";
  return line.slice(loc.column - 1, loc.column - 1 + length);
}

/** Call names of a chain, with their argument lists (null when never called). */
export function calls(c: Chain): [string, readonly Value[] | null][] {
  return c.calls.map((k) => [k.name, k.args]);
}

export function expectCode(e: AlabError, code: string): void {
  expect(`${e.code}: ${e.message}`).toStartWith(`${code}:`);
}
