/**
 * `query.raw(sql, args)` in a sequential migration: SQL run in the order written, with `?`
 * placeholders bound to `args` by the driver (never spliced into the text). The interpreter
 * checks that the placeholders and the arguments agree.
 */
import type { Call, Chain, Value } from "../../sandbox/protocol";
import { type Dialect, DIALECTS } from "../../sql/dialect";
import { placeholders } from "../../sql/params";
import { describe, readArgs, readString, type Site, unknownMethod } from "./args";
import { emit } from "./emit";
import { fail } from "./fail";
import type { Step } from "./types";

type Arg = string | number | boolean | null;

/**
 * `?` placeholders of `sql` as each dialect reads it (src/sql/lexer.ts): outside string literals,
 * quoted names, comments and PostgreSQL dollar quotes. The file does not know its dialect, so the
 * counts may differ (a backslash in a string is an escape only on MySQL); the planner counts again
 * for the dialect it plans for.
 */
export function countPlaceholders(sql: string): Record<Dialect, number> {
  return Object.fromEntries(DIALECTS.map((d) => [d, placeholders(sql, d).length])) as Record<Dialect, number>;
}

function placeholderText(counts: Record<Dialect, number>): string {
  const n = new Set(Object.values(counts));
  const plural = (k: number) => `${k} \`?\` placeholder${k === 1 ? "" : "s"}`;
  if (n.size === 1) return plural(counts.postgres);
  return DIALECTS.map((d) => `${plural(counts[d])} on ${d}`).join(", ");
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
  const counts = countPlaceholders(sql);
  if (args !== undefined && !DIALECTS.some((d) => counts[d] === args.length)) {
    fail("E_AZUL_RAW_ARGS", `\`query.raw\` has ${placeholderText(counts)} but ${args.length} argument${args.length === 1 ? "" : "s"}`, "pass one argument per `?` (a `?` inside quotes or comments is not a placeholder)", file, head.loc);
  }
  const op = args === undefined || args.length === 0 ? { op: "sql" as const, sql } : { op: "sql" as const, sql, args };
  return { ops: [emit(file, head.loc, op)], reverse: { irreversible: "query.raw", loc: head.loc } };
}
