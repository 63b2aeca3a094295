/**
 * `query.raw(sql, args)` in a sequential migration: SQL run in the order written, with `?`
 * placeholders bound to `args` by the driver (never spliced into the text). The interpreter
 * checks that the placeholders and the arguments agree.
 */
import type { Call, Chain, Value } from "../../sandbox/protocol";
import { describe, readArgs, readString, type Site, unknownMethod } from "./args";
import { emit } from "./emit";
import { fail } from "./fail";
import type { Step } from "./types";

type Arg = string | number | boolean | null;

/**
 * `?` outside string literals, quoted identifiers, comments and PostgreSQL dollar quotes. `''`
 * inside a literal needs no special case: it closes and reopens the literal.
 */
export function countPlaceholders(sql: string): number {
  let n = 0;
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i] as string;
    const next = sql[i + 1];
    if (ch === "'" || ch === '"' || ch === "`") {
      const end = sql.indexOf(ch, i + 1);
      i = end < 0 ? sql.length : end + 1;
    } else if (ch === "-" && next === "-") {
      const end = sql.indexOf("\n", i);
      i = end < 0 ? sql.length : end + 1;
    } else if (ch === "/" && next === "*") {
      const end = sql.indexOf("*/", i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else if (ch === "$") {
      const tag = /^\$[A-Za-z_0-9]*\$/.exec(sql.slice(i));
      if (tag !== null && !/^\$\d/.test(tag[0])) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        i = end < 0 ? sql.length : end + tag[0].length;
      } else {
        i++;
      }
    } else {
      if (ch === "?") n++;
      i++;
    }
  }
  return n;
}

function readRawArgs(site: Site, v: Value | undefined): Arg[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) {
    return fail("E_AZUL_RAW_ARGS", `the arguments of \`query.raw\` must be an array, got ${describe(v)}`, "write `query.raw('UPDATE t SET a = ? WHERE id = ?', [1, 2])`", site.file, site.call.loc);
  }
  return v.map((a: Value, i: number): Arg => {
    if (a === null || typeof a === "string" || typeof a === "number" || typeof a === "boolean") return a;
    return fail("E_AZUL_RAW_ARGS", `argument ${i + 1} of \`query.raw\` is ${describe(a)}`, "bind strings, numbers, booleans or null", site.file, site.call.loc);
  });
}

export function rawStep(file: string, chain: Chain): Step {
  const head = chain.calls[0] as Call;
  const site: Site = { file, call: head, usage: "query.raw(sql, [args])" };
  const [sqlArg, argsArg] = readArgs(site, 2);
  const sql = readString(site, sqlArg, "the SQL");
  if (sql.trim() === "") fail("E_AZUL_BAD_ARGUMENT", "`query.raw` is given empty SQL", "pass the statement to run", file, head.loc);
  const extra = chain.calls[1];
  if (extra !== undefined) unknownMethod(file, extra, "query.raw(...)", []);
  const args = readRawArgs(site, argsArg);
  const placeholders = countPlaceholders(sql);
  if (args !== undefined && args.length !== placeholders) {
    fail("E_AZUL_RAW_ARGS", `\`query.raw\` has ${placeholders} \`?\` placeholder${placeholders === 1 ? "" : "s"} but ${args.length} argument${args.length === 1 ? "" : "s"}`, "pass one argument per `?` (a `?` inside quotes or comments is not a placeholder)", file, head.loc);
  }
  const op = args === undefined || args.length === 0 ? { op: "sql" as const, sql } : { op: "sql" as const, sql, args };
  return { ops: [emit(file, head.loc, op)], reverse: { irreversible: "query.raw", loc: head.loc } };
}
