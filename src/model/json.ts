/**
 * The one JSON writer for files alab commits (the snapshot): keys sorted, 2-space indent,
 * trailing newline, so equal data is byte-identical and diffs in review stay small.
 */
import { AlabError, EXIT } from "../errors";

function sortKeys(value: unknown, path: string): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw notJson(path, `the number ${value}`);
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((item, i) => {
      if (item === undefined) throw notJson(`${path}[${i}]`, "undefined");
      return sortKeys(item, `${path}[${i}]`);
    });
  }
  if (typeof value === "object") {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) throw notJson(path, "a non-plain object");
    // No prototype: a key named `__proto__` (a column may be named so) is then an own property, not a prototype change.
    const out = Object.create(null) as Record<string, unknown>;
    const source = value as Record<string, unknown>;
    for (const key of Object.keys(source).sort()) {
      // An absent optional property and one set to undefined mean the same thing: both are omitted.
      if (source[key] === undefined) continue;
      out[key] = sortKeys(source[key], path === "" ? key : `${path}.${key}`);
    }
    return out;
  }
  throw notJson(path, `a ${typeof value}`);
}

function notJson(path: string, what: string): AlabError {
  return new AlabError({
    code: "E_INTERNAL",
    message: `internal: cannot write ${what} as JSON at \`${path || "(root)"}\``,
    hint: "this is a bug in alab; please report it with the command you ran",
    exit: EXIT.runtime,
  });
}

export function stableStringify(value: unknown): string {
  return `${JSON.stringify(sortKeys(value, ""), null, 2)}\n`;
}

/**
 * Whether two JSON values are equal as `stableStringify` would write them (key order ignored, an
 * undefined property the same as an absent one), without building the text: the differ compares
 * every column of every table, and serializing both sides was most of its time.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || a === null) return b === undefined || b === null;
  if (typeof a !== "object" || typeof b !== "object" || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let defined = 0;
  for (const key in x) {
    if (x[key] === undefined) continue;
    defined++;
    if (!jsonEqual(x[key], y[key]) || y[key] === undefined) return false;
  }
  for (const key in y) if (y[key] !== undefined) defined--;
  return defined === 0;
}
