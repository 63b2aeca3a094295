/**
 * The migration file text, in the seed's format: a `// Migration: <name>` header,
 * `export default migration({ up(m) {...}, down(m) {...} })`, 2-space indentation, a `// Table:`
 * comment before each created table and an `// Index:` comment before each index, a blank line
 * between groups. Lines that lose data end in `// DESTRUCTIVE: why`. No formatter runs: the text
 * is a function of the operations only, byte-identical on every machine.
 */
import { indexColumnTexts } from "../model/index-columns";
import { AlabError, EXIT, unreachable } from "../errors";
import type { Operation } from "../dsl/operations";
import { changesExpr, columnExpr, keyOptions, relationExpr, tableBody } from "./columns";
import { literal, str, strList } from "./literal";
import { commentText } from "./schema-file";
import { asRelation } from "../dsl/migration/shorthand";

const WIDTH = 80;
const BODY_INDENT = "    ";

export interface WriteOptions {
  /** The migration's snake_case name, shown in the header. */
  readonly name: string;
  /** Indexes into `up` of operations that lose data, with why. */
  readonly destructive?: ReadonlyMap<number, string>;
  /** Comment lines before an `up` operation, by its index (`alab pull`'s baseline). */
  readonly comments?: ReadonlyMap<number, readonly string[]>;
  /** Comment lines under the header. */
  readonly notes?: readonly string[];
}

/** `call(args, {` + options + `})`: on one line when it fits, else the options one per line. */
function withOptions(indent: string, head: string, options: readonly string[]): string[] {
  if (options.length === 0) return [`${head});`];
  const one = `${head}, { ${options.join(", ")} });`;
  if (indent.length + one.length <= WIDTH) return [one];
  return [`${head}, {`, ...options.map((o) => `  ${o},`), "});"];
}

function block(head: string, body: readonly string[], close = "});"): string[] {
  if (body.length === 0) return [`${head} => {}${close.slice(1)}`];
  return [`${head} => {`, ...body.map((l) => `  ${l}`), close];
}

/** The statement lines of one operation, relative to the body's indentation. */
export function operationLines(op: Operation, indent = BODY_INDENT): string[] {
  switch (op.op) {
    case "create_table": {
      const head = `m.create_table(${str(op.table.ref)}, (t)`;
      const close = op.ifNotExists === true ? "}, { if_not_exists: true });" : "});";
      return [`// Table: ${op.table.ref}`, ...block(head, tableBody(op.table), close)];
    }
    case "drop_table":
      return [op.ifExists === true ? `m.drop_table(${str(op.ref)}, { if_exists: true });` : `m.drop_table(${str(op.ref)});`];
    case "rename_table":
      // A bare new name would stay in the old namespace (AstrolaDB's rule): leaving it is said so.
      return [op.from.includes(".") && !op.to.includes(".") ? `m.rename_table(${str(op.from)}, ${str(op.to)}, { root: true });` : `m.rename_table(${str(op.from)}, ${str(op.to)});`];
    case "add_column": {
      const relation = op.foreignKey === undefined ? undefined : asRelation(op.ref, op.column, op.foreignKey);
      if (op.foreignKey !== undefined && relation === undefined) {
        // The planner merges a key into add_column only when belongs_to expresses it exactly.
        throw new AlabError({
          code: "E_INTERNAL",
          message: `internal: the key ${op.foreignKey.name} of ${op.ref}.${op.column.name} cannot be written as t.belongs_to`,
          hint: "this is a bug in alab; please report it with the command you ran",
          exit: EXIT.runtime,
        });
      }
      const expr = relation === undefined ? columnExpr(op.column) : relationExpr(op.column, relation);
      return block(`m.add_column(${str(op.ref)}, (t)`, [`${expr};`]);
    }
    case "drop_column":
      return [`m.drop_column(${str(op.ref)}, ${str(op.column)});`];
    case "rename_column":
      return [`m.rename_column(${str(op.ref)}, ${str(op.from)}, ${str(op.to)});`];
    case "alter_column":
      return [`m.alter_column(${str(op.ref)}, ${str(op.column.name)}, (t) => ${columnExpr(op.column)});`];
    case "change_column":
      return [`m.alter_column(${str(op.ref)}, ${str(op.column)}, (c) => ${changesExpr(op.changes)});`];
    case "create_index": {
      const options = [
        ...(op.index.unique ? ["unique: true"] : []),
        `name: ${str(op.index.name)}`,
        ...(op.index.where === undefined ? [] : [`where: ${str(op.index.where)}`]),
        ...(op.concurrently === true ? ["concurrently: true"] : []),
      ];
      return [`// Index: ${op.ref}`, ...withOptions(indent, `m.create_index(${str(op.ref)}, ${strList(indexColumnTexts(op.index))}`, options)];
    }
    case "drop_index":
      return [op.concurrently === true ? `m.drop_index(${str(op.name)}, { concurrently: true });` : `m.drop_index(${str(op.name)});`];
    case "rename_index":
      return [`m.rename_index(${str(op.ref)}, ${str(op.from)}, ${str(op.to)});`];
    case "add_foreign_key": {
      const fk = op.foreignKey;
      const head = `m.add_foreign_key(${str(op.ref)}, ${strList(fk.columns)}, ${str(fk.refTable)}, ${strList(fk.refColumns)}`;
      return withOptions(indent, head, [...keyOptions(fk), ...(op.online === true ? ["online: true"] : [])]);
    }
    case "drop_foreign_key":
      return [`m.drop_foreign_key(${str(op.ref)}, ${str(op.name)});`];
    case "add_check":
      return [`m.add_check(${str(op.ref)}, ${str(op.check.name)}, ${str(op.check.expr)}${op.online === true ? ", { online: true }" : ""});`];
    case "drop_check":
      return [`m.drop_check(${str(op.ref)}, ${str(op.name)});`];
    case "sql":
      return [op.args === undefined ? `m.sql(${str(op.sql)});` : `m.sql(${str(op.sql)}, ${literal(op.args)});`];
    default:
      return unreachable(op, "operation");
  }
}

/** A created table with the indexes that follow it forms one group, like the seed's junction. */
function groups(ops: readonly Operation[]): number[][] {
  const out: number[][] = [];
  let current: number[] = [];
  let kind: "table" | "other" | undefined;
  ops.forEach((op, i) => {
    const prev = i > 0 ? ops[i - 1] : undefined;
    const joinsTable = op.op === "create_index" && kind === "table" && prev !== undefined && (prev.op === "create_table" ? prev.table.ref : prev.op === "create_index" ? prev.ref : "") === op.ref;
    const next: "table" | "other" = op.op === "create_table" ? "table" : joinsTable ? "table" : "other";
    if (current.length > 0 && (op.op === "create_table" || (next === "other" && kind === "table"))) {
      out.push(current);
      current = [];
    }
    current.push(i);
    kind = next;
  });
  if (current.length > 0) out.push(current);
  return out;
}

/** A comment line: no line break or control character may end it early. */
function commentLine(text: string): string {
  return `// ${commentText(text)}`;
}

function body(ops: readonly Operation[], destructive: ReadonlyMap<number, string>, comments: ReadonlyMap<number, readonly string[]> = new Map()): string[] {
  const lines: string[] = [];
  groups(ops).forEach((group, g) => {
    if (g > 0) lines.push("");
    for (const i of group) {
      for (const c of comments.get(i) ?? []) lines.push(commentLine(c));
      const stmt = operationLines(ops[i] as Operation);
      const why = destructive.get(i);
      if (why !== undefined) stmt[stmt.length - 1] = `${stmt[stmt.length - 1]} // DESTRUCTIVE: ${why}`;
      lines.push(...stmt);
    }
  });
  return lines.map((l) => (l === "" ? "" : `${BODY_INDENT}${l}`));
}

function direction(name: "up" | "down", ops: readonly Operation[], destructive: ReadonlyMap<number, string>, comments?: ReadonlyMap<number, readonly string[]>): string[] {
  if (ops.length === 0) return [`  ${name}(m) {},`];
  return [`  ${name}(m) {`, ...body(ops, destructive, comments), "  },"];
}

export function writeMigration(up: readonly Operation[], down: readonly Operation[], opts: WriteOptions): string {
  const lines = [
    `// Migration: ${opts.name}`,
    ...(opts.notes ?? []).map(commentLine),
    "",
    "export default migration({",
    ...direction("up", up, opts.destructive ?? new Map(), opts.comments),
    "",
    ...direction("down", down, new Map()),
    "});",
  ];
  return `${lines.join("\n")}\n`;
}

/** `alab new <name> --empty`. */
export function writeEmptyMigration(name: string): string {
  return writeMigration([], [], { name });
}

/**
 * `alab make-migration <name>`: an empty Azul-style migration. The JSDoc type lets an editor with
 * alab's typings (`alab init`) check the calls written into it.
 */
export function writeAzulChangeMigration(): string {
  return "/** @type {Alab.AzulMigration} */\nexports.change = function (schema) {\n};\n";
}
