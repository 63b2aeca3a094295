/**
 * The stored CREATE TABLE text read where SQLite's pragmas are silent: constraint names, CHECK
 * expressions, COLLATE, AUTOINCREMENT, generated columns' expressions, DEFERRABLE keys, and the
 * table options (WITHOUT ROWID, STRICT). SQLite keeps the text it was sent (ALTER TABLE edits it
 * in place), so this reads what alab or a user wrote. Pure; a text it cannot follow is a
 * DdlError, which the caller reports instead of guessing.
 */
import { closing, isWord, LexError, splitCommas, type Token, tokenize } from "../../inspect/sqlite-lex";

export class DdlError extends Error {}

export interface ParsedCheck {
  readonly name?: string;
  readonly expr: string;
  /** The column it is written on, for a column constraint. */
  readonly column?: string;
}

export interface ParsedKey {
  readonly name?: string;
  readonly columns: readonly string[];
}

export interface ParsedReference extends ParsedKey {
  readonly refTable: string;
  /** Empty when the clause names no columns (the parent's primary key). */
  readonly refColumns: readonly string[];
  /** DEFERRABLE INITIALLY DEFERRED: checked at COMMIT, which the model cannot say. */
  readonly deferred: boolean;
}

export interface ParsedColumn {
  readonly name: string;
  readonly collate?: string;
  readonly autoincrement: boolean;
  /** `integer primary key desc` on the column: not an alias of the rowid. */
  readonly primaryKeyDesc: boolean;
  readonly generated?: { readonly expr: string; readonly stored: boolean };
}

export interface ParsedTable {
  readonly columns: readonly ParsedColumn[];
  /** Column and table CHECKs in the order written. */
  readonly checks: readonly ParsedCheck[];
  readonly uniques: readonly ParsedKey[];
  readonly foreignKeys: readonly ParsedReference[];
  readonly withoutRowid: boolean;
  readonly strict: boolean;
  /** Constraints with an ON CONFLICT clause, as `unique (code) on conflict replace`. */
  readonly conflicts: readonly string[];
}

/** What starts a column constraint (and so ends the type name). */
const CONSTRAINT_START = new Set(["constraint", "primary", "not", "null", "unique", "check", "default", "collate", "references", "generated", "as"]);

function startsConstraint(t: Token): boolean {
  return t.t === "ident" && !t.quoted && CONSTRAINT_START.has(t.v.toLowerCase());
}

class Reader {
  i: number;
  constructor(
    readonly text: string,
    readonly tokens: readonly Token[],
    from: number,
    readonly end: number,
  ) {
    this.i = from;
  }
  peek(k = 0): Token | undefined {
    return this.i + k < this.end ? this.tokens[this.i + k] : undefined;
  }
  word(w: string, k = 0): boolean {
    return isWord(this.peek(k), w);
  }
  take(): Token {
    const t = this.peek();
    if (t === undefined) throw new DdlError("unexpected end of the definition");
    this.i++;
    return t;
  }
  expect(w: string): void {
    if (!this.word(w)) throw new DdlError(`expected ${w.toUpperCase()}`);
    this.i++;
  }
  name(): string {
    const t = this.take();
    if (t.t === "ident" || t.t === "str") return t.v;
    throw new DdlError("expected a name");
  }
  /** The text inside the parenthesis opening here, as written; the reader moves past it. */
  parenthesized(): string {
    const open = this.peek();
    if (open?.t !== "punct" || open.v !== "(") throw new DdlError("expected (");
    const close = closing(this.tokens, this.i);
    if (close < 0 || close >= this.end) throw new DdlError("unclosed (");
    const inner = close > this.i + 1 ? this.text.slice(this.tokens[this.i + 1]!.start, this.tokens[close - 1]!.end) : "";
    this.i = close + 1;
    return inner;
  }
  /** A parenthesized list of names (key columns: COLLATE and ASC/DESC after a name are skipped). */
  names(): string[] {
    const open = this.i;
    const close = closing(this.tokens, open);
    if (this.peek()?.t !== "punct" || close < 0) throw new DdlError("expected a list of columns");
    const out = splitCommas(this.tokens, open + 1, close).map(([a, b]) => {
      const t = this.tokens[a];
      if (a >= b || t === undefined || (t.t !== "ident" && t.t !== "str")) throw new DdlError("expected a column name");
      return t.v;
    });
    this.i = close + 1;
    return out;
  }
  /** ON CONFLICT <resolution> after a constraint: what it says, when there is one. */
  conflictClause(): string | undefined {
    if (!this.word("on") || !this.word("conflict", 1)) return undefined;
    const how = this.peek(2)?.v.toLowerCase();
    this.i += 3;
    return how;
  }
}

/** ON DELETE/UPDATE actions, MATCH, and DEFERRABLE after REFERENCES t (cols). */
function referenceTail(r: Reader): { refTable: string; refColumns: string[]; deferred: boolean } {
  r.expect("references");
  const refTable = r.name();
  const refColumns = r.peek()?.t === "punct" && r.peek()!.v === "(" ? r.names() : [];
  let deferred = false;
  for (;;) {
    if (r.word("on")) {
      r.i += 2; // on delete|update
      if (r.word("set") || r.word("no")) r.i += 2;
      else r.i += 1;
    } else if (r.word("match")) r.i += 2;
    else if (r.word("not") && r.word("deferrable", 1)) {
      r.i += 2;
      if (r.word("initially")) r.i += 2;
    } else if (r.word("deferrable")) {
      r.i += 1;
      if (r.word("initially")) {
        deferred = r.word("deferred", 1);
        r.i += 2;
      }
    } else break;
  }
  return { refTable, refColumns, deferred };
}

function skipDefault(r: Reader): void {
  const t = r.peek();
  if (t?.t === "punct" && t.v === "(") r.parenthesized();
  else if (t?.t === "op" && (t.v === "+" || t.v === "-")) r.i += 2;
  else r.take();
}

interface Acc {
  checks: ParsedCheck[];
  uniques: ParsedKey[];
  foreignKeys: ParsedReference[];
  conflicts: string[];
}

/** Records an ON CONFLICT clause of a constraint (`unique (code) on conflict replace`). */
function conflict(acc: Acc, what: string, how: string | undefined): void {
  if (how !== undefined) acc.conflicts.push(`${what} on conflict ${how}`);
}

function columnDef(r: Reader, acc: Acc): ParsedColumn {
  const name = r.name();
  // The type name: words, then (n) or (p, s).
  while (r.peek() !== undefined && !startsConstraint(r.peek()!)) {
    const t = r.peek()!;
    if (t.t === "punct" && t.v === "(") r.parenthesized();
    else r.take();
  }
  let collate: string | undefined;
  let autoincrement = false;
  let primaryKeyDesc = false;
  let generated: ParsedColumn["generated"];
  let constraintName: string | undefined;
  while (r.peek() !== undefined) {
    if (r.word("constraint")) {
      r.i++;
      constraintName = r.name();
      continue;
    }
    const named = constraintName === undefined ? {} : { name: constraintName };
    constraintName = undefined;
    if (r.word("primary")) {
      r.i += 2;
      if (r.word("desc")) primaryKeyDesc = true;
      if (r.word("asc") || r.word("desc")) r.i++;
      conflict(acc, `primary key (${name})`, r.conflictClause());
      if (r.word("autoincrement")) {
        autoincrement = true;
        r.i++;
      }
    } else if (r.word("not") && r.word("null", 1)) {
      r.i += 2;
      conflict(acc, `not null (${name})`, r.conflictClause());
    } else if (r.word("null")) r.i++;
    else if (r.word("unique")) {
      r.i++;
      conflict(acc, `unique (${name})`, r.conflictClause());
      acc.uniques.push({ ...named, columns: [name] });
    } else if (r.word("check")) {
      r.i++;
      acc.checks.push({ ...named, expr: r.parenthesized(), column: name });
    } else if (r.word("default")) {
      r.i++;
      skipDefault(r);
    } else if (r.word("collate")) {
      r.i++;
      collate = r.name();
    } else if (r.word("references")) {
      acc.foreignKeys.push({ ...named, columns: [name], ...referenceTail(r) });
    } else if (r.word("generated") || r.word("as")) {
      if (r.word("generated")) r.i += 2; // generated always
      r.expect("as");
      const expr = r.parenthesized();
      const stored = r.word("stored");
      if (stored || r.word("virtual")) r.i++;
      generated = { expr, stored };
    } else throw new DdlError(`unexpected ${r.peek()!.v} in column ${name}`);
  }
  return { name, autoincrement, primaryKeyDesc, ...(collate === undefined ? {} : { collate }), ...(generated === undefined ? {} : { generated }) };
}

/** Table constraints; SQLite also takes several in a row without commas between them. */
function tableConstraints(r: Reader, acc: Acc): void {
  while (r.peek() !== undefined) tableConstraint(r, acc);
}

function tableConstraint(r: Reader, acc: Acc): void {
  let name: string | undefined;
  if (r.word("constraint")) {
    r.i++;
    name = r.name();
  }
  const named = name === undefined ? {} : { name };
  if (r.word("primary")) {
    r.i += 2;
    const columns = r.names();
    conflict(acc, `primary key (${columns.join(", ")})`, r.conflictClause());
  } else if (r.word("unique")) {
    r.i++;
    const columns = r.names();
    acc.uniques.push({ ...named, columns });
    conflict(acc, `unique (${columns.join(", ")})`, r.conflictClause());
  } else if (r.word("check")) {
    r.i++;
    acc.checks.push({ ...named, expr: r.parenthesized() });
  } else if (r.word("foreign")) {
    r.i += 2;
    const columns = r.names();
    acc.foreignKeys.push({ ...named, columns, ...referenceTail(r) });
  } else throw new DdlError("unexpected table constraint");
}

/** The tokens of a stored CREATE text; text that does not lex is a DdlError. */
export function lex(sql: string): Token[] {
  try {
    return tokenize(sql);
  } catch (e) {
    if (e instanceof LexError) throw new DdlError(e.message);
    throw e;
  }
}

const TABLE_CONSTRAINT = ["constraint", "primary", "unique", "check", "foreign"];

/** The parts of a stored `CREATE TABLE` statement that the pragmas do not tell. */
export function parseCreateTable(sql: string): ParsedTable {
  const tokens = lex(sql);
  const open = tokens.findIndex((t) => t.t === "punct" && t.v === "(");
  const close = open < 0 ? -1 : closing(tokens, open);
  if (close < 0) throw new DdlError("no column list");
  const acc: Acc = { checks: [], uniques: [], foreignKeys: [], conflicts: [] };
  const columns: ParsedColumn[] = [];
  for (const [a, b] of splitCommas(tokens, open + 1, close)) {
    const r = new Reader(sql, tokens, a, b);
    const first = r.peek();
    // A column may be named like a constraint keyword only when quoted.
    if (first?.t === "ident" && !first.quoted && TABLE_CONSTRAINT.includes(first.v.toLowerCase())) tableConstraints(r, acc);
    else columns.push(columnDef(r, acc));
  }
  const options = tokens.slice(close + 1).filter((t) => t.t === "ident").map((t) => t.v.toLowerCase());
  return { columns, ...acc, withoutRowid: options.includes("rowid"), strict: options.includes("strict") };
}
