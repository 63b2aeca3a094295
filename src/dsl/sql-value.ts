/**
 * `sql({ postgres: "...", mysql: "...", sqlite: "..." })`, AstrolaDB's per-database SQL, as the
 * sandbox records it (a call on the `sql` root), read into the model's SqlByDialect. Each text
 * must be one SQL expression (the rule every user expression follows, src/sql/expression.ts).
 */
import type { SqlByDialect } from "../model/types";
import { type Call, isTagged, type Value } from "../sandbox/protocol";
import { expressionProblem } from "../sql/expression";

const DIALECTS = ["postgres", "mysql", "sqlite"] as const;

export type SqlValue = { readonly ok: true; readonly sql: SqlByDialect } | { readonly ok: false; readonly message: string; readonly call: Call | undefined };

/** undefined when `v` is not a `sql(...)` value at all. */
export function sqlValueOf(v: Value | undefined): SqlValue | undefined {
  if (v === undefined || v === null || !isTagged(v) || v.$alab !== "chain" || v.chain.root !== "sql") return undefined;
  const [call, extra] = v.chain.calls;
  const bad = (message: string, at: Call | undefined = call): SqlValue => ({ ok: false, message, call: at });
  if (call === undefined || call.name !== "sql" || call.args === null) return bad("`sql` must be called: `sql({ postgres: \"...\", mysql: \"...\", sqlite: \"...\" })`");
  if (extra !== undefined) return bad(`\`sql({...})\` has no method \`.${extra.name}()\``, extra);
  const [arg, more] = call.args;
  if (more !== undefined || arg === undefined || arg === null || typeof arg !== "object" || Array.isArray(arg) || isTagged(arg)) {
    return bad("`sql(...)` takes one object of SQL per database: `sql({ postgres: \"...\", mysql: \"...\", sqlite: \"...\" })`");
  }
  const out: { postgres?: string; mysql?: string; sqlite?: string } = {};
  for (const [key, text] of Object.entries(arg)) {
    const dialect = DIALECTS.find((d) => d === key);
    if (dialect === undefined) return bad(`\`sql({...})\` has a key \`${key}\`: the keys are postgres, mysql and sqlite`);
    if (typeof text !== "string" || text.trim() === "") return bad(`\`sql({ ${key} })\` must be a non-empty SQL expression string`);
    const problem = expressionProblem(text);
    if (problem !== undefined) return bad(`\`sql({ ${key} })\` is not one SQL expression: ${problem.reason}`);
    out[dialect] = text.trim();
  }
  if (Object.keys(out).length === 0) return bad("`sql({})` gives SQL for no database");
  return { ok: true, sql: out };
}
