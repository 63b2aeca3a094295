/**
 * A live column default, as PostgreSQL prints it, read back into the model's default: a literal
 * (`'x'::character varying`, `'-1'::integer`, `'{"a": 1}'::jsonb`, `true`) or one of the portable
 * expressions (`now()` / CURRENT_TIMESTAMP / transaction_timestamp(), CURRENT_DATE, LOCALTIME;
 * gen_random_uuid(), also as text). A serial's nextval is how it gets its values, not a default.
 * Anything else is Unrepresentable, with the text.
 */
import { type Column, type ColumnDefault, type ColumnType, INTEGER_KINDS, type Literal } from "../model/types";
import { defaultSql } from "../sql/typemap";
import type { CatalogColumn } from "./catalog";
import { canon, numberText, parseNumber } from "./postgres-canon";
import { print } from "./postgres-print";
import { type Expr, ParseError } from "./postgres-expr";
import { parseExpression } from "./postgres-parse";
import type { Unrepresentable } from "./rules";

const NUMERIC_KINDS: ReadonlySet<string> = new Set([...INTEGER_KINDS, "float", "decimal"]);
const BINARY_KINDS = new Set(["base64", "binary"]);
const NOW: Readonly<Record<string, readonly string[]>> = {
  datetime: ["now", "current_timestamp", "transaction_timestamp"],
  timestamp: ["now", "current_timestamp", "transaction_timestamp", "localtimestamp"],
  date: ["current_date"],
  time: ["localtime", "current_time"],
};

function isCall(e: Expr, names: readonly string[]): boolean {
  return e.k === "fn" && e.args.length === 0 && names.includes(e.name);
}

function literalOf(e: Expr, type: ColumnType): Literal | undefined {
  if (e.k === "null") return null;
  if (e.k === "bool") return type.kind === "boolean" ? e.v : undefined;
  if (e.k === "num") {
    const n = parseNumber(e.v.replace(/:n$/, ""));
    const value = n === undefined ? Number.NaN : Number(numberText(n));
    return NUMERIC_KINDS.has(type.kind) && Number.isFinite(value) ? value : undefined;
  }
  if (e.k !== "str") return undefined;
  if (type.kind === "json") {
    try {
      return JSON.parse(e.v) as Literal;
    } catch {
      return undefined;
    }
  }
  if (BINARY_KINDS.has(type.kind)) return binaryText(e.v);
  return NUMERIC_KINDS.has(type.kind) || type.kind === "boolean" ? undefined : e.v;
}

/**
 * The bytes a bytea takes from text, as PostgreSQL reads it: `\x` and hex digits, or the escape
 * format (`\\` a backslash, `\ooo` an octal byte, anything else its UTF-8); undefined when
 * PostgreSQL would refuse the text.
 */
export function byteaBytes(text: string): number[] | undefined {
  if (text.startsWith("\\x")) {
    const hex = text.slice(2).replace(/\s+/g, "");
    return /^([0-9a-fA-F]{2})*$/.test(hex) ? (hex.match(/../g) ?? []).map((h) => Number.parseInt(h, 16)) : undefined;
  }
  const out: number[] = [];
  for (let i = 0; i < text.length; ) {
    if (text[i] !== "\\") {
      const cp = text.codePointAt(i) as number;
      out.push(...new TextEncoder().encode(String.fromCodePoint(cp)));
      i += cp > 0xffff ? 2 : 1;
    } else if (text[i + 1] === "\\") {
      out.push(0x5c);
      i += 2;
    } else if (/^[0-3][0-7]{2}$/.test(text.slice(i + 1, i + 4))) {
      out.push(Number.parseInt(text.slice(i + 1, i + 4), 8));
      i += 4;
    } else return undefined;
  }
  return out;
}

/**
 * A bytea default as the text alab would write for the same bytes: the UTF-8 text itself when it
 * is that and holds no backslash (what a string default writes), else PostgreSQL's hex form.
 */
function binaryText(printed: string): string {
  const bytes = byteaBytes(printed);
  if (bytes === undefined) return printed;
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array(bytes));
    if (!text.includes("\\") && !text.includes("\u0000")) return text;
  } catch {
    // not UTF-8: the hex form below
  }
  return `\\x${bytes.map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** Defaults repeat (`now()` on every table): each text is read once per column kind. */
const MEANINGS = new Map<string, ColumnDefault | undefined>();
const MEMO_LIMIT = 10_000;

/** The default a live expression means for a column of this type; undefined when it is no model default. */
function meaning(text: string, type: ColumnType): ColumnDefault | undefined {
  const key = `${type.kind}\u0000${text}`;
  if (MEANINGS.has(key)) return MEANINGS.get(key);
  const m = readMeaning(text, type);
  if (MEANINGS.size >= MEMO_LIMIT) MEANINGS.clear();
  MEANINGS.set(key, m);
  return m;
}

function readMeaning(text: string, type: ColumnType): ColumnDefault | undefined {
  let e: Expr;
  try {
    e = canon(parseExpression(text));
  } catch (err) {
    if (err instanceof ParseError) return undefined;
    throw err;
  }
  if (isCall(e, NOW[type.kind] ?? [])) return { kind: "expr", expr: "now" };
  const uuid = e.k === "cast" && (e.type === "text" || e.type === "character varying") ? e.e : e;
  const textual = type.kind === "string" || type.kind === "char" || type.kind === "text";
  if (isCall(uuid, ["gen_random_uuid"]) && (uuid === e ? type.kind === "uuid" : textual)) return { kind: "expr", expr: "uuid" };
  const value = literalOf(e, type);
  return value === undefined ? undefined : { kind: "literal", value };
}

/** JSON values equal whatever the order of object keys (jsonb keeps its own order). */
function sameValue(a: Literal, b: Literal): boolean {
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i] as Literal));
  }
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  const ra = a as Record<string, Literal>;
  const rb = b as Record<string, Literal>;
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && sameValue(ra[k] as Literal, rb[k] as Literal));
}

/** Epoch milliseconds of a timestamp with an explicit offset (ISO or as PostgreSQL prints it). */
function instant(text: string): number | undefined {
  const m = /^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d(?::\d\d(?:\.\d+)?)?)\s*(Z|[+-]\d\d(?::?\d\d)?)$/i.exec(text.trim());
  if (m === null) return undefined;
  const zone = m[3] === "Z" || m[3] === "z" ? "Z" : (m[3] as string).length === 3 ? `${m[3]}:00` : (m[3] as string).replace(/^([+-]\d\d)(\d\d)$/, "$1:$2");
  const ms = Date.parse(`${m[1]}T${m[2]}${zone}`);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Seconds of a time of day (`10:00` and `10:00:00` are the same time). */
function timeOfDay(text: string): number | undefined {
  const m = /^(\d\d):(\d\d)(?::(\d\d(?:\.\d+)?))?$/.exec(text.trim());
  return m === null ? undefined : Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0);
}

/** A literal as a column of this type stores it: PostgreSQL reads '5' into an integer column as 5. */
function stored(value: Literal, type: ColumnType): Literal {
  if (typeof value !== "string") return value;
  if (NUMERIC_KINDS.has(type.kind)) {
    const n = parseNumber(value);
    return n === undefined ? value : Number(numberText(n));
  }
  if (type.kind === "boolean") {
    const v = value.trim().toLowerCase();
    if (["t", "true", "y", "yes", "on", "1"].includes(v)) return true;
    if (["f", "false", "n", "no", "off", "0"].includes(v)) return false;
  }
  return value;
}

function sameDefault(live: ColumnDefault | undefined, expected: ColumnDefault | undefined, type: ColumnType): boolean {
  const isNull = (d: ColumnDefault | undefined): boolean => d === undefined || (d.kind === "literal" && d.value === null);
  if (isNull(live) || isNull(expected)) return isNull(live) && isNull(expected); // a NULL default is no default
  if (live === undefined || expected === undefined) return false;
  if (live.kind === "expr" || expected.kind === "expr") return live.kind === "expr" && expected.kind === "expr" && live.expr === expected.expr;
  if (live.kind !== "literal" || expected.kind !== "literal") return false; // sql({...}): compared as written (writtenAs)
  if (sameValue(live.value, stored(expected.value, type))) return true;
  if (typeof live.value !== "string" || typeof expected.value !== "string") return false;
  if (BINARY_KINDS.has(type.kind)) {
    const [a, b] = [byteaBytes(live.value), byteaBytes(expected.value)];
    return a !== undefined && b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
  }
  const [a, b] = type.kind === "datetime" || (type.kind === "timestamp" && type.timezone) ? [instant(live.value), instant(expected.value)] : type.kind === "time" ? [timeOfDay(live.value), timeOfDay(expected.value)] : [undefined, undefined];
  return a !== undefined && a === b;
}

/** Whether the live default prints, once canonical, as what alab writes for the expected one. */
function writtenAs(liveText: string, hint: Column): boolean {
  try {
    const sql = defaultSql("", hint, "postgres");
    return sql !== undefined && print(canon(parseExpression(liveText))) === print(canon(parseExpression(sql)));
  } catch {
    return false; // the hint's default does not fit its column, or a text cannot be read
  }
}

export function columnDefault(col: CatalogColumn, type: ColumnType, hint?: Column): ColumnDefault | undefined | Unrepresentable {
  if (col.identity !== undefined) return undefined; // a serial's nextval, an identity: how the key gets values
  const text = col.default;
  const live = text === undefined ? undefined : meaning(text, type);
  if (hint !== undefined && hint.type.kind === type.kind) {
    if (sameDefault(live, hint.default, type) || (text !== undefined && writtenAs(text, hint))) return hint.default;
  }
  if (text !== undefined && live === undefined) return { unrepresentable: `default ${text} is not a default alab writes for a ${type.kind} column` };
  return live;
}
