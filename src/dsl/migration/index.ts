/**
 * What a migration file means, whichever way it was written: the generated form
 * (`export default migration({ up(m) {...}, down(m) {...} })`, read here) or the Azul form
 * (`exports.up/down/change`, read by src/dsl/azul). The runner, replay and the writer's round-trip
 * check all work on this one shape.
 */
import { AlabError } from "../../errors";
import { didYouMean } from "../../model/suggest";
import { type Chain, type EvaluatedFile, isTagged, type Value } from "../../sandbox/protocol";
import type { Located, Operation } from "../operations";
import { argsOf, at, badArgument, fail, fnArg, objectArg, type Site } from "./args";
import { isMigrationChain, readDirection } from "./interpret";
import { interpretAzul, looksLikeAzul } from "../azul/index";

export interface MigrationDef {
  readonly up: Located<Operation>[];
  /** null: the file has no way back (no `down`); rollback is refused by the runner. */
  readonly down: Located<Operation>[] | null;
  readonly transaction: boolean;
  readonly style: "generated" | "azul";
  /** Directions whose function returned a promise (Azul manual mode). */
  readonly manual?: { readonly up: boolean; readonly down: boolean };
}

const GENERATED_EXPORTS = ["default", "transaction"];
/** AstrolaDB's generator also writes `description`, `up_revision` and `down_revision` (read as text by status and the order check). */
const MIGRATION_KEYS = ["up", "down", "transaction", "description", "up_revision", "down_revision"];

function fileError(file: string, message: string, hint: string, code = "E_MIGRATION_SHAPE"): AlabError {
  return new AlabError({ code, message, hint, at: { file } });
}

function readTransaction(file: string, v: Value | undefined, where: string): boolean | undefined {
  if (v === undefined || (isTagged(v) && v.$alab === "undefined")) return undefined;
  if (typeof v !== "boolean") throw fileError(file, `\`${where}\` must be \`true\` or \`false\``, "write `export const transaction = false;` to run outside a transaction", "E_MIGRATION_BAD_ARGUMENT");
  return v;
}

function generated(file: string, chain: Chain, exported: { readonly [k: string]: Value }): MigrationDef {
  const [call, extra] = chain.calls;
  if (call === undefined) throw fileError(file, "empty migration export", "write `export default migration({ up(m) {...}, down(m) {...} })`");
  if (extra !== undefined) fail("E_MIGRATION_UNKNOWN_METHOD", `\`migration(...)\` returns nothing to call \`.${extra.name}()\` on`, "remove the call", at(file, extra));
  const site: Site = { file, call, usage: "migration({ up(m) { ... }, down(m) { ... } })" };
  const body = objectArg(site, argsOf(site, 1, 1)[0], "an object with `up(m)` and `down(m)`");
  for (const key of Object.keys(body)) {
    if (!MIGRATION_KEYS.includes(key)) {
      fail("E_MIGRATION_UNKNOWN_METHOD", `\`migration({...})\` has no key \`${key}\``, "a migration has `up(m)`, `down(m)` and optionally `transaction: false`, `description`, `up_revision` and `down_revision`", at(file, call, didYouMean(key, MIGRATION_KEYS, (c) => c)));
    }
  }
  if (body.description !== undefined && body.description !== null && typeof body.description !== "string") badArgument(site, "`description` as a string or null", body.description);
  for (const key of ["up_revision", "down_revision"] as const) {
    const v = body[key];
    if (v !== undefined && v !== null && typeof v !== "string" && !(typeof v === "number" && Number.isInteger(v) && v >= 0)) badArgument(site, `\`${key}\` as a revision string (\"005\") or null`, v);
  }
  const up = body.up === undefined ? [] : readDirection(file, fnArg(site, body.up, "`up(m) { ... }`"), "up(m)");
  const down = body.down === undefined ? null : readDirection(file, fnArg(site, body.down, "`down(m) { ... }`"), "down(m)");
  const inner = readTransaction(file, body.transaction, "transaction");
  const outer = readTransaction(file, exported.transaction, "export const transaction");
  if (inner !== undefined && outer !== undefined && inner !== outer) badArgument(site, "one `transaction` setting", body.transaction);
  return { up, down, transaction: inner ?? outer ?? true, style: "generated" };
}

/** Reads an evaluated migration file (the sandbox's recording of its exports). */
export function interpretMigration(ev: EvaluatedFile): MigrationDef {
  const file = ev.file;
  const value = ev.value;
  if (value === null || typeof value !== "object" || Array.isArray(value) || isTagged(value)) {
    throw fileError(file, "the file exports nothing alab can run", "write `export default migration({ up(m) {...}, down(m) {...} })` or `exports.change = function (schema) {...}`");
  }
  const exported = value as { readonly [k: string]: Value };
  const azulExports = exported.up !== undefined || exported.down !== undefined || exported.change !== undefined;
  const main = exported.default;
  if (isMigrationChain(main)) {
    if (azulExports) {
      throw fileError(file, "the file mixes `export default migration(...)` with `exports.up/down/change`", "keep one form per file", "E_MIGRATION_MIXED");
    }
    for (const key of Object.keys(exported)) {
      if (!GENERATED_EXPORTS.includes(key)) {
        const suggestion = didYouMean(key, GENERATED_EXPORTS, (c) => c);
        throw fileError(file, `unexpected export \`${key}\``, `a generated migration exports \`default\` and optionally \`transaction\`${suggestion === undefined ? "" : `; ${suggestion}`}`);
      }
    }
    return generated(file, main.chain, exported);
  }
  if (azulExports || looksLikeAzul(value)) return interpretAzul(ev);
  throw fileError(file, "the file exports no migration", "write `export default migration({ up(m) {...}, down(m) {...} })` or `exports.change = function (schema) {...}`");
}
