/**
 * JavaScript source for values: string literals escaped (including the line separators JSON leaves
 * alone), numbers as JSON writes them, arrays and objects inline with sorted keys so the same value
 * always gives the same text.
 */
import type { Literal } from "../model/types";

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function str(s: string): string {
  return JSON.stringify(s).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

function key(k: string): string {
  // `__proto__: v` in an object literal sets the prototype; a computed key makes a real property.
  if (k === "__proto__") return `[${str(k)}]`;
  return PLAIN_KEY.test(k) ? k : str(k);
}

export function literal(v: Literal): string {
  if (v === null) return "null";
  if (typeof v === "string") return str(v);
  if (typeof v === "number") return JSON.stringify(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  if (Array.isArray(v)) return `[${(v as readonly Literal[]).map(literal).join(", ")}]`;
  const obj = v as { readonly [k: string]: Literal };
  const keys = Object.keys(obj).sort();
  if (keys.length === 0) return "{}";
  return `{ ${keys.map((k) => `${key(k)}: ${literal(obj[k] as Literal)}`).join(", ")} }`;
}

export function strList(items: readonly string[]): string {
  return `[${items.map(str).join(", ")}]`;
}
