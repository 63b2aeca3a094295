/**
 * A live MySQL/MariaDB column type (`COLUMN_TYPE`) read back into the model: TYPE_MAP
 * (src/sql/typemap.ts) inverted for mysql, with what the servers add by themselves forgotten
 * (display widths: `int(11)`, `bigint(20)` on MariaDB and MySQL before 8.0.19). A type alab never
 * writes is Unrepresentable, with the reason. Pure.
 */
import { AUTO_KINDS, type ColumnType } from "../model/types";
import { sqlType } from "../sql/typemap";
import type { CatalogColumn } from "./catalog";
import type { Unrepresentable } from "./rules";
import { rawTypeProblem } from "../sql/raw-type";

interface Parsed {
  readonly base: string;
  readonly args: readonly number[];
  /** `unsigned`, `zerofill`, …: anything after the parentheses. */
  readonly attrs: readonly string[];
  /** The argument text when it is not numbers (`enum('a','b')`). */
  readonly rawArgs: string;
}

function parse(type: string): Parsed {
  // MariaDB may embed version comments in a type (`time /* mariadb-5.3 */`).
  const t = type.toLowerCase().replace(/\/\*.*?\*\//g, "").trim();
  const m = /^([a-z ]+?)\s*(?:\((.*)\))?((?:\s+[a-z]+)*)$/s.exec(t);
  if (m === null) return { base: t, args: [], attrs: [], rawArgs: "" };
  const rawArgs = m[2] ?? "";
  const numeric = rawArgs.split(",").map((a) => a.trim());
  const args = rawArgs !== "" && numeric.every((a) => /^\d+$/.test(a)) ? numeric.map(Number) : [];
  const attrs = (m[3] ?? "").trim().split(/\s+/).filter((a) => a !== "");
  return { base: m[1]!.trim(), args, attrs, rawArgs };
}

/** What the server prints, made comparable: no display widths, no spaces. */
export function comparableType(type: string): string {
  const p = parse(type);
  const widthless = ["int", "bigint", "smallint", "mediumint", "integer"].includes(p.base) || (p.base === "tinyint" && p.args[0] !== 1) || (p.base === "year" && p.args[0] === 4);
  // datetime(0) is how MySQL reads a plain datetime, and prints it without the zero.
  const zeroPrecision = ["datetime", "timestamp", "time"].includes(p.base) && p.rawArgs.trim() === "0";
  const args = widthless || zeroPrecision || p.rawArgs === "" ? "" : `(${p.rawArgs.replace(/\s+/g, "")})`;
  return [`${p.base}${args}`, ...p.attrs].join(" ");
}

/** The integer types `unsigned` may follow in what alab reads back. */
const WHOLE: ReadonlySet<string> = new Set(["smallint", "int", "integer", "bigint"]);

const unrep = (unrepresentable: string): Unrepresentable => ({ unrepresentable });

/** Why alab cannot hold a type it never writes. */
function reason(type: string, p: Parsed): Unrepresentable {
  const t = `type ${type}`;
  if (p.attrs.includes("zerofill")) return unrep(`${t}: alab has no zero-filled numbers`);
  if (p.attrs.includes("unsigned") && !WHOLE.has(p.base)) return unrep(`${t}: alab's unsigned numbers are smallint, int and bigint`);
  switch (p.base) {
    case "tinyint":
    case "mediumint":
      return unrep(`${t}: alab's integers are smallint, int and bigint (tinyint(1) is its boolean)`);
    case "float":
    case "real":
    case "double":
    case "double precision":
      return unrep(`${t}: alab's float is double`);
    case "decimal":
    case "numeric":
    case "fixed":
      return unrep(`${t}: alab's decimal is decimal(p, s)`);
    case "char":
      return unrep(`${t}: alab's char has a length`);
    case "varchar":
      return unrep(`${t}: alab's strings are varchar(n)`);
    case "tinytext":
    case "text":
    case "mediumtext":
      return unrep(`${t}: alab's text is longtext`);
    case "binary":
    case "varbinary":
    case "tinyblob":
    case "blob":
    case "mediumblob":
      return unrep(`${t}: alab's binary and base64 are longblob`);
    case "datetime":
    case "timestamp":
      return unrep(`${t}: alab's timestamps have a precision from 0 to 6`);
    case "time":
      return unrep(`${t}: alab's time is time(6)`);
    case "enum":
      return unrep(`${t}: a native enum; alab writes enums as varchar(255) with a CHECK`);
    case "set":
      return unrep(`${t}: a set type, which alab does not write`);
    default:
      return unrep(`${t}: not in alab's type map`);
  }
}

/** The model type of a live type with no hint: the plainest one alab would write it for. */
function plain(col: CatalogColumn, p: Parsed): ColumnType | Unrepresentable {
  const unsigned = p.attrs.length === 1 && p.attrs[0] === "unsigned";
  if (p.attrs.length > 0 && !(unsigned && WHOLE.has(p.base))) return reason(col.type, p);
  const sign = unsigned ? { unsigned: true as const } : {};
  const [a, b] = p.args;
  const auto = col.identity === "auto-increment";
  switch (p.base) {
    case "smallint":
      return auto ? unrep(`type ${col.type} auto_increment: alab's serials are int and bigint`) : p.args.length <= 1 ? { kind: "smallint", ...sign } : reason(col.type, p);
    case "int":
    case "integer":
      return p.args.length > 1 ? reason(col.type, p) : { kind: auto ? "serial" : "integer", ...sign };
    case "bigint":
      return p.args.length > 1 ? reason(col.type, p) : { kind: auto ? "bigserial" : "bigint", ...sign };
    case "tinyint":
      return a === 1 && p.args.length === 1 && !auto ? { kind: "boolean" } : reason(col.type, p);
    case "double":
      return p.args.length === 0 ? { kind: "float" } : reason(col.type, p);
    case "decimal":
      if (a === undefined || b === undefined) return reason(col.type, p);
      return a === 65 && b === 30 ? { kind: "decimal" } : { kind: "decimal", precision: a, scale: b };
    case "varchar":
      return a !== undefined ? { kind: "string", length: a } : reason(col.type, p);
    case "char":
      return a === undefined ? reason(col.type, p) : a === 36 ? { kind: "uuid" } : { kind: "char", length: a };
    case "longtext":
      return { kind: "text" };
    case "datetime":
      if (p.args.length > 1) return reason(col.type, p);
      return a === 6 ? { kind: "datetime" } : { kind: "timestamp", timezone: false, ...(a === undefined || a === 0 ? {} : { precision: a }) };
    case "timestamp":
      return p.args.length > 1 ? reason(col.type, p) : { kind: "timestamp", timezone: true, ...(a === undefined || a === 0 ? {} : { precision: a }) };
    case "time":
      return a === 6 ? { kind: "time" } : reason(col.type, p);
    case "date":
      return { kind: "date" };
    case "json":
      return { kind: "json" };
    case "longblob":
      return { kind: "base64" };
    default:
      return reason(col.type, p);
  }
}

/**
 * A plain type the map does not hold (`text`, `enum('a','b')`, `float`) is kept as the server
 * prints it, without display widths; alab sends it back verbatim. An auto-increment column stays
 * unrepresentable: only serial and bigserial carry one.
 */
function keptAsWritten(col: CatalogColumn, live: ColumnType | Unrepresentable): ColumnType | Unrepresentable {
  if (!("unrepresentable" in live) || col.identity === "auto-increment") return live;
  const sql = comparableType(col.type);
  return rawTypeProblem(sql) === undefined ? { kind: "sql_type", sql } : live;
}

/** What alab writes for `type` on MySQL, comparable; undefined when it cannot write it. */
function written(type: ColumnType): string | undefined {
  try {
    return comparableType(sqlType(type, "mysql"));
  } catch {
    return undefined;
  }
}

export function mysqlColumnType(col: CatalogColumn, hint?: ColumnType): ColumnType | Unrepresentable {
  if (col.generated !== undefined) {
    return unrep(`a generated column (${col.generated.stored ? "stored" : "virtual"}: ${col.generated.expr})`);
  }
  const p = parse(col.type);
  const live = keptAsWritten(col, plain(col, p));
  if (hint === undefined || "unrepresentable" in live) return live;
  // serial and integer are both `int`: auto_increment decides, not the hint.
  if (AUTO_KINDS.has(hint.kind) !== AUTO_KINDS.has(live.kind)) return live;
  return written(hint) === comparableType(col.type) ? hint : live;
}
