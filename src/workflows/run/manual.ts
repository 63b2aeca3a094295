/**
 * Azul manual mode in a run: the migration's `up`/`down` returned a promise, so no statements are
 * known before it runs. The function runs in the sandbox (src/sandbox/live.ts) inside the
 * migration's transaction; every call it executes — `await query.raw(sql, args)`,
 * `await schema.createTable(...)` — is read with the Azul interpreter, planned like any operation
 * and run on the migration's connection, and the file's promise gets the result. Calls it never
 * executes do not run (Azul's meaning of manual mode) and are refused, since they are a mistake.
 *
 * A failing statement stops the function at once, even if the file would catch the error:
 * PostgreSQL aborts the transaction at the first failed statement, and alab gives every database
 * that meaning. Everything the runner needs to report what stays applied is in ManualRunError.
 */
import type { SandboxLimits } from "../../config";
import type { Driver, Row } from "../../db/driver";
import { isStatementError } from "../../db/failures";
import { azulStatementOps } from "../../dsl/azul/index";
import { fail } from "../../dsl/azul/fail";
import type { Located, Operation } from "../../dsl/operations";
import { AlabError, EXIT, isAlabError, unreachable } from "../../errors";
import type { Schema } from "../../model/types";
import type { Chain } from "../../sandbox/protocol";
import type { Json } from "../../sandbox/recording";
import { severalStatements } from "../../sql/params";
import { type Capabilities, plan } from "../../sql/plan";
import type { RunEvent } from "./events";
import type { PlannedMigration, PlannedStatement } from "./units";

/** Why a manual migration stopped, with the statements it ran before (for what stays applied). */
export class ManualRunError extends Error {
  constructor(
    readonly error: unknown,
    readonly ran: readonly PlannedStatement[],
  ) {
    super(error instanceof Error ? error.message : String(error));
  }
}

/** Runs one manual migration on the driver (inside the unit's transaction); returns how many statements it ran. */
export type ManualRun = (p: PlannedMigration, driver: Driver, onEvent: (e: RunEvent) => void) => Promise<number>;

/** A database value as JSON: what the file's `rows` hold. */
export function jsonValue(v: unknown): Json {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case "string":
    case "boolean":
      return v;
    case "number":
      return Number.isFinite(v) ? v : String(v);
    case "bigint":
      return Number.isSafeInteger(Number(v)) ? Number(v) : String(v);
    case "object":
      if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
      if (v instanceof Uint8Array) return Buffer.from(v).toString("base64");
      if (Array.isArray(v)) return v.map(jsonValue);
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, jsonValue(x)]));
    default:
      return String(v);
  }
}

function jsonRow(row: Row): Json {
  return jsonValue(row);
}

function unsupported(op: Located<Operation>, message: string, hint: string): never {
  throw new AlabError({ code: "E_AZUL_MANUAL_UNSUPPORTED", message, hint, at: { file: op.file, line: op.line, column: op.column } });
}

function describeChain(chain: Chain): string {
  const head = chain.calls[0];
  return `${chain.root}.${head?.name ?? ""}(...)`;
}

/** What happens to one executed chain: its operations planned from the schema so far and run. */
class ManualSession {
  readonly ran: PlannedStatement[] = [];
  private schema: Schema;

  constructor(
    private readonly file: string,
    from: Schema,
    private readonly driver: Driver,
    private readonly caps: Capabilities,
  ) {
    this.schema = from;
  }

  async execute(chain: Chain): Promise<Json | undefined> {
    const root = chain.root;
    if (root !== "schema" && root !== "query") throw new AlabError({ code: "E_INTERNAL", message: `internal: manual mode executed a \`${root}\` chain`, hint: "this is a bug in alab; please report it", exit: EXIT.runtime });
    const head = chain.calls[0];
    if (root === "query" && head !== undefined && head.name !== "raw" && head.args !== null) {
      fail("E_AZUL_UNKNOWN_METHOD", `unknown method \`query.${head.name}\``, "alab's `query` has `raw(sql, [args])` only; write the statement as SQL with `?` placeholders; see docs/azul.md", this.file, head.loc);
    }
    const ops = azulStatementOps(this.file, { root, chain });
    let rows: Row[] = [];
    for (const op of ops) {
      let planned: ReturnType<typeof plan>;
      try {
        planned = plan([op.value], this.schema, this.caps);
      } catch (e) {
        if (!isAlabError(e)) throw e;
        const located = e.at === undefined ? e.withLocation({ file: op.file, line: op.line, column: op.column }) : e;
        if (!e.code.startsWith("E_REPLAY_")) throw located;
        throw new AlabError({
          code: located.code,
          message: located.message,
          hint: "alab plans `schema.*` calls from the schema the migration files build, which does not include what raw SQL or manual-mode migrations did; write this change with `query.raw`",
          at: located.at,
          details: [...located.details],
        });
      }
      if (planned.before.length > 0 || planned.after.length > 0) {
        unsupported(op, `\`${describeChain(chain)}\` needs a table rebuild on ${this.caps.dialect}, which switches foreign keys off outside the transaction: not possible while a manual migration runs`, "make this change in a sequential migration (one that returns nothing), or write the SQL yourself with `query.raw`");
      }
      if (op.value.op === "sql" && severalStatements(op.value.sql, this.caps.dialect)) {
        unsupported(op, "`query.raw` in manual mode runs one statement, and this text holds several", "call `query.raw` once per statement (each returns its own rows)");
      }
      for (const statement of planned.statements) {
        this.ran.push({ statement, op });
        try {
          if (op.value.op === "sql") rows = await this.driver.query(statement);
          else await this.driver.exec([statement]);
        } catch (e) {
          if (isStatementError(e)) throw e.renumbered(this.ran.length - 1);
          throw e;
        }
      }
      this.schema = planned.schema;
    }
    return root === "query" ? { rows: rows.map(jsonRow) } : undefined;
  }
}

export function manualRunner(limits: SandboxLimits, caps: Capabilities): ManualRun {
  return async (p, driver, onEvent) => {
    const file = p.migration.shown;
    if (p.manual === undefined) throw new AlabError({ code: "E_INTERNAL", message: `internal: ${file} is not in manual mode`, hint: "this is a bug in alab; please report it", exit: EXIT.runtime });
    const session = new ManualSession(file, p.manual.from, driver, caps);
    try {
      const { runLive } = await import("../../sandbox/live");
      const end = await runLive({
        file: { path: file, source: p.migration.file.source },
        name: p.direction,
        limits,
        execute: (chain) => session.execute(chain),
        onLog: (line) => onEvent({ kind: "log", file, line }),
      });
      switch (end.kind) {
        case "not-thenable":
          throw new AlabError({
            code: "E_INTERNAL",
            message: `internal: \`${p.direction}\` of ${file} returned a promise when it was read, but not when it ran`,
            hint: "this is a bug in alab; please report it with the file",
            exit: EXIT.runtime,
            at: { file },
          });
        case "pending":
          throw new AlabError({
            code: "E_AZUL_MANUAL_PENDING",
            message: `the promise \`${p.direction}\` returned never settles: it waits for something other than a query`,
            hint: "in manual mode a migration can wait only for `query.raw(...)` and `schema.*(...)` calls; there are no timers or other I/O",
            exit: EXIT.usage,
            at: { file },
          });
        case "fulfilled": {
          const missed = end.unexecuted[0];
          if (missed !== undefined) {
            const loc = missed.calls[0]?.loc;
            throw new AlabError({
              code: "E_AZUL_MANUAL_NOT_RUN",
              message: `\`${describeChain(missed)}\` is never executed, so it does not run: \`${p.direction}\` returns a promise (manual mode)`,
              hint: "in manual mode only the calls the function executes run: `await` it (or call `.execute()`), or remove it",
              at: loc === undefined ? { file } : { file, line: loc.line, column: loc.column },
            });
          }
          return session.ran.length;
        }
        default:
          return unreachable(end, "manual end");
      }
    } catch (e) {
      throw new ManualRunError(e, session.ran);
    }
  };
}
