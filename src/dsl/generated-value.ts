/**
 * AstrolaDB's `fn` expression builder (`fn.concat(fn.col("first_name"), " ", fn.col("last_name"))`)
 * as the sandbox records it, read into the model's GeneratedExpr. Used by `.computed()` in schema
 * files and generated migrations. The columns it names are checked against the table later.
 */
import type { GeneratedExpr, GeneratedFn } from "../model/types";
import { type Call, isTagged, type Value } from "../sandbox/protocol";
import { FN_ARITY } from "../sql/generated";
import { expressionProblem } from "../sql/expression";

export const FN_NAMES: readonly string[] = ["col", "sql", ...Object.keys(FN_ARITY)].sort();

export type ReadExpr = { readonly ok: true; readonly expr: GeneratedExpr } | { readonly ok: false; readonly message: string; readonly call: Call | undefined; readonly name?: string };

const IDENT = /^[a-z_][a-z0-9_]*$/;

/** A value given to `.computed()` or to an `fn.*` call. */
export function readGeneratedExpr(v: Value | undefined): ReadExpr {
  if (typeof v === "string") return { ok: true, expr: { k: "lit", value: v } };
  if (typeof v === "number" && Number.isFinite(v)) return { ok: true, expr: { k: "lit", value: v } };
  if (v === undefined || v === null || !isTagged(v) || v.$alab !== "chain" || v.chain.root !== "fn") {
    return { ok: false, message: "an `fn` expression is built from `fn.*` calls, strings and numbers", call: undefined };
  }
  const [call, extra] = v.chain.calls;
  if (call === undefined || call.args === null) return { ok: false, message: "`fn` needs a call, e.g. `fn.col(\"name\")`", call };
  if (extra !== undefined) return { ok: false, message: `\`fn.${call.name}(...)\` has no method \`.${extra.name}()\``, call: extra };
  const args = call.args;
  switch (call.name) {
    case "col": {
      const [name] = args;
      if (args.length !== 1 || typeof name !== "string" || !IDENT.test(name)) return { ok: false, message: "`fn.col(name)` takes one column name", call };
      return { ok: true, expr: { k: "col", name } };
    }
    case "sql": {
      const [o] = args;
      if (args.length !== 1 || o === null || typeof o !== "object" || Array.isArray(o) || isTagged(o)) return { ok: false, message: "`fn.sql({ postgres: \"...\", mysql: \"...\", sqlite: \"...\" })` takes one object", call };
      const sql: { postgres?: string; mysql?: string; sqlite?: string } = {};
      for (const [key, text] of Object.entries(o)) {
        if (key !== "postgres" && key !== "mysql" && key !== "sqlite") return { ok: false, message: `\`fn.sql({...})\` has a key \`${key}\`: the keys are postgres, mysql and sqlite`, call };
        if (typeof text !== "string" || expressionProblem(text) !== undefined) return { ok: false, message: `\`fn.sql({ ${key} })\` must be one SQL expression`, call };
        sql[key] = text.trim();
      }
      if (Object.keys(sql).length === 0) return { ok: false, message: "`fn.sql({})` gives SQL for no database", call };
      return { ok: true, expr: { k: "sql", sql } };
    }
    default: {
      if (!Object.hasOwn(FN_ARITY, call.name)) return { ok: false, message: `\`fn.${call.name}()\` is not a function alab knows`, call, name: call.name };
      const fn = call.name as GeneratedFn;
      const [min, max] = FN_ARITY[fn];
      if (args.length < min || args.length > max) return { ok: false, message: `\`fn.${fn}()\` takes ${min === max ? min : `${min} to ${max}`} argument${max === 1 ? "" : "s"}, got ${args.length}`, call };
      const read: GeneratedExpr[] = [];
      for (const a of args) {
        const r = readGeneratedExpr(a);
        if (!r.ok) return r.call === undefined ? { ...r, call } : r;
        read.push(r.expr);
      }
      return { ok: true, expr: { k: "fn", fn, args: read } };
    }
  }
}
