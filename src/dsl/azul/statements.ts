/**
 * The top-level calls of one migration function, in the order written: `schema.*` calls from its
 * first parameter and `query.raw` calls from its second, merged by the recorder's sequence
 * numbers. Each becomes a Step (operations plus reverse).
 */
import type { Call, Chain, Fn } from "../../sandbox/protocol";
import { readArgs, readName, requireCalled, type Site, unknownMethod } from "./args";
import { alterTableStep } from "./alter-table";
import { createTableStep } from "./create-table";
import { emit } from "./emit";
import { AZUL_DOCS, fail } from "./fail";
import { rawStep } from "./raw";
import type { Step } from "./types";

export const SCHEMA_METHODS = ["createTable", "alterTable", "renameTable", "dropTable"];
/**
 * Calls that run a query and hand back its result: only manual mode may make them. "await" is the
 * recorder's pseudo-call for a query the engine resolved as a thenable (`await q`, `Promise.resolve(q)`).
 */
export const EXECUTION = ["then", "execute", "catch", "finally", "await"];

export interface Statement {
  readonly root: "schema" | "query";
  readonly chain: Chain;
}

/** Both parameters' chains in source order; a third parameter gets nothing from Azul. */
export function statements(file: string, fn: Fn, name: string): Statement[] {
  const out: Statement[] = [];
  for (const [i, log] of fn.params.entries()) {
    for (const chain of log) {
      if (chain.calls.length === 0) continue;
      if (i > 1) {
        fail("E_AZUL_BAD_ARGUMENT", `\`${name}\` receives two arguments (schema, query), but parameter ${i + 1} is used`, `define it as \`function (schema, query) { ... }\`; ${AZUL_DOCS}`, file, chain.calls[0]?.loc ?? fn.loc);
      }
      out.push({ root: i === 0 ? "schema" : "query", chain });
    }
  }
  return out.sort((a, b) => a.chain.seq - b.chain.seq);
}

export function executionCall(chain: Chain): Call | undefined {
  return chain.calls.find((c) => EXECUTION.includes(c.name));
}

function renameTableStep(file: string, chain: Chain): Step {
  const head = chain.calls[0] as Call;
  const site: Site = { file, call: head, usage: "schema.renameTable(from, to)" };
  const [fromArg, toArg] = readArgs(site, 2);
  const from = readName(site, fromArg, "the old table name");
  const to = readName(site, toArg, "the new table name");
  const extra = chain.calls[1];
  if (extra !== undefined) unknownMethod(file, extra, "renameTable(...)", []);
  return {
    ops: [emit(file, head.loc, { op: "rename_table", from, to })],
    reverse: [emit(file, head.loc, { op: "rename_table", from: to, to: from })],
  };
}

function dropTableStep(file: string, chain: Chain): Step {
  const head = chain.calls[0] as Call;
  const site: Site = { file, call: head, usage: "schema.dropTable(name)" };
  const [nameArg] = readArgs(site, 1);
  const ref = readName(site, nameArg, "table name");
  let ifExists = false;
  for (const call of chain.calls.slice(1)) {
    requireCalled(file, call, "dropTable(...)");
    if (call.name !== "ifExists") unknownMethod(file, call, "dropTable(...)", ["ifExists"]);
    readArgs({ file, call, usage: ".ifExists()" }, 0);
    ifExists = true;
  }
  return {
    ops: [emit(file, head.loc, ifExists ? { op: "drop_table", ref, ifExists } : { op: "drop_table", ref })],
    reverse: { irreversible: "dropTable", loc: head.loc },
  };
}

export function step(file: string, s: Statement): Step {
  const head = s.chain.calls[0] as Call;
  requireCalled(file, head, s.root);
  if (s.root === "query") {
    if (head.name === "raw") return rawStep(file, s.chain);
    return unknownMethod(file, head, "query", ["raw"], " (a sequential migration captures `query.raw` only)");
  }
  switch (head.name) {
    case "createTable":
      return createTableStep(file, s.chain);
    case "alterTable":
      return alterTableStep(file, s.chain);
    case "renameTable":
      return renameTableStep(file, s.chain);
    case "dropTable":
      return dropTableStep(file, s.chain);
    default:
      return unknownMethod(file, head, "schema", SCHEMA_METHODS);
  }
}

/** A sequential migration function as steps, in the order its calls were written. */
export function interpretFunction(file: string, fn: Fn, name: string): Step[] {
  const list = statements(file, fn, name);
  for (const s of list) {
    const exec = executionCall(s.chain);
    if (exec !== undefined) {
      const what = `${s.root}.${s.chain.calls[0]?.name ?? ""}(...)`;
      fail(
        "E_AZUL_SEQUENTIAL_QUERY",
        exec.name === "await" ? `\`${what}\` is awaited, which executes it, in a sequential migration` : `\`${what}.${exec.name}()\` executes a query in a sequential migration`,
        name === "change"
          ? `\`change\` has its calls run in order for it and cannot execute queries or use their results; remove ${exec.name === "await" ? "the `await`" : `\`.${exec.name}()\``}, or write \`exports.up\`/\`exports.down\` and return a promise to run queries yourself (manual mode)`
          : `a sequential migration (one that returns nothing) has its calls run in order for it and cannot execute queries or use their results; remove ${exec.name === "await" ? "the `await`" : `\`.${exec.name}()\``}, or return a promise from \`${name}\` to run it in manual mode`,
        file,
        // QuickJS places an implicit `then` read (await) imprecisely; the awaited call is exact.
        exec.name === "await" ? (s.chain.calls[0]?.loc ?? exec.loc) : exec.loc,
      );
    }
  }
  return list.map((s) => step(file, s));
}
