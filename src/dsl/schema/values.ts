/**
 * Whether a literal (a default or backfill value) fits a column: its type, size, enum values and
 * `.min/.max/.pattern` bounds. Returns what is wrong in words, or undefined when it fits; the
 * caller decides the error code and location.
 */
import { unreachable } from "../../errors";
import type { ColumnType, Literal } from "../../model/types";

/** [signed, unsigned] ranges. */
const INT_RANGE = {
  smallint: [[-32768, 32767], [0, 65535]],
  integer: [[-2147483648, 2147483647], [0, 4294967295]],
} as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?$/;
const DATETIME = /^(\d{4}-\d{2}-\d{2})[T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const DECIMAL = /^-?(\d+)(?:\.(\d+))?$/;
const INTEGER_TEXT = /^-?\d+$/;

function show(value: Literal): string {
  return JSON.stringify(value);
}

function validDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= (days[mo - 1] ?? 0);
}

/** Characters as the database counts them (code points, not UTF-16 units). */
export function charLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

function decimalProblem(value: Literal, precision: number | undefined, scale: number | undefined): string | undefined {
  let text: string;
  if (typeof value === "number" && Number.isFinite(value)) text = String(value);
  else if (typeof value === "string") text = value;
  else return `${show(value)} is not a number`;
  const m = DECIMAL.exec(text);
  if (!m) {
    return typeof value === "number"
      ? `${text} cannot be written exactly as a decimal; pass it as a string such as "0.000001"`
      : `${show(value)} is not a decimal number`;
  }
  if (precision === undefined) return undefined;
  const s = scale ?? 0;
  const intDigits = (m[1] ?? "").replace(/^0+(?=\d)/, "").length;
  const fracDigits = (m[2] ?? "").length;
  if (fracDigits > s) return `${text} has ${fracDigits} decimal places; the column keeps ${s}`;
  if (intDigits > precision - s && !(intDigits === 1 && m[1] === "0")) {
    return `${text} has ${intDigits} digits before the point; decimal(${precision},${s}) allows ${precision - s}`;
  }
  return undefined;
}

/** What is wrong with `value` for a column of `type`, ignoring nullability. */
export function typeProblem(type: ColumnType, value: Literal): string | undefined {
  switch (type.kind) {
    case "string":
      if (typeof value !== "string") return `${show(value)} is not a string`;
      if (charLength(value) > type.length) return `${show(value)} is longer than ${type.length} characters`;
      return undefined;
    case "char":
      if (typeof value !== "string") return `${show(value)} is not a string`;
      if (charLength(value) > type.length) return `${show(value)} is longer than ${type.length} characters`;
      return undefined;
    case "text":
      return typeof value === "string" ? undefined : `${show(value)} is not a string`;
    case "enum":
    case "native_enum":
      if (typeof value !== "string") return `${show(value)} is not a string`;
      return type.values.includes(value) ? undefined : `${show(value)} is not one of ${type.values.map(show).join(", ")}`;
    case "smallint":
    case "integer": {
      if (typeof value !== "number" || !Number.isInteger(value)) return `${show(value)} is not an integer`;
      const [lo, hi] = INT_RANGE[type.kind][type.unsigned === true ? 1 : 0];
      return value < lo || value > hi ? `${value} does not fit ${type.unsigned === true ? "an unsigned" : "a"} ${type.kind === "smallint" ? 16 : 32}-bit integer` : undefined;
    }
    case "bigint": {
      const whole = (typeof value === "number" && Number.isSafeInteger(value)) || (typeof value === "string" && INTEGER_TEXT.test(value));
      if (!whole) return `${show(value)} is not an integer`;
      return type.unsigned === true && String(value).startsWith("-") ? `${value} is negative; the column is unsigned` : undefined;
    }
    case "serial":
    case "bigserial":
      return "an auto-incrementing column takes no value";
    case "float":
      return typeof value === "number" && Number.isFinite(value) ? undefined : `${show(value)} is not a number`;
    case "decimal":
      return decimalProblem(value, type.precision, type.scale);
    case "boolean":
      return typeof value === "boolean" ? undefined : `${show(value)} is not \`true\` or \`false\``;
    case "date":
      return typeof value === "string" && validDate(value) ? undefined : `${show(value)} is not a date (YYYY-MM-DD)`;
    case "time":
      return typeof value === "string" && TIME.test(value) ? undefined : `${show(value)} is not a time (HH:MM[:SS])`;
    case "timestamp":
    case "datetime": {
      const m = typeof value === "string" ? DATETIME.exec(value) : null;
      return m && validDate(m[1] ?? "") ? undefined : `${show(value)} is not an ISO-8601 date-time (YYYY-MM-DDTHH:MM:SSZ)`;
    }
    case "uuid":
      return typeof value === "string" && UUID.test(value) ? undefined : `${show(value)} is not a UUID`;
    case "json":
      return undefined;
    case "sql_type":
      // The database judges a value of a type alab does not model; a plain value is all alab can check.
      return value === null || typeof value !== "object" ? undefined : `${show(value)} is not a plain value (a string, number or boolean)`;
    case "base64":
    case "binary":
      return typeof value === "string" && BASE64.test(value) ? undefined : `${show(value)} is not base64 text`;
    default:
      return unreachable(type, "column type");
  }
}

/** Bounds from `.min/.max/.pattern`, checked against a value that already fits the type. */
export interface Bounds {
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
}

export function boundsProblem(type: ColumnType, bounds: Bounds, value: Literal): string | undefined {
  const byLength = type.kind === "string" || type.kind === "char" || type.kind === "text";
  let measured: number | undefined;
  if (byLength && typeof value === "string") measured = charLength(value);
  else if (!byLength && typeof value === "number") measured = value;
  else if (!byLength && typeof value === "string" && DECIMAL.test(value)) measured = Number(value);
  const unit = byLength ? " characters" : "";
  if (measured !== undefined && bounds.min !== undefined && measured < bounds.min) {
    return `${show(value)} is below the minimum of ${bounds.min}${unit}`;
  }
  if (measured !== undefined && bounds.max !== undefined && measured > bounds.max) {
    return `${show(value)} is above the maximum of ${bounds.max}${unit}`;
  }
  if (bounds.pattern !== undefined && typeof value === "string" && !new RegExp(bounds.pattern).test(value)) {
    return `${show(value)} does not match the pattern ${bounds.pattern}`;
  }
  return undefined;
}
