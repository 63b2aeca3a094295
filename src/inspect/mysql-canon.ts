/**
 * One canonical form for MySQL/MariaDB expressions, so that what alab or the user wrote and what
 * the server re-prints compare equal exactly when they mean the same. Every rewrite here keeps the
 * meaning (three-valued logic included); each mirrors something a server does when it stores an
 * expression:
 *
 *   - spelling: `!=` → `<>`, `&&`/`||`/`!` → and/or/not, `rlike` and MySQL 8's `regexp_like(a, b)`
 *     → `regexp`, `mod` → `%`, `true`/`false` → 1/0, `is unknown` → `is null`, MariaDB's function
 *     aliases (`lcase`, `ucase`, `substr`, `nvl`, `octet_length`…) → one name, `-5` → a number;
 *   - structure: nested and/or flattened, `x in (v)` → `x = v` (MariaDB), NOT pushed down through
 *     and/or and into comparisons (`not (a > 0)` → `a <= 0`, MariaDB), an operand of and/or/not
 *     that is not a condition compared with 0 (`a and b` → `a <> 0 and b <> 0`, MariaDB);
 *   - printing: parentheses only where precedence needs them, names lower-cased in backticks,
 *     strings as '…' without charset introducers.
 *
 * What cannot be parsed is compared token by token instead (never equal by accident). Pure.
 */
import { LEVEL, type Node } from "./mysql-ast";
import { parseExpression } from "./mysql-expr";
import { LexError, type Token, tokenize } from "./mysql-lex";

const ALIASES: Readonly<Record<string, string>> = {
  lcase: "lower",
  ucase: "upper",
  substring: "substr",
  mid: "substr",
  character_length: "char_length",
  length: "octet_length",
  nvl: "ifnull",
  now: "current_timestamp",
  localtime: "current_timestamp",
  localtimestamp: "current_timestamp",
  current_date: "curdate",
  current_time: "curtime",
  ceiling: "ceil",
  pow: "power",
};

const NEGATED_CMP: Readonly<Record<string, string>> = { "=": "<>", "<>": "=", "<": ">=", ">=": "<", ">": "<=", "<=": ">" };

/** Nodes whose value is a truth value (0, 1 or NULL) by construction. */
function isCondition(n: Node): boolean {
  switch (n.t) {
    case "logic":
    case "not":
    case "in":
    case "between":
    case "like":
    case "is":
      return true;
    case "bin":
      return n.op in NEGATED_CMP || n.op === "<=>" || n.op === "regexp" || n.op === "xor";
    default:
      return false;
  }
}

/** `x` as a condition: `x <> 0` unless it already is one. */
function truth(n: Node): Node {
  return isCondition(n) ? n : { t: "bin", op: "<>", left: n, right: { t: "num", text: "0" } };
}

function logic(op: "and" | "or", args: readonly Node[]): Node {
  const flat: Node[] = [];
  for (const a of args) {
    const c = truth(a);
    if (c.t === "logic" && c.op === op) flat.push(...c.args);
    else flat.push(c);
  }
  return { t: "logic", op, args: flat };
}

/** NOT of a canonical node, pushed down as far as the meaning allows. */
function negate(n: Node): Node {
  switch (n.t) {
    case "logic":
      return logic(n.op === "and" ? "or" : "and", n.args.map(negate));
    case "not":
      return n.arg;
    case "in":
    case "between":
    case "like":
    case "is":
      return { ...n, not: !n.not };
    case "bin": {
      const op = NEGATED_CMP[n.op];
      if (op !== undefined) return { ...n, op };
      return isCondition(n) ? { t: "not", arg: n } : { t: "bin", op: "=", left: n, right: { t: "num", text: "0" } };
    }
    default:
      return { t: "bin", op: "=", left: n, right: { t: "num", text: "0" } };
  }
}

/** The canonical tree (bottom-up). */
export function canon(n: Node): Node {
  switch (n.t) {
    case "num":
    case "str":
    case "bits":
    case "null":
    case "col":
      return n;
    case "call": {
      const args = n.args.map(canon);
      const name = ALIASES[n.name] ?? n.name;
      if (name === "regexp_like" && args.length === 2) return { t: "bin", op: "regexp", left: args[0]!, right: args[1]! };
      return { t: "call", name, args };
    }
    case "cast":
      return { ...n, arg: canon(n.arg) };
    case "interval":
      return { ...n, arg: canon(n.arg) };
    case "unary": {
      const arg = canon(n.arg);
      if (n.op === "-" && arg.t === "num") return { t: "num", text: arg.text.startsWith("-") ? arg.text.slice(1) : `-${arg.text}` };
      return { ...n, arg };
    }
    case "not":
      return negate(truth(canon(n.arg)));
    case "bin":
      return { ...n, left: canon(n.left), right: canon(n.right) };
    case "logic":
      return logic(n.op, n.args.map(canon));
    case "in": {
      const arg = canon(n.arg);
      const list = n.list.map(canon);
      if (list.length === 1) return { t: "bin", op: n.not ? "<>" : "=", left: arg, right: list[0]! };
      return { ...n, arg, list };
    }
    case "between":
      return { ...n, arg: canon(n.arg), lo: canon(n.lo), hi: canon(n.hi) };
    case "like":
      return { ...n, arg: canon(n.arg), pattern: canon(n.pattern), ...(n.escape === undefined ? {} : { escape: canon(n.escape) }) };
    case "is":
      return { ...n, arg: canon(n.arg) };
    case "case":
      return {
        t: "case",
        ...(n.arg === undefined ? {} : { arg: canon(n.arg) }),
        whens: n.whens.map(([w, th]) => [canon(w), canon(th)] as const),
        ...(n.else === undefined ? {} : { else: canon(n.else) }),
      };
    case "collate":
      return { ...n, arg: canon(n.arg) };
    case "row":
      return { ...n, items: n.items.map(canon) };
  }
}

// ── printing ──────────────────────────────────────────────────────────────────

const BIN_LEVEL: Readonly<Record<string, number>> = {
  "|": LEVEL.bitor,
  "&": LEVEL.bitand,
  "<<": LEVEL.shift,
  ">>": LEVEL.shift,
  "+": LEVEL.add,
  "-": LEVEL.add,
  "*": LEVEL.mul,
  "/": LEVEL.mul,
  "%": LEVEL.mul,
  div: LEVEL.mul,
  "^": LEVEL.bitxor,
  xor: LEVEL.xor,
};

function levelOf(n: Node): number {
  switch (n.t) {
    case "logic":
      return n.op === "or" ? LEVEL.or : LEVEL.and;
    case "not":
      return LEVEL.not;
    case "bin":
      return BIN_LEVEL[n.op] ?? LEVEL.cmp;
    case "in":
    case "like":
    case "is":
      return LEVEL.cmp;
    case "between":
      return LEVEL.between;
    case "unary":
      return n.op === "binary" ? LEVEL.collate : LEVEL.unary;
    case "collate":
      return LEVEL.collate;
    case "num":
      return n.text.startsWith("-") ? LEVEL.unary : LEVEL.primary;
    default:
      return LEVEL.primary;
  }
}

/** Names always in backticks: what is printed stays valid SQL whatever word a column is named. */
function name(n: string): string {
  return n
    .split(".")
    .map((part) => `\`${part.replaceAll("`", "``")}\``)
    .join(".");
}

const STRING_ESCAPES: Readonly<Record<string, string>> = { "\\": "\\\\", "'": "''", "\u0000": "\\0", "\n": "\\n", "\r": "\\r", "\u001a": "\\Z" };

/** A string as MySQL reads it back to the same value (sessions without NO_BACKSLASH_ESCAPES). */
export function stringLiteral(value: string): string {
  return `'${value.replace(/[\\'\u0000\n\r\u001a]/g, (c) => STRING_ESCAPES[c]!)}'`;
}

function wrap(n: Node, min: number): string {
  const s = print(n);
  return levelOf(n) < min ? `(${s})` : s;
}

/** Canonical text of a (canonical) tree: parentheses only where precedence needs them. */
export function print(n: Node): string {
  switch (n.t) {
    case "num":
    case "bits":
      return n.text;
    case "str":
      return stringLiteral(n.value);
    case "null":
      return "null";
    case "col":
      return name(n.name);
    case "call":
      return `${n.name}(${n.args.map(print).join(", ")})`;
    case "cast":
      return `cast(${print(n.arg)} as ${n.type})`;
    case "interval":
      return `interval ${wrap(n.arg, LEVEL.add + 1)} ${n.unit}`;
    case "unary": {
      if (n.op === "binary") return `binary ${wrap(n.arg, LEVEL.collate)}`;
      const arg = wrap(n.arg, LEVEL.unary);
      return arg.startsWith("-") ? `${n.op}(${arg})` : `${n.op}${arg}`;
    }
    case "not":
      return `not ${wrap(n.arg, LEVEL.not + 1)}`;
    case "bin": {
      const level = levelOf(n);
      return `${wrap(n.left, level)} ${n.op} ${wrap(n.right, level + 1)}`;
    }
    case "logic": {
      const level = levelOf(n);
      return n.args.map((a) => wrap(a, level + 1)).join(` ${n.op} `);
    }
    case "in":
      return `${wrap(n.arg, LEVEL.cmp + 1)} ${n.not ? "not in" : "in"} (${n.list.map(print).join(", ")})`;
    case "between":
      return `${wrap(n.arg, LEVEL.cmp + 1)} ${n.not ? "not between" : "between"} ${wrap(n.lo, LEVEL.cmp + 1)} and ${wrap(n.hi, LEVEL.cmp + 1)}`;
    case "like": {
      const esc = n.escape === undefined ? "" : ` escape ${wrap(n.escape, LEVEL.cmp + 1)}`;
      return `${wrap(n.arg, LEVEL.cmp + 1)} ${n.not ? "not like" : "like"} ${wrap(n.pattern, LEVEL.cmp + 1)}${esc}`;
    }
    case "is":
      return `${wrap(n.arg, LEVEL.cmp + 1)} is ${n.not ? "not " : ""}${n.what}`;
    case "case": {
      const head = n.arg === undefined ? "case" : `case ${print(n.arg)}`;
      const whens = n.whens.map(([w, th]) => ` when ${print(w)} then ${print(th)}`).join("");
      return `${head}${whens}${n.else === undefined ? "" : ` else ${print(n.else)}`} end`;
    }
    case "collate":
      return `${wrap(n.arg, LEVEL.collate)} collate ${n.collation}`;
    case "row":
      return `(${n.items.map(print).join(", ")})`;
  }
}

const TOKEN_SPELLING: Readonly<Record<string, string>> = { "!=": "<>", "&&": "and", "||": "or", "!": "not", rlike: "regexp", mod: "%", true: "1", false: "0" };

/** Fallback for what does not parse: the tokens, with spelling (not structure) made canonical. */
function tokenText(t: Token): string {
  switch (t.k) {
    case "word":
      return TOKEN_SPELLING[t.lower] ?? ALIASES[t.lower] ?? t.lower;
    case "name":
      return name(t.text.toLowerCase());
    case "str":
      return stringLiteral(t.value);
    case "num":
    case "bits":
      return t.text;
    case "op":
      return TOKEN_SPELLING[t.text] ?? t.text;
  }
}

/** The canonical text of an expression (see the header); undefined for text that does not even tokenize. */
export function canonicalText(text: string): string | undefined {
  const node = parseExpression(text);
  if (node !== undefined) return print(canon(node));
  try {
    return `~${tokenize(text).map(tokenText).join(" ")}`;
  } catch (e) {
    if (e instanceof LexError) return undefined;
    throw e;
  }
}
